/* int_format.c — ints to and from text: repr/str, bin/oct/hex, int(str, base)
 * and format(int, spec).
 *
 * Invariants:
 *  - CPython 3.11's limit on decimal conversion is enforced both ways:
 *    more than 4300 digits in a non-power-of-two base raises ValueError
 *    (sys.set_int_max_str_digits is not supported, the limit is fixed).
 *  - Parsing works on an ASCII copy of the text in which Unicode white space
 *    became ' ' and Unicode decimal digits became '0'..'9' (CPython's
 *    _PyUnicode_TransformDecimalAndSpaceToASCII); any other non-ASCII
 *    character becomes '?' and so fails the parse.
 */
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "runtime/objects/format_spec.h"
#include "runtime/objects/int_internal.h"

/* ---- int -> text ------------------------------------------------------------ */

/* Magnitude digits of o in base (2..36), lowercase unless upper; NUL-
 * terminated buffer from wf_mem_malloc (caller frees). NULL + MemoryError. */
static char *int_digits(WfObject *o, int base, bool upper, size_t *len) {
    WfMpTmp t;
    mp_int mag;
    const mp_int *m = wf_int_mp(o, &t);
    int size;
    mp_err e = mp_init(&mag);
    if (e == MP_OKAY)
        e = mp_abs(m, &mag);
    if (e == MP_OKAY)
        e = mp_radix_size(&mag, base, &size);
    char *buf = e == MP_OKAY ? wf_mem_malloc((size_t)size + 1) : NULL;
    if (e == MP_OKAY && buf == NULL)
        e = MP_MEM;
    if (e == MP_OKAY)
        e = mp_to_radix(&mag, buf, (size_t)size + 1, NULL, base);
    mp_clear(&mag);
    if (e != MP_OKAY) {
        wf_mem_free(buf);
        wf_int_mp_error(e);
        return NULL;
    }
    *len = strlen(buf);
    for (size_t i = 0; i < *len; i++)   /* libtommath writes upper case */
        buf[i] = (char)(upper ? toupper((unsigned char)buf[i]) : tolower((unsigned char)buf[i]));
    return buf;
}

static WfObject *too_many_digits_to_str(void) {
    return wf_err_format(wf_exc_ValueError,
                         "Exceeds the limit (%d digits) for integer string conversion; "
                         "use sys.set_int_max_str_digits() to increase the limit",
                         WF_INT_MAX_STR_DIGITS);
}

/* 2**14286 > 10**4300: anything with more bits has too many digits. */
#define MAX_STR_BITS 14286

WfObject *wf_int_to_decimal(WfObject *o) {
    if (wf_int_is_compact(o)) {
        /* Digits written backwards, no libc formatting and no UTF-8 check. */
        char buf[24], *p = buf + sizeof buf;
        int64_t v = wf_int_compact_value(o);
        uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        do {
            *--p = (char)('0' + mag % 10);
            mag /= 10;
        } while (mag != 0);
        if (v < 0)
            *--p = '-';
        return wf_str_from_ascii(p, (wf_ssize_t)(buf + sizeof buf - p));
    }
    if (wf_int_bit_length(o) >= MAX_STR_BITS)
        return too_many_digits_to_str();
    size_t len;
    char *digits = int_digits(o, 10, false, &len);
    if (digits == NULL)
        return NULL;
    if (len > WF_INT_MAX_STR_DIGITS) {
        wf_mem_free(digits);
        return too_many_digits_to_str();
    }
    WfStrBuilder b;
    wf_str_builder_init(&b);
    if (wf_int_sign(o) < 0)
        wf_str_builder_append_cstr(&b, "-");
    wf_str_builder_append_utf8(&b, digits, (wf_ssize_t)len);
    wf_mem_free(digits);
    return wf_str_builder_finish(&b);
}

WfObject *wf_int_format(WfObject *o, int base) {
    const char *prefix = base == 2 ? "0b" : base == 8 ? "0o" : base == 16 ? "0x" : "";
    if (base == 10)
        return wf_int_to_decimal(o);
    if (base != 2 && base != 8 && base != 16)
        return wf_err_bad_internal_call();
    size_t len;
    char *digits = int_digits(o, base, false, &len);
    if (digits == NULL)
        return NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    if (wf_int_sign(o) < 0)
        wf_str_builder_append_cstr(&b, "-");
    wf_str_builder_append_cstr(&b, prefix);
    wf_str_builder_append_utf8(&b, digits, (wf_ssize_t)len);
    wf_mem_free(digits);
    return wf_str_builder_finish(&b);
}

/* ---- text -> int -------------------------------------------------------------- */

static int digit_value(unsigned char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static bool is_ascii_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static WfObject *too_many_digits_from_str(size_t digits) {
    return wf_err_format(wf_exc_ValueError,
                         "Exceeds the limit (%d digits) for integer string conversion: "
                         "value has %zu digits; use sys.set_int_max_str_digits() "
                         "to increase the limit",
                         WF_INT_MAX_STR_DIGITS, digits);
}

static bool base_is_power_of_two(int base) { return (base & (base - 1)) == 0; }

/* Converts digits (valid in base, no underscores, no sign) to an int. */
static WfObject *digits_to_int(const char *d, size_t n, int base, bool negative) {
    uint64_t acc = 0;
    bool overflow = false;
    for (size_t i = 0; i < n && !overflow; i++)
        overflow = __builtin_mul_overflow(acc, (uint64_t)base, &acc) ||
                   __builtin_add_overflow(acc, (uint64_t)digit_value((unsigned char)d[i]), &acc);
    if (!overflow && acc <= (uint64_t)INT64_MAX)
        return wf_int_from_int64(negative ? -(int64_t)acc : (int64_t)acc);
    char *copy = wf_mem_malloc(n + 2);
    if (copy == NULL)
        return wf_err_no_memory();
    copy[0] = '-';
    for (size_t i = 0; i < n; i++)
        copy[i + 1] = (char)toupper((unsigned char)d[i]);
    copy[n + 1] = '\0';
    mp_int m;
    mp_err e = mp_init(&m);
    if (e == MP_OKAY)
        e = mp_read_radix(&m, negative ? copy : copy + 1, base);
    wf_mem_free(copy);
    if (e != MP_OKAY) {
        mp_clear(&m);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&m);
}

/* Parses s[0..n) by int()'s rules. Returns NULL with no exception set for an
 * invalid literal (the caller words the message), or with one set for the
 * digit limit and MemoryError. */
static WfObject *parse_ascii(const char *s, size_t n, int base) {
    const char *end = s + n;
    while (s < end && is_ascii_space((unsigned char)*s))
        s++;
    while (end > s && is_ascii_space((unsigned char)end[-1]))
        end--;
    bool negative = false;
    if (s < end && (*s == '+' || *s == '-'))
        negative = *s++ == '-';
    bool only_zeros = false;
    char c1 = end - s >= 2 ? (char)tolower((unsigned char)s[1]) : '\0';
    if (base == 0) {
        if (s >= end || *s != '0')
            base = 10;
        else if (c1 == 'x') base = 16;
        else if (c1 == 'o') base = 8;
        else if (c1 == 'b') base = 2;
        else {
            base = 10;
            only_zeros = true;   /* old C-style octal: only 0 allowed */
        }
    }
    if (end - s >= 2 && s[0] == '0' &&
        ((base == 16 && c1 == 'x') || (base == 8 && c1 == 'o') || (base == 2 && c1 == 'b'))) {
        s += 2;
        if (s < end && *s == '_')   /* one underscore allowed after the prefix */
            s++;
    }
    /* Digits with single underscores between them. */
    char local[64];
    size_t cap = (size_t)(end - s) + 1;
    char *digits = cap <= sizeof local ? local : wf_mem_malloc(cap);
    if (digits == NULL)
        return wf_err_no_memory();
    size_t nd = 0;
    bool ok = s < end && *s != '_';
    for (const char *p = s; ok && p < end; p++) {
        if (*p == '_') {
            ok = p + 1 < end && p[1] != '_';
            continue;
        }
        ok = digit_value((unsigned char)*p) < base;
        if (ok && only_zeros && *p != '0')
            ok = false;
        digits[nd++] = *p;
    }
    WfObject *r = NULL;
    if (ok && nd > 0) {
        if (!base_is_power_of_two(base) && nd > WF_INT_MAX_STR_DIGITS)
            too_many_digits_from_str(nd);
        else
            r = digits_to_int(digits, nd, base, negative);
    }
    if (digits != local)
        wf_mem_free(digits);
    return r;
}

/* Python's str.isspace() for non-ASCII code points. */
static bool unicode_is_space(int32_t c) {
    switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

/* Value of a Unicode decimal digit (category Nd), or -1. Nd code points come
 * in runs of ten starting at the digit zero. */
int wf_num_unicode_digit(uint32_t c) {
    if (c > 0x10FFFF || utf8proc_category((int32_t)c) != UTF8PROC_CATEGORY_ND)
        return -1;
    int k = 0;
    while (k < 100 && utf8proc_category((int32_t)c - k - 1) == UTF8PROC_CATEGORY_ND)
        k++;
    return k % 10;
}

/* An ASCII copy of UTF-8 text with Unicode spaces and digits mapped (see top). */
static char *to_ascii(const char *s, wf_ssize_t n, size_t *out_len) {
    char *out = wf_mem_malloc((size_t)n + 1);
    if (out == NULL)
        return NULL;
    size_t j = 0;
    for (wf_ssize_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[j++] = (char)c;
            i++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
        if (len <= 0) {
            len = 1;
            cp = -1;
        }
        i += len;
        int d = cp >= 0 ? wf_num_unicode_digit((uint32_t)cp) : -1;
        out[j++] = unicode_is_space(cp) ? ' ' : d >= 0 ? (char)('0' + d) : '?';
    }
    out[j] = '\0';
    *out_len = j;
    return out;
}

/* "invalid literal for int() with base 10: 'abc'" — repr cut to 200 chars. */
static WfObject *invalid_literal(WfObject *obj, int base) {
    WfObject *r = wf_object_repr(obj);
    if (r == NULL)
        return NULL;
    if (WF_STR_LENGTH(r) > 200) {
        WfObject *cut = wf_str_substring(r, 0, 200);
        wf_decref(r);
        if (cut == NULL)
            return NULL;
        r = cut;
    }
    wf_err_format(wf_exc_ValueError, "invalid literal for int() with base %d: %U", base, r);
    wf_decref(r);
    return NULL;
}

static bool base_valid(int base) { return base == 0 || (base >= 2 && base <= 36); }

static WfObject *bad_base(void) {
    return wf_err_format(wf_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
}

WfObject *wf_int_from_unicode(WfObject *str, int base) {
    if (!base_valid(base))
        return bad_base();
    WfObject *r;
    if (WF_STR_IS_ASCII(str)) {
        r = parse_ascii(WF_STR_DATA(str), (size_t)WF_STR_BYTE_LENGTH(str), base);
    } else {
        size_t n;
        char *ascii = to_ascii(WF_STR_DATA(str), WF_STR_BYTE_LENGTH(str), &n);
        if (ascii == NULL)
            return wf_err_no_memory();
        r = parse_ascii(ascii, n, base);
        wf_mem_free(ascii);
    }
    if (r == NULL && !wf_err_occurred())
        return invalid_literal(str, base);
    return r;
}

/* int(bytes, base): the bytes must be ASCII text. */
static WfObject *int_from_bytes_text(WfObject *obj, const char *data, wf_ssize_t n, int base) {
    if (!base_valid(base))
        return bad_base();
    WfObject *r = NULL;
    if (memchr(data, '\0', (size_t)n) == NULL)
        r = parse_ascii(data, (size_t)n, base);
    if (r == NULL && !wf_err_occurred())
        return invalid_literal(obj, base);
    return r;
}

WfObject *wf_int_from_string(const char *digits, size_t len, int base) {
    char local[64];
    char *buf = len < sizeof local ? local : wf_mem_malloc(len + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (digits[i] == '_')
            continue;
        if (digit_value((unsigned char)digits[i]) >= base) {
            if (buf != local)
                wf_mem_free(buf);
            return wf_err_format(wf_exc_ValueError, "invalid digit in int literal");
        }
        buf[n++] = digits[i];
    }
    WfObject *r;
    if (!base_is_power_of_two(base) && n > WF_INT_MAX_STR_DIGITS)
        r = too_many_digits_from_str(n);
    else
        r = digits_to_int(buf, n, base, false);
    if (buf != local)
        wf_mem_free(buf);
    return r;
}

/* int(x, base): x must be str, bytes or bytearray. */
WfObject *wf_int_from_object_base(WfObject *x, WfObject *base_obj) {
    WfObject *bi = wf_int_from_index(base_obj);
    if (bi == NULL)
        return NULL;
    int overflow;
    long base = wf_int_as_long_and_overflow(bi, &overflow);
    wf_decref(bi);
    if (overflow || !base_valid((int)base) || base != (int)base)
        return bad_base();
    if (wf_str_check(x))
        return wf_int_from_unicode(x, (int)base);
    if (wf_bytes_check(x))
        return int_from_bytes_text(x, WF_BYTES_AS_STRING(x), WF_BYTES_SIZE(x), (int)base);
    if (WF_TYPE(x) == &wf_bytearray_type || wf_type_is_subtype(WF_TYPE(x), &wf_bytearray_type)) {
        WfObject *b = wf_bytes_from_object(x);
        if (b == NULL)
            return NULL;
        WfObject *r = int_from_bytes_text(x, WF_BYTES_AS_STRING(b), WF_BYTES_SIZE(b), (int)base);
        wf_decref(b);
        return r;
    }
    return wf_err_format(wf_exc_TypeError, "int() can't convert non-string with explicit base");
}

/* ---- format(int, spec) ------------------------------------------------------ */

static WfObject *spec_error(const char *msg) {
    return wf_err_format(wf_exc_ValueError, "%s", msg);
}

static WfObject *format_char(WfObject *self, const WfFormatSpec *spec) {
    if (spec->sign != '\0')
        return spec_error("Sign not allowed with integer format specifier 'c'");
    if (spec->alternate)
        return spec_error("Alternate form (#) not allowed with integer format specifier 'c'");
    int overflow;
    long x = wf_int_as_long_and_overflow(self, &overflow);
    if (overflow)
        return wf_err_format(wf_exc_OverflowError, "Python int too large to convert to C long");
    if (x < 0 || x > 0x10ffff)
        return wf_err_format(wf_exc_OverflowError, "%%c arg not in range(0x110000)");
    WfObject *ch = wf_str_from_codepoint((uint32_t)x);
    if (ch == NULL)
        return NULL;
    WfNumberParts parts = {
        .negative = false, .digits = "", .n_digits = 0,
        .rest = WF_STR_DATA(ch), .n_rest = (size_t)WF_STR_BYTE_LENGTH(ch), .n_rest_chars = 1,
    };
    WfObject *r = wf_format_spec_apply_number(spec, &parts);
    wf_decref(ch);
    return r;
}

static WfObject *format_long(WfObject *self, const WfFormatSpec *spec) {
    if (spec->precision != -1)
        return spec_error("Precision not allowed in integer format specifier");
    if (spec->no_neg_zero)
        return spec_error("Negative zero coercion (z) not allowed in integer format specifier");
    if (spec->type == 'c')
        return format_char(self, spec);
    int base = 10;
    const char *prefix = NULL;
    switch (spec->type) {
    case 'b': base = 2; prefix = "0b"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'x': case 'X': base = 16; prefix = "0x"; break;
    default: break;
    }
    bool negative = wf_int_sign(self) < 0;
    if (base == 10 && wf_int_bit_length(self) >= MAX_STR_BITS)
        return too_many_digits_to_str();
    size_t len;
    char *digits = int_digits(self, base, spec->type == 'X', &len);
    if (digits == NULL)
        return NULL;
    if (base == 10 && len > WF_INT_MAX_STR_DIGITS) {
        wf_mem_free(digits);
        return too_many_digits_to_str();
    }
    WfNumberParts parts = {
        .negative = negative, .prefix = spec->alternate ? prefix : NULL,
        .digits = digits, .n_digits = len, .rest = "", .n_rest = 0, .n_rest_chars = 0,
    };
    WfObject *r = wf_format_spec_apply_number(spec, &parts);
    wf_mem_free(digits);
    return r;
}

WfObject *wf_int_format_spec(WfObject *self, WfObject *spec) {
    if (WF_STR_LENGTH(spec) == 0)
        return wf_int_check_exact(self) ? wf_int_to_decimal(self) : wf_object_str(self);
    const char *type_name = wf_type_name(WF_TYPE(self));
    WfFormatSpec f;
    if (wf_format_spec_parse_for(spec, &f, 'd', type_name) < 0)
        return NULL;
    switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_long(self, &f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d = wf_int_as_double(self);
        if (d == -1.0 && wf_err_occurred())
            return NULL;
        return wf_float_format_parsed(d, &f);
    }
    default:
        return wf_format_spec_unknown_type(f.type, type_name);
    }
}
