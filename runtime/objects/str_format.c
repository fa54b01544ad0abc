/* str_format.c — str.format / format_map (PEP 3101 field syntax),
 * str.__format__ (through format_spec.h) and printf-style `str % args`.
 *
 * The field parser follows CPython's Objects/stringlib/unicode_format.h
 * step by step, so errors appear in the same order with the same messages.
 * Each replacement field is formatted with wf_object_format(value, spec),
 * i.e. type(value).__format__. Nested specs ({:{w}.{p}f}) are expanded
 * recursively with the same argument source; depth is capped at 2 as in
 * CPython ("Max string recursion exceeded").
 */
#include <string.h>

#include "runtime/objects/format_spec.h"
#include "runtime/objects/str_impl.h"

/* ======================================================================
 * str.__format__ and format(str, spec)
 * ====================================================================== */

WfObject *wf_str_format_spec(WfObject *o, WfObject *spec) {
    if (WF_STR_LENGTH(spec) == 0)
        return wf_str_exact_copy(o);
    WfFormatSpec fs;
    if (wf_format_spec_parse_for(spec, &fs, 's', "str") < 0)
        return NULL;
    if (fs.type != 's')
        return wf_format_spec_unknown_type(fs.type, "str");
    return wf_format_spec_apply_str(&fs, o);
}

WfObject *wf_str_method_dunder_format(WfObject *self, WfObject *spec) {
    if (!wf_str_check(spec))
        return wf_err_format(wf_exc_TypeError, "__format__() argument must be str, not %s",
                             wf_type_name(WF_TYPE(spec)));
    return wf_str_format_spec(self, spec);
}

/* ======================================================================
 * str.format: argument sources
 * ====================================================================== */

typedef struct FormatArgs {
    WfObject *const *args;   /* positional */
    wf_ssize_t nargs;
    WfObject *const *kwvalues;
    WfObject *kwnames;       /* tuple or NULL */
    WfObject *mapping;       /* format_map, or NULL */
    int auto_number;         /* 0 unknown, 1 automatic, 2 manual */
    wf_ssize_t next_index;
} FormatArgs;

typedef struct Span {
    const char *p;
    wf_ssize_t n;
} Span;

static WfObject *get_positional(FormatArgs *fa, wf_ssize_t index) {
    if (fa->mapping != NULL || index >= fa->nargs) {
        if (fa->mapping != NULL)
            return wf_err_format(wf_exc_ValueError,
                                 "Format string contains positional fields");
        return wf_err_format(wf_exc_IndexError,
                             "Replacement index %zd out of range for positional args tuple", index);
    }
    return wf_newref(fa->args[index]);
}

static WfObject *get_keyword(FormatArgs *fa, Span name) {
    WfObject *key = wf_str_from_utf8(name.p, name.n);
    if (key == NULL)
        return NULL;
    WfObject *r = NULL;
    if (fa->mapping != NULL) {
        r = wf_object_getitem(fa->mapping, key);
    } else {
        /* Names from **kwargs may be any key (WF_METH_ANY_KEYWORDS). */
        wf_ssize_t nkw = fa->kwnames ? WF_TUPLE_SIZE(fa->kwnames) : 0;
        for (wf_ssize_t i = 0; i < nkw; i++) {
            WfObject *kwname = WF_TUPLE_ITEM(fa->kwnames, i);
            if (wf_str_check(kwname) && wf_str_equal(kwname, key)) {
                r = wf_newref(fa->kwvalues[i]);
                break;
            }
        }
        if (r == NULL)
            wf_err_set_object(wf_exc_KeyError, key);
    }
    wf_decref(key);
    return r;
}

/* An all-digit span as an index; -1 if not all digits, -2 on overflow. */
static wf_ssize_t span_to_index(Span s) {
    if (s.n == 0)
        return -1;
    wf_ssize_t v = 0;
    for (wf_ssize_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c < '0' || c > '9')
            return -1;
        if (v > (WF_SSIZE_T_MAX - 9) / 10)
            return -2;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* Resolves a field name: first part, then .attr and [key] accessors. */
static WfObject *get_field_object(FormatArgs *fa, Span name) {
    const char *p = name.p, *end = name.p + name.n;
    const char *q = p;
    while (q < end && *q != '.' && *q != '[')
        q++;
    Span first = {p, q - p};
    wf_ssize_t index = span_to_index(first);
    if (index == -2) {
        wf_err_set_string(wf_exc_ValueError, "Too many decimal digits in format string");
        return NULL;
    }
    WfObject *obj;
    if (first.n == 0 || index >= 0) {
        if (first.n == 0) {
            if (fa->auto_number == 2) {
                wf_err_set_string(wf_exc_ValueError,
                                  "cannot switch from manual field specification to automatic field numbering");
                return NULL;
            }
            fa->auto_number = 1;
            index = fa->next_index++;
        } else {
            if (fa->auto_number == 1) {
                wf_err_set_string(wf_exc_ValueError,
                                  "cannot switch from automatic field numbering to manual field specification");
                return NULL;
            }
            fa->auto_number = 2;
        }
        obj = get_positional(fa, index);
    } else {
        obj = get_keyword(fa, first);
    }
    if (obj == NULL)
        return NULL;
    p = q;
    while (p < end) {
        char c = *p++;
        const char *s = p;
        WfObject *next;
        if (c == '.') {
            while (p < end && *p != '.' && *p != '[')
                p++;
            if (p == s) {
                wf_err_set_string(wf_exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            WfObject *attr = wf_str_from_utf8(s, p - s);
            if (attr == NULL)
                goto fail;
            next = wf_object_getattr(obj, attr);
            wf_decref(attr);
        } else if (c == '[') {
            while (p < end && *p != ']')
                p++;
            if (p >= end) {
                wf_err_set_string(wf_exc_ValueError, "Missing ']' in format string");
                goto fail;
            }
            Span key = {s, p - s};
            p++;  /* ']' */
            if (key.n == 0) {
                wf_err_set_string(wf_exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            if (p < end && *p != '.' && *p != '[') {
                wf_err_set_string(wf_exc_ValueError,
                                  "Only '.' or '[' may follow ']' in format field specifier");
                goto fail;
            }
            wf_ssize_t k = span_to_index(key);
            WfObject *kobj = k >= 0 ? wf_int_from_ssize(k) : wf_str_from_utf8(key.p, key.n);
            if (kobj == NULL)
                goto fail;
            next = wf_object_getitem(obj, kobj);
            wf_decref(kobj);
        } else {
            wf_err_set_string(wf_exc_ValueError,
                              "Only '.' or '[' may follow ']' in format field specifier");
            goto fail;
        }
        if (next == NULL)
            goto fail;
        wf_decref(obj);
        obj = next;
    }
    return obj;
fail:
    wf_decref(obj);
    return NULL;
}

/* ======================================================================
 * str.format: the markup scanner
 * ====================================================================== */

static int build_string(WfStrBuilder *out, FormatArgs *fa, const char *p, wf_ssize_t n, int depth);

static WfObject *convert(WfObject *obj, uint32_t conversion) {
    switch (conversion) {
    case 'r': return wf_object_repr(obj);
    case 's': return wf_object_str(obj);
    case 'a': return wf_object_ascii(obj);
    default:
        if (conversion > 32 && conversion < 127)
            return wf_err_format(wf_exc_ValueError, "Unknown conversion specifier %c",
                                 (int)conversion);
        return wf_err_format(wf_exc_ValueError, "Unknown conversion specifier \\x%x",
                             (unsigned)conversion);
    }
}

/* Formats one field: name, conversion (0 = none) and spec. */
static int render_field(WfStrBuilder *out, FormatArgs *fa, Span name, uint32_t conversion,
                        Span spec, bool spec_needs_expanding, int depth) {
    WfObject *obj = get_field_object(fa, name);
    if (obj == NULL)
        return -1;
    if (conversion != 0) {
        WfObject *c = convert(obj, conversion);
        wf_decref(obj);
        if (c == NULL)
            return -1;
        obj = c;
    }
    WfObject *spec_str;
    if (spec_needs_expanding) {
        WfStrBuilder sb;
        wf_str_builder_init(&sb);
        if (build_string(&sb, fa, spec.p, spec.n, depth - 1) < 0) {
            wf_str_builder_discard(&sb);
            wf_decref(obj);
            return -1;
        }
        spec_str = wf_str_builder_finish(&sb);
    } else {
        spec_str = wf_str_from_utf8(spec.p, spec.n);
    }
    if (spec_str == NULL) {
        wf_decref(obj);
        return -1;
    }
    WfObject *r;
    if (wf_str_check_exact(obj) && WF_STR_LENGTH(spec_str) == 0)
        r = wf_newref(obj);
    else
        r = wf_object_format(obj, spec_str);
    wf_decref(obj);
    wf_decref(spec_str);
    if (r == NULL)
        return -1;
    int rc = wf_str_builder_append_str(out, r);
    wf_decref(r);
    return rc;
}

/* Parses the field that starts after '{' at *pp; renders it. */
static int parse_and_render_field(WfStrBuilder *out, FormatArgs *fa, const char **pp,
                                  const char *end, int depth) {
    const char *p = *pp;
    Span name = {p, 0};
    char c = 0;
    while (p < end) {
        c = *p++;
        if (c == '{') {
            wf_err_set_string(wf_exc_ValueError, "unexpected '{' in field name");
            return -1;
        }
        if (c == '[') {
            while (p < end && *p != ']')
                p++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!')
            break;
        c = 0;
    }
    if (c == 0) {
        wf_err_set_string(wf_exc_ValueError, "expected '}' before end of string");
        return -1;
    }
    name.n = (p - 1) - name.p;
    uint32_t conversion = 0;
    Span spec = {p, 0};
    bool expand = false;
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (p >= end) {
                wf_err_set_string(wf_exc_ValueError,
                                  "end of string while looking for conversion specifier");
                return -1;
            }
            int n;
            conversion = wf_utf8_decode((const unsigned char *)p, &n);
            p += n;
            if (p < end) {
                char c2 = *p++;
                if (c2 == '}') {
                    *pp = p;
                    spec.p = p;
                    return render_field(out, fa, name, conversion, spec, false, depth);
                }
                if (c2 != ':') {
                    wf_err_set_string(wf_exc_ValueError, "expected ':' after conversion specifier");
                    return -1;
                }
            }
        }
        spec.p = p;
        int count = 1;
        while (p < end) {
            char d = *p++;
            if (d == '{') {
                expand = true;
                count++;
            } else if (d == '}') {
                if (--count == 0) {
                    spec.n = (p - 1) - spec.p;
                    *pp = p;
                    return render_field(out, fa, name, conversion, spec, expand, depth);
                }
            }
        }
        wf_err_set_string(wf_exc_ValueError, "unmatched '{' in format spec");
        return -1;
    }
    *pp = p;
    return render_field(out, fa, name, 0, spec, false, depth);
}

static int build_string(WfStrBuilder *out, FormatArgs *fa, const char *p, wf_ssize_t n, int depth) {
    if (depth <= 0) {
        wf_err_set_string(wf_exc_ValueError, "Max string recursion exceeded");
        return -1;
    }
    const char *end = p + n;
    while (p < end) {
        const char *start = p;
        char c = 0;
        while (p < end) {
            c = *p++;
            if (c == '{' || c == '}')
                break;
            c = 0;
        }
        bool at_end = p >= end;
        wf_ssize_t len = p - start;
        bool markup = c != 0;
        if (c == '}' && (at_end || *p != '}')) {
            wf_err_set_string(wf_exc_ValueError, "Single '}' encountered in format string");
            return -1;
        }
        if (at_end && c == '{') {
            wf_err_set_string(wf_exc_ValueError, "Single '{' encountered in format string");
            return -1;
        }
        if (!at_end && markup) {
            if (*p == c) {  /* {{ or }} */
                p++;
                markup = false;
            } else {
                len--;
            }
        }
        if (len > 0 && wf_str_builder_append_utf8(out, start, len) < 0)
            return -1;
        if (markup && parse_and_render_field(out, fa, &p, end, depth) < 0)
            return -1;
    }
    return out->failed ? (wf_err_no_memory(), -1) : 0;
}

static WfObject *do_format(WfObject *self, FormatArgs *fa) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    if (build_string(&b, fa, WF_STR_DATA(self), WF_STR_BYTE_LENGTH(self), 2) < 0) {
        wf_str_builder_discard(&b);
        return NULL;
    }
    return wf_str_builder_finish(&b);
}

WfObject *wf_str_method_format(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                               WfObject *kwnames) {
    FormatArgs fa = {args, nargs, args + nargs, kwnames, NULL, 0, 0};
    return do_format(self, &fa);
}

WfObject *wf_str_method_format_map(WfObject *self, WfObject *mapping) {
    FormatArgs fa = {NULL, 0, NULL, NULL, mapping, 0, 0};
    return do_format(self, &fa);
}

/* ======================================================================
 * printf-style formatting: fmt % args
 * ====================================================================== */

#define F_LJUST 0x1
#define F_SIGN 0x2
#define F_BLANK 0x4
#define F_ALT 0x8
#define F_ZERO 0x10

typedef struct PercentState {
    WfObject *args;        /* the right operand */
    WfObject *dict;        /* mapping for %(name), or NULL */
    wf_ssize_t arglen;     /* -1: a single non-tuple argument */
    wf_ssize_t argidx;
    bool bytes_mode;       /* bytes % args: text is latin-1, see wf_bytes_percent_format */
} PercentState;

static WfObject *next_arg(PercentState *st) {
    wf_ssize_t len = st->arglen < 0 ? 1 : st->arglen;
    if (st->argidx < len) {
        st->argidx++;
        if (st->arglen < 0)
            return st->args;
        return WF_TUPLE_ITEM(st->args, st->argidx - 1);
    }
    wf_err_set_string(wf_exc_TypeError, "not enough arguments for format string");
    return NULL;
}

/* Appends s (a str) padded to width, with F_LJUST. */
static int append_padded(WfStrBuilder *b, const char *s, wf_ssize_t nbytes, wf_ssize_t nchars,
                         wf_ssize_t width, int flags) {
    wf_ssize_t padn = width > nchars ? width - nchars : 0;
    if (!(flags & F_LJUST))
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    wf_str_builder_append_utf8(b, s, nbytes);
    if (flags & F_LJUST)
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    return 0;
}

/* Lays out a number: sign, prefix ("0x"), digits (ASCII), with zero
 * padding, precision as minimum digit count (ints), and width. */
static void append_number(WfStrBuilder *b, bool neg, const char *prefix, const char *digits,
                          wf_ssize_t nd, wf_ssize_t prec, wf_ssize_t width, int flags) {
    char sign = neg ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
    wf_ssize_t np = prefix ? (wf_ssize_t)strlen(prefix) : 0;
    wf_ssize_t zeros = prec > nd ? prec - nd : 0;
    wf_ssize_t total = (sign != 0) + np + zeros + nd;
    wf_ssize_t padn = width > total ? width - total : 0;
    if ((flags & F_ZERO) && !(flags & F_LJUST)) {
        zeros += padn;
        padn = 0;
    }
    if (!(flags & F_LJUST))
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    if (sign)
        wf_str_builder_append_codepoint(b, (uint32_t)sign);
    if (np)
        wf_str_builder_append_ascii(b, prefix, np);
    for (wf_ssize_t i = 0; i < zeros; i++)
        wf_str_builder_append_codepoint(b, '0');
    wf_str_builder_append_ascii(b, digits, nd);
    if (flags & F_LJUST)
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
}

static bool is_number(WfObject *v) {
    WfTypeObject *t = WF_TYPE(v);
    if (wf_int_check(v) || wf_float_check(v))
        return true;
    return t->nb_index != NULL || t->nb_int != NULL || t->nb_float != NULL;
}

static int format_int(WfStrBuilder *b, WfObject *v, char type, wf_ssize_t prec, wf_ssize_t width,
                      int flags) {
    WfObject *iv;
    if (!is_number(v)) {
        wf_err_format(wf_exc_TypeError, "%%%c format: %s is required, not %s", type,
                      (type == 'x' || type == 'X' || type == 'o') ? "an integer" : "a real number",
                      wf_type_name(WF_TYPE(v)));
        return -1;
    }
    if (wf_int_check(v)) {
        iv = wf_newref(v);
    } else if (type == 'x' || type == 'X' || type == 'o') {
        if (WF_TYPE(v)->nb_index == NULL) {
            wf_err_format(wf_exc_TypeError, "%%%c format: an integer is required, not %s", type,
                          wf_type_name(WF_TYPE(v)));
            return -1;
        }
        iv = wf_number_index(v);
    } else {
        iv = wf_number_long(v);
    }
    if (iv == NULL)
        return -1;
    int base = (type == 'x' || type == 'X') ? 16 : type == 'o' ? 8 : 10;
    if (wf_int_is_compact(iv)) {
        /* fast path: digits of a machine-word int without a temporary str */
        int64_t x = wf_int_compact_value(iv);
        wf_decref(iv);
        uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        const char *digitset = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char buf[72];
        char *end = buf + sizeof buf, *p = end;
        do {
            *--p = digitset[u % (uint64_t)base];
            u /= (uint64_t)base;
        } while (u != 0);
        const char *prefix = NULL;
        if (flags & F_ALT)
            prefix = type == 'x' ? "0x" : type == 'X' ? "0X" : type == 'o' ? "0o" : NULL;
        append_number(b, x < 0, prefix, p, end - p, prec, width, flags);
        return 0;
    }
    WfObject *s = wf_int_format(iv, base);  /* digits of the int value, even for bool */
    wf_decref(iv);
    if (s == NULL)
        return -1;
    const char *d = WF_STR_DATA(s);
    wf_ssize_t n = WF_STR_BYTE_LENGTH(s);
    bool neg = d[0] == '-';
    if (neg) {
        d++;
        n--;
    }
    if (base != 10) {  /* drop wf_int_format's 0x/0o prefix */
        d += 2;
        n -= 2;
    }
    char digits_buf[64];
    char *digits = n < (wf_ssize_t)sizeof(digits_buf) ? digits_buf : wf_mem_malloc((size_t)n + 1);
    if (digits == NULL) {
        wf_decref(s);
        wf_err_no_memory();
        return -1;
    }
    memcpy(digits, d, (size_t)n);
    if (type == 'X')
        for (wf_ssize_t i = 0; i < n; i++)
            if (digits[i] >= 'a' && digits[i] <= 'f')
                digits[i] -= 32;
    const char *prefix = NULL;
    if (flags & F_ALT)
        prefix = type == 'x' ? "0x" : type == 'X' ? "0X" : type == 'o' ? "0o" : NULL;
    append_number(b, neg, prefix, digits, n, prec, width, flags);
    if (digits != digits_buf)
        wf_mem_free(digits);
    wf_decref(s);
    return 0;
}

static int format_float(WfStrBuilder *b, WfObject *v, char type, wf_ssize_t prec,
                        wf_ssize_t width, int flags) {
    double x;
    if (wf_float_check(v)) {
        x = WF_FLOAT_VALUE(v);
    } else {
        if (!is_number(v)) {
            wf_err_format(wf_exc_TypeError, "must be real number, not %s", wf_type_name(WF_TYPE(v)));
            return -1;
        }
        x = wf_float_as_double(v);
        if (x == -1.0 && wf_err_occurred())
            return -1;
    }
    if (prec < 0)
        prec = 6;
    char lower = (char)(type | 0x20);
    int ff = ((flags & F_ALT) ? WF_FLOAT_FORMAT_ALT : 0) | (type != lower ? WF_FLOAT_FORMAT_UPPER : 0);
    WfObject *s = wf_float_format(x, lower, (int)prec, ff);
    if (s == NULL)
        return -1;
    const char *d = WF_STR_DATA(s);
    wf_ssize_t n = WF_STR_BYTE_LENGTH(s);
    bool neg = d[0] == '-';
    if (neg) {
        d++;
        n--;
    }
    /* CPython zero-pads inf and nan too: '%010f' % -inf == '-000000inf' */
    append_number(b, neg, NULL, d, n, -1, width, flags);
    wf_decref(s);
    return 0;
}

static int format_char(WfStrBuilder *b, WfObject *v, wf_ssize_t width, int flags) {
    char buf[4];
    wf_ssize_t n;
    if (wf_str_check(v)) {
        if (WF_STR_LENGTH(v) != 1) {
            wf_err_set_string(wf_exc_TypeError, "%c requires int or char");
            return -1;
        }
        return append_padded(b, WF_STR_DATA(v), WF_STR_BYTE_LENGTH(v), 1, width, flags);
    }
    if (!wf_index_check(v)) {
        wf_err_set_string(wf_exc_TypeError, "%c requires int or char");
        return -1;
    }
    int overflow = 0;
    WfObject *iv = wf_number_index(v);
    if (iv == NULL)
        return -1;
    long c = wf_int_as_long_and_overflow(iv, &overflow);
    wf_decref(iv);
    if (overflow || c < 0 || c > 0x10FFFF) {
        wf_err_set_string(wf_exc_OverflowError, "%c arg not in range(0x110000)");
        return -1;
    }
    n = wf_utf8_encode((uint32_t)c, buf);
    return append_padded(b, buf, n, 1, width, flags);
}

/* bytes %s / %b: a bytes-like object or one with __bytes__, as latin-1 text. */
static int format_bytes_arg(WfStrBuilder *b, WfObject *v, wf_ssize_t prec, wf_ssize_t width,
                            int flags) {
    const char *d;
    wf_ssize_t n;
    WfObject *owned = NULL;
    if (wf_bytes_like_data_stable(v, &d, &n, &owned) < 0) {
        WfObject *m = wf_str_check(v) ? NULL : wf_object_lookup_special(v, wf_str_intern_cstr("__bytes__"));
        if (m != NULL) {
            owned = wf_object_call_no_args(m);
            wf_decref(m);
            if (owned == NULL)
                return -1;
            if (!wf_bytes_check(owned)) {
                wf_err_format(wf_exc_TypeError, "__bytes__ returned non-bytes (type %s)",
                              wf_type_name(WF_TYPE(owned)));
                wf_decref(owned);
                return -1;
            }
            d = WF_BYTES_AS_STRING(owned);
            n = WF_BYTES_SIZE(owned);
        } else {
            if (!wf_err_occurred())
                wf_err_format(wf_exc_TypeError,
                              "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                              wf_type_name(WF_TYPE(v)));
            return -1;
        }
    }
    if (prec >= 0 && prec < n)
        n = prec;
    wf_ssize_t padn = width > n ? width - n : 0;
    if (!(flags & F_LJUST))
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    for (wf_ssize_t i = 0; i < n; i++)
        wf_str_builder_append_codepoint(b, (unsigned char)d[i]);
    if (flags & F_LJUST)
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    wf_xdecref(owned);
    return 0;
}

/* bytes %c: an int in range(256) or a single byte. */
static int format_byte_char(WfStrBuilder *b, WfObject *v, wf_ssize_t width, int flags) {
    const char *d;
    wf_ssize_t n;
    char c;
    WfObject *keep = NULL;
    bool one_byte = wf_bytes_like_data_stable(v, &d, &n, &keep) == 0 && n == 1;
    if (one_byte)
        c = d[0];
    wf_xdecref(keep);
    if (!one_byte && wf_index_check(v)) {
        wf_ssize_t x = wf_number_as_ssize(v, NULL);
        if (x == -1 && wf_err_occurred())
            return -1;
        if (x < 0 || x > 255) {
            wf_err_set_string(wf_exc_OverflowError, "%c arg not in range(256)");
            return -1;
        }
        c = (char)x;
    } else if (!one_byte) {
        wf_err_set_string(wf_exc_TypeError, "%c requires an integer in range(256) or a single byte");
        return -1;
    }
    char buf[2];
    int len = wf_utf8_encode((unsigned char)c, buf);
    return append_padded(b, buf, len, 1, width, flags);
}

/* Parses a '*' or a decimal number for width / precision. */
static int parse_num(PercentState *st, const char **pp, const char *end, wf_ssize_t *out,
                     bool *is_star) {
    const char *p = *pp;
    *is_star = false;
    if (p < end && *p == '*') {
        *is_star = true;
        WfObject *v = next_arg(st);
        if (v == NULL)
            return -1;
        if (!wf_int_check(v)) {
            wf_err_set_string(wf_exc_TypeError, "* wants int");
            return -1;
        }
        wf_ssize_t x = wf_int_as_ssize(v);
        if (x == -1 && wf_err_occurred())
            return -1;
        *out = x;
        *pp = p + 1;
        return 0;
    }
    wf_ssize_t x = -1;
    while (p < end && *p >= '0' && *p <= '9') {
        if (x < 0)
            x = 0;
        if (x > (WF_SSIZE_T_MAX - 9) / 10) {
            wf_err_set_string(wf_exc_ValueError, "width too big");
            return -1;
        }
        x = x * 10 + (*p++ - '0');
    }
    *out = x;
    *pp = p;
    return 0;
}

/* One conversion starting after '%'. */
static int percent_one(WfStrBuilder *b, PercentState *st, WfObject *fmt, const char **pp,
                       const char *end) {
    const char *p = *pp;
    WfObject *v = NULL, *keyed = NULL;
    if (p < end && *p == '(') {
        if (st->dict == NULL) {
            wf_err_set_string(wf_exc_TypeError, "format requires a mapping");
            return -1;
        }
        const char *k = ++p;
        int depth = 1;
        while (p < end) {
            if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0)
                break;
            p++;
        }
        if (p >= end) {
            wf_err_set_string(wf_exc_ValueError, "incomplete format key");
            return -1;
        }
        WfObject *key = wf_str_from_utf8(k, p - k);
        if (key == NULL)
            return -1;
        keyed = wf_object_getitem(st->dict, key);
        wf_decref(key);
        if (keyed == NULL)
            return -1;
        st->arglen = -1;  /* no positional arguments after a key */
        st->argidx = -2;
        p++;
    }
    int rc = -1;
    int flags = 0;
    for (; p < end; p++) {
        char c = *p;
        if (c == '-') flags |= F_LJUST;
        else if (c == '+') flags |= F_SIGN;
        else if (c == ' ') flags |= F_BLANK;
        else if (c == '#') flags |= F_ALT;
        else if (c == '0') flags |= F_ZERO;
        else break;
    }
    wf_ssize_t width = -1, prec = -1;
    bool star;
    if (parse_num(st, &p, end, &width, &star) < 0)
        goto done;
    if (star && width < 0) {
        flags |= F_LJUST;
        width = -width;
    }
    if (p < end && *p == '.') {
        p++;
        if (parse_num(st, &p, end, &prec, &star) < 0)
            goto done;
        if (prec < 0)
            prec = 0;
    }
    while (p < end && (*p == 'h' || *p == 'l' || *p == 'L'))
        p++;
    if (p >= end) {
        wf_err_set_string(wf_exc_ValueError, "incomplete format");
        goto done;
    }
    int clen;
    uint32_t conv = wf_utf8_decode((const unsigned char *)p, &clen);
    p += clen;
    if (conv == '%') {
        wf_str_builder_append_codepoint(b, '%');
        rc = 0;
        goto done;
    }
    v = keyed ? keyed : next_arg(st);
    if (v == NULL)
        goto done;
    switch (conv) {
    case 's': case 'b':
        if (st->bytes_mode) {
            rc = format_bytes_arg(b, v, prec, width, flags);
            break;
        }
        if (conv == 'b')
            goto unsupported;
        /* fall through */
    case 'r': case 'a': {
        if (st->bytes_mode)
            conv = 'a';  /* %r is %a for bytes */
        WfObject *s = conv == 's' ? wf_object_str(v) : conv == 'r' ? wf_object_repr(v)
                                                                   : wf_object_ascii(v);
        if (s == NULL)
            goto done;
        wf_ssize_t nchars = WF_STR_LENGTH(s), nbytes = WF_STR_BYTE_LENGTH(s);
        if (prec >= 0 && prec < nchars) {
            nbytes = wf_str_offset_of(s, prec);
            nchars = prec;
        }
        if (width <= nchars && nbytes == WF_STR_BYTE_LENGTH(s))
            rc = wf_str_builder_append_str(b, s);  /* counts known: no rescan */
        else
            rc = append_padded(b, WF_STR_DATA(s), nbytes, nchars, width, flags);
        wf_decref(s);
        break;
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        rc = format_int(b, v, (char)conv, prec, width, flags);
        break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        rc = format_float(b, v, (char)conv, prec, width, flags);
        break;
    case 'c':
        rc = st->bytes_mode ? format_byte_char(b, v, width, flags) : format_char(b, v, width, flags);
        break;
    default:
    unsupported: {
        wf_ssize_t idx = wf_utf8_count(WF_STR_DATA(fmt), (p - clen) - WF_STR_DATA(fmt));
        if (conv > 32 && conv < 127)
            wf_err_format(wf_exc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                          (int)conv, (unsigned)conv, idx);
        else
            wf_err_format(wf_exc_ValueError, "unsupported format character '%U' (0x%x) at index %zd",
                          wf_str_latin1['?'], (unsigned)conv, idx);
        break;
    }
    }
done:
    wf_xdecref(keyed);
    *pp = p;
    return rc;
}

static WfObject *percent_format(WfObject *fmt, WfObject *args, bool bytes_mode) {
    PercentState st = {args, NULL, -1, 0, bytes_mode};
    if (wf_tuple_check(args)) {
        st.arglen = WF_TUPLE_SIZE(args);
    } else if (WF_TYPE(args)->mp_subscript != NULL && !wf_str_check(args)) {
        st.dict = args;
    }
    WfStrBuilder b;
    wf_str_builder_init(&b);
    const char *p = WF_STR_DATA(fmt), *end = p + WF_STR_BYTE_LENGTH(fmt);
    while (p < end) {
        const char *q = memchr(p, '%', (size_t)(end - p));
        wf_ssize_t lit = (q ? q : end) - p;
        if (WF_STR_IS_ASCII(fmt))
            wf_str_builder_append_ascii(&b, p, lit);
        else
            wf_str_builder_append_utf8(&b, p, lit);
        if (q == NULL)
            break;
        p = q + 1;
        if (percent_one(&b, &st, fmt, &p, end) < 0) {
            wf_str_builder_discard(&b);
            return NULL;
        }
    }
    wf_ssize_t len = st.arglen < 0 ? 1 : st.arglen;
    if (st.argidx >= 0 && st.argidx < len && st.dict == NULL) {
        wf_str_builder_discard(&b);
        wf_err_format(wf_exc_TypeError, "not all arguments converted during %s formatting",
                      bytes_mode ? "bytes" : "string");
        return NULL;
    }
    return wf_str_builder_finish(&b);
}

WfObject *wf_str_percent_format(WfObject *fmt, WfObject *args) {
    return percent_format(fmt, args, false);
}

/* bytes % args: the format is decoded as latin-1, every conversion appends
 * code points < 256 (bytes arguments as latin-1 text), and the result is
 * encoded back, so one engine serves both types. */
WfObject *wf_bytes_percent_format(WfObject *fmt, WfObject *args) {
    const char *d;
    wf_ssize_t n;
    WfObject *keep;
    if (wf_bytes_like_data_stable(fmt, &d, &n, &keep) < 0)
        WF_RETURN_NOTIMPLEMENTED;
    WfObject *text = wf_str_decode(d, n, "latin-1", "strict");
    wf_xdecref(keep);
    if (text == NULL)
        return NULL;
    WfObject *r = percent_format(text, args, true);
    wf_decref(text);
    if (r == NULL)
        return NULL;
    WfObject *out = wf_str_encode(r, "latin-1", "strict");
    wf_decref(r);
    if (out != NULL && wf_bytearray_check(fmt)) {
        WfObject *ba = wf_bytearray_from_data(WF_BYTES_AS_STRING(out), WF_BYTES_SIZE(out));
        wf_decref(out);
        out = ba;
    }
    return out;
}

WfObject *wf_str_mod(WfObject *fmt, WfObject *args) {
    if (!wf_str_check(fmt))
        WF_RETURN_NOTIMPLEMENTED;
    return wf_str_percent_format(fmt, args);
}
