/* bytearray.c — mutable byte strings (basic): construction, repr,
 * comparisons, indexing and slicing (read, assign, delete), +=, *=,
 * append/extend/pop/insert/remove/clear/copy/reverse. Read-only methods are
 * shared with bytes (bytes_methods.c).
 *
 * Invariants: ob_bytes holds ob_size bytes plus a NUL within `allocated`
 * bytes (ob_bytes may be NULL when allocated == 0). All mutations go
 * through ba_resize / the few functions below.
 *
 * Threads (docs/containers-threads.md): every slot and method of this file
 * runs in the bytearray's critical section (the *_lock_held functions; the
 * public names at the bottom of each group lock), and in the other
 * operand's too when it is a bytearray. A buffer that is replaced is never
 * reallocated in place: ba_resize copies into a new one and retires the old
 * one through QSBR, so the read-only methods shared with bytes
 * (bytes_methods.c), which read through wf_bytearray_as_data without the
 * section, never read freed memory (they may see bytes written meanwhile).
 */
#include <string.h>

#include "runtime/objects/str_impl.h"
#include "runtime/objects/lockfree.h"
#include "threads/critical_section.h"

typedef struct WfByteArrayObject {
    WF_OBJECT_VAR_HEAD;        /* ob_size = length */
    char *ob_bytes;
    wf_ssize_t allocated;
} WfByteArrayObject;

#define BA(o) ((WfByteArrayObject *)(o))

bool wf_bytearray_check(WfObject *o) {
    return WF_TYPE(o) == &wf_bytearray_type || wf_type_is_subtype(WF_TYPE(o), &wf_bytearray_type);
}

/* Lock-free readers: the size first, then the buffer (a buffer is at least
 * as long as any size published before it, partner: ba_resize's order). */
int wf_bytearray_as_data(WfObject *o, const char **data, wf_ssize_t *len) {
    if (!wf_bytearray_check(o))
        return -1;
    wf_container_prepare_read(o);
    wf_ssize_t n = __atomic_load_n(&BA(o)->ob_base.ob_size, __ATOMIC_ACQUIRE);
    char *b = __atomic_load_n(&BA(o)->ob_bytes, __ATOMIC_ACQUIRE);
    *data = b ? b : "";
    *len = b ? n : 0;
    return 0;
}

/* For readers of a bytearray that is not the receiver of the running
 * operation (bytes(ba), b"x" + ba, b.find(ba), b"%b" % ba): a bytes copy
 * taken in the bytearray's critical section, so the reader sees one state
 * of it (CPython takes a buffer export in the section). *keep receives the
 * copy (NULL when none was needed), which the caller drops after its last
 * use of *data. Only when no other thread can exist, or when the copy
 * cannot be allocated, is the buffer read in place (memory-safe, see the
 * top). Take these copies before reading data under another section: a
 * contended section suspends the enclosing ones. */
int wf_bytes_like_data_stable(WfObject *o, const char **data, wf_ssize_t *len, WfObject **keep) {
    *keep = NULL;
    if (wf_bytes_check(o))
        return wf_bytes_like_data(o, data, len);
    if (!wf_bytearray_check(o))
        return -1;
    if (wf_objects_are_shared()) {
        WfObject *copy;
        WF_BEGIN_CRITICAL_SECTION(o);
        copy = wf_bytes_from_data(BA(o)->ob_bytes ? BA(o)->ob_bytes : "", WF_SIZE(o));
        WF_END_CRITICAL_SECTION();
        if (copy != NULL) {
            *keep = copy;
            return wf_bytes_like_data(copy, data, len);
        }
        wf_err_clear();
    }
    return wf_bytearray_as_data(o, data, len);
}

/* The same as a new reference: o itself or its copy. */
WfObject *wf_bytearray_stable(WfObject *o) {
    const char *d;
    wf_ssize_t n;
    WfObject *keep;
    if (!wf_bytearray_check(o) || wf_bytes_like_data_stable(o, &d, &n, &keep) < 0 || keep == NULL)
        return wf_newref(o);
    return keep;
}

/* A tuple with each bytearray item replaced by its copy; a new reference
 * (the tuple itself when it holds none). NULL: no memory. */
WfObject *wf_bytearray_stable_items(WfObject *tuple) {
    wf_ssize_t n = WF_TUPLE_SIZE(tuple);
    wf_ssize_t first = 0;
    while (first < n && !wf_bytearray_check(WF_TUPLE_ITEM(tuple, first)))
        first++;
    if (first == n)
        return wf_newref(tuple);
    WfObject *t = wf_tuple_new(n);
    if (t == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(t, i, wf_bytearray_stable(WF_TUPLE_ITEM(tuple, i)));
    return t;
}

/* Byte i of a bytearray, or -1 past its end (iterators); the caller holds
 * its section. */
int wf_bytearray_byte_at_lock_held(WfObject *o, wf_ssize_t i) {
    wf_critical_section_assert_held(o);
    return i >= 0 && i < WF_SIZE(o) ? (unsigned char)BA(o)->ob_bytes[i] : -1;
}

/* Sets the length to n (contents beyond the old length undefined). */
static int ba_resize(WfObject *o, wf_ssize_t n) {
    WfByteArrayObject *b = BA(o);
    if (n < 0 || n > WF_SSIZE_T_MAX / 2) {
        wf_err_no_memory();
        return -1;
    }
    wf_ssize_t len = WF_SIZE(o);
    if (n + 1 > b->allocated || n + 1 < b->allocated / 4) {
        wf_ssize_t cap = n + 1 + (n >> 3) + (n < 9 ? 3 : 6);  /* CPython-like over-allocation */
        char *nb = wf_mem_malloc((size_t)cap);
        if (nb == NULL) {
            wf_err_no_memory();
            return -1;
        }
        if (b->ob_bytes != NULL)
            memcpy(nb, b->ob_bytes, (size_t)(len < n ? len : n));
        char *old = b->ob_bytes;
        wf_ssize_t oldcap = b->allocated;
        /* Shrinking: the size first; growing: the buffer first. */
        if (n < len)
            __atomic_store_n(&b->ob_base.ob_size, n, __ATOMIC_RELEASE);
        __atomic_store_n(&b->ob_bytes, nb, __ATOMIC_RELEASE);
        b->allocated = cap;
        wf_objects_retire_buffer(o, old, (size_t)oldcap);
    }
    b->ob_bytes[n] = '\0';
    __atomic_store_n(&b->ob_base.ob_size, n, __ATOMIC_RELEASE);
    return 0;
}

static WfObject *ba_alloc(WfTypeObject *type, const char *data, wf_ssize_t len) {
    WfObject *o = wf_object_alloc(type);
    if (o == NULL)
        return NULL;
    BA(o)->ob_bytes = NULL;
    BA(o)->allocated = 0;
    WF_SET_SIZE(o, 0);
    if (ba_resize(o, len) < 0) {
        wf_decref(o);
        return NULL;
    }
    if (len)
        memcpy(BA(o)->ob_bytes, data, (size_t)len);
    return o;
}

WfObject *wf_bytearray_from_data(const char *data, wf_ssize_t len) {
    return ba_alloc(&wf_bytearray_type, data, len);
}

static void ba_dealloc(WfObject *o) {
    wf_mem_free(BA(o)->ob_bytes);
    wf_object_free(o);
}

static WfObject *ba_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    return ba_alloc(type, "", 0);
}

/* bytearray(source=b'', encoding=None, errors=None) */
static int ba_init_lock_held(WfObject *self, WfObject *args, WfObject *kwargs) {
    static const char *const names[] = {"source", "encoding", "errors"};
    WfObject *a[3] = {NULL, NULL, NULL};
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (nargs > 3) {
        wf_err_format(wf_exc_TypeError, "bytearray() takes at most 3 arguments (%zd given)", nargs);
        return -1;
    }
    for (wf_ssize_t i = 0; i < nargs; i++)
        a[i] = WF_TUPLE_ITEM(args, i);
    wf_ssize_t pos = 0;
    WfObject *k, *v;
    while (kwargs && wf_dict_next(kwargs, &pos, &k, &v)) {
        int found = -1;
        for (int i = 0; i < 3; i++)
            if (wf_str_check(k) && wf_str_equal_cstr(k, names[i]))
                found = i;
        if (found < 0 || a[found] != NULL) {
            wf_err_format(wf_exc_TypeError, "'%S' is an invalid keyword argument for bytearray()", k);
            return -1;
        }
        a[found] = v;
    }
    WfObject *src = wf_bytes_from_source(a[0], a[1], a[2], "bytearray");
    if (src == NULL)
        return -1;
    if (ba_resize(self, WF_BYTES_SIZE(src)) < 0) {
        wf_decref(src);
        return -1;
    }
    memcpy(BA(self)->ob_bytes, WF_BYTES_AS_STRING(src), (size_t)WF_BYTES_SIZE(src));
    wf_decref(src);
    return 0;
}

static WfObject *ba_repr_lock_held(WfObject *o) {
    const char *d = NULL;
    wf_ssize_t n = 0;
    wf_bytearray_as_data(o, &d, &n);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s(", wf_type_name(WF_TYPE(o)));
    return wf_bytes_repr_data(prefix, d, n, ")", 2);
}

static WfObject *ba_richcompare_lock_held(WfObject *a, WfObject *b, int op) {
    const char *da, *db;
    wf_ssize_t la, lb;
    if (wf_bytes_like_data(a, &da, &la) < 0 || wf_bytes_like_data(b, &db, &lb) < 0)
        WF_RETURN_NOTIMPLEMENTED;
    if ((op == WF_EQ || op == WF_NE) && la != lb)
        return wf_bool_from_long(op == WF_NE);
    int c = memcmp(da, db, (size_t)(la < lb ? la : lb));
    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    bool r = op == WF_LT ? c < 0 : op == WF_LE ? c <= 0 : op == WF_EQ ? c == 0
             : op == WF_NE ? c != 0 : op == WF_GT ? c > 0 : c >= 0;
    return wf_bool_from_long(r);
}

/* ---- sequence protocol ------------------------------------------------- */


static WfObject *ba_concat_lock_held(WfObject *a, WfObject *b) {
    const char *da, *db;
    wf_ssize_t la, lb;
    if (wf_bytes_like_data(a, &da, &la) < 0 || wf_bytes_like_data(b, &db, &lb) < 0)
        return wf_err_format(wf_exc_TypeError, "can't concat %s to %s", wf_type_name(WF_TYPE(b)),
                             wf_type_name(WF_TYPE(a)));
    WfObject *r = wf_bytearray_from_data(da, la);
    if (r == NULL)
        return NULL;
    if (ba_resize(r, la + lb) < 0) {
        wf_decref(r);
        return NULL;
    }
    wf_bytes_like_data(b, &db, &lb);
    memcpy(BA(r)->ob_bytes + la, db, (size_t)lb);
    return r;
}

static WfObject *ba_inplace_concat_lock_held(WfObject *a, WfObject *b) {
    const char *db;
    wf_ssize_t lb, la = WF_SIZE(a);
    if (wf_bytes_like_data(b, &db, &lb) < 0)
        return wf_err_format(wf_exc_TypeError, "can't concat %s to %s", wf_type_name(WF_TYPE(b)),
                             wf_type_name(WF_TYPE(a)));
    if (a == b) {  /* appending itself: the buffer moves on resize */
        if (ba_resize(a, la * 2) < 0)
            return NULL;
        memcpy(BA(a)->ob_bytes + la, BA(a)->ob_bytes, (size_t)la);
        return wf_newref(a);
    }
    if (ba_resize(a, la + lb) < 0)
        return NULL;
    memcpy(BA(a)->ob_bytes + la, db, (size_t)lb);
    return wf_newref(a);
}

static WfObject *ba_repeat_lock_held(WfObject *o, wf_ssize_t n) {
    wf_ssize_t len = WF_SIZE(o);
    if (n < 0)
        n = 0;
    if (len && n > (WF_SSIZE_T_MAX / 2) / len)
        return wf_err_no_memory();
    WfObject *r = wf_bytearray_from_data("", 0);
    if (r == NULL || ba_resize(r, len * n) < 0) {
        wf_xdecref(r);
        return NULL;
    }
    for (wf_ssize_t i = 0; i < n; i++)
        memcpy(BA(r)->ob_bytes + i * len, BA(o)->ob_bytes, (size_t)len);
    return r;
}

static WfObject *ba_inplace_repeat_lock_held(WfObject *o, wf_ssize_t n) {
    wf_ssize_t len = WF_SIZE(o);
    if (n < 0)
        n = 0;
    if (len && n > (WF_SSIZE_T_MAX / 2) / len)
        return wf_err_no_memory();
    if (ba_resize(o, len * n) < 0)
        return NULL;
    for (wf_ssize_t i = 1; i < n; i++)
        memcpy(BA(o)->ob_bytes + i * len, BA(o)->ob_bytes, (size_t)len);
    return wf_newref(o);
}

static WfObject *ba_item_lock_held(WfObject *o, wf_ssize_t i) {
    if (i < 0 || i >= WF_SIZE(o)) {
        wf_err_set_string(wf_exc_IndexError, "bytearray index out of range");
        return NULL;
    }
    return wf_int_from_int64((unsigned char)BA(o)->ob_bytes[i]);
}

static WfObject *ba_subscript_lock_held(WfObject *o, WfObject *key) {
    if (wf_index_check(key)) {
        wf_ssize_t i = wf_number_as_ssize(key, wf_exc_IndexError);
        if (i == -1 && wf_err_occurred())
            return NULL;
        if (i < 0)
            i += WF_SIZE(o);
        return ba_item_lock_held(o, i);
    }
    if (wf_slice_check(key)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(key, &start, &stop, &step) < 0)
            return NULL;
        wf_ssize_t n = wf_slice_adjust_indices(WF_SIZE(o), &start, &stop, step);
        if (n <= 0)
            return wf_bytearray_from_data("", 0);
        if (step == 1)
            return wf_bytearray_from_data(BA(o)->ob_bytes + start, n);
        WfObject *r = wf_bytearray_from_data("", 0);
        if (r == NULL || ba_resize(r, n) < 0) {
            wf_xdecref(r);
            return NULL;
        }
        for (wf_ssize_t k = 0, i = start; k < n; k++, i += step)
            BA(r)->ob_bytes[k] = BA(o)->ob_bytes[i];
        return r;
    }
    return wf_err_format(wf_exc_TypeError, "bytearray indices must be integers or slices, not %s",
                         wf_type_name(WF_TYPE(key)));
}

static int byte_value(WfObject *v, char *out) {
    if (!wf_index_check(v)) {
        wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      wf_type_name(WF_TYPE(v)));
        return -1;
    }
    wf_ssize_t x = wf_number_as_ssize(v, NULL);
    if (x == -1 && wf_err_occurred())
        return -1;
    if (x < 0 || x > 255) {
        wf_err_set_string(wf_exc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (char)x;
    return 0;
}

/* Replaces [lo, hi) with data (n bytes, not aliasing the buffer). */
static int ba_splice(WfObject *o, wf_ssize_t lo, wf_ssize_t hi, const char *data, wf_ssize_t n) {
    wf_ssize_t len = WF_SIZE(o), tail = len - hi;
    wf_ssize_t newlen = len - (hi - lo) + n;
    if (newlen > len && ba_resize(o, newlen) < 0)
        return -1;
    memmove(BA(o)->ob_bytes + lo + n, BA(o)->ob_bytes + hi, (size_t)tail);
    if (n)
        memcpy(BA(o)->ob_bytes + lo, data, (size_t)n);
    if (newlen < len && ba_resize(o, newlen) < 0)
        return -1;
    return 0;
}

static int ba_ass_slice(WfObject *o, WfObject *key, WfObject *value) {
    wf_ssize_t start, stop, step;
    if (wf_slice_unpack(key, &start, &stop, &step) < 0)
        return -1;
    char *tmp = NULL;
    wf_ssize_t n = 0;
    if (value != NULL) {
        const char *d;
        if (wf_bytes_like_data(value, &d, &n) == 0) {
            tmp = wf_mem_malloc((size_t)n + 1);  /* copy: value may be o itself */
            if (tmp == NULL) {
                wf_err_no_memory();
                return -1;
            }
            memcpy(tmp, d, (size_t)n);
        } else if (wf_str_check(value) || wf_index_check(value)) {
            wf_err_format(wf_exc_TypeError,
                          "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        } else if (wf_bytes_collect_iterable(value, &tmp, &n) < 0) {
            return -1;
        }
    }
    /* After collecting the value: that ran Python code, which may have
     * resized the bytearray (or let another thread do it). */
    wf_ssize_t count = wf_slice_adjust_indices(WF_SIZE(o), &start, &stop, step);
    int rc = 0;
    if (step == 1) {
        if (stop < start)
            stop = start;
        rc = ba_splice(o, start, stop, tmp, n);
    } else if (value == NULL) {
        /* delete an extended slice: compact the kept bytes */
        if (count > 0) {
            char *p = BA(o)->ob_bytes;
            wf_ssize_t len = WF_SIZE(o), w = 0;
            if (step < 0) {
                start = start + step * (count - 1);
                step = -step;
            }
            for (wf_ssize_t i = 0; i < len; i++) {
                if (i >= start && (i - start) % step == 0 && (i - start) / step < count)
                    continue;
                p[w++] = p[i];
            }
            rc = ba_resize(o, w);
        }
    } else if (n != count) {
        wf_err_format(wf_exc_ValueError,
                      "attempt to assign bytes of size %zd to extended slice of size %zd", n, count);
        rc = -1;
    } else {
        for (wf_ssize_t k = 0, i = start; k < count; k++, i += step)
            BA(o)->ob_bytes[i] = tmp[k];
    }
    wf_mem_free(tmp);
    return rc;
}

static int ba_ass_subscript_lock_held(WfObject *o, WfObject *key, WfObject *value) {
    if (wf_index_check(key)) {
        wf_ssize_t i = wf_number_as_ssize(key, wf_exc_IndexError);
        if (i == -1 && wf_err_occurred())
            return -1;
        /* The value first, as CPython: its __index__ may resize o. */
        char c;
        if (value != NULL && byte_value(value, &c) < 0)
            return -1;
        if (i < 0)
            i += WF_SIZE(o);
        if (i < 0 || i >= WF_SIZE(o)) {
            wf_err_set_string(wf_exc_IndexError, "bytearray index out of range");
            return -1;
        }
        if (value == NULL)
            return ba_splice(o, i, i + 1, NULL, 0);
        BA(o)->ob_bytes[i] = c;
        return 0;
    }
    if (wf_slice_check(key))
        return ba_ass_slice(o, key, value);
    wf_err_format(wf_exc_TypeError, "bytearray indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(key)));
    return -1;
}

static int ba_ass_item_lock_held(WfObject *o, wf_ssize_t i, WfObject *value) {
    WfObject *k = wf_int_from_ssize(i);
    if (k == NULL)
        return -1;
    int r = ba_ass_subscript_lock_held(o, k, value);
    wf_decref(k);
    return r;
}

static int ba_contains_lock_held(WfObject *o, WfObject *x) {
    if (wf_index_check(x)) {
        char c;
        if (byte_value(x, &c) < 0)   /* may run __index__, which may resize o */
            return -1;
        return WF_SIZE(o) > 0 && memchr(BA(o)->ob_bytes, (unsigned char)c, (size_t)WF_SIZE(o)) != NULL;
    }
    const char *d = BA(o)->ob_bytes ? BA(o)->ob_bytes : "";
    wf_ssize_t n = WF_SIZE(o);
    const char *sd;
    wf_ssize_t sn;
    if (wf_bytes_like_data(x, &sd, &sn) < 0) {
        wf_err_format(wf_exc_TypeError, "a bytes-like object is required, not '%s'",
                      wf_type_name(WF_TYPE(x)));
        return -1;
    }
    return sn == 0 || memmem(d, (size_t)n, sd, (size_t)sn) != NULL;
}

static WfObject *ba_iter(WfObject *o) { return wf_bytes_iter_new(o, &wf_bytearray_iter_type); }

/* ---- mutating methods ---------------------------------------------------- */

static WfObject *ba_append_method_lock_held(WfObject *self, WfObject *arg) {
    char c;
    if (byte_value(arg, &c) < 0)
        return NULL;
    wf_ssize_t n = WF_SIZE(self);
    if (ba_resize(self, n + 1) < 0)
        return NULL;
    BA(self)->ob_bytes[n] = c;
    WF_RETURN_NONE;
}

static WfObject *ba_extend_method_lock_held(WfObject *self, WfObject *arg) {
    const char *d;
    wf_ssize_t n;
    char *tmp = NULL;
    if (wf_bytes_like_data(arg, &d, &n) == 0) {
        WfObject *r = ba_inplace_concat_lock_held(self, arg);
        if (r == NULL)
            return NULL;
        wf_decref(r);
        WF_RETURN_NONE;
    }
    if (wf_index_check(arg) && !wf_str_check(arg))
        return wf_err_format(wf_exc_TypeError, "can't extend bytearray with %s",
                             wf_type_name(WF_TYPE(arg)));
    if (wf_bytes_collect_iterable(arg, &tmp, &n) < 0)
        return NULL;
    wf_ssize_t len = WF_SIZE(self);
    int rc = ba_splice(self, len, len, tmp, n);
    wf_mem_free(tmp);
    if (rc < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *ba_pop_method_lock_held(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("pop", nargs, 0, 1) < 0)
        return NULL;
    wf_ssize_t i = -1;
    if (nargs == 1 && wf_args_as_ssize(args[0], &i) < 0)
        return NULL;
    wf_ssize_t n = WF_SIZE(self);   /* after the index's __index__, which may resize self */
    if (n == 0) {
        wf_err_set_string(wf_exc_IndexError, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        wf_err_set_string(wf_exc_IndexError, "pop index out of range");
        return NULL;
    }
    unsigned char c = (unsigned char)BA(self)->ob_bytes[i];
    if (ba_splice(self, i, i + 1, NULL, 0) < 0)
        return NULL;
    return wf_int_from_int64(c);
}

static WfObject *ba_insert_method_lock_held(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("insert", nargs, 2, 2) < 0)
        return NULL;
    wf_ssize_t i;
    char c;
    if (wf_args_as_ssize(args[0], &i) < 0 || byte_value(args[1], &c) < 0)
        return NULL;
    wf_ssize_t n = WF_SIZE(self);   /* after the arguments' __index__, which may resize self */
    if (i < 0 && (i += n) < 0)
        i = 0;
    if (i > n)
        i = n;
    if (ba_splice(self, i, i, &c, 1) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *ba_remove_method_lock_held(WfObject *self, WfObject *arg) {
    char c;
    if (byte_value(arg, &c) < 0)
        return NULL;
    const char *d = BA(self)->ob_bytes;
    const char *q = d ? memchr(d, (unsigned char)c, (size_t)WF_SIZE(self)) : NULL;
    if (q == NULL) {
        wf_err_set_string(wf_exc_ValueError, "value not found in bytearray");
        return NULL;
    }
    if (ba_splice(self, q - d, q - d + 1, NULL, 0) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *ba_clear_method_lock_held(WfObject *self, WfObject *unused) {
    if (ba_resize(self, 0) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *ba_copy_method_lock_held(WfObject *self, WfObject *unused) {
    return wf_bytearray_from_data(BA(self)->ob_bytes, WF_SIZE(self));
}

static WfObject *ba_reverse_method_lock_held(WfObject *self, WfObject *unused) {
    char *p = BA(self)->ob_bytes;
    for (wf_ssize_t i = 0, j = WF_SIZE(self) - 1; i < j; i++, j--) {
        char t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    WF_RETURN_NONE;
}

/* ---- the locked entry points ------------------------------------------- */

/* The other operand to lock with o: other when it is a bytearray too. */
static inline WfObject *partner(WfObject *o, WfObject *other) {
    return other != NULL && wf_bytearray_check(other) ? other : o;
}

static WfObject *ba_repr(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_repr_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *ba_richcompare(WfObject *a, WfObject *b, int op) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(partner(b, a), partner(a, b));
    r = ba_richcompare_lock_held(a, b, op);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *ba_concat(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_concat_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *ba_inplace_concat(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_inplace_concat_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *ba_repeat(WfObject *self, wf_ssize_t n) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_repeat_lock_held(self, n);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *ba_inplace_repeat(WfObject *self, wf_ssize_t n) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_inplace_repeat_lock_held(self, n);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *ba_item(WfObject *self, wf_ssize_t n) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_item_lock_held(self, n);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *ba_subscript(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_subscript_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static int ba_ass_subscript(WfObject *self, WfObject *key, WfObject *value) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(self, value != NULL ? partner(self, value) : self);
    r = ba_ass_subscript_lock_held(self, key, value);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static int ba_ass_item(WfObject *self, wf_ssize_t i, WfObject *value) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_ass_item_lock_held(self, i, value);
    WF_END_CRITICAL_SECTION();
    return r;
}

static int ba_contains(WfObject *self, WfObject *x) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, x));
    r = ba_contains_lock_held(self, x);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static int ba_init(WfObject *self, WfObject *args, WfObject *kwargs) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_init_lock_held(self, args, kwargs);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfObject *wf_bytearray_append_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_append_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

WfObject *wf_bytearray_extend_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_extend_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

WfObject *wf_bytearray_pop_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_pop_method_lock_held(self, args, nargs);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfObject *wf_bytearray_insert_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = ba_insert_method_lock_held(self, args, nargs);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfObject *wf_bytearray_remove_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_remove_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

WfObject *wf_bytearray_clear_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_clear_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

WfObject *wf_bytearray_copy_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_copy_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

WfObject *wf_bytearray_reverse_method(WfObject *self, WfObject *arg) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(self, partner(self, arg));
    r = ba_reverse_method_lock_held(self, arg);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static wf_ssize_t ba_length(WfObject *o) {
    return __atomic_load_n(&BA(o)->ob_base.ob_size, __ATOMIC_RELAXED);
}

WfTypeObject wf_bytearray_type = {
    .tp_name = "bytearray",
    .tp_basicsize = sizeof(WfByteArrayObject),
    .tp_flags = WF_TPFLAGS_BASETYPE,
    .tp_doc = "bytearray(iterable_of_ints) -> bytearray\n"
              "bytearray(string, encoding[, errors]) -> bytearray\n"
              "bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
              "bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n"
              "bytearray() -> empty bytes array",
    .tp_dealloc = ba_dealloc,
    .tp_repr = ba_repr,
    .tp_str = ba_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = ba_richcompare,
    .tp_iter = ba_iter,
    .tp_new = ba_new,
    .tp_init = ba_init,
    .nb_remainder = wf_bytes_percent_format,
    .sq_length = ba_length,
    .sq_concat = ba_concat,
    .sq_repeat = ba_repeat,
    .sq_item = ba_item,
    .sq_ass_item = ba_ass_item,
    .sq_contains = ba_contains,
    .sq_inplace_concat = ba_inplace_concat,
    .sq_inplace_repeat = ba_inplace_repeat,
    .mp_length = ba_length,
    .mp_subscript = ba_subscript,
    .mp_ass_subscript = ba_ass_subscript,
    .tp_methods = wf_bytearray_methods,
};
