/* bytes_methods.c — methods shared by bytes and bytearray (CPython 3.11
 * semantics and messages). Each works on the receiver's (data, len) and
 * builds results of the receiver's kind (bytes for bytes, bytearray for
 * bytearray). Character classes and case are ASCII-only, as in CPython.
 *
 * A bytearray's buffer may move when Python code runs; these methods read
 * it only between calls that cannot run Python code, or copy it first.
 */
#include <string.h>

#include "runtime/objects/str_impl.h"
#include "runtime/objects/lockfree.h"

static void view(WfObject *self, const char **d, wf_ssize_t *n) {
    wf_bytes_like_data(self, d, n);
}

/* A result of self's kind with the given contents. */
static WfObject *make(WfObject *self, const char *d, wf_ssize_t n) {
    if (wf_bytearray_check(self))
        return wf_bytearray_from_data(d, n);
    if (wf_bytes_check_exact(self) && n == WF_BYTES_SIZE(self) && d == WF_BYTES_AS_STRING(self))
        return wf_newref(self);
    return wf_bytes_from_data(d, n);
}

static WfObject *need_bytes_like(WfObject *o, const char **d, wf_ssize_t *n) {
    if (wf_bytes_like_data(o, d, n) == 0)
        return o;
    return wf_err_format(wf_exc_TypeError, "a bytes-like object is required, not '%s'",
                         wf_type_name(WF_TYPE(o)));
}

static bool is_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }
static bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(unsigned char c) { return is_lower(c) || is_upper(c); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }

/* ======================================================================
 * Searching
 * ====================================================================== */

typedef struct Sub {
    const char *p;
    wf_ssize_t n;
    char byte;
} Sub;

/* The needle: an int in range(256) or a bytes-like object. */
static int get_sub(WfObject *o, Sub *s) {
    if (wf_index_check(o)) {
        wf_ssize_t v = wf_number_as_ssize(o, NULL);
        if (v == -1 && wf_err_occurred())
            return -1;
        if (v < 0 || v > 255) {
            wf_err_set_string(wf_exc_ValueError, "byte must be in range(0, 256)");
            return -1;
        }
        s->byte = (char)v;
        s->p = &s->byte;
        s->n = 1;
        return 0;
    }
    if (wf_bytes_like_data(o, &s->p, &s->n) == 0)
        return 0;
    wf_err_format(wf_exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                  wf_type_name(WF_TYPE(o)));
    return -1;
}

/* (sub[, start[, end]]) -> needle and clamped window; 1 when start > len. */
static int find_args(const char *fname, WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                     Sub *sub, wf_ssize_t *start, wf_ssize_t *end) {
    if (nargs < 1 || nargs > 3) {
        wf_err_format(wf_exc_TypeError, "%s() takes at %s %d argument%s (%zd given)", fname,
                      nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    const char *d;
    wf_ssize_t len, s = 0, e = WF_SSIZE_T_MAX;
    if ((nargs > 1 && wf_args_slice_index(args[1], &s) < 0) ||
        (nargs > 2 && wf_args_slice_index(args[2], &e) < 0))
        return -1;
    if (sub != NULL && get_sub(args[0], sub) < 0)
        return -1;
    /* Only now: an argument's __index__ may have resized a bytearray self. */
    view(self, &d, &len);
    if (e > len)
        e = len;
    else if (e < 0 && (e += len) < 0)
        e = 0;
    if (s < 0 && (s += len) < 0)
        s = 0;
    *start = s;
    *end = e;
    return s > len ? 1 : 0;
}

static const char *rmem(const char *h, wf_ssize_t hn, const char *n, wf_ssize_t nn) {
    if (nn == 0)
        return h + hn;
    for (wf_ssize_t i = hn - nn; i >= 0; i--)
        if (h[i] == n[0] && memcmp(h + i, n, (size_t)nn) == 0)
            return h + i;
    return NULL;
}

static WfObject *do_find(const char *fname, WfObject *self, WfObject *const *args,
                         wf_ssize_t nargs, bool reverse, bool raise) {
    Sub sub;
    wf_ssize_t s, e;
    int r = find_args(fname, self, args, nargs, &sub, &s, &e);
    if (r < 0)
        return NULL;
    wf_ssize_t pos = -1;
    if (r == 0 && e - s >= sub.n) {
        const char *d;
        wf_ssize_t len;
        view(self, &d, &len);
        const char *q = reverse ? rmem(d + s, e - s, sub.p, sub.n)
                        : sub.n == 0 ? d + s
                                     : memmem(d + s, (size_t)(e - s), sub.p, (size_t)sub.n);
        if (q)
            pos = q - d;
    }
    if (pos < 0 && raise) {
        wf_err_set_string(wf_exc_ValueError, "subsection not found");
        return NULL;
    }
    return wf_int_from_ssize(pos);
}

static WfObject *b_find(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_find("find", s, a, n, false, false); }
static WfObject *b_rfind(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_find("rfind", s, a, n, true, false); }
static WfObject *b_index(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_find("index", s, a, n, false, true); }
static WfObject *b_rindex(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_find("rindex", s, a, n, true, true); }

static WfObject *b_count(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    Sub sub;
    wf_ssize_t s, e;
    int r = find_args("count", self, args, nargs, &sub, &s, &e);
    if (r < 0)
        return NULL;
    if (r == 1 || e < s)
        return wf_int_from_ssize(0);
    if (sub.n == 0)
        return wf_int_from_ssize(e - s + 1);
    const char *d;
    wf_ssize_t len, count = 0;
    view(self, &d, &len);
    const char *p = d + s, *end = d + e;
    while (end - p >= sub.n) {
        const char *q = memmem(p, (size_t)(end - p), sub.p, (size_t)sub.n);
        if (q == NULL)
            break;
        count++;
        p = q + sub.n;
    }
    return wf_int_from_ssize(count);
}

static int tail_match(const char *d, wf_ssize_t s, wf_ssize_t e, const char *p, wf_ssize_t n,
                      bool at_end) {
    if (e - s < n || e < s)
        return 0;
    return memcmp(d + (at_end ? e - n : s), p, (size_t)n) == 0;
}

static WfObject *do_startsend(const char *fname, WfObject *self, WfObject *const *args,
                              wf_ssize_t nargs, bool at_end) {
    wf_ssize_t s, e;
    int r = find_args(fname, self, args, nargs, NULL, &s, &e);
    if (r < 0)
        return NULL;
    const char *d, *p;
    wf_ssize_t len, n;
    view(self, &d, &len);
    WfObject *x = args[0];
    if (wf_tuple_check(x)) {
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(x); i++) {
            WfObject *item = WF_TUPLE_ITEM(x, i);
            if (wf_bytes_like_data(item, &p, &n) < 0)
                return wf_err_format(wf_exc_TypeError, "a bytes-like object is required, not '%s'",
                                     wf_type_name(WF_TYPE(item)));
            if (r == 0 && tail_match(d, s, e, p, n, at_end))
                WF_RETURN_TRUE;
        }
        WF_RETURN_FALSE;
    }
    if (wf_bytes_like_data(x, &p, &n) < 0)
        return wf_err_format(wf_exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s",
                             fname, wf_type_name(WF_TYPE(x)));
    return wf_bool_from_long(r == 0 && tail_match(d, s, e, p, n, at_end));
}

static WfObject *b_startswith(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_startsend("startswith", s, a, n, false); }
static WfObject *b_endswith(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_startsend("endswith", s, a, n, true); }

/* ======================================================================
 * split, join, partition, splitlines
 * ====================================================================== */

static int append_piece(WfObject *list, WfObject *self, const char *p, wf_ssize_t n) {
    WfObject *o = make(self, p, n);
    if (o == NULL)
        return -1;
    int r = wf_list_append(list, o);
    wf_decref(o);
    return r;
}

static WfObject *do_split(const char *fname, WfObject *self, WfObject *const *args,
                          wf_ssize_t nargs, WfObject *kwnames, bool reverse) {
    static const char *const names[] = {"sep", "maxsplit"};
    WfObject *a[2];
    if (wf_args_parse_kw(fname, args, nargs, kwnames, names, 2, a) < 0)
        return NULL;
    wf_ssize_t maxsplit = -1;
    if (a[1] != NULL && wf_args_as_ssize(a[1], &maxsplit) < 0)
        return NULL;
    if (maxsplit < 0)
        maxsplit = WF_SSIZE_T_MAX;
    const char *sep = NULL;
    wf_ssize_t sn = 0;
    if (a[0] != NULL && a[0] != WF_NONE) {
        if (need_bytes_like(a[0], &sep, &sn) == NULL)
            return NULL;
        if (sn == 0) {
            wf_err_set_string(wf_exc_ValueError, "empty separator");
            return NULL;
        }
    }
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    if (sep == NULL && !reverse) {
        wf_ssize_t i = 0;
        for (;;) {
            while (i < n && is_space((unsigned char)d[i]))
                i++;
            if (i >= n)
                break;
            wf_ssize_t j = i;
            if (maxsplit-- == 0)
                j = n;
            else
                while (j < n && !is_space((unsigned char)d[j]))
                    j++;
            if (append_piece(list, self, d + i, j - i) < 0)
                goto fail;
            i = j;
        }
    } else if (sep == NULL) {
        wf_ssize_t i = n;
        for (;;) {
            while (i > 0 && is_space((unsigned char)d[i - 1]))
                i--;
            if (i <= 0)
                break;
            wf_ssize_t j = i;
            if (maxsplit-- == 0)
                j = 0;
            else
                while (j > 0 && !is_space((unsigned char)d[j - 1]))
                    j--;
            if (append_piece(list, self, d + j, i - j) < 0)
                goto fail;
            i = j;
        }
        if (wf_list_reverse(list) < 0)
            goto fail;
    } else if (!reverse) {
        wf_ssize_t i = 0;
        while (maxsplit-- != 0) {
            const char *q = memmem(d + i, (size_t)(n - i), sep, (size_t)sn);
            if (q == NULL)
                break;
            if (append_piece(list, self, d + i, (q - d) - i) < 0)
                goto fail;
            i = (q - d) + sn;
        }
        if (append_piece(list, self, d + i, n - i) < 0)
            goto fail;
    } else {
        wf_ssize_t i = n;
        while (maxsplit-- != 0) {
            const char *q = rmem(d, i, sep, sn);
            if (q == NULL)
                break;
            if (append_piece(list, self, q + sn, i - ((q - d) + sn)) < 0)
                goto fail;
            i = q - d;
        }
        if (append_piece(list, self, d, i) < 0 || wf_list_reverse(list) < 0)
            goto fail;
    }
    return list;
fail:
    wf_decref(list);
    return NULL;
}

static WfObject *b_split(WfObject *s, WfObject *const *a, wf_ssize_t n, WfObject *k) { return do_split("split", s, a, n, k, false); }
static WfObject *b_rsplit(WfObject *s, WfObject *const *a, wf_ssize_t n, WfObject *k) { return do_split("rsplit", s, a, n, k, true); }

static WfObject *b_splitlines(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                              WfObject *kwnames) {
    static const char *const names[] = {"keepends"};
    WfObject *a[1];
    if (wf_args_parse_kw("splitlines", args, nargs, kwnames, names, 1, a) < 0)
        return NULL;
    int keep = 0;
    if (a[0] != NULL && (keep = wf_object_is_true(a[0])) < 0)
        return NULL;
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d;
    wf_ssize_t n, i = 0;
    view(self, &d, &n);
    while (i < n) {
        wf_ssize_t start = i;
        while (i < n && d[i] != '\n' && d[i] != '\r')
            i++;
        wf_ssize_t eol = i;
        if (i < n) {
            if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
                i += 2;
            else
                i++;
        }
        if (append_piece(list, self, d + start, (keep ? i : eol) - start) < 0) {
            wf_decref(list);
            return NULL;
        }
    }
    return list;
}

static WfObject *b_join(WfObject *self, WfObject *iterable) {
    WfObject *seq = wf_sequence_tuple(iterable);
    if (seq == NULL) {
        if (wf_err_exception_matches(wf_exc_TypeError)) {
            wf_err_clear();
            wf_err_set_string(wf_exc_TypeError, "can only join an iterable");
        }
        return NULL;
    }
    /* Bytearray items are copied in their sections before the separator is
     * read: entering a contended section suspends self's (descr.c). */
    if (wf_objects_are_shared()) {
        WfObject *stable = wf_bytearray_stable_items(seq);
        wf_decref(seq);
        if (stable == NULL)
            return NULL;
        seq = stable;
    }
    const char *sep;
    wf_ssize_t sn, total = 0, n = WF_TUPLE_SIZE(seq);
    view(self, &sep, &sn);
    for (wf_ssize_t i = 0; i < n; i++) {
        const char *p;
        wf_ssize_t len;
        WfObject *item = WF_TUPLE_ITEM(seq, i);
        if (wf_bytes_like_data(item, &p, &len) < 0) {
            wf_err_format(wf_exc_TypeError, "sequence item %zd: expected a bytes-like object, %s found",
                          i, wf_type_name(WF_TYPE(item)));
            wf_decref(seq);
            return NULL;
        }
        total += len + (i ? sn : 0);
    }
    char *buf = wf_mem_malloc((size_t)total + 1);
    if (buf == NULL) {
        wf_decref(seq);
        return wf_err_no_memory();
    }
    char *o = buf;
    for (wf_ssize_t i = 0; i < n; i++) {
        const char *p;
        wf_ssize_t len;
        wf_bytes_like_data(WF_TUPLE_ITEM(seq, i), &p, &len);
        if (i) {
            memcpy(o, sep, (size_t)sn);
            o += sn;
        }
        memcpy(o, p, (size_t)len);
        o += len;
    }
    wf_decref(seq);
    WfObject *r = wf_bytearray_check(self) ? wf_bytearray_from_data(buf, total)
                                           : wf_bytes_from_data(buf, total);
    wf_mem_free(buf);
    return r;
}

static WfObject *do_partition(WfObject *self, WfObject *sepobj, bool reverse) {
    const char *sep, *d;
    wf_ssize_t sn, n;
    WfObject *keep;   /* a bytearray separator's copy (not WF_METH_STABLE_ARGS: see the table) */
    if (wf_bytes_like_data_stable(sepobj, &sep, &sn, &keep) < 0)
        return need_bytes_like(sepobj, &sep, &sn);
    if (sn == 0) {
        wf_xdecref(keep);
        wf_err_set_string(wf_exc_ValueError, "empty separator");
        return NULL;
    }
    view(self, &d, &n);
    const char *q = reverse ? rmem(d, n, sep, sn) : memmem(d, (size_t)n, sep, (size_t)sn);
    WfObject *x, *y, *z;
    if (q == NULL) {
        x = reverse ? make(self, "", 0) : make(self, d, n);
        y = make(self, "", 0);
        z = reverse ? make(self, d, n) : make(self, "", 0);
    } else {
        x = make(self, d, q - d);
        /* bytes returns the separator object itself, as CPython does */
        y = wf_bytearray_check(self) ? wf_bytearray_from_data(sep, sn) : wf_newref(sepobj);
        z = make(self, q + sn, n - ((q - d) + sn));
    }
    WfObject *t = (x && y && z) ? wf_tuple_pack(3, x, y, z) : NULL;
    wf_xdecref(x);
    wf_xdecref(y);
    wf_xdecref(z);
    wf_xdecref(keep);
    return t;
}

static WfObject *b_partition(WfObject *s, WfObject *sep) { return do_partition(s, sep, false); }
static WfObject *b_rpartition(WfObject *s, WfObject *sep) { return do_partition(s, sep, true); }

/* ======================================================================
 * strip, replace, affixes
 * ====================================================================== */

static WfObject *do_strip(const char *fname, WfObject *self, WfObject *const *args,
                          wf_ssize_t nargs, bool left, bool right) {
    if (wf_args_check_nargs(fname, nargs, 0, 1) < 0)
        return NULL;
    const char *chars = NULL, *d;
    wf_ssize_t cn = 0, n;
    if (nargs == 1 && args[0] != WF_NONE && need_bytes_like(args[0], &chars, &cn) == NULL)
        return NULL;
    view(self, &d, &n);
    wf_ssize_t i = 0, j = n;
#define STRIPPED(c) (chars ? memchr(chars, (unsigned char)(c), (size_t)cn) != NULL : is_space((unsigned char)(c)))
    if (left)
        while (i < j && STRIPPED(d[i]))
            i++;
    if (right)
        while (j > i && STRIPPED(d[j - 1]))
            j--;
#undef STRIPPED
    return make(self, d + i, j - i);
}

static WfObject *b_strip(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_strip("strip", s, a, n, true, true); }
static WfObject *b_lstrip(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_strip("lstrip", s, a, n, true, false); }
static WfObject *b_rstrip(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_strip("rstrip", s, a, n, false, true); }

static WfObject *b_replace(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("replace", nargs, 2, 3) < 0)
        return NULL;
    const char *old, *new, *d;
    wf_ssize_t on, nn, n, count = -1;
    /* count first: its __index__ may resize a bytearray old, new or self,
     * whose buffers are read only after it (none runs code from then on). */
    if (nargs == 3 && wf_args_as_ssize(args[2], &count) < 0)
        return NULL;
    if (need_bytes_like(args[0], &old, &on) == NULL || need_bytes_like(args[1], &new, &nn) == NULL)
        return NULL;
    if (count < 0)
        count = WF_SSIZE_T_MAX;
    view(self, &d, &n);
    WfStrBuilder out;  /* used as a plain byte buffer */
    wf_str_builder_init(&out);
    wf_ssize_t i = 0;
    if (on == 0) {
        while (count-- > 0) {
            wf_str_builder_append_ascii(&out, new, nn);
            if (i >= n)
                break;
            wf_str_builder_append_ascii(&out, d + i, 1);
            i++;
        }
    } else {
        while (count-- > 0) {
            const char *q = memmem(d + i, (size_t)(n - i), old, (size_t)on);
            if (q == NULL)
                break;
            wf_str_builder_append_ascii(&out, d + i, (q - d) - i);
            wf_str_builder_append_ascii(&out, new, nn);
            i = (q - d) + on;
        }
    }
    wf_str_builder_append_ascii(&out, d + i, n - i);
    if (out.failed) {
        wf_str_builder_discard(&out);
        return wf_err_no_memory();
    }
    WfObject *r = make(self, out.buf ? out.buf : "", out.len);
    wf_str_builder_discard(&out);
    return r;
}

static WfObject *do_affix(WfObject *self, WfObject *affix, bool suffix) {
    const char *a, *d;
    wf_ssize_t an, n;
    if (need_bytes_like(affix, &a, &an) == NULL)
        return NULL;
    view(self, &d, &n);
    if (an <= n && memcmp(d + (suffix ? n - an : 0), a, (size_t)an) == 0)
        return suffix ? make(self, d, n - an) : make(self, d + an, n - an);
    return make(self, d, n);
}

static WfObject *b_removeprefix(WfObject *s, WfObject *a) { return do_affix(s, a, false); }
static WfObject *b_removesuffix(WfObject *s, WfObject *a) { return do_affix(s, a, true); }

/* ======================================================================
 * Case and classes (ASCII)
 * ====================================================================== */

enum BCase { B_UPPER, B_LOWER, B_SWAP, B_TITLE, B_CAPITALIZE };

static WfObject *do_case(WfObject *self, enum BCase op) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    char *buf = wf_mem_malloc((size_t)n + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    bool prev_cased = false;
    for (wf_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        bool up;
        switch (op) {
        case B_UPPER: up = true; break;
        case B_LOWER: up = false; break;
        case B_SWAP: up = is_lower(c); break;
        case B_TITLE: up = !prev_cased; break;
        default: up = i == 0; break;
        }
        prev_cased = is_alpha(c);
        if (up && is_lower(c))
            c -= 32;
        else if (!up && is_upper(c))
            c += 32;
        buf[i] = (char)c;
    }
    WfObject *r = wf_bytearray_check(self) ? wf_bytearray_from_data(buf, n) : wf_bytes_from_data(buf, n);
    wf_mem_free(buf);
    return r;
}

static WfObject *b_upper(WfObject *s, WfObject *u) { return do_case(s, B_UPPER); }
static WfObject *b_lower(WfObject *s, WfObject *u) { return do_case(s, B_LOWER); }
static WfObject *b_swapcase(WfObject *s, WfObject *u) { return do_case(s, B_SWAP); }
static WfObject *b_title(WfObject *s, WfObject *u) { return do_case(s, B_TITLE); }
static WfObject *b_capitalize(WfObject *s, WfObject *u) { return do_case(s, B_CAPITALIZE); }

static WfObject *all_of(WfObject *self, bool (*pred)(unsigned char)) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    if (n == 0)
        WF_RETURN_FALSE;
    for (wf_ssize_t i = 0; i < n; i++)
        if (!pred((unsigned char)d[i]))
            WF_RETURN_FALSE;
    WF_RETURN_TRUE;
}

static WfObject *b_isspace(WfObject *s, WfObject *u) { return all_of(s, is_space); }
static WfObject *b_isalpha(WfObject *s, WfObject *u) { return all_of(s, is_alpha); }
static WfObject *b_isalnum(WfObject *s, WfObject *u) { return all_of(s, is_alnum); }
static WfObject *b_isdigit(WfObject *s, WfObject *u) { return all_of(s, is_digit); }

static WfObject *b_isascii(WfObject *self, WfObject *u) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    for (wf_ssize_t i = 0; i < n; i++)
        if ((unsigned char)d[i] >= 0x80)
            WF_RETURN_FALSE;
    WF_RETURN_TRUE;
}

static WfObject *cased_check(WfObject *self, bool want_upper) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    bool cased = false;
    for (wf_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (want_upper ? is_lower(c) : is_upper(c))
            WF_RETURN_FALSE;
        if (want_upper ? is_upper(c) : is_lower(c))
            cased = true;
    }
    return wf_bool_from_long(cased);
}

static WfObject *b_isupper(WfObject *s, WfObject *u) { return cased_check(s, true); }
static WfObject *b_islower(WfObject *s, WfObject *u) { return cased_check(s, false); }

static WfObject *b_istitle(WfObject *self, WfObject *u) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    bool cased = false, prev = false;
    for (wf_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (is_upper(c)) {
            if (prev)
                WF_RETURN_FALSE;
            prev = cased = true;
        } else if (is_lower(c)) {
            if (!prev)
                WF_RETURN_FALSE;
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return wf_bool_from_long(cased);
}

/* ======================================================================
 * Padding, tabs
 * ====================================================================== */

static WfObject *pad(WfObject *self, wf_ssize_t left, wf_ssize_t right, char fill) {
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    if (left < 0)
        left = 0;
    if (right < 0)
        right = 0;
    if (left == 0 && right == 0)
        return make(self, d, n);
    char *buf = wf_mem_malloc((size_t)(left + n + right) + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    memset(buf, fill, (size_t)left);
    memcpy(buf + left, d, (size_t)n);
    memset(buf + left + n, fill, (size_t)right);
    WfObject *r = wf_bytearray_check(self) ? wf_bytearray_from_data(buf, left + n + right)
                                           : wf_bytes_from_data(buf, left + n + right);
    wf_mem_free(buf);
    return r;
}

static WfObject *do_just(const char *fname, WfObject *self, WfObject *const *args,
                         wf_ssize_t nargs, int mode) {
    if (wf_args_check_nargs(fname, nargs, 1, 2) < 0)
        return NULL;
    wf_ssize_t width;
    if (wf_args_as_ssize(args[0], &width) < 0)
        return NULL;
    char fill = ' ';
    if (nargs == 2) {
        const char *f;
        wf_ssize_t fn;
        if (wf_bytes_like_data(args[1], &f, &fn) < 0 || fn != 1)
            return wf_err_format(wf_exc_TypeError,
                                 "%s() argument 2 must be a byte string of length 1, not %s", fname,
                                 wf_type_name(WF_TYPE(args[1])));
        fill = f[0];
    }
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    wf_ssize_t marg = width - n;
    if (marg <= 0)
        return make(self, d, n);
    if (mode < 0)
        return pad(self, 0, marg, fill);
    if (mode > 0)
        return pad(self, marg, 0, fill);
    wf_ssize_t left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

static WfObject *b_ljust(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("ljust", s, a, n, -1); }
static WfObject *b_rjust(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("rjust", s, a, n, 1); }
static WfObject *b_center(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("center", s, a, n, 0); }

static WfObject *b_zfill(WfObject *self, WfObject *arg) {
    wf_ssize_t width;
    if (wf_args_as_ssize(arg, &width) < 0)
        return NULL;
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    wf_ssize_t fill = width - n;
    if (fill <= 0)
        return make(self, d, n);
    WfObject *r = pad(self, fill, 0, '0');
    if (r == NULL)
        return NULL;
    char *o;
    wf_ssize_t rn;
    wf_bytes_like_data(r, (const char **)&o, &rn);
    if (o[fill] == '+' || o[fill] == '-') {  /* fresh object: not shared yet */
        o[0] = o[fill];
        o[fill] = '0';
    }
    return r;
}

static WfObject *b_expandtabs(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                              WfObject *kwnames) {
    static const char *const names[] = {"tabsize"};
    WfObject *a[1];
    if (wf_args_parse_kw("expandtabs", args, nargs, kwnames, names, 1, a) < 0)
        return NULL;
    wf_ssize_t tabsize = 8;
    if (a[0] != NULL && wf_args_as_ssize(a[0], &tabsize) < 0)
        return NULL;
    const char *d;
    wf_ssize_t n, col = 0;
    view(self, &d, &n);
    WfStrBuilder out;
    wf_str_builder_init(&out);
    for (wf_ssize_t i = 0; i < n; i++) {
        char c = d[i];
        if (c == '\t') {
            if (tabsize > 0) {
                wf_ssize_t k = tabsize - col % tabsize;
                col += k;
                while (k-- > 0)
                    wf_str_builder_append_ascii(&out, " ", 1);
            }
        } else {
            wf_str_builder_append_ascii(&out, &c, 1);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
    }
    WfObject *r = out.failed ? wf_err_no_memory() : make(self, out.buf ? out.buf : "", out.len);
    wf_str_builder_discard(&out);
    return r;
}

/* ======================================================================
 * decode, hex, fromhex, maketrans, translate
 * ====================================================================== */

static WfObject *b_decode(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                          WfObject *kwnames) {
    static const char *const names[] = {"encoding", "errors"};
    WfObject *a[2];
    if (wf_args_parse_kw("decode", args, nargs, kwnames, names, 2, a) < 0)
        return NULL;
    for (int k = 0; k < 2; k++)
        if (a[k] != NULL && !wf_str_check(a[k]))
            return wf_err_format(wf_exc_TypeError, "decode() argument '%s' must be str, not %s",
                                 names[k], wf_type_name(WF_TYPE(a[k])));
    return wf_bytes_decode_object(self, a[0] ? WF_STR_DATA(a[0]) : "utf-8",
                                  a[1] ? WF_STR_DATA(a[1]) : "strict");
}

static WfObject *b_hex(WfObject *self, WfObject *const *args, wf_ssize_t nargs, WfObject *kwnames) {
    static const char *const names[] = {"sep", "bytes_per_sep"};
    WfObject *a[2];
    if (wf_args_parse_kw("hex", args, nargs, kwnames, names, 2, a) < 0)
        return NULL;
    const char *sep = NULL;
    char sep_byte;   /* a copy: sep may be a bytearray */
    wf_ssize_t per = 1;
    /* bytes_per_sep first, as CPython: its __index__ may resize sep or self. */
    if (a[1] != NULL && wf_args_as_ssize(a[1], &per) < 0)
        return NULL;
    if (a[0] != NULL) {
        /* As CPython's _Py_strhex_impl: the length first (any object), then
         * the type (str or bytes only), then ASCII. */
        wf_ssize_t sn = wf_object_length(a[0]);
        if (sn < 0)
            return NULL;
        if (sn != 1)
            return wf_err_format(wf_exc_ValueError, "sep must be length 1.");
        unsigned int c;
        if (wf_str_check(a[0]))
            c = wf_str_read_char(a[0], 0);
        else if (wf_bytes_check(a[0]))
            c = (unsigned char)WF_BYTES_AS_STRING(a[0])[0];
        else
            return wf_err_format(wf_exc_TypeError, "sep must be str or bytes.");
        if (c >= 128)
            return wf_err_format(wf_exc_ValueError, "sep must be ASCII.");
        sep_byte = (char)c;
        sep = &sep_byte;
    }
    const char *d;
    wf_ssize_t n;
    view(self, &d, &n);
    static const char hexd[] = "0123456789abcdef";
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_ssize_t group = per < 0 ? -per : per;
    for (wf_ssize_t i = 0; i < n; i++) {
        if (sep && group > 0 && i > 0) {
            /* positive: groups counted from the right; negative: from the left */
            bool boundary = per > 0 ? (n - i) % group == 0 : i % group == 0;
            if (boundary)
                wf_str_builder_append_ascii(&b, sep, 1);
        }
        unsigned char c = (unsigned char)d[i];
        char h[2] = {hexd[c >> 4], hexd[c & 15]};
        wf_str_builder_append_ascii(&b, h, 2);
    }
    return wf_str_builder_finish(&b);
}

static int hexval(uint32_t c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

static WfObject *b_fromhex(WfObject *cls, WfObject *arg) {
    if (!wf_str_check(arg))
        return wf_err_format(wf_exc_TypeError, "fromhex() argument must be str, not %s",
                             wf_type_name(WF_TYPE(arg)));
    wf_ssize_t len = WF_STR_LENGTH(arg);
    char *buf = wf_mem_malloc((size_t)len / 2 + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    wf_ssize_t n = 0;
    for (wf_ssize_t i = 0; i < len;) {
        uint32_t c = wf_str_read_char(arg, i);
        if (wf_unicode_isspace(c)) {
            i++;
            continue;
        }
        int hi = hexval(c);
        int lo = i + 1 < len ? hexval(wf_str_read_char(arg, i + 1)) : -1;
        if (hi < 0 || lo < 0) {
            wf_mem_free(buf);
            return wf_err_format(wf_exc_ValueError,
                                 "non-hexadecimal number found in fromhex() arg at position %zd",
                                 hi < 0 ? i : i + 1);
        }
        buf[n++] = (char)(hi * 16 + lo);
        i += 2;
    }
    WfObject *r;
    if ((WfTypeObject *)cls == &wf_bytearray_type)
        r = wf_bytearray_from_data(buf, n);
    else
        r = wf_bytes_from_data(buf, n);
    wf_mem_free(buf);
    if (r != NULL && (WfTypeObject *)cls != &wf_bytes_type && (WfTypeObject *)cls != &wf_bytearray_type) {
        WfObject *sub = wf_object_call_one_arg(cls, r);
        wf_decref(r);
        r = sub;
    }
    return r;
}

static WfObject *b_maketrans(WfObject *unused, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("maketrans", nargs, 2, 2) < 0)
        return NULL;
    const char *f, *t;
    wf_ssize_t fn, tn;
    if (need_bytes_like(args[0], &f, &fn) == NULL || need_bytes_like(args[1], &t, &tn) == NULL)
        return NULL;
    if (fn != tn) {
        wf_err_set_string(wf_exc_ValueError, "maketrans arguments must have same length");
        return NULL;
    }
    char table[256];
    for (int i = 0; i < 256; i++)
        table[i] = (char)i;
    for (wf_ssize_t i = 0; i < fn; i++)
        table[(unsigned char)f[i]] = t[i];
    return wf_bytes_from_data(table, 256);
}

static WfObject *b_translate(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                             WfObject *kwnames) {
    static const char *const names[] = {"table", "delete"};
    WfObject *a[2];
    if (wf_args_parse_kw("translate", args, nargs, kwnames, names, 2, a) < 0)
        return NULL;
    if (a[0] == NULL)
        return wf_err_format(wf_exc_TypeError, "translate() missing required argument 'table' (pos 1)");
    const char *table = NULL, *del = NULL;
    wf_ssize_t tn = 0, dn = 0;
    if (a[0] != WF_NONE) {
        if (need_bytes_like(a[0], &table, &tn) == NULL)
            return NULL;
        if (tn != 256) {
            wf_err_set_string(wf_exc_ValueError, "translation table must be 256 characters long");
            return NULL;
        }
    }
    if (a[1] != NULL && need_bytes_like(a[1], &del, &dn) == NULL)
        return NULL;
    const char *d;
    wf_ssize_t n, k = 0;
    view(self, &d, &n);
    char *buf = wf_mem_malloc((size_t)n + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    for (wf_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (del && memchr(del, c, (size_t)dn))
            continue;
        buf[k++] = table ? table[c] : (char)c;
    }
    WfObject *r = wf_bytearray_check(self) ? wf_bytearray_from_data(buf, k) : wf_bytes_from_data(buf, k);
    wf_mem_free(buf);
    return r;
}

static WfObject *b_getnewargs(WfObject *self, WfObject *u) {
    WfObject *copy = wf_bytes_from_data(WF_BYTES_AS_STRING(self), WF_BYTES_SIZE(self));
    if (copy == NULL)
        return NULL;
    WfObject *t = wf_tuple_pack(1, copy);
    wf_decref(copy);
    return t;
}

static WfObject *b_bytes(WfObject *self, WfObject *u) {
    if (wf_bytes_check_exact(self))
        return wf_newref(self);
    return wf_bytes_from_data(WF_BYTES_AS_STRING(self), WF_BYTES_SIZE(self));
}

/* ======================================================================
 * Tables
 * ====================================================================== */

#define FAST WF_METH_FASTCALL
#define FASTKW (WF_METH_FASTCALL | WF_METH_KEYWORDS)

#define SHARED_METHODS(L)                                                             \
    {"capitalize", (void *)b_capitalize, WF_METH_NOARGS | L, NULL},                     \
    {"center", (void *)b_center, FAST | L, NULL},                                       \
    {"count", (void *)b_count, FAST | L, NULL},                                         \
    {"decode", (void *)b_decode, FASTKW | L, NULL},                                     \
    {"endswith", (void *)b_endswith, FAST | L, NULL},                                   \
    {"expandtabs", (void *)b_expandtabs, FASTKW | L, NULL},                             \
    {"find", (void *)b_find, FAST | L, NULL},                                           \
    {"fromhex", (void *)b_fromhex, WF_METH_O | WF_METH_CLASS, NULL},                \
    {"hex", (void *)b_hex, FASTKW | L, NULL},                                           \
    {"index", (void *)b_index, FAST | L, NULL},                                         \
    {"isalnum", (void *)b_isalnum, WF_METH_NOARGS | L, NULL},                           \
    {"isalpha", (void *)b_isalpha, WF_METH_NOARGS | L, NULL},                           \
    {"isascii", (void *)b_isascii, WF_METH_NOARGS | L, NULL},                           \
    {"isdigit", (void *)b_isdigit, WF_METH_NOARGS | L, NULL},                           \
    {"islower", (void *)b_islower, WF_METH_NOARGS | L, NULL},                           \
    {"isspace", (void *)b_isspace, WF_METH_NOARGS | L, NULL},                           \
    {"istitle", (void *)b_istitle, WF_METH_NOARGS | L, NULL},                           \
    {"isupper", (void *)b_isupper, WF_METH_NOARGS | L, NULL},                           \
    {"join", (void *)b_join, WF_METH_O | L, NULL},                                      \
    {"ljust", (void *)b_ljust, FAST | L, NULL},                                         \
    {"lower", (void *)b_lower, WF_METH_NOARGS | L, NULL},                               \
    {"lstrip", (void *)b_lstrip, FAST | L, NULL},                                       \
    {"maketrans", (void *)b_maketrans, FAST | WF_METH_STATIC, NULL},                \
    {"partition", (void *)b_partition, WF_METH_O | ((L) & ~WF_METH_STABLE_ARGS), NULL},  \
    {"removeprefix", (void *)b_removeprefix, WF_METH_O | L, NULL},                      \
    {"removesuffix", (void *)b_removesuffix, WF_METH_O | L, NULL},                      \
    {"replace", (void *)b_replace, FAST | L, NULL},                                     \
    {"rfind", (void *)b_rfind, FAST | L, NULL},                                         \
    {"rindex", (void *)b_rindex, FAST | L, NULL},                                       \
    {"rjust", (void *)b_rjust, FAST | L, NULL},                                         \
    {"rpartition", (void *)b_rpartition, WF_METH_O | ((L) & ~WF_METH_STABLE_ARGS), NULL}, \
    {"rsplit", (void *)b_rsplit, FASTKW | L, NULL},                                     \
    {"rstrip", (void *)b_rstrip, FAST | L, NULL},                                       \
    {"split", (void *)b_split, FASTKW | L, NULL},                                       \
    {"splitlines", (void *)b_splitlines, FASTKW | L, NULL},                             \
    {"startswith", (void *)b_startswith, FAST | L, NULL},                               \
    {"strip", (void *)b_strip, FAST | L, NULL},                                         \
    {"swapcase", (void *)b_swapcase, WF_METH_NOARGS | L, NULL},                         \
    {"title", (void *)b_title, WF_METH_NOARGS | L, NULL},                               \
    {"translate", (void *)b_translate, FASTKW | L, NULL},                               \
    {"upper", (void *)b_upper, WF_METH_NOARGS | L, NULL},                               \
    {"zfill", (void *)b_zfill, WF_METH_O | L, NULL}

WfMethodDef wf_bytes_methods[] = {
    SHARED_METHODS(WF_METH_STABLE_ARGS),
    {"__getnewargs__", (void *)b_getnewargs, WF_METH_NOARGS, NULL},
    {"__bytes__", (void *)b_bytes, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* The shared methods read the bytearray's buffer in place: in its critical
 * section (WF_METH_LOCK_SELF), so writers in other threads wait. Both
 * tables copy bytearray arguments first (WF_METH_STABLE_ARGS, descr.c),
 * except (r)partition, which returns bytes' separator object itself and
 * copies it for reading on its own. */
WfMethodDef wf_bytearray_methods[] = {
    SHARED_METHODS(WF_METH_LOCK_SELF | WF_METH_STABLE_ARGS),
    {"append", (void *)wf_bytearray_append_method, WF_METH_O, NULL},
    {"extend", (void *)wf_bytearray_extend_method, WF_METH_O, NULL},
    {"pop", (void *)wf_bytearray_pop_method, FAST, NULL},
    {"insert", (void *)wf_bytearray_insert_method, FAST, NULL},
    {"remove", (void *)wf_bytearray_remove_method, WF_METH_O, NULL},
    {"clear", (void *)wf_bytearray_clear_method, WF_METH_NOARGS, NULL},
    {"copy", (void *)wf_bytearray_copy_method, WF_METH_NOARGS, NULL},
    {"reverse", (void *)wf_bytearray_reverse_method, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
