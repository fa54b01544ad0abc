/* str_methods.c — the methods of str (CPython 3.11 semantics and messages).
 *
 * Searching works on UTF-8 bytes (a byte match of valid UTF-8 is a code
 * point match), then converts byte offsets back to code point indices;
 * ASCII strings skip every conversion. Methods that look at characters
 * (case, classes, whitespace) decode code points, with ASCII fast paths.
 * Results that equal the receiver return it unchanged when it is an exact
 * str, as CPython does.
 */
#include <string.h>

#include "runtime/objects/dict_internal.h"
#include "runtime/objects/str_impl.h"

#define DATA(o) WF_STR_DATA(o)
#define BLEN(o) WF_STR_BYTE_LENGTH(o)
#define LEN(o) WF_STR_LENGTH(o)

/* ======================================================================
 * Argument helpers
 * ====================================================================== */

/* Maps FASTCALL positional and keyword arguments onto names[0..n); missing
 * entries stay NULL. Messages are CPython's (argument clinic). */
int wf_args_parse_kw(const char *fname, WfObject *const *args, wf_ssize_t nargs, WfObject *kwnames,
                    const char *const *names, int n, WfObject **out) {
    for (int i = 0; i < n; i++)
        out[i] = NULL;
    if (nargs > n) {
        wf_err_format(wf_exc_TypeError, "%s() takes at most %d argument%s (%zd given)", fname, n,
                      n == 1 ? "" : "s", nargs);
        return -1;
    }
    for (wf_ssize_t i = 0; i < nargs; i++)
        out[i] = args[i];
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    for (wf_ssize_t k = 0; k < nkw; k++) {
        WfObject *key = WF_TUPLE_ITEM(kwnames, k);
        int found = -1;
        for (int i = 0; i < n; i++) {
            if (wf_str_equal_cstr(key, names[i])) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            wf_err_format(wf_exc_TypeError, "'%U' is an invalid keyword argument for %s()", key, fname);
            return -1;
        }
        if (found < nargs) {
            wf_err_format(wf_exc_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                          fname, names[found], found + 1);
            return -1;
        }
        out[found] = args[nargs + k];
    }
    return 0;
}

/* CPython's _PyArg_CheckPositional messages; 0 or -1. */
int wf_args_check_nargs(const char *name, wf_ssize_t nargs, wf_ssize_t min, wf_ssize_t max) {
    if (nargs < min) {
        wf_err_format(wf_exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                      min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        wf_err_format(wf_exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                      min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

int wf_args_as_ssize(WfObject *o, wf_ssize_t *out) {
    if (!wf_index_check(o)) {
        wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      wf_type_name(WF_TYPE(o)));
        return -1;
    }
    *out = wf_number_as_ssize(o, wf_exc_OverflowError);
    return (*out == -1 && wf_err_occurred()) ? -1 : 0;
}

/* A start/end argument: None keeps the default; indices clamp. */
int wf_args_slice_index(WfObject *o, wf_ssize_t *out) {
    if (o == NULL || o == WF_NONE)
        return 0;
    if (!wf_index_check(o)) {
        wf_err_set_string(wf_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    wf_ssize_t v = wf_number_as_ssize(o, NULL);
    if (v == -1 && wf_err_occurred())
        return -1;
    *out = v;
    return 0;
}

static WfObject *need_str(WfObject *o) {
    if (wf_str_check(o))
        return o;
    wf_err_format(wf_exc_TypeError, "must be str, not %s", wf_type_name(WF_TYPE(o)));
    return NULL;
}

/* A search window: code point range [cs, ce) and byte range [bs, be).
 * Returns 0, or 1 when start > len (nothing can match), or -1. */
typedef struct Window {
    wf_ssize_t cs, ce, bs, be;
} Window;

static int make_window(WfObject *self, WfObject *start, WfObject *end, Window *w) {
    wf_ssize_t len = LEN(self), s = 0, e = WF_SSIZE_T_MAX;
    if (wf_args_slice_index(start, &s) < 0 || wf_args_slice_index(end, &e) < 0)
        return -1;
    if (e > len)
        e = len;
    else if (e < 0 && (e += len) < 0)
        e = 0;
    if (s < 0 && (s += len) < 0)
        s = 0;
    w->cs = s;
    w->ce = e;
    if (s > len)
        return 1;
    w->bs = wf_str_offset_of(self, s);
    w->be = e <= s ? w->bs : wf_str_offset_of(self, e);
    return 0;
}

/* Parses (sub[, start[, end]]) for find & co. */
static int find_args(const char *fname, WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                     WfObject **sub, Window *w) {
    if (nargs < 1 || nargs > 3) {
        wf_err_format(wf_exc_TypeError, "%s() takes at %s %d argument%s (%zd given)", fname,
                      nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    *sub = args[0];
    return make_window(self, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, w);
}

static WfObject *substr_bytes(WfObject *s, wf_ssize_t b0, wf_ssize_t b1) {
    if (b0 == 0 && b1 == BLEN(s) && wf_str_check_exact(s))
        return wf_newref(s);
    return wf_str_from_valid_utf8(DATA(s) + b0, b1 - b0, WF_STR_IS_ASCII(s) ? b1 - b0 : -1);
}

/* ======================================================================
 * Searching
 * ====================================================================== */

static const char *rmemmem(const char *h, wf_ssize_t hn, const char *n, wf_ssize_t nn) {
    if (nn == 0)
        return h + hn;
    for (wf_ssize_t i = hn - nn; i >= 0; i--) {
        if (h[i] == n[0] && memcmp(h + i, n, (size_t)nn) == 0)
            return h + i;
    }
    return NULL;
}

/* Byte offset of sub in the window (from the left or right), or -1. */
static wf_ssize_t find_in(WfObject *self, WfObject *sub, const Window *w, bool reverse) {
    const char *base = DATA(self) + w->bs;
    wf_ssize_t hn = w->be - w->bs, nn = BLEN(sub);
    if (nn > hn)
        return -1;
    const char *r;
    if (reverse)
        r = rmemmem(base, hn, DATA(sub), nn);
    else
        r = nn == 0 ? base : memmem(base, (size_t)hn, DATA(sub), (size_t)nn);
    return r ? (wf_ssize_t)(r - DATA(self)) : -1;
}

static WfObject *do_find(const char *fname, WfObject *self, WfObject *const *args,
                         wf_ssize_t nargs, bool reverse, bool raise) {
    WfObject *sub;
    Window w;
    int r = find_args(fname, self, args, nargs, &sub, &w);
    if (r < 0 || need_str(sub) == NULL)
        return NULL;
    wf_ssize_t pos = -1;
    if (r == 0 && w.ce >= w.cs) {
        wf_ssize_t off = find_in(self, sub, &w, reverse);
        if (off >= 0)
            pos = w.cs + wf_utf8_count(DATA(self) + w.bs, off - w.bs);
    }
    if (pos < 0 && raise) {
        wf_err_set_string(wf_exc_ValueError, "substring not found");
        return NULL;
    }
    return wf_int_from_ssize(pos);
}

static WfObject *str_find(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_find("find", self, args, nargs, false, false);
}
static WfObject *str_rfind(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_find("rfind", self, args, nargs, true, false);
}
static WfObject *str_index(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_find("index", self, args, nargs, false, true);
}
static WfObject *str_rindex(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_find("rindex", self, args, nargs, true, true);
}

static WfObject *str_count(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfObject *sub;
    Window w;
    int r = find_args("count", self, args, nargs, &sub, &w);
    if (r < 0 || need_str(sub) == NULL)
        return NULL;
    if (r == 1 || w.ce < w.cs)
        return wf_int_from_ssize(0);
    if (BLEN(sub) == 0)
        return wf_int_from_ssize(w.ce - w.cs + 1);
    wf_ssize_t n = 0, nn = BLEN(sub);
    const char *p = DATA(self) + w.bs, *end = DATA(self) + w.be;
    while (end - p >= nn) {
        const char *q = memmem(p, (size_t)(end - p), DATA(sub), (size_t)nn);
        if (q == NULL)
            break;
        n++;
        p = q + nn;
    }
    return wf_int_from_ssize(n);
}

static int tail_match(WfObject *self, WfObject *sub, const Window *w, bool at_end) {
    wf_ssize_t nn = BLEN(sub), hn = w->be - w->bs;
    if (w->ce < w->cs)
        return 0;
    if (nn > hn)
        return 0;
    const char *p = DATA(self) + (at_end ? w->be - nn : w->bs);
    return memcmp(p, DATA(sub), (size_t)nn) == 0;
}

static WfObject *do_startsend(const char *fname, WfObject *self, WfObject *const *args,
                              wf_ssize_t nargs, bool at_end) {
    WfObject *prefix;
    Window w;
    int r = find_args(fname, self, args, nargs, &prefix, &w);
    if (r < 0)
        return NULL;
    if (wf_tuple_check(prefix)) {
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(prefix); i++) {
            WfObject *p = WF_TUPLE_ITEM(prefix, i);
            if (!wf_str_check(p))
                return wf_err_format(wf_exc_TypeError,
                                     "tuple for %s must only contain str, not %s", fname,
                                     wf_type_name(WF_TYPE(p)));
            if (r == 0 && tail_match(self, p, &w, at_end))
                WF_RETURN_TRUE;
        }
        WF_RETURN_FALSE;
    }
    if (!wf_str_check(prefix))
        return wf_err_format(wf_exc_TypeError, "%s first arg must be str or a tuple of str, not %s",
                             fname, wf_type_name(WF_TYPE(prefix)));
    return wf_bool_from_long(r == 0 && tail_match(self, prefix, &w, at_end));
}

static WfObject *str_startswith(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_startsend("startswith", self, args, nargs, false);
}
static WfObject *str_endswith(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_startsend("endswith", self, args, nargs, true);
}

/* ======================================================================
 * Splitting and joining
 * ====================================================================== */

static bool is_ascii_space(unsigned char c) {
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
}

/* Next code point at byte offset *i (advancing it). */
static inline uint32_t next_cp(const char *data, wf_ssize_t *i) {
    int n;
    uint32_t c = wf_utf8_decode((const unsigned char *)data + *i, &n);
    *i += n;
    return c;
}
/* Code point ending at byte offset *i (moving it back). */
static inline uint32_t prev_cp(const char *data, wf_ssize_t *i) {
    wf_ssize_t j = *i - 1;
    while (((unsigned char)data[j] & 0xC0) == 0x80)
        j--;
    *i = j;
    wf_ssize_t k = j;
    return next_cp(data, &k);
}

static int append_piece(WfObject *list, WfObject *self, wf_ssize_t b0, wf_ssize_t b1) {
    WfObject *s = substr_bytes(self, b0, b1);
    if (s == NULL)
        return -1;
    int r = wf_list_append(list, s);
    wf_decref(s);
    return r;
}

static WfObject *split_whitespace(WfObject *self, wf_ssize_t maxsplit) {
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    bool ascii = WF_STR_IS_ASCII(self);
    for (;;) {
        /* skip whitespace */
        wf_ssize_t j = i;
        while (j < n) {
            wf_ssize_t k = j;
            uint32_t c = ascii ? (unsigned char)d[k++] : next_cp(d, &k);
            if (!(ascii ? is_ascii_space((unsigned char)c) : wf_unicode_isspace(c)))
                break;
            j = k;
        }
        i = j;
        if (i >= n)
            break;
        if (maxsplit-- == 0) {
            /* the rest, with trailing whitespace stripped by the caller rule: CPython keeps it */
            if (append_piece(list, self, i, n) < 0)
                goto fail;
            break;
        }
        j = i;
        while (j < n) {
            wf_ssize_t k = j;
            uint32_t c = ascii ? (unsigned char)d[k++] : next_cp(d, &k);
            if (ascii ? is_ascii_space((unsigned char)c) : wf_unicode_isspace(c))
                break;
            j = k;
        }
        if (append_piece(list, self, i, j) < 0)
            goto fail;
        i = j;
    }
    return list;
fail:
    wf_decref(list);
    return NULL;
}

static WfObject *rsplit_whitespace(WfObject *self, wf_ssize_t maxsplit) {
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d = DATA(self);
    wf_ssize_t i = BLEN(self);
    for (;;) {
        wf_ssize_t j = i;
        while (j > 0) {
            wf_ssize_t k = j;
            uint32_t c = prev_cp(d, &k);
            if (!wf_unicode_isspace(c))
                break;
            j = k;
        }
        i = j;
        if (i <= 0)
            break;
        if (maxsplit-- == 0) {
            if (append_piece(list, self, 0, i) < 0)
                goto fail;
            break;
        }
        j = i;
        while (j > 0) {
            wf_ssize_t k = j;
            uint32_t c = prev_cp(d, &k);
            if (wf_unicode_isspace(c))
                break;
            j = k;
        }
        if (append_piece(list, self, j, i) < 0)
            goto fail;
        i = j;
    }
    if (wf_list_reverse(list) < 0)
        goto fail;
    return list;
fail:
    wf_decref(list);
    return NULL;
}

static WfObject *split_sep(WfObject *self, WfObject *sep, wf_ssize_t maxsplit, bool reverse) {
    wf_ssize_t sn = BLEN(sep);
    if (sn == 0) {
        wf_err_set_string(wf_exc_ValueError, "empty separator");
        return NULL;
    }
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self);
    if (!reverse) {
        wf_ssize_t i = 0;
        while (maxsplit-- != 0) {
            const char *q = memmem(d + i, (size_t)(n - i), DATA(sep), (size_t)sn);
            if (q == NULL)
                break;
            if (append_piece(list, self, i, q - d) < 0)
                goto fail;
            i = (q - d) + sn;
        }
        if (append_piece(list, self, i, n) < 0)
            goto fail;
    } else {
        wf_ssize_t i = n;
        while (maxsplit-- != 0) {
            const char *q = rmemmem(d, i, DATA(sep), sn);
            if (q == NULL)
                break;
            if (append_piece(list, self, (q - d) + sn, i) < 0)
                goto fail;
            i = q - d;
        }
        if (append_piece(list, self, 0, i) < 0 || wf_list_reverse(list) < 0)
            goto fail;
    }
    return list;
fail:
    wf_decref(list);
    return NULL;
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
    if (a[0] == NULL || a[0] == WF_NONE)
        return reverse ? rsplit_whitespace(self, maxsplit) : split_whitespace(self, maxsplit);
    if (!wf_str_check(a[0]))
        return wf_err_format(wf_exc_TypeError, "must be str or None, not %s",
                             wf_type_name(WF_TYPE(a[0])));
    return split_sep(self, a[0], maxsplit, reverse);
}

static WfObject *str_split(WfObject *self, WfObject *const *args, wf_ssize_t nargs, WfObject *kw) {
    return do_split("split", self, args, nargs, kw, false);
}
static WfObject *str_rsplit(WfObject *self, WfObject *const *args, wf_ssize_t nargs, WfObject *kw) {
    return do_split("rsplit", self, args, nargs, kw, true);
}

static WfObject *str_splitlines(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                WfObject *kwnames) {
    static const char *const names[] = {"keepends"};
    WfObject *a[1];
    if (wf_args_parse_kw("splitlines", args, nargs, kwnames, names, 1, a) < 0)
        return NULL;
    int keepends = 0;
    if (a[0] != NULL && (keepends = wf_object_is_true(a[0])) < 0)
        return NULL;
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    while (i < n) {
        wf_ssize_t start = i, eol = -1;
        while (i < n) {
            wf_ssize_t k = i;
            uint32_t c = next_cp(d, &k);
            if (wf_unicode_islinebreak(c)) {
                eol = i;
                if (c == '\r' && k < n && d[k] == '\n')
                    k++;
                i = k;
                break;
            }
            i = k;
        }
        if (eol < 0)
            eol = i;
        if (append_piece(list, self, start, keepends ? i : eol) < 0) {
            wf_decref(list);
            return NULL;
        }
    }
    return list;
}

WfObject *wf_str_join(WfObject *sep, WfObject *iterable) {
    WfObject *seq;
    if (wf_tuple_check_exact(iterable)) {
        seq = wf_newref(iterable);
    } else if (wf_list_check_exact(iterable)) {
        seq = wf_list_as_tuple(iterable);  /* a stable snapshot */
    } else {
        WfObject *it = wf_object_get_iter(iterable);
        if (it == NULL) {
            if (wf_err_exception_matches(wf_exc_TypeError)) {
                wf_err_clear();
                wf_err_set_string(wf_exc_TypeError, "can only join an iterable");
            }
            return NULL;
        }
        seq = wf_sequence_tuple(it);   /* __iter__ ran once, as in CPython */
        wf_decref(it);
    }
    if (seq == NULL)
        return NULL;
    wf_ssize_t n = WF_TUPLE_SIZE(seq);
    if (n == 1 && wf_str_check_exact(WF_TUPLE_ITEM(seq, 0))) {
        WfObject *r = wf_newref(WF_TUPLE_ITEM(seq, 0));
        wf_decref(seq);
        return r;
    }
    wf_ssize_t bytes = 0, cps = 0;
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *item = WF_TUPLE_ITEM(seq, i);
        if (!wf_str_check(item)) {
            wf_err_format(wf_exc_TypeError, "sequence item %zd: expected str instance, %s found", i,
                          wf_type_name(WF_TYPE(item)));
            wf_decref(seq);
            return NULL;
        }
        if (BLEN(item) > WF_SSIZE_T_MAX / 4 - bytes - BLEN(sep)) {
            wf_decref(seq);
            wf_err_set_string(wf_exc_OverflowError, "join() result is too long for a Python string");
            return NULL;
        }
        bytes += BLEN(item) + (i ? BLEN(sep) : 0);
        cps += LEN(item) + (i ? LEN(sep) : 0);
    }
    if (cps == 0) {
        wf_decref(seq);
        return wf_str_empty;
    }
    WfStrObject *r = wf_str_new_uninit(bytes, cps);
    if (r == NULL) {
        wf_decref(seq);
        return NULL;
    }
    char *p = r->data;
    wf_ssize_t sl = BLEN(sep);
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *item = WF_TUPLE_ITEM(seq, i);
        if (i && sl) {
            memcpy(p, DATA(sep), (size_t)sl);
            p += sl;
        }
        memcpy(p, DATA(item), (size_t)BLEN(item));
        p += BLEN(item);
    }
    wf_decref(seq);
    return wf_str_finish_new(r);
}

static WfObject *str_join(WfObject *self, WfObject *iterable) {
    return wf_str_join(self, iterable);
}

static WfObject *do_partition(WfObject *self, WfObject *sep, bool reverse) {
    if (need_str(sep) == NULL)
        return NULL;
    if (BLEN(sep) == 0) {
        wf_err_set_string(wf_exc_ValueError, "empty separator");
        return NULL;
    }
    const char *d = DATA(self);
    const char *q = reverse ? rmemmem(d, BLEN(self), DATA(sep), BLEN(sep))
                            : memmem(d, (size_t)BLEN(self), DATA(sep), (size_t)BLEN(sep));
    WfObject *a, *b, *c;
    if (q == NULL) {
        a = reverse ? wf_str_empty : wf_str_exact_copy(self);
        b = wf_str_empty;
        c = reverse ? wf_str_exact_copy(self) : wf_str_empty;
    } else {
        wf_ssize_t off = q - d;
        a = substr_bytes(self, 0, off);
        b = wf_str_exact_copy(sep);
        c = substr_bytes(self, off + BLEN(sep), BLEN(self));
    }
    if (a == NULL || b == NULL || c == NULL) {
        wf_xdecref(a);
        wf_xdecref(b);
        wf_xdecref(c);
        return NULL;
    }
    WfObject *t = wf_tuple_new(3);
    if (t == NULL) {
        wf_decref(a);
        wf_decref(b);
        wf_decref(c);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, a);
    WF_TUPLE_SET_ITEM(t, 1, b);
    WF_TUPLE_SET_ITEM(t, 2, c);
    return t;
}

static WfObject *str_partition(WfObject *self, WfObject *sep) { return do_partition(self, sep, false); }
static WfObject *str_rpartition(WfObject *self, WfObject *sep) { return do_partition(self, sep, true); }

/* ======================================================================
 * strip, replace, prefix/suffix
 * ====================================================================== */

/* Is c in chars (a str)? */
static bool in_chars(WfObject *chars, uint32_t c) {
    if (chars == NULL)
        return wf_unicode_isspace(c);
    const char *d = DATA(chars);
    if (WF_STR_IS_ASCII(chars))
        return c < 128 && memchr(d, (int)c, (size_t)BLEN(chars)) != NULL;
    for (wf_ssize_t i = 0; i < BLEN(chars);) {
        if (next_cp(d, &i) == c)
            return true;
    }
    return false;
}

static WfObject *do_strip(const char *fname, WfObject *self, WfObject *const *args,
                          wf_ssize_t nargs, bool left, bool right) {
    if (wf_args_check_nargs(fname, nargs, 0, 1) < 0)
        return NULL;
    WfObject *chars = NULL;
    if (nargs == 1 && args[0] != WF_NONE) {
        if (!wf_str_check(args[0]))
            return wf_err_format(wf_exc_TypeError, "%s arg must be None or str", fname);
        chars = args[0];
    }
    const char *d = DATA(self);
    wf_ssize_t i = 0, j = BLEN(self);
    if (left) {
        while (i < j) {
            wf_ssize_t k = i;
            if (!in_chars(chars, next_cp(d, &k)))
                break;
            i = k;
        }
    }
    if (right) {
        while (j > i) {
            wf_ssize_t k = j;
            if (!in_chars(chars, prev_cp(d, &k)))
                break;
            j = k;
        }
    }
    return substr_bytes(self, i, j);
}

static WfObject *str_strip(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_strip("strip", self, args, nargs, true, true);
}
static WfObject *str_lstrip(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_strip("lstrip", self, args, nargs, true, false);
}
static WfObject *str_rstrip(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return do_strip("rstrip", self, args, nargs, false, true);
}

static WfObject *str_replace(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("replace", nargs, 2, 3))
        return NULL;
    for (int k = 0; k < 2; k++) {
        if (!wf_str_check(args[k]))
            return wf_err_format(wf_exc_TypeError, "replace() argument %d must be str, not %s", k + 1,
                                 wf_type_name(WF_TYPE(args[k])));
    }
    WfObject *old = args[0], *new = args[1];
    wf_ssize_t count = -1;
    if (nargs == 3 && wf_args_as_ssize(args[2], &count) < 0)
        return NULL;
    if (count < 0)
        count = WF_SSIZE_T_MAX;
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), on = BLEN(old);
    if (count == 0)
        return wf_str_exact_copy(self);
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_ssize_t i = 0;
    if (on == 0) {
        /* insert `new` before every character and at the end */
        while (count > 0) {
            wf_str_builder_append_str(&b, new);
            count--;
            if (i >= n)
                break;
            wf_ssize_t k = i + wf_utf8_char_len((unsigned char)d[i]);
            wf_str_builder_append_utf8(&b, d + i, k - i);
            i = k;
        }
        wf_str_builder_append_utf8(&b, d + i, n - i);
        return wf_str_builder_finish(&b);
    }
    wf_str_builder_discard(&b);
    /* two passes: count the matches, then fill an exactly sized result */
    const char *od = DATA(old);
    wf_ssize_t found = 0;
    while (found < count) {
        const char *q = on == 1 ? memchr(d + i, od[0], (size_t)(n - i))
                                : memmem(d + i, (size_t)(n - i), od, (size_t)on);
        if (q == NULL)
            break;
        found++;
        i = (q - d) + on;
    }
    if (found == 0)
        return wf_str_exact_copy(self);
    wf_ssize_t nn = BLEN(new);
    if (nn > on && found > (WF_SSIZE_T_MAX / 4 - n) / (nn - on)) {
        wf_err_set_string(wf_exc_OverflowError, "replace string is too long");
        return NULL;
    }
    WfStrObject *r = wf_str_new_uninit(n + found * (nn - on),
                                       LEN(self) + found * (LEN(new) - LEN(old)));
    if (r == NULL)
        return NULL;
    char *o = r->data;
    i = 0;
    for (wf_ssize_t k = 0; k < found; k++) {
        const char *q = on == 1 ? memchr(d + i, od[0], (size_t)(n - i))
                                : memmem(d + i, (size_t)(n - i), od, (size_t)on);
        wf_ssize_t lit = (q - d) - i;
        memcpy(o, d + i, (size_t)lit);
        o += lit;
        memcpy(o, DATA(new), (size_t)nn);
        o += nn;
        i = (q - d) + on;
    }
    memcpy(o, d + i, (size_t)(n - i));
    return wf_str_finish_new(r);
}

static WfObject *do_affix(const char *fname, WfObject *self, WfObject *affix, bool suffix) {
    if (!wf_str_check(affix))
        return wf_err_format(wf_exc_TypeError, "%s() argument must be str, not %s", fname,
                             wf_type_name(WF_TYPE(affix)));
    wf_ssize_t n = BLEN(self), an = BLEN(affix);
    if (an > 0 && an <= n &&
        memcmp(DATA(self) + (suffix ? n - an : 0), DATA(affix), (size_t)an) == 0)
        return suffix ? substr_bytes(self, 0, n - an) : substr_bytes(self, an, n);
    return wf_str_exact_copy(self);
}

static WfObject *str_removeprefix(WfObject *self, WfObject *a) { return do_affix("removeprefix", self, a, false); }
static WfObject *str_removesuffix(WfObject *self, WfObject *a) { return do_affix("removesuffix", self, a, true); }

/* ======================================================================
 * Case
 * ====================================================================== */

/* Final_Sigma: capital sigma at byte offset i becomes final 'ς' when a
 * cased letter precedes it and none follows (case-ignorables skipped). */
static uint32_t lower_sigma(const char *d, wf_ssize_t n, wf_ssize_t i, wf_ssize_t after) {
    wf_ssize_t j = i;
    bool before = false;
    while (j > 0) {
        uint32_t c = prev_cp(d, &j);
        if (wf_unicode_iscaseignorable(c))
            continue;
        before = wf_unicode_iscased(c);
        break;
    }
    if (!before)
        return 0x3C3;
    j = after;
    while (j < n) {
        uint32_t c = next_cp(d, &j);
        if (wf_unicode_iscaseignorable(c))
            continue;
        return wf_unicode_iscased(c) ? 0x3C3 : 0x3C2;
    }
    return 0x3C2;
}

enum CaseOp { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE, CASE_FOLD };

static int map_char(enum CaseOp op, uint32_t c, bool first, bool prev_cased, uint32_t out[3]) {
    switch (op) {
    case CASE_UPPER: return wf_unicode_to_upper_full(c, out);
    case CASE_LOWER: return wf_unicode_to_lower_full(c, out);
    case CASE_FOLD: return wf_unicode_casefold_full(c, out);
    case CASE_SWAP:
        if (wf_unicode_isupper(c))
            return wf_unicode_to_lower_full(c, out);
        if (wf_unicode_islower(c))
            return wf_unicode_to_upper_full(c, out);
        out[0] = c;
        return 1;
    case CASE_CAPITALIZE:
        return first ? wf_unicode_to_title_full(c, out) : wf_unicode_to_lower_full(c, out);
    case CASE_TITLE:
        return prev_cased ? wf_unicode_to_lower_full(c, out) : wf_unicode_to_title_full(c, out);
    }
    return 0;
}

#define ONES8 0x0101010101010101ULL
#define HIGH8 0x8080808080808080ULL

/* 0x20 in every byte of x (ASCII) that lies in [lo, hi]: SWAR, no carries
 * since every byte is < 0x80. */
static inline uint64_t ascii_range_bits(uint64_t x, unsigned char lo, unsigned char hi) {
    uint64_t ge_lo = x + (0x80 - lo) * ONES8;
    uint64_t gt_hi = x + (0x7f - hi) * ONES8;
    return ((ge_lo & ~gt_hi) & HIGH8) >> 2;
}

static WfObject *case_ascii(WfObject *self, enum CaseOp op) {
    wf_ssize_t n = BLEN(self), i = 0;
    WfStrObject *r = wf_str_new_uninit(n, n);
    if (r == NULL)
        return NULL;
    const unsigned char *d = (const unsigned char *)DATA(self);
    unsigned char *o = (unsigned char *)r->data;
    if (op == CASE_UPPER || op == CASE_LOWER || op == CASE_FOLD || op == CASE_SWAP) {
        for (; i + 8 <= n; i += 8) {
            uint64_t x, flip = 0;
            memcpy(&x, d + i, 8);
            if (op != CASE_LOWER && op != CASE_FOLD)
                flip |= ascii_range_bits(x, 'a', 'z');
            if (op != CASE_UPPER)
                flip |= ascii_range_bits(x, 'A', 'Z');
            x ^= flip;
            memcpy(o + i, &x, 8);
        }
        for (; i < n; i++) {
            unsigned char c = d[i];
            bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z';
            if ((lo && op != CASE_LOWER && op != CASE_FOLD) || (up && op != CASE_UPPER))
                c ^= 0x20;
            o[i] = c;
        }
        return wf_str_finish_new(r);
    }
    /* title / capitalize: the case of each letter depends on the previous one */
    bool prev_cased = false;
    for (; i < n; i++) {
        unsigned char c = d[i];
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        bool to_upper = op == CASE_CAPITALIZE ? i == 0 : !prev_cased;
        if (to_upper && lo)
            c -= 32;
        else if (!to_upper && up)
            c += 32;
        prev_cased = up || lo;
        o[i] = c;
    }
    return wf_str_finish_new(r);
}

static WfObject *do_case(WfObject *self, enum CaseOp op) {
    if (WF_STR_IS_ASCII(self))
        return case_ascii(self, op);
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    bool prev_cased = false, first = true;
    while (i < n) {
        wf_ssize_t at = i;
        uint32_t c = next_cp(d, &i), out[3];
        int k;
        if (c == 0x3A3 && (op == CASE_LOWER || op == CASE_SWAP ||
                           (op == CASE_TITLE && prev_cased) || (op == CASE_CAPITALIZE && !first))) {
            out[0] = lower_sigma(d, n, at, i);
            k = 1;
        } else {
            k = map_char(op, c, first, prev_cased, out);
        }
        for (int j = 0; j < k; j++)
            wf_str_builder_append_codepoint(&b, out[j]);
        prev_cased = wf_unicode_iscased(c);
        first = false;
    }
    return wf_str_builder_finish(&b);
}

static WfObject *str_upper(WfObject *self, WfObject *u) { return do_case(self, CASE_UPPER); }
static WfObject *str_lower(WfObject *self, WfObject *u) { return do_case(self, CASE_LOWER); }
static WfObject *str_swapcase(WfObject *self, WfObject *u) { return do_case(self, CASE_SWAP); }
static WfObject *str_title(WfObject *self, WfObject *u) { return do_case(self, CASE_TITLE); }
static WfObject *str_capitalize(WfObject *self, WfObject *u) { return do_case(self, CASE_CAPITALIZE); }
static WfObject *str_casefold(WfObject *self, WfObject *u) { return do_case(self, CASE_FOLD); }

/* ======================================================================
 * Predicates
 * ====================================================================== */

static WfObject *all_chars(WfObject *self, bool (*pred)(uint32_t), bool empty) {
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    if (n == 0)
        return wf_bool_from_long(empty);
    while (i < n) {
        if (!pred(next_cp(d, &i)))
            WF_RETURN_FALSE;
    }
    WF_RETURN_TRUE;
}

static WfObject *str_isspace(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isspace, false); }
static WfObject *str_isalpha(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isalpha, false); }
static WfObject *str_isalnum(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isalnum, false); }
static WfObject *str_isdecimal(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isdecimal, false); }
static WfObject *str_isdigit(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isdigit, false); }
static WfObject *str_isnumeric(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isnumeric, false); }
static WfObject *str_isprintable(WfObject *s, WfObject *u) { return all_chars(s, wf_unicode_isprintable, true); }
static WfObject *str_isascii(WfObject *s, WfObject *u) { return wf_bool_from_long(WF_STR_IS_ASCII(s)); }

static WfObject *str_isupper(WfObject *self, WfObject *u) {
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    bool cased = false;
    while (i < n) {
        uint32_t c = next_cp(d, &i);
        if (wf_unicode_islower(c) || wf_unicode_istitle(c))
            WF_RETURN_FALSE;
        if (wf_unicode_isupper(c))
            cased = true;
    }
    return wf_bool_from_long(cased);
}

static WfObject *str_islower(WfObject *self, WfObject *u) {
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    bool cased = false;
    while (i < n) {
        uint32_t c = next_cp(d, &i);
        if (wf_unicode_isupper(c) || wf_unicode_istitle(c))
            WF_RETURN_FALSE;
        if (wf_unicode_islower(c))
            cased = true;
    }
    return wf_bool_from_long(cased);
}

static WfObject *str_istitle(WfObject *self, WfObject *u) {
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    bool cased = false, prev = false;
    while (i < n) {
        uint32_t c = next_cp(d, &i);
        if (wf_unicode_isupper(c) || wf_unicode_istitle(c)) {
            if (prev)
                WF_RETURN_FALSE;
            prev = cased = true;
        } else if (wf_unicode_islower(c)) {
            if (!prev)
                WF_RETURN_FALSE;
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return wf_bool_from_long(cased);
}

static WfObject *str_isidentifier(WfObject *self, WfObject *u) {
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    if (n == 0)
        WF_RETURN_FALSE;
    if (!wf_unicode_isxid_start(next_cp(d, &i)))
        WF_RETURN_FALSE;
    while (i < n) {
        if (!wf_unicode_isxid_continue(next_cp(d, &i)))
            WF_RETURN_FALSE;
    }
    WF_RETURN_TRUE;
}

/* ======================================================================
 * Padding
 * ====================================================================== */

static int fill_char(WfObject *const *args, wf_ssize_t nargs, wf_ssize_t idx, uint32_t *fill) {
    *fill = ' ';
    if (nargs <= idx)
        return 0;
    WfObject *f = args[idx];
    if (!wf_str_check(f)) {
        wf_err_format(wf_exc_TypeError, "The fill character must be a unicode character, not %s",
                      wf_type_name(WF_TYPE(f)));
        return -1;
    }
    if (LEN(f) != 1) {
        wf_err_set_string(wf_exc_TypeError, "The fill character must be exactly one character long");
        return -1;
    }
    *fill = wf_str_read_char(f, 0);
    return 0;
}

static WfObject *pad(WfObject *self, wf_ssize_t left, wf_ssize_t right, uint32_t fill) {
    if (left <= 0 && right <= 0)
        return wf_str_exact_copy(self);
    if (left < 0)
        left = 0;
    if (right < 0)
        right = 0;
    char fb[4];
    int fl = wf_utf8_encode(fill, fb);
    wf_ssize_t bytes = BLEN(self) + (left + right) * fl;
    WfStrObject *r = wf_str_new_uninit(bytes, LEN(self) + left + right);
    if (r == NULL)
        return NULL;
    char *p = r->data;
    for (wf_ssize_t i = 0; i < left; i++, p += fl)
        memcpy(p, fb, (size_t)fl);
    memcpy(p, DATA(self), (size_t)BLEN(self));
    p += BLEN(self);
    for (wf_ssize_t i = 0; i < right; i++, p += fl)
        memcpy(p, fb, (size_t)fl);
    return wf_str_finish_new(r);
}

static WfObject *do_just(const char *fname, WfObject *self, WfObject *const *args,
                         wf_ssize_t nargs, int mode) {
    if (wf_args_check_nargs(fname, nargs, 1, 2))
        return NULL;
    wf_ssize_t width;
    uint32_t fill;
    if (wf_args_as_ssize(args[0], &width) < 0 || fill_char(args, nargs, 1, &fill) < 0)
        return NULL;
    wf_ssize_t marg = width - LEN(self);
    if (marg <= 0)
        return wf_str_exact_copy(self);
    if (mode < 0)
        return pad(self, 0, marg, fill);
    if (mode > 0)
        return pad(self, marg, 0, fill);
    wf_ssize_t left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

static WfObject *str_ljust(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("ljust", s, a, n, -1); }
static WfObject *str_rjust(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("rjust", s, a, n, 1); }
static WfObject *str_center(WfObject *s, WfObject *const *a, wf_ssize_t n) { return do_just("center", s, a, n, 0); }

static WfObject *str_zfill(WfObject *self, WfObject *arg) {
    wf_ssize_t width;
    if (wf_args_as_ssize(arg, &width) < 0)
        return NULL;
    wf_ssize_t fill = width - LEN(self);
    if (fill <= 0)
        return wf_str_exact_copy(self);
    WfObject *r = pad(self, fill, 0, '0');
    if (r == NULL)
        return NULL;
    char *d = WF_STR_DATA(r);
    if (d[fill] == '+' || d[fill] == '-') {  /* move the sign to the front */
        d[0] = d[fill];
        d[fill] = '0';
    }
    return r;
}

static WfObject *str_expandtabs(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                WfObject *kwnames) {
    static const char *const names[] = {"tabsize"};
    WfObject *a[1];
    if (wf_args_parse_kw("expandtabs", args, nargs, kwnames, names, 1, a) < 0)
        return NULL;
    wf_ssize_t tabsize = 8;
    if (a[0] != NULL && wf_args_as_ssize(a[0], &tabsize) < 0)
        return NULL;
    if (memchr(DATA(self), '\t', (size_t)BLEN(self)) == NULL)
        return wf_str_exact_copy(self);
    WfStrBuilder b;
    wf_str_builder_init(&b);
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0, col = 0;
    while (i < n) {
        wf_ssize_t at = i;
        uint32_t c = next_cp(d, &i);
        if (c == '\t') {
            if (tabsize > 0) {
                wf_ssize_t spaces = tabsize - col % tabsize;
                for (wf_ssize_t k = 0; k < spaces; k++)
                    wf_str_builder_append_codepoint(&b, ' ');
                col += spaces;
            }
        } else {
            wf_str_builder_append_utf8(&b, d + at, i - at);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
    }
    return wf_str_builder_finish(&b);
}

/* ======================================================================
 * encode, maketrans, translate
 * ====================================================================== */

static WfObject *str_encode_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                   WfObject *kwnames) {
    static const char *const names[] = {"encoding", "errors"};
    WfObject *a[2];
    if (wf_args_parse_kw("encode", args, nargs, kwnames, names, 2, a) < 0)
        return NULL;
    for (int k = 0; k < 2; k++) {
        if (a[k] != NULL && !wf_str_check(a[k]))
            return wf_err_format(wf_exc_TypeError, "encode() argument '%s' must be str, not %s",
                                 names[k], wf_type_name(WF_TYPE(a[k])));
    }
    return wf_str_encode(self, a[0] ? DATA(a[0]) : "utf-8", a[1] ? DATA(a[1]) : "strict");
}

/* One entry of a one-argument maketrans: a str key of length 1 becomes its
 * code point, an int key stays. 0 or -1. */
static int maketrans_add(WfObject *d, WfObject *k, WfObject *v) {
    if (wf_str_check(k)) {
        if (LEN(k) != 1) {
            wf_err_set_string(wf_exc_ValueError, "string keys in translate table must be of length 1");
            return -1;
        }
        WfObject *key = wf_int_from_int64(wf_str_read_char(k, 0));
        int r = key ? wf_dict_set_item(d, key, v) : -1;
        wf_xdecref(key);
        return r;
    }
    if (wf_int_check(k))
        return wf_dict_set_item(d, k, v);
    wf_err_set_string(wf_exc_TypeError, "keys in translate table must be strings or integers");
    return -1;
}

static WfObject *str_maketrans(WfObject *unused, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_args_check_nargs("maketrans", nargs, 1, 3))
        return NULL;
    WfObject *d = wf_dict_new();
    if (d == NULL)
        return NULL;
    if (nargs == 1) {
        WfObject *m = args[0];
        if (!wf_dict_check(m)) {
            wf_err_set_string(wf_exc_TypeError,
                              "if you give only one argument to maketrans it must be a dict");
            goto fail;
        }
        /* With references: storing a key runs its __hash__, which may change
         * m, and other threads may change it meanwhile. */
        wf_ssize_t pos = 0;
        WfObject *k = NULL, *v = NULL;
        while (wf_dict_next_ref(m, &pos, &k, &v, NULL)) {
            int r = maketrans_add(d, k, v);
            wf_decref(k);
            wf_decref(v);
            if (r < 0)
                goto fail;
        }
        return d;
    }
    WfObject *x = args[0], *y = args[1];
    if (!wf_str_check(x) || !wf_str_check(y)) {
        WfObject *bad = wf_str_check(x) ? y : x;
        wf_err_format(wf_exc_TypeError, "maketrans() argument %d must be str, not %s",
                      bad == x ? 1 : 2, wf_type_name(WF_TYPE(bad)));
        goto fail;
    }
    if (LEN(x) != LEN(y)) {
        wf_err_set_string(wf_exc_ValueError,
                          "the first two maketrans arguments must have equal length");
        goto fail;
    }
    for (wf_ssize_t i = 0, bx = 0, by = 0; i < LEN(x); i++) {
        WfObject *k = wf_int_from_int64(next_cp(DATA(x), &bx));
        WfObject *v = wf_int_from_int64(next_cp(DATA(y), &by));
        int r = (k && v) ? wf_dict_set_item(d, k, v) : -1;
        wf_xdecref(k);
        wf_xdecref(v);
        if (r < 0)
            goto fail;
    }
    if (nargs == 3) {
        WfObject *z = args[2];
        if (!wf_str_check(z)) {
            wf_err_format(wf_exc_TypeError, "maketrans() argument 3 must be str, not %s",
                          wf_type_name(WF_TYPE(z)));
            goto fail;
        }
        for (wf_ssize_t bz = 0; bz < BLEN(z);) {
            WfObject *k = wf_int_from_int64(next_cp(DATA(z), &bz));
            int r = k ? wf_dict_set_item(d, k, WF_NONE) : -1;
            wf_xdecref(k);
            if (r < 0)
                goto fail;
        }
    }
    return d;
fail:
    wf_decref(d);
    return NULL;
}

static WfObject *str_translate(WfObject *self, WfObject *table) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    const char *d = DATA(self);
    wf_ssize_t n = BLEN(self), i = 0;
    while (i < n) {
        wf_ssize_t at = i;
        uint32_t c = next_cp(d, &i);
        WfObject *key = wf_int_from_int64(c);
        if (key == NULL)
            goto fail;
        WfObject *v = wf_object_getitem(table, key);
        wf_decref(key);
        if (v == NULL) {
            if (!wf_err_exception_matches(wf_exc_LookupError))
                goto fail;
            wf_err_clear();
            wf_str_builder_append_utf8(&b, d + at, i - at);
            continue;
        }
        if (v == WF_NONE) {
            /* deleted */
        } else if (wf_int_check(v)) {
            long cp = wf_int_as_long(v);
            if (cp == -1 && wf_err_occurred()) {
                wf_decref(v);
                goto fail;
            }
            if (cp < 0 || cp > 0x10FFFF) {
                wf_decref(v);
                wf_err_set_string(wf_exc_ValueError,
                                  "character mapping must be in range(0x110000)");
                goto fail;
            }
            wf_str_builder_append_codepoint(&b, (uint32_t)cp);
        } else if (wf_str_check(v)) {
            wf_str_builder_append_str(&b, v);
        } else {
            wf_decref(v);
            wf_err_set_string(wf_exc_TypeError, "character mapping must return integer, None or str");
            goto fail;
        }
        wf_decref(v);
    }
    return wf_str_builder_finish(&b);
fail:
    wf_str_builder_discard(&b);
    return NULL;
}

static WfObject *str_getnewargs(WfObject *self, WfObject *u) {
    WfObject *copy = wf_str_exact_copy(self);
    if (copy == NULL)
        return NULL;
    WfObject *t = wf_tuple_pack(1, copy);
    wf_decref(copy);
    return t;
}

static WfObject *str_sizeof(WfObject *self, WfObject *u) {
    return wf_int_from_ssize(WF_TYPE(self)->tp_basicsize + BLEN(self) + 1);
}

/* ======================================================================
 * The table
 * ====================================================================== */

#define FAST WF_METH_FASTCALL
#define FASTKW (WF_METH_FASTCALL | WF_METH_KEYWORDS)

WfMethodDef wf_str_methods[] = {
    {"encode", (void *)str_encode_method, FASTKW, NULL},
    {"replace", (void *)str_replace, FAST, NULL},
    {"split", (void *)str_split, FASTKW, NULL},
    {"rsplit", (void *)str_rsplit, FASTKW, NULL},
    {"join", (void *)str_join, WF_METH_O, NULL},
    {"capitalize", (void *)str_capitalize, WF_METH_NOARGS, NULL},
    {"casefold", (void *)str_casefold, WF_METH_NOARGS, NULL},
    {"title", (void *)str_title, WF_METH_NOARGS, NULL},
    {"center", (void *)str_center, FAST, NULL},
    {"count", (void *)str_count, FAST, NULL},
    {"expandtabs", (void *)str_expandtabs, FASTKW, NULL},
    {"find", (void *)str_find, FAST, NULL},
    {"partition", (void *)str_partition, WF_METH_O, NULL},
    {"index", (void *)str_index, FAST, NULL},
    {"ljust", (void *)str_ljust, FAST, NULL},
    {"lower", (void *)str_lower, WF_METH_NOARGS, NULL},
    {"lstrip", (void *)str_lstrip, FAST, NULL},
    {"rfind", (void *)str_rfind, FAST, NULL},
    {"rindex", (void *)str_rindex, FAST, NULL},
    {"rjust", (void *)str_rjust, FAST, NULL},
    {"rstrip", (void *)str_rstrip, FAST, NULL},
    {"rpartition", (void *)str_rpartition, WF_METH_O, NULL},
    {"splitlines", (void *)str_splitlines, FASTKW, NULL},
    {"strip", (void *)str_strip, FAST, NULL},
    {"swapcase", (void *)str_swapcase, WF_METH_NOARGS, NULL},
    {"translate", (void *)str_translate, WF_METH_O, NULL},
    {"upper", (void *)str_upper, WF_METH_NOARGS, NULL},
    {"startswith", (void *)str_startswith, FAST, NULL},
    {"endswith", (void *)str_endswith, FAST, NULL},
    {"removeprefix", (void *)str_removeprefix, WF_METH_O, NULL},
    {"removesuffix", (void *)str_removesuffix, WF_METH_O, NULL},
    {"isascii", (void *)str_isascii, WF_METH_NOARGS, NULL},
    {"islower", (void *)str_islower, WF_METH_NOARGS, NULL},
    {"isupper", (void *)str_isupper, WF_METH_NOARGS, NULL},
    {"istitle", (void *)str_istitle, WF_METH_NOARGS, NULL},
    {"isspace", (void *)str_isspace, WF_METH_NOARGS, NULL},
    {"isdecimal", (void *)str_isdecimal, WF_METH_NOARGS, NULL},
    {"isdigit", (void *)str_isdigit, WF_METH_NOARGS, NULL},
    {"isnumeric", (void *)str_isnumeric, WF_METH_NOARGS, NULL},
    {"isalpha", (void *)str_isalpha, WF_METH_NOARGS, NULL},
    {"isalnum", (void *)str_isalnum, WF_METH_NOARGS, NULL},
    {"isidentifier", (void *)str_isidentifier, WF_METH_NOARGS, NULL},
    {"isprintable", (void *)str_isprintable, WF_METH_NOARGS, NULL},
    {"zfill", (void *)str_zfill, WF_METH_O, NULL},
    {"format", (void *)wf_str_method_format, FASTKW | WF_METH_ANY_KEYWORDS, NULL},
    {"format_map", (void *)wf_str_method_format_map, WF_METH_O, NULL},
    {"__format__", (void *)wf_str_method_dunder_format, WF_METH_O, NULL},
    {"maketrans", (void *)str_maketrans, FAST | WF_METH_STATIC, NULL},
    {"__sizeof__", (void *)str_sizeof, WF_METH_NOARGS, NULL},
    {"__getnewargs__", (void *)str_getnewargs, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
