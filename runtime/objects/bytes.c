/* bytes.c — immutable byte strings: construction, the bytes() constructor,
 * repr, hash, comparisons, the sequence protocol and the bytes iterator.
 * Methods shared with bytearray are in bytes_methods.c.
 *
 * Invariants: ob_sval holds ob_size bytes plus a NUL; a bytes object is
 * never mutated after it is handed out (ob_shash is computed lazily with
 * relaxed atomics: racing writers store the same value). b'' and the 256
 * one-byte strings are immortal and shared.
 */
#include <string.h>

#include "runtime/objects/str_impl.h"
#include "threads/critical_section.h"

static WfObject *bytes_empty;
static WfObject *bytes_single[256];

/* ======================================================================
 * Construction
 * ====================================================================== */

static WfBytesObject *bytes_alloc(WfTypeObject *type, wf_ssize_t len) {
    WfBytesObject *b = (WfBytesObject *)wf_object_alloc_var(type, len);
    if (b == NULL)
        return NULL;
    b->ob_shash = -1;
    b->ob_sval[len] = '\0';
    return b;
}

WfObject *wf_bytes_from_data(const char *data, wf_ssize_t len) {
    if (len == 0 && bytes_empty)
        return bytes_empty;
    if (len == 1 && data && bytes_single[(unsigned char)data[0]])
        return bytes_single[(unsigned char)data[0]];
    if (len < 0) {
        wf_err_set_string(wf_exc_SystemError, "Negative size passed to bytes");
        return NULL;
    }
    WfBytesObject *b = bytes_alloc(&wf_bytes_type, len);
    if (b == NULL)
        return NULL;
    if (data)
        memcpy(b->ob_sval, data, (size_t)len);
    return (WfObject *)b;
}

WfObject *wf_bytes_from_cstr(const char *s) {
    return wf_bytes_from_data(s, (wf_ssize_t)strlen(s));
}

int wf_bytes_init(void) {
    if (bytes_empty != NULL)
        return 0;
    WfObject *e = wf_bytes_from_data("", 0);
    if (e == NULL)
        return -1;
    wf_set_immortal(e);
    for (int c = 0; c < 256; c++) {
        char ch = (char)c;
        WfObject *o = wf_bytes_from_data(&ch, 1);
        if (o == NULL)
            return -1;
        wf_set_immortal(o);
        bytes_single[c] = o;
    }
    bytes_empty = e;
    return 0;
}

int wf_bytes_like_data(WfObject *o, const char **data, wf_ssize_t *len) {
    if (wf_bytes_check(o)) {
        *data = WF_BYTES_AS_STRING(o);
        *len = WF_BYTES_SIZE(o);
        return 0;
    }
    return wf_bytearray_as_data(o, data, len);
}

int wf_bytes_collect_iterable(WfObject *iterable, char **out, wf_ssize_t *len) {
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL)
        return -1;
    wf_ssize_t n = 0, cap = 16;
    char *buf = wf_mem_malloc((size_t)cap);
    if (buf == NULL) {
        wf_decref(it);
        wf_err_no_memory();
        return -1;
    }
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        if (!wf_index_check(item)) {
            wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          wf_type_name(WF_TYPE(item)));
            wf_decref(item);
            goto fail;
        }
        wf_ssize_t v = wf_number_as_ssize(item, NULL);
        wf_decref(item);
        if (v == -1 && wf_err_occurred())
            goto fail;
        if (v < 0 || v > 255) {
            wf_err_set_string(wf_exc_ValueError, "bytes must be in range(0, 256)");
            goto fail;
        }
        if (n == cap) {
            cap *= 2;
            char *nb = wf_mem_realloc(buf, (size_t)cap);
            if (nb == NULL) {
                wf_err_no_memory();
                goto fail;
            }
            buf = nb;
        }
        buf[n++] = (char)v;
    }
    if (wf_err_occurred())
        goto fail;
    wf_decref(it);
    *out = buf;
    *len = n;
    return 0;
fail:
    wf_decref(it);
    wf_mem_free(buf);
    return -1;
}

/* bytes(o) for buffers and iterables of ints (PyBytes_FromObject). */
WfObject *wf_bytes_from_object(WfObject *o) {
    if (wf_bytes_check_exact(o))
        return wf_newref(o);
    const char *d;
    wf_ssize_t n;
    WfObject *keep;
    if (wf_bytes_like_data_stable(o, &d, &n, &keep) == 0) {
        if (keep != NULL)
            return keep;   /* already the copy */
        return wf_bytes_from_data(d, n);
    }
    if (wf_str_check(o)) {
        wf_err_format(wf_exc_TypeError, "cannot convert '%s' object to bytes",
                      wf_type_name(WF_TYPE(o)));
        return NULL;
    }
    WfObject *it = wf_object_get_iter(o);
    if (it == NULL) {
        if (wf_err_exception_matches(wf_exc_TypeError)) {
            wf_err_clear();
            wf_err_format(wf_exc_TypeError, "cannot convert '%s' object to bytes",
                          wf_type_name(WF_TYPE(o)));
        }
        return NULL;
    }
    wf_decref(it);
    char *buf;
    if (wf_bytes_collect_iterable(o, &buf, &n) < 0)
        return NULL;
    WfObject *r = wf_bytes_from_data(buf, n);
    wf_mem_free(buf);
    return r;
}

/* The source rules shared by bytes() and bytearray(). */
WfObject *wf_bytes_from_source(WfObject *source, WfObject *encoding, WfObject *errors,
                               const char *type_name) {
    if (source == NULL) {
        if (encoding != NULL || errors != NULL) {
            wf_err_set_string(wf_exc_TypeError, encoding ? "encoding without a string argument"
                                                         : "errors without a string argument");
            return NULL;
        }
        return wf_bytes_from_data("", 0);
    }
    if (encoding != NULL) {
        if (!wf_str_check(encoding))
            return wf_err_format(wf_exc_TypeError, "%s() argument 'encoding' must be str, not %s",
                                 type_name, wf_type_name(WF_TYPE(encoding)));
        if (errors != NULL && !wf_str_check(errors))
            return wf_err_format(wf_exc_TypeError, "%s() argument 'errors' must be str, not %s",
                                 type_name, wf_type_name(WF_TYPE(errors)));
        if (!wf_str_check(source)) {
            wf_err_set_string(wf_exc_TypeError, "encoding without a string argument");
            return NULL;
        }
        return wf_str_encode(source, WF_STR_DATA(encoding),
                             errors ? WF_STR_DATA(errors) : "strict");
    }
    if (wf_str_check(source)) {
        wf_err_set_string(wf_exc_TypeError, "string argument without an encoding");
        return NULL;
    }
    if (errors != NULL) {
        wf_err_set_string(wf_exc_TypeError, "errors without a string argument");
        return NULL;
    }
    if (wf_index_check(source)) {
        wf_ssize_t n = wf_number_as_ssize(source, wf_exc_OverflowError);
        if (n == -1 && wf_err_occurred()) {
            if (wf_err_exception_matches(wf_exc_OverflowError)) {
                wf_err_clear();
                wf_err_set_string(wf_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
            }
            return NULL;
        }
        if (n < 0) {
            wf_err_set_string(wf_exc_ValueError, "negative count");
            return NULL;
        }
        WfBytesObject *b = bytes_alloc(&wf_bytes_type, n);
        if (b != NULL)
            memset(b->ob_sval, 0, (size_t)n);
        return (WfObject *)b;
    }
    return wf_bytes_from_object(source);
}

static WfObject *bytes_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    static const char *const names[] = {"source", "encoding", "errors"};
    WfObject *a[3] = {NULL, NULL, NULL};
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (nargs > 3)
        return wf_err_format(wf_exc_TypeError, "bytes() takes at most 3 arguments (%zd given)", nargs);
    for (wf_ssize_t i = 0; i < nargs; i++)
        a[i] = WF_TUPLE_ITEM(args, i);
    wf_ssize_t pos = 0;
    WfObject *k, *v;
    while (kwargs && wf_dict_next(kwargs, &pos, &k, &v)) {
        int found = -1;
        for (int i = 0; i < 3; i++)
            if (wf_str_check(k) && wf_str_equal_cstr(k, names[i]))
                found = i;
        if (found < 0)
            return wf_err_format(wf_exc_TypeError, "'%S' is an invalid keyword argument for bytes()", k);
        if (a[found] != NULL)
            return wf_err_format(wf_exc_TypeError,
                                 "argument for bytes() given by name ('%s') and position (%d)",
                                 names[found], found + 1);
        a[found] = v;
    }
    WfObject *r;
    if (a[0] != NULL && a[1] == NULL && a[2] == NULL && !wf_bytes_check_exact(a[0])) {
        /* __bytes__ takes precedence over the buffer and iterable rules */
        WfObject *m = wf_object_lookup_special(a[0], wf_str_intern_cstr("__bytes__"));
        if (m != NULL) {
            r = wf_object_call_no_args(m);
            wf_decref(m);
            if (r != NULL && !wf_bytes_check(r)) {
                wf_err_format(wf_exc_TypeError, "__bytes__ returned non-bytes (type %s)",
                              wf_type_name(WF_TYPE(r)));
                wf_decref(r);
                return NULL;
            }
            goto done;
        }
        if (wf_err_occurred())
            return NULL;
    }
    r = wf_bytes_from_source(a[0], a[1], a[2], "bytes");
done:
    if (r == NULL || type == &wf_bytes_type)
        return r;
    WfBytesObject *sub = bytes_alloc(type, WF_BYTES_SIZE(r));
    if (sub != NULL)
        memcpy(sub->ob_sval, WF_BYTES_AS_STRING(r), (size_t)WF_BYTES_SIZE(r));
    wf_decref(r);
    return (WfObject *)sub;
}

/* ======================================================================
 * repr, hash, comparison
 * ====================================================================== */

WfObject *wf_bytes_repr_data(const char *prefix, const char *data, wf_ssize_t len,
                             const char *suffix, int smartquotes) {
    char quote = '\'';
    if (smartquotes && memchr(data, '\'', (size_t)len) && !memchr(data, '"', (size_t)len))
        quote = '"';
    static const char hex[] = "0123456789abcdef";
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_cstr(&b, prefix);
    wf_str_builder_append_codepoint(&b, 'b');
    wf_str_builder_append_codepoint(&b, (uint32_t)quote);
    const unsigned char *p = (const unsigned char *)data;
    for (wf_ssize_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        char e[4];
        int n = 0;
        /* bytearray's repr (smartquotes == 2) escapes ' even inside "..." */
        if (c == (unsigned char)quote || c == '\\' || (smartquotes == 2 && c == '\'')) {
            e[n++] = '\\';
            e[n++] = (char)c;
        } else if (c == '\t') {
            e[n++] = '\\'; e[n++] = 't';
        } else if (c == '\n') {
            e[n++] = '\\'; e[n++] = 'n';
        } else if (c == '\r') {
            e[n++] = '\\'; e[n++] = 'r';
        } else if (c < 0x20 || c >= 0x7f) {
            e[n++] = '\\'; e[n++] = 'x'; e[n++] = hex[c >> 4]; e[n++] = hex[c & 15];
        } else {
            e[n++] = (char)c;
        }
        wf_str_builder_append_ascii(&b, e, n);
    }
    wf_str_builder_append_codepoint(&b, (uint32_t)quote);
    wf_str_builder_append_cstr(&b, suffix);
    return wf_str_builder_finish(&b);
}

WfObject *wf_bytes_repr(WfObject *o, int smartquotes) {
    return wf_bytes_repr_data("", WF_BYTES_AS_STRING(o), WF_BYTES_SIZE(o), "", smartquotes);
}

static WfObject *bytes_repr(WfObject *o) { return wf_bytes_repr(o, 1); }

static wf_hash_t bytes_hash(WfObject *o) {
    WfBytesObject *b = (WfBytesObject *)o;
    wf_hash_t h = __atomic_load_n(&b->ob_shash, __ATOMIC_RELAXED);
    if (h == -1) {
        h = wf_hash_bytes(b->ob_sval, WF_SIZE(o));
        __atomic_store_n(&b->ob_shash, h, __ATOMIC_RELAXED);
    }
    return h;
}

static WfObject *bytes_richcompare(WfObject *a, WfObject *b, int op) {
    if (!wf_bytes_check(a) || !wf_bytes_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    wf_ssize_t la = WF_BYTES_SIZE(a), lb = WF_BYTES_SIZE(b);
    if ((op == WF_EQ || op == WF_NE) && la != lb)
        return wf_bool_from_long(op == WF_NE);
    int c = memcmp(WF_BYTES_AS_STRING(a), WF_BYTES_AS_STRING(b), (size_t)(la < lb ? la : lb));
    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    return wf_richcompare_from_order(c, op);
}

/* ======================================================================
 * Sequence protocol
 * ====================================================================== */

static wf_ssize_t bytes_length(WfObject *o) { return WF_BYTES_SIZE(o); }

static WfObject *bytes_concat_data(WfObject *a, const char *da, wf_ssize_t la, WfObject *b,
                                   const char *db, wf_ssize_t lb) {
    if (lb == 0 && wf_bytes_check_exact(a))
        return wf_newref(a);
    if (la == 0 && wf_bytes_check_exact(b))
        return wf_newref(b);
    if (la > WF_SSIZE_T_MAX / 2 - lb)
        return wf_err_no_memory();
    WfBytesObject *r = bytes_alloc(&wf_bytes_type, la + lb);
    if (r == NULL)
        return NULL;
    memcpy(r->ob_sval, da, (size_t)la);
    memcpy(r->ob_sval + la, db, (size_t)lb);
    return (WfObject *)r;
}

WfObject *wf_bytes_concat(WfObject *a, WfObject *b) {
    const char *da, *db;
    wf_ssize_t la, lb;
    WfObject *keep_a = NULL, *keep_b = NULL, *r;
    if (wf_bytes_like_data_stable(a, &da, &la, &keep_a) < 0 ||
        wf_bytes_like_data_stable(b, &db, &lb, &keep_b) < 0) {
        r = wf_err_format(wf_exc_TypeError, "can't concat %s to %s", wf_type_name(WF_TYPE(b)),
                          wf_type_name(WF_TYPE(a)));
    } else {
        r = bytes_concat_data(a, da, la, b, db, lb);
    }
    wf_xdecref(keep_a);
    wf_xdecref(keep_b);
    return r;
}

static WfObject *bytes_repeat(WfObject *o, wf_ssize_t n) {
    wf_ssize_t len = WF_BYTES_SIZE(o);
    if (n < 0)
        n = 0;
    if (n == 1 && wf_bytes_check_exact(o))
        return wf_newref(o);
    if (len && n > (WF_SSIZE_T_MAX / 2) / len) {
        wf_err_set_string(wf_exc_OverflowError, "repeated bytes are too long");
        return NULL;
    }
    wf_ssize_t total = len * n;
    if (total == 0)
        return wf_bytes_from_data("", 0);
    WfBytesObject *r = bytes_alloc(&wf_bytes_type, total);
    if (r == NULL)
        return NULL;
    if (len == 1) {
        memset(r->ob_sval, WF_BYTES_AS_STRING(o)[0], (size_t)total);
    } else {
        memcpy(r->ob_sval, WF_BYTES_AS_STRING(o), (size_t)len);
        wf_ssize_t done = len;
        while (done < total) {
            wf_ssize_t chunk = done < total - done ? done : total - done;
            memcpy(r->ob_sval + done, r->ob_sval, (size_t)chunk);
            done += chunk;
        }
    }
    return (WfObject *)r;
}

static WfObject *bytes_item(WfObject *o, wf_ssize_t i) {
    if (i < 0 || i >= WF_BYTES_SIZE(o)) {
        wf_err_set_string(wf_exc_IndexError, "index out of range");
        return NULL;
    }
    return wf_int_from_int64((unsigned char)WF_BYTES_AS_STRING(o)[i]);
}

static WfObject *bytes_subscript(WfObject *o, WfObject *key) {
    if (wf_index_check(key)) {
        wf_ssize_t i = wf_number_as_ssize(key, wf_exc_IndexError);
        if (i == -1 && wf_err_occurred())
            return NULL;
        if (i < 0)
            i += WF_BYTES_SIZE(o);
        return bytes_item(o, i);
    }
    if (wf_slice_check(key)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(key, &start, &stop, &step) < 0)
            return NULL;
        wf_ssize_t n = wf_slice_adjust_indices(WF_BYTES_SIZE(o), &start, &stop, step);
        const char *src = WF_BYTES_AS_STRING(o);
        if (n <= 0)
            return wf_bytes_from_data("", 0);
        if (step == 1) {
            if (n == WF_BYTES_SIZE(o) && wf_bytes_check_exact(o))
                return wf_newref(o);
            return wf_bytes_from_data(src + start, n);
        }
        WfBytesObject *r = bytes_alloc(&wf_bytes_type, n);
        if (r == NULL)
            return NULL;
        for (wf_ssize_t k = 0, i = start; k < n; k++, i += step)
            r->ob_sval[k] = src[i];
        return (WfObject *)r;
    }
    return wf_err_format(wf_exc_TypeError, "byte indices must be integers or slices, not %s",
                         wf_type_name(WF_TYPE(key)));
}

static int bytes_contains(WfObject *o, WfObject *x) {
    const char *d = WF_BYTES_AS_STRING(o);
    wf_ssize_t n = WF_BYTES_SIZE(o);
    if (wf_index_check(x)) {
        wf_ssize_t v = wf_number_as_ssize(x, NULL);
        if (v == -1 && wf_err_occurred())
            return -1;
        if (v < 0 || v > 255) {
            wf_err_set_string(wf_exc_ValueError, "byte must be in range(0, 256)");
            return -1;
        }
        return memchr(d, (int)v, (size_t)n) != NULL;
    }
    const char *sd;
    wf_ssize_t sn;
    WfObject *keep;
    if (wf_bytes_like_data_stable(x, &sd, &sn, &keep) < 0) {
        wf_err_format(wf_exc_TypeError, "a bytes-like object is required, not '%s'",
                      wf_type_name(WF_TYPE(x)));
        return -1;
    }
    int found = sn == 0 || memmem(d, (size_t)n, sd, (size_t)sn) != NULL;
    wf_xdecref(keep);
    return found;
}

/* ======================================================================
 * The bytes iterator
 * ====================================================================== */

/* Threads may share an iterator: it steps in its critical section (with the
 * bytearray's, locked together), so each byte goes to exactly one of them.
 * seq never changes and is kept until the iterator dies, so it is read
 * without the section; exhaustion sets index to -1, for good. */
typedef struct WfBytesIterObject {
    WF_OBJECT_HEAD;
    WfObject *seq;        /* bytes or bytearray */
    wf_ssize_t index;     /* next byte; -1 once exhausted */
} WfBytesIterObject;

WfObject *wf_bytes_iter_new(WfObject *seq, WfTypeObject *type) {
    WfBytesIterObject *it = (WfBytesIterObject *)wf_object_alloc(type);
    if (it == NULL)
        return NULL;
    it->seq = wf_newref(seq);
    it->index = 0;
    return (WfObject *)it;
}

static WfObject *bytes_iter(WfObject *o) { return wf_bytes_iter_new(o, &wf_bytes_iter_type); }

/* The next byte, or -1 (and exhausted for good); the iterator's section is
 * held, and the bytearray's too. */
static int bytes_iter_step_lock_held(WfBytesIterObject *it) {
    if (it->index < 0)
        return -1;
    int byte;
    if (wf_bytes_check(it->seq))
        byte = it->index < WF_BYTES_SIZE(it->seq)
                   ? (unsigned char)WF_BYTES_AS_STRING(it->seq)[it->index] : -1;
    else
        byte = wf_bytearray_byte_at_lock_held(it->seq, it->index);
    it->index = byte < 0 ? -1 : it->index + 1;
    return byte;
}

static WfObject *bytes_iter_next(WfObject *self) {
    WfBytesIterObject *it = (WfBytesIterObject *)self;
    int byte;
    if (wf_bytes_check(it->seq)) {
        WF_BEGIN_CRITICAL_SECTION(self);
        byte = bytes_iter_step_lock_held(it);
        WF_END_CRITICAL_SECTION();
    } else {
        WF_BEGIN_CRITICAL_SECTION2(self, it->seq);
        byte = bytes_iter_step_lock_held(it);
        WF_END_CRITICAL_SECTION2();
    }
    return byte < 0 ? NULL : wf_int_from_int64(byte);
}

static WfObject *bytes_iter_length_hint(WfObject *self, WfObject *unused) {
    WfBytesIterObject *it = (WfBytesIterObject *)self;
    const char *d;
    wf_ssize_t n = 0, index;
    WF_BEGIN_CRITICAL_SECTION(self);
    index = it->index;
    WF_END_CRITICAL_SECTION();
    if (index >= 0)
        wf_bytes_like_data(it->seq, &d, &n);   /* a bytearray's size: lock-free */
    return wf_int_from_ssize(index >= 0 && n > index ? n - index : 0);
}

static void bytes_iter_dealloc(WfObject *self) {
    wf_xdecref(((WfBytesIterObject *)self)->seq);
    wf_object_free(self);
}

static WfObject *iter_self(WfObject *o) { return wf_newref(o); }

static WfMethodDef bytes_iter_methods[] = {
    {"__length_hint__", (void *)bytes_iter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_bytes_iter_type = {
    .tp_name = "bytes_iterator",
    .tp_basicsize = sizeof(WfBytesIterObject),
    .tp_dealloc = bytes_iter_dealloc,
    .tp_iter = iter_self,
    .tp_iternext = bytes_iter_next,
    .tp_methods = bytes_iter_methods,
};

WfTypeObject wf_bytearray_iter_type = {
    .tp_name = "bytearray_iterator",
    .tp_basicsize = sizeof(WfBytesIterObject),
    .tp_dealloc = bytes_iter_dealloc,
    .tp_iter = iter_self,
    .tp_iternext = bytes_iter_next,
    .tp_methods = bytes_iter_methods,
};

/* ======================================================================
 * The type
 * ====================================================================== */

static void bytes_dealloc(WfObject *o) { wf_object_free(o); }

WfTypeObject wf_bytes_type = {
    .tp_name = "bytes",
    .tp_basicsize = offsetof(WfBytesObject, ob_sval) + 1,
    .tp_itemsize = 1,
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_BYTES_SUBCLASS,
    .tp_doc = "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n"
              "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n"
              "bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n"
              "bytes() -> empty bytes object",
    .tp_dealloc = bytes_dealloc,
    .tp_repr = bytes_repr,
    .tp_str = bytes_repr,
    .tp_hash = bytes_hash,
    .tp_richcompare = bytes_richcompare,
    .tp_iter = bytes_iter,
    .tp_new = bytes_new,
    .nb_remainder = wf_bytes_percent_format,
    .sq_length = bytes_length,
    .sq_concat = wf_bytes_concat,
    .sq_repeat = bytes_repeat,
    .sq_item = bytes_item,
    .sq_contains = bytes_contains,
    .mp_length = bytes_length,
    .mp_subscript = bytes_subscript,
    .tp_methods = wf_bytes_methods,
};
