/* float_repr.c — floats to and from text: repr, format(), %-formatting
 * support, float(str), float.hex and float.fromhex.
 *
 * Invariants:
 *  - Digit generation relies on glibc: printf's %e/%f are exact and round
 *    half-to-even on the exact binary value, strtod is correctly rounded.
 *    float_digits() uses them to reproduce the digit strings of CPython's
 *    _Py_dg_dtoa (modes 0, 2 and 3); format_short() is CPython's
 *    format_float_short layout on top of them, so every presentation type
 *    lays out exactly as CPython's PyOS_double_to_string.
 *  - Parsing accepts exactly CPython's float() syntax (no hex, no "nan(...)",
 *    underscores only between digits) and checks it before calling strtod.
 */
#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/int_internal.h"

/* ---- digit generation (dtoa emulation) ------------------------------------------ */

/* Parses printf's "%.Ne" output of a positive finite value: "d.ddde+XX". */
static int parse_e_output(const char *buf, char *digits, int *decpt) {
    int n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[n++] = *p;
    *decpt = atoi(p + 1) + 1;
    return n;
}

static int strip_trailing_zeros(char *digits, int n) {
    while (n > 1 && digits[n - 1] == '0')
        n--;
    return n;
}

/* Adds delta (+1/-1) to the 16-digit decimal d (no point) with exponent
 * *exp10, keeping 16 digits; used for the neighbours of a rounding. */
static void step16(char d[20], int *exp10, int delta) {
    unsigned long long n = strtoull(d, NULL, 10) + (unsigned long long)(long long)delta;
    if (n >= 10000000000000000ULL) {        /* 9999999999999999 + 1 */
        n /= 10;
        (*exp10)++;
    } else if (n < 1000000000000000ULL) {   /* 1000000000000000 - 1 */
        n = n * 10 + 9;
        (*exp10)--;
    }
    snprintf(d, 20, "%llu", n);
}

static bool digits_round_trip(const char *d, int exp10, double v) {
    char buf[48];
    snprintf(buf, sizeof buf, "%c.%se%d", d[0], d + 1, exp10);
    return strtod(buf, NULL) == v;
}

/* dtoa mode 0 for v > 0: the shortest digit string that reads back as v,
 * the nearest to v among those. If any string of 15 or fewer digits reads
 * back, the correctly rounded 15-digit one does (a double has more than 15
 * digits of precision), so the search starts at 15 for normal numbers.
 * At 16 digits the rounding interval of a power of two is lopsided: the
 * correctly rounded string may miss it while its neighbour on the wide side
 * hits it, so that neighbour is tried too. Subnormals have fewer bits and
 * search from one digit. */
static int shortest_digits(double v, char *digits, int *decpt) {
    char buf[64];
    int start = v >= DBL_MIN ? 15 : 1;
    for (int p = start; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        double back = strtod(buf, NULL);
        if (back == v || p == 17)
            break;
        if (p == 16) {
            char d[20];
            int exp10;
            int n = parse_e_output(buf, d, &exp10);
            d[n] = '\0';
            exp10 -= 1;
            step16(d, &exp10, back < v ? 1 : -1);
            if (digits_round_trip(d, exp10, v)) {
                memcpy(digits, d, 16);
                *decpt = exp10 + 1;
                return strip_trailing_zeros(digits, 16);
            }
        }
    }
    int n = parse_e_output(buf, digits, decpt);
    return strip_trailing_zeros(digits, n);
}

/* Digits of |v| (finite, non-zero) as _Py_dg_dtoa returns them: no leading
 * or trailing zeros, value = 0.DIGITS * 10**decpt.
 *   mode 0: shortest string that round-trips;
 *   mode 2: ndigits significant digits;
 *   mode 3: ndigits digits after the decimal point (may yield "").
 * digits must hold max(32, needed) bytes; returns the count. */
static int float_digits(double v, int mode, int ndigits, char *digits, int *decpt) {
    v = fabs(v);
    if (v == 0.0) {
        digits[0] = '0';
        *decpt = 1;
        return 1;
    }
    if (mode == 0)
        return shortest_digits(v, digits, decpt);
    if (mode == 2) {
        int len = snprintf(NULL, 0, "%.*e", ndigits - 1, v);
        char *tmp = wf_mem_malloc((size_t)len + 1);
        if (tmp == NULL)
            return -1;
        snprintf(tmp, (size_t)len + 1, "%.*e", ndigits - 1, v);
        int n = parse_e_output(tmp, digits, decpt);
        wf_mem_free(tmp);
        return strip_trailing_zeros(digits, n);
    }
    /* mode 3: "III.FFF" -> digits with the point at len(III) */
    int len = snprintf(NULL, 0, "%.*f", ndigits, v);
    char *tmp = wf_mem_malloc((size_t)len + 1);
    if (tmp == NULL)
        return -1;
    snprintf(tmp, (size_t)len + 1, "%.*f", ndigits, v);
    int n = 0, point = -1;
    for (const char *p = tmp; *p; p++) {
        if (*p == '.')
            point = n;
        else
            digits[n++] = *p;
    }
    wf_mem_free(tmp);
    if (point < 0)
        point = n;
    int lead = 0;
    while (lead < n && digits[lead] == '0')
        lead++;
    if (lead == n) {   /* rounded to zero: dtoa's "no digits" case */
        *decpt = -ndigits;
        return 0;
    }
    memmove(digits, digits + lead, (size_t)(n - lead));
    n -= lead;
    *decpt = point - lead;
    return strip_trailing_zeros(digits, n);
}

/* ---- layout (CPython's format_float_short) ------------------------------------------ */

/* Formats v like PyOS_double_to_string(v, type, precision, flags). type is
 * one of e E f F g G r (n and % are handled by the caller); returns a
 * wf_mem_malloc'd NUL-terminated string, NULL on MemoryError (set). */
static char *format_short(double v, char type, int precision, int flags) {
    bool upper = (flags & WF_FLOAT_FORMAT_UPPER) || type == 'E' || type == 'F' || type == 'G';
    bool alt = flags & WF_FLOAT_FORMAT_ALT;
    bool add_dot_0 = flags & WF_FLOAT_FORMAT_ADD_DOT_0;
    bool no_neg_0 = flags & WF_FLOAT_FORMAT_NO_NEG_0;
    char code = (char)tolower((unsigned char)type);
    int mode, ndigits = precision;
    switch (code) {
    case 'e': mode = 2; precision++; ndigits = precision; break;
    case 'f': mode = 3; break;
    case 'g': mode = 2; if (ndigits == 0) ndigits = 1; precision = ndigits; break;
    default: mode = 0; ndigits = 0; code = 'r'; break;
    }
    if (!isfinite(v)) {
        char *out = wf_mem_malloc(8);
        if (out == NULL) {
            wf_err_no_memory();
            return NULL;
        }
        if (isnan(v))
            strcpy(out, upper ? "NAN" : "nan");
        else
            strcpy(out, v < 0 ? (upper ? "-INF" : "-inf") : (upper ? "INF" : "inf"));
        return out;
    }
    /* mode 3 can produce up to 309 integer digits plus ndigits decimals. */
    size_t dcap = (size_t)(mode == 3 ? 320 + ndigits : 32 + ndigits);
    char *digits = wf_mem_malloc(dcap);
    if (digits == NULL) {
        wf_err_no_memory();
        return NULL;
    }
    int decpt;
    int digits_len = float_digits(v, mode, ndigits, digits, &decpt);
    if (digits_len < 0) {
        wf_mem_free(digits);
        wf_err_no_memory();
        return NULL;
    }
    bool sign = signbit(v);
    if (no_neg_0 && sign && (digits_len == 0 || (digits_len == 1 && digits[0] == '0')))
        sign = false;
    int use_exp = 0, exp = 0;
    long vdigits_end = digits_len;
    switch (code) {
    case 'e': use_exp = 1; vdigits_end = precision; break;
    case 'f': vdigits_end = (long)decpt + precision; break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
            use_exp = 1;
        if (alt)
            vdigits_end = precision;
        break;
    default:
        if (decpt <= -4 || decpt > 16)
            use_exp = 1;
        break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    long vdigits_start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt + 1;
    else
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt;
    size_t cap = (size_t)(vdigits_end - vdigits_start) + (size_t)digits_len + 16;
    char *out = wf_mem_malloc(cap);
    if (out == NULL) {
        wf_mem_free(digits);
        wf_err_no_memory();
        return NULL;
    }
    char *p = out;
    if (sign)
        *p++ = '-';
    if (decpt <= 0) {
        memset(p, '0', (size_t)(decpt - vdigits_start));
        p += decpt - vdigits_start;
        *p++ = '.';
        memset(p, '0', (size_t)(0 - decpt));
        p += 0 - decpt;
    } else {
        memset(p, '0', (size_t)(0 - vdigits_start));
        p += 0 - vdigits_start;
    }
    if (0 < decpt && decpt <= digits_len) {
        memcpy(p, digits, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, digits + decpt, (size_t)(digits_len - decpt));
        p += digits_len - decpt;
    } else {
        memcpy(p, digits, (size_t)digits_len);
        p += digits_len;
    }
    if (digits_len < decpt) {
        memset(p, '0', (size_t)(decpt - digits_len));
        p += decpt - digits_len;
        *p++ = '.';
        memset(p, '0', (size_t)(vdigits_end - decpt));
        p += vdigits_end - decpt;
    } else {
        memset(p, '0', (size_t)(vdigits_end - digits_len));
        p += vdigits_end - digits_len;
    }
    if (p[-1] == '.' && !alt)
        p--;
    if (use_exp)
        p += sprintf(p, "%c%+.02d", upper ? 'E' : 'e', exp);
    *p = '\0';
    wf_mem_free(digits);
    return out;
}

/* ---- repr and %-formatting --------------------------------------------------------- */

void wf_float_repr_buffer(double v, char *buf, size_t size) {
    char *s = format_short(v, 'r', 0, WF_FLOAT_FORMAT_ADD_DOT_0);
    if (s == NULL) {
        wf_err_clear();
        snprintf(buf, size, "%.17g", v);
        return;
    }
    snprintf(buf, size, "%s", s);
    wf_mem_free(s);
}

WfObject *wf_float_repr(WfObject *o) {
    char *s = format_short(WF_FLOAT_VALUE(o), 'r', 0, WF_FLOAT_FORMAT_ADD_DOT_0);
    if (s == NULL)
        return NULL;
    WfObject *r = wf_str_from_cstr(s);
    wf_mem_free(s);
    return r;
}

WfObject *wf_float_format(double v, char type, int precision, int flags) {
    if (precision < 0)
        precision = 6;
    if (type == 'r' || type == 's')
        precision = 0;
    char *s = format_short(v, type, precision, flags);
    if (s == NULL)
        return NULL;
    WfObject *r = wf_str_from_cstr(s);
    wf_mem_free(s);
    return r;
}

/* ---- format(float, spec) --------------------------------------------------------------- */

/* CPython's format_float_internal. */
WfObject *wf_float_format_parsed(double v, const WfFormatSpec *spec) {
    char type = (char)spec->type;
    int flags = 0;
    int default_precision = 6;
    if (spec->precision > 0x7fffffff)
        return wf_err_format(wf_exc_ValueError, "precision too big");
    int precision = (int)spec->precision;
    if (spec->alternate)
        flags |= WF_FLOAT_FORMAT_ALT;
    if (spec->no_neg_zero)
        flags |= WF_FLOAT_FORMAT_NO_NEG_0;
    if (type == '\0') {
        flags |= WF_FLOAT_FORMAT_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    bool add_pct = false;
    if (type == '%') {
        type = 'f';
        v *= 100;
        add_pct = true;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    char *s = format_short(v, type, precision, flags);
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    bool negative = s[0] == '-';
    const char *num = negative ? s + 1 : s;
    size_t nlen = negative ? n - 1 : n;
    size_t nd = 0;
    while (nd < nlen && num[nd] >= '0' && num[nd] <= '9')
        nd++;
    /* rest: decimal point, fraction, exponent (or "inf"/"nan"), then '%' */
    size_t rest_len = nlen - nd + (add_pct ? 1 : 0);
    char *rest = wf_mem_malloc(rest_len + 1);
    if (rest == NULL) {
        wf_mem_free(s);
        return wf_err_no_memory();
    }
    memcpy(rest, num + nd, nlen - nd);
    if (add_pct)
        rest[rest_len - 1] = '%';
    rest[rest_len] = '\0';
    WfNumberParts parts = {
        .negative = negative, .prefix = NULL, .digits = num, .n_digits = nd,
        .rest = rest, .n_rest = rest_len, .n_rest_chars = rest_len,
    };
    WfObject *r = wf_format_spec_apply_number(spec, &parts);
    wf_mem_free(rest);
    wf_mem_free(s);
    return r;
}

WfObject *wf_float_format_spec(WfObject *self, WfObject *spec) {
    if (WF_STR_LENGTH(spec) == 0)
        return wf_object_str(self);
    const char *type_name = wf_type_name(WF_TYPE(self));
    WfFormatSpec f;
    if (wf_format_spec_parse_for(spec, &f, '\0', type_name) < 0)
        return NULL;
    switch (f.type) {
    case '\0': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return wf_float_format_parsed(WF_FLOAT_VALUE(self), &f);
    default:
        return wf_format_spec_unknown_type(f.type, type_name);
    }
}

/* ---- float(str) ------------------------------------------------------------------------ */

static bool is_space_char(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* "inf", "infinity", "nan" (any case) with an optional sign; the length
 * matched (0 when none) and the value. */
static size_t parse_inf_or_nan(const char *s, size_t n, double *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (n - i >= 8 && strncasecmp(s + i, "infinity", 8) == 0) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return i + 8;
    }
    if (n - i >= 3 && strncasecmp(s + i, "inf", 3) == 0) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return i + 3;
    }
    if (n - i >= 3 && strncasecmp(s + i, "nan", 3) == 0) {
        *out = neg ? -NAN : NAN;
        return i + 3;
    }
    return 0;
}

/* Validates and converts s[0..n) (already stripped of outer white space):
 *   [sign] (digits [. [digits]] | . digits) [(e|E) [sign] digits]
 * with single underscores allowed between digits. 0 or -1 (no error set). */
static int parse_decimal(const char *s, size_t n, double *out) {
    char local[128];
    char *clean = n < sizeof local ? local : wf_mem_malloc(n + 1);
    if (clean == NULL)
        return -1;
    size_t i = 0, j = 0;
    int rc = -1;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        clean[j++] = s[i++];
    size_t int_digits = 0, frac_digits = 0;
#define DIGITS(counter)                                                        \
    while (i < n && (isdigit((unsigned char)s[i]) ||                           \
                     (s[i] == '_' && counter > 0 && i + 1 < n &&               \
                      isdigit((unsigned char)s[i + 1])))) {                    \
        if (s[i] != '_') {                                                     \
            clean[j++] = s[i];                                                 \
            counter++;                                                         \
        }                                                                      \
        i++;                                                                   \
    }
    DIGITS(int_digits);
    if (i < n && s[i] == '.') {
        clean[j++] = s[i++];
        DIGITS(frac_digits);
    }
    if (int_digits + frac_digits == 0)
        goto done;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_digits = 0;
        clean[j++] = s[i++];
        if (i < n && (s[i] == '+' || s[i] == '-'))
            clean[j++] = s[i++];
        DIGITS(exp_digits);
        if (exp_digits == 0)
            goto done;
    }
#undef DIGITS
    if (i != n)
        goto done;
    clean[j] = '\0';
    *out = strtod(clean, NULL);
    rc = 0;
done:
    if (clean != local)
        wf_mem_free(clean);
    return rc;
}

/* Python's str.isspace() for a non-ASCII code point. */
static bool unicode_space(uint32_t c) {
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Maps Unicode spaces to ' ' and Unicode decimal digits to ASCII digits;
 * any other non-ASCII character becomes '?', which fails the parse. */
static char *float_text_to_ascii(WfObject *str, size_t *out_len) {
    wf_ssize_t len = WF_STR_LENGTH(str);
    char *out = wf_mem_malloc((size_t)len + 1);
    if (out == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < len; i++) {
        uint32_t c = wf_str_read_char(str, i);
        char m = '?';
        if (c < 0x80) {
            m = (char)c;
        } else if (unicode_space(c)) {
            m = ' ';
        } else {
            int d = wf_num_unicode_digit(c);
            if (d >= 0)
                m = (char)('0' + d);
        }
        out[i] = m;
    }
    out[len] = '\0';
    *out_len = (size_t)len;
    return out;
}

static WfObject *could_not_convert(WfObject *obj) {
    return wf_err_format(wf_exc_ValueError, "could not convert string to float: %R", obj);
}

/* Parses text per float(); NULL without an exception on a syntax error. */
static WfObject *float_from_text(const char *s, size_t n) {
    while (n > 0 && is_space_char((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space_char((unsigned char)s[n - 1]))
        n--;
    double v;
    size_t used = parse_inf_or_nan(s, n, &v);
    if (used > 0 && used == n)
        return wf_float_from_double(v);
    if (parse_decimal(s, n, &v) < 0)
        return NULL;
    return wf_float_from_double(v);
}

WfObject *wf_float_from_string(WfObject *obj) {
    WfObject *r = NULL;
    if (wf_str_check(obj)) {
        if (WF_STR_IS_ASCII(obj)) {
            r = float_from_text(WF_STR_DATA(obj), (size_t)WF_STR_BYTE_LENGTH(obj));
        } else {
            size_t n;
            char *ascii = float_text_to_ascii(obj, &n);
            if (ascii == NULL)
                return wf_err_no_memory();
            r = float_from_text(ascii, n);
            wf_mem_free(ascii);
        }
    } else {
        WfObject *b = wf_bytes_check(obj) ? wf_newref(obj) : wf_bytes_from_object(obj);
        if (b == NULL)
            return NULL;
        const char *data = WF_BYTES_AS_STRING(b);
        size_t n = (size_t)WF_BYTES_SIZE(b);
        if (memchr(data, '\0', n) == NULL)
            r = float_from_text(data, n);
        wf_decref(b);
    }
    if (r == NULL && !wf_err_occurred())
        return could_not_convert(obj);
    return r;
}

/* ---- float.hex / float.fromhex (CPython's float_hex, float_fromhex) ------------------- */

static const char hexdigits[] = "0123456789abcdef";

WfObject *wf_float_hex(WfObject *self, WfObject *unused) {
    double x = WF_FLOAT_VALUE(self);
    if (isnan(x) || isinf(x))
        return wf_float_repr(self);
    if (x == 0.0)
        return wf_str_from_cstr(copysign(1.0, x) == -1.0 ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char s[32];
    int si = 0;
    s[si++] = hexdigits[(int)m];
    m -= (int)m;
    s[si++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        s[si++] = hexdigits[(int)m];
        m -= (int)m;
    }
    s[si] = '\0';
    char esign = e < 0 ? '-' : '+';
    return wf_str_from_format("%s0x%sp%c%d", x < 0.0 ? "-" : "", s, esign, e < 0 ? -e : e);
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

typedef struct HexCoeff {
    const char *end;      /* last hex digit of the coefficient (or one past, see HEX_DIGIT) */
    long fdigits;         /* digits after the point */
} HexCoeff;

/* The jth least significant hex digit of the coefficient. */
static int hex_digit(const HexCoeff *c, long j) {
    return hex_value(*(j < c->fdigits ? c->end - j : c->end - 1 - j));
}

/* Rounds the coefficient * 2**exp to a double (CPython's algorithm). Returns
 * 0, or 1 on overflow. */
static int hex_round(const HexCoeff *c, long ndigits, long exp, double *out) {
    while (ndigits > 0 && hex_digit(c, ndigits - 1) == 0)
        ndigits--;
    if (ndigits == 0 || exp < LONG_MIN / 2) {
        *out = 0.0;
        return 0;
    }
    if (exp > LONG_MAX / 2)
        return 1;
    exp -= 4 * c->fdigits;
    long top_exp = exp + 4 * (ndigits - 1);
    for (int digit = hex_digit(c, ndigits - 1); digit != 0; digit /= 2)
        top_exp++;
    if (top_exp < DBL_MIN_EXP - DBL_MANT_DIG) {
        *out = 0.0;
        return 0;
    }
    if (top_exp > DBL_MAX_EXP)
        return 1;
    long lsb = (top_exp > DBL_MIN_EXP ? top_exp : DBL_MIN_EXP) - DBL_MANT_DIG;
    double x = 0.0;
    if (exp >= lsb) {
        for (long i = ndigits - 1; i >= 0; i--)
            x = 16.0 * x + hex_digit(c, i);
        *out = ldexp(x, (int)exp);
        return 0;
    }
    int half_eps = 1 << (int)((lsb - exp - 1) % 4);
    long key_digit = (lsb - exp - 1) / 4;
    for (long i = ndigits - 1; i > key_digit; i--)
        x = 16.0 * x + hex_digit(c, i);
    int digit = hex_digit(c, key_digit);
    x = 16.0 * x + (double)(digit & (16 - 2 * half_eps));
    if ((digit & half_eps) != 0) {
        bool round_up = false;
        if ((digit & (3 * half_eps - 1)) != 0 ||
            (half_eps == 8 && key_digit + 1 < ndigits && (hex_digit(c, key_digit + 1) & 1) != 0))
            round_up = true;
        else
            for (long i = key_digit - 1; i >= 0; i--)
                if (hex_digit(c, i) != 0) {
                    round_up = true;
                    break;
                }
        if (round_up) {
            x += 2 * half_eps;
            if (top_exp == DBL_MAX_EXP && x == ldexp((double)(2 * half_eps), DBL_MANT_DIG))
                return 1;
        }
    }
    *out = ldexp(x, (int)(exp + 4 * key_digit));
    return 0;
}

static WfObject *fromhex_text(const char *s, const char *s_end) {
    double x;
    bool negate = false;
    while (s < s_end && is_space_char((unsigned char)*s))
        s++;
    size_t used = parse_inf_or_nan(s, (size_t)(s_end - s), &x);
    if (used > 0) {
        s += used;
    } else {
        if (*s == '-') {
            s++;
            negate = true;
        } else if (*s == '+') {
            s++;
        }
        if (*s == '0' && (s[1] == 'x' || s[1] == 'X'))
            s += 2;
        const char *coeff_start = s;
        while (hex_value(*s) >= 0)
            s++;
        const char *point = s;
        HexCoeff c;
        if (*s == '.') {
            s++;
            while (hex_value(*s) >= 0)
                s++;
            c.end = s - 1;
        } else {
            c.end = s;
        }
        long ndigits = (long)(c.end - coeff_start);
        c.fdigits = (long)(c.end - point);
        if (ndigits == 0)
            goto parse_error;
        if (ndigits > (DBL_MIN_EXP - DBL_MANT_DIG - LONG_MIN / 2) / 4)
            return wf_err_format(wf_exc_ValueError, "hexadecimal string too long to convert");
        long exp = 0;
        if (*s == 'p' || *s == 'P') {
            s++;
            const char *exp_start = s;
            if (*s == '-' || *s == '+')
                s++;
            if (!(*s >= '0' && *s <= '9'))
                goto parse_error;
            while (*s >= '0' && *s <= '9')
                s++;
            exp = strtol(exp_start, NULL, 10);
        }
        if (hex_round(&c, ndigits, exp, &x))
            return wf_err_format(wf_exc_OverflowError,
                                 "hexadecimal value too large to represent as a float");
    }
    while (s < s_end && is_space_char((unsigned char)*s))
        s++;
    if (s != s_end)
        goto parse_error;
    return wf_float_from_double(negate ? -x : x);
parse_error:
    return wf_err_format(wf_exc_ValueError, "invalid hexadecimal floating-point string");
}

WfObject *wf_float_fromhex(WfObject *cls, WfObject *arg) {
    if (!wf_str_check(arg))
        return wf_err_format(wf_exc_TypeError, "fromhex() argument must be str, not %s",
                             wf_type_name(WF_TYPE(arg)));
    const char *s = WF_STR_DATA(arg);
    if (strlen(s) != (size_t)WF_STR_BYTE_LENGTH(arg))   /* embedded NUL */
        return wf_err_format(wf_exc_ValueError, "invalid hexadecimal floating-point string");
    WfObject *r = fromhex_text(s, s + WF_STR_BYTE_LENGTH(arg));
    if (r == NULL || cls == (WfObject *)&wf_float_type)
        return r;
    WfObject *inst = wf_object_call_one_arg(cls, r);
    wf_decref(r);
    return inst;
}
