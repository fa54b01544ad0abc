/* str_type.c — the str type object: sequence protocol (len, [], slicing,
 * +, *, in), comparisons, hash, repr, the constructor, and the str iterator.
 *
 * Invariants: results that are a single latin-1 character or empty come
 * from the immortal caches (wf_str_latin1, wf_str_empty), which makes
 * indexing and iteration allocation-free for most text. Methods live in
 * str_methods.c, formatting in str_format.c.
 */
#include <string.h>

#include "threads/critical_section.h"
#include "runtime/objects/str_impl.h"

/* ======================================================================
 * repr
 * ====================================================================== */

static const char hexdigits[] = "0123456789abcdef";

static bool needs_escape_ascii(const char *p, wf_ssize_t n) {
    for (wf_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'' || c == '"')
            return true;
    }
    return false;
}

static int append_escape(WfStrBuilder *b, uint32_t c) {
    char buf[12];
    int n = 0;
    buf[n++] = '\\';
    if (c <= 0xff) {
        buf[n++] = 'x';
        buf[n++] = hexdigits[(c >> 4) & 0xF];
        buf[n++] = hexdigits[c & 0xF];
    } else if (c <= 0xffff) {
        buf[n++] = 'u';
        for (int s = 12; s >= 0; s -= 4)
            buf[n++] = hexdigits[(c >> s) & 0xF];
    } else {
        buf[n++] = 'U';
        for (int s = 28; s >= 0; s -= 4)
            buf[n++] = hexdigits[(c >> s) & 0xF];
    }
    return wf_str_builder_append_ascii(b, buf, n);
}

WfObject *wf_str_repr(WfObject *o) {
    const char *p = WF_STR_DATA(o);
    wf_ssize_t n = WF_STR_BYTE_LENGTH(o);
    if (WF_STR_IS_ASCII(o) && !needs_escape_ascii(p, n)) {
        WfStrObject *r = wf_str_new_uninit(n + 2, n + 2);
        if (r == NULL)
            return NULL;
        r->data[0] = '\'';
        memcpy(r->data + 1, p, (size_t)n);
        r->data[n + 1] = '\'';
        return wf_str_finish_new(r);
    }
    /* quote: ' unless the text has ' and no " */
    bool has_sq = memchr(p, '\'', (size_t)n) != NULL;
    bool has_dq = memchr(p, '"', (size_t)n) != NULL;
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_codepoint(&b, (uint32_t)quote);
    const unsigned char *q = (const unsigned char *)p, *end = q + n;
    while (q < end) {
        int len;
        uint32_t c = wf_utf8_decode(q, &len);
        if (c == (uint32_t)quote || c == '\\') {
            char e[2] = {'\\', (char)c};
            wf_str_builder_append_ascii(&b, e, 2);
        } else if (c == '\t') {
            wf_str_builder_append_ascii(&b, "\\t", 2);
        } else if (c == '\n') {
            wf_str_builder_append_ascii(&b, "\\n", 2);
        } else if (c == '\r') {
            wf_str_builder_append_ascii(&b, "\\r", 2);
        } else if (c < 0x20 || c == 0x7f) {
            append_escape(&b, c);
        } else if (c < 0x7f) {
            wf_str_builder_append_codepoint(&b, c);
        } else if (wf_unicode_isprintable(c)) {
            wf_str_builder_append_utf8(&b, (const char *)q, len);
        } else {
            append_escape(&b, c);
        }
        q += len;
    }
    wf_str_builder_append_codepoint(&b, (uint32_t)quote);
    return wf_str_builder_finish(&b);
}

/* ======================================================================
 * Sequence protocol
 * ====================================================================== */

static wf_ssize_t str_length(WfObject *o) { return WF_STR_LENGTH(o); }

/* The one-character string at code point index i (0 <= i < length). */
static WfObject *str_char_at(WfObject *o, wf_ssize_t i) {
    if (WF_STR_IS_ASCII(o))
        return wf_str_latin1[(unsigned char)WF_STR_DATA(o)[i]];
    const unsigned char *p = (const unsigned char *)WF_STR_DATA(o) + wf_str_offset_of(o, i);
    int n;
    uint32_t c = wf_utf8_decode(p, &n);
    if (c < 256)
        return wf_str_latin1[c];
    return wf_str_from_valid_utf8((const char *)p, n, 1);
}

static WfObject *str_item(WfObject *o, wf_ssize_t i) {
    if (i < 0 || i >= WF_STR_LENGTH(o)) {
        wf_err_set_string(wf_exc_IndexError, "string index out of range");
        return NULL;
    }
    return str_char_at(o, i);
}

static WfObject *str_slice_step(WfObject *o, wf_ssize_t start, wf_ssize_t step, wf_ssize_t count) {
    if (WF_STR_IS_ASCII(o)) {
        WfStrObject *r = wf_str_new_uninit(count, count);
        if (r == NULL)
            return NULL;
        const char *p = WF_STR_DATA(o);
        for (wf_ssize_t k = 0, i = start; k < count; k++, i += step)
            r->data[k] = p[i];
        return wf_str_finish_new(r);
    }
    /* Non-ASCII: one pass to record every code point's byte offset. */
    wf_ssize_t len = WF_STR_LENGTH(o);
    wf_ssize_t *offs = wf_mem_malloc((size_t)(len + 1) * sizeof(wf_ssize_t));
    if (offs == NULL)
        return wf_err_no_memory();
    const unsigned char *p = (const unsigned char *)WF_STR_DATA(o);
    wf_ssize_t off = 0;
    for (wf_ssize_t k = 0; k < len; k++) {
        offs[k] = off;
        off += wf_utf8_char_len(p[off]);
    }
    offs[len] = off;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    for (wf_ssize_t k = 0, i = start; k < count; k++, i += step)
        wf_str_builder_append_utf8(&b, (const char *)p + offs[i], offs[i + 1] - offs[i]);
    wf_mem_free(offs);
    return wf_str_builder_finish(&b);
}

static WfObject *str_subscript(WfObject *o, WfObject *key) {
    if (wf_index_check(key)) {
        wf_ssize_t i = wf_number_as_ssize(key, wf_exc_IndexError);
        if (i == -1 && wf_err_occurred())
            return NULL;
        if (i < 0)
            i += WF_STR_LENGTH(o);
        return str_item(o, i);
    }
    if (wf_slice_check(key)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(key, &start, &stop, &step) < 0)
            return NULL;
        wf_ssize_t count = wf_slice_adjust_indices(WF_STR_LENGTH(o), &start, &stop, step);
        if (count <= 0)
            return wf_str_empty;
        if (step == 1)
            return wf_str_substring(o, start, stop);
        return str_slice_step(o, start, step, count);
    }
    return wf_err_format(wf_exc_TypeError, "string indices must be integers, not '%s'",
                         wf_type_name(WF_TYPE(key)));
}

static WfObject *str_concat(WfObject *a, WfObject *b) {
    if (!wf_str_check(a) || !wf_str_check(b)) {
        WfObject *bad = wf_str_check(a) ? b : a;
        return wf_err_format(wf_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                             wf_type_name(WF_TYPE(bad)));
    }
    return wf_str_concat(a, b);
}

static WfObject *str_repeat(WfObject *o, wf_ssize_t n) {
    if (n <= 0 || WF_STR_LENGTH(o) == 0)
        return wf_str_empty;
    if (n == 1 && wf_str_check_exact(o))
        return wf_newref(o);
    wf_ssize_t bl = WF_STR_BYTE_LENGTH(o);
    if (bl > (WF_SSIZE_T_MAX / 4) / n) {
        wf_err_set_string(wf_exc_OverflowError, "repeated string is too long");
        return NULL;
    }
    wf_ssize_t total = bl * n;
    WfStrObject *r = wf_str_new_uninit(total, WF_STR_LENGTH(o) * n);
    if (r == NULL)
        return NULL;
    if (bl == 1) {
        memset(r->data, WF_STR_DATA(o)[0], (size_t)total);
    } else {
        memcpy(r->data, WF_STR_DATA(o), (size_t)bl);
        wf_ssize_t done = bl;
        while (done < total) {  /* doubling copies */
            wf_ssize_t chunk = done < total - done ? done : total - done;
            memcpy(r->data + done, r->data, (size_t)chunk);
            done += chunk;
        }
    }
    return wf_str_finish_new(r);
}

static int str_sq_contains(WfObject *o, WfObject *needle) {
    return wf_str_contains(o, needle);
}

/* ======================================================================
 * Comparison, hash, str()
 * ====================================================================== */

static WfObject *str_richcompare(WfObject *a, WfObject *b, int op) {
    if (!wf_str_check(a) || !wf_str_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    bool r;
    if (op == WF_EQ || op == WF_NE) {
        r = wf_str_equal(a, b) == (op == WF_EQ);
    } else {
        int c = wf_str_compare(a, b);
        switch (op) {
        case WF_LT: r = c < 0; break;
        case WF_LE: r = c <= 0; break;
        case WF_GT: r = c > 0; break;
        default: r = c >= 0; break;
        }
    }
    return wf_bool_from_long(r);
}

static wf_hash_t str_hash(WfObject *o) { return wf_str_hash(o); }

static WfObject *str_str(WfObject *o) { return wf_str_exact_copy(o); }

static void str_dealloc(WfObject *o) { wf_object_free(o); }

/* ======================================================================
 * Constructor: str(object='') / str(object=b'', encoding='utf-8', errors='strict')
 * ====================================================================== */

static WfObject *str_from_args(WfObject *obj, const char *encoding, const char *errors) {
    if (obj == NULL)
        return wf_str_empty;
    if (encoding == NULL && errors == NULL)
        return wf_object_str(obj);
    if (wf_str_check(obj)) {
        wf_err_set_string(wf_exc_TypeError, "decoding str is not supported");
        return NULL;
    }
    if (!wf_bytes_check(obj) && !WF_IS_TYPE(obj, &wf_bytearray_type) &&
        !wf_type_is_subtype(WF_TYPE(obj), &wf_bytearray_type)) {
        return wf_err_format(wf_exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                             wf_type_name(WF_TYPE(obj)));
    }
    return wf_bytes_decode_object(obj, encoding ? encoding : "utf-8", errors ? errors : "strict");
}

static WfObject *str_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    static const char *const names[] = {"object", "encoding", "errors"};
    WfObject *a[3] = {NULL, NULL, NULL};
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (nargs > 3)
        return wf_err_format(wf_exc_TypeError, "str() takes at most 3 arguments (%zd given)", nargs);
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
            return wf_err_format(wf_exc_TypeError, "'%S' is an invalid keyword argument for str()", k);
        if (a[found] != NULL)
            return wf_err_format(wf_exc_TypeError,
                                 "argument for str() given by name ('%s') and position (%d)",
                                 names[found], found + 1);
        a[found] = v;
    }
    for (int i = 1; i < 3; i++) {
        if (a[i] != NULL && !wf_str_check(a[i]))
            return wf_err_format(wf_exc_TypeError, "str() argument '%s' must be str, not %s",
                                 names[i], wf_type_name(WF_TYPE(a[i])));
    }
    WfObject *obj = a[0];
    const char *encoding = a[1] ? WF_STR_DATA(a[1]) : NULL;
    const char *errors = a[2] ? WF_STR_DATA(a[2]) : NULL;
    WfObject *r = str_from_args(obj, encoding, errors);
    if (r == NULL || type == &wf_str_type)
        return r;
    /* subclass: copy the text into an instance of the subtype */
    WfStrObject *s = wf_str_new_uninit_type(type, WF_STR_BYTE_LENGTH(r), WF_STR_LENGTH(r));
    if (s != NULL) {
        memcpy(s->data, WF_STR_DATA(r), (size_t)WF_STR_BYTE_LENGTH(r));
        wf_str_finish_new(s);
    }
    wf_decref(r);
    return (WfObject *)s;
}

/* ======================================================================
 * The str iterator: keeps a byte offset, so iteration is linear.
 * ====================================================================== */

typedef struct WfStrIterObject {
    WF_OBJECT_HEAD;
    WfObject *str;          /* NULL once exhausted */
    wf_ssize_t offset;      /* byte offset of the next character */
    wf_ssize_t index;       /* code point index of the next character */
} WfStrIterObject;

static WfObject *str_iter(WfObject *o) {
    WfStrIterObject *it = (WfStrIterObject *)wf_object_alloc(&wf_str_iter_type);
    if (it == NULL)
        return NULL;
    it->str = wf_newref(o);
    it->offset = 0;
    it->index = 0;
    return (WfObject *)it;
}

static WfObject *str_iter_next_lock_held(WfObject *self);

/* An iterator shared by threads steps inside its critical section, so each
 * character goes to exactly one of them (skipped while single-threaded). */
static WfObject *str_iter_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = str_iter_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *str_iter_next_lock_held(WfObject *self) {
    WfStrIterObject *it = (WfStrIterObject *)self;
    WfObject *s = it->str;
    if (s == NULL)
        return NULL;
    if (it->offset >= WF_STR_BYTE_LENGTH(s)) {
        it->str = NULL;
        wf_decref(s);
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)WF_STR_DATA(s) + it->offset;
    it->index++;
    if (*p < 0x80) {
        it->offset++;
        return wf_str_latin1[*p];
    }
    int n;
    uint32_t c = wf_utf8_decode(p, &n);
    it->offset += n;
    if (c < 256)
        return wf_str_latin1[c];
    return wf_str_from_valid_utf8((const char *)p, n, 1);
}

static WfObject *str_iter_length_hint(WfObject *self, WfObject *unused) {
    WfStrIterObject *it = (WfStrIterObject *)self;
    wf_ssize_t n;
    WF_BEGIN_CRITICAL_SECTION(self);   /* another thread may exhaust it */
    n = it->str ? WF_STR_LENGTH(it->str) - it->index : 0;
    WF_END_CRITICAL_SECTION();
    return wf_int_from_ssize(n);
}

static void str_iter_dealloc(WfObject *self) {
    WfStrIterObject *it = (WfStrIterObject *)self;
    wf_xdecref(it->str);
    wf_object_free(self);
}

static WfObject *iter_self(WfObject *o) { return wf_newref(o); }

static WfMethodDef str_iter_methods[] = {
    {"__length_hint__", (void *)str_iter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_str_iter_type = {
    .tp_name = "str_iterator",
    .tp_basicsize = sizeof(WfStrIterObject),
    .tp_dealloc = str_iter_dealloc,
    .tp_iter = iter_self,
    .tp_iternext = str_iter_next,
    .tp_methods = str_iter_methods,
    .tp_hash = NULL,
};

/* ======================================================================
 * The type
 * ====================================================================== */

WfTypeObject wf_str_type = {
    .tp_name = "str",
    .tp_basicsize = offsetof(WfStrObject, data),
    .tp_itemsize = 8,  /* see wf_str_new_uninit_type (str.c) */
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_STR_SUBCLASS,
    .tp_doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str",
    .tp_dealloc = str_dealloc,
    .tp_repr = wf_str_repr,
    .tp_str = str_str,
    .tp_hash = str_hash,
    .tp_richcompare = str_richcompare,
    .tp_iter = str_iter,
    .tp_new = str_new,
    .nb_remainder = wf_str_mod,
    .sq_length = str_length,
    .sq_concat = str_concat,
    .sq_repeat = str_repeat,
    .sq_item = str_item,
    .sq_contains = str_sq_contains,
    .mp_length = str_length,
    .mp_subscript = str_subscript,
    .tp_methods = wf_str_methods,
};
