/* format_spec.c — parsing and applying the format-spec mini-language
 * (CPython's Python/formatter_unicode.c, with the same messages).
 *
 * Invariants:
 *  - widths and precisions count code points; the spec and the output are
 *    UTF-8 str objects;
 *  - the number layout is CPython's:
 *      <lpad><sign><prefix><spad><grouped digits><rest><rpad>
 *    where at most one of the three paddings is non-empty.
 * No state: every function works on its arguments only.
 */
#include <string.h>

#include "runtime/objects/format_spec.h"

/* ---- parsing --------------------------------------------------------------- */

/* Decodes one UTF-8 code point at *p (input is valid UTF-8). */
static uint32_t utf8_next(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > 1) {
        c &= (uint32_t)(0x3F >> (n - 1));
        for (int i = 1; i < n; i++)
            c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n;
    return c;
}

static int utf8_encode(uint32_t c, char *out) {
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }
static bool is_sign(uint32_t c) { return c == ' ' || c == '+' || c == '-'; }

/* Reads decimal digits at cp[*pos]; returns the count, -1 on overflow. */
static int get_integer(const uint32_t *cp, wf_ssize_t n, wf_ssize_t *pos, wf_ssize_t *result) {
    wf_ssize_t acc = 0;
    int digits = 0;
    for (; *pos < n && cp[*pos] >= '0' && cp[*pos] <= '9'; (*pos)++, digits++) {
        wf_ssize_t d = (wf_ssize_t)(cp[*pos] - '0');
        if (acc > (WF_SSIZE_T_MAX - d) / 10) {
            wf_err_format(wf_exc_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        acc = acc * 10 + d;
    }
    *result = acc;
    return digits;
}

static int invalid_thousands(char sep, uint32_t type) {
    if (type > 32 && type < 128)
        wf_err_format(wf_exc_ValueError, "Cannot specify '%c' with '%c'.", sep, (int)type);
    else
        wf_err_format(wf_exc_ValueError, "Cannot specify '%c' with '\\x%x'.", sep, (unsigned)type);
    return -1;
}

static int comma_and_underscore(void) {
    wf_err_format(wf_exc_ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

/* The body of the parser on decoded code points. */
static int parse_codepoints(WfObject *spec, const uint32_t *cp, wf_ssize_t n, WfFormatSpec *f,
                            char default_type, const char *type_name) {
    char default_align = default_type == 's' ? '<' : '>';
    wf_ssize_t pos = 0;
    bool fill_given = false, align_given = false;
    f->fill = ' ';
    f->align = default_align;
    f->sign = '\0';
    f->no_neg_zero = false;
    f->alternate = false;
    f->thousands = '\0';
    f->width = -1;
    f->precision = -1;
    f->type = (uint32_t)(unsigned char)default_type;

    if (n - pos >= 2 && is_align(cp[pos + 1])) {
        f->align = (char)cp[pos + 1];
        f->fill = cp[pos];
        fill_given = align_given = true;
        pos += 2;
    } else if (n - pos >= 1 && is_align(cp[pos])) {
        f->align = (char)cp[pos];
        align_given = true;
        pos++;
    }
    if (n - pos >= 1 && is_sign(cp[pos]))
        f->sign = (char)cp[pos++];
    if (n - pos >= 1 && cp[pos] == 'z') {
        f->no_neg_zero = true;
        pos++;
    }
    if (n - pos >= 1 && cp[pos] == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && n - pos >= 1 && cp[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        pos++;
    }
    int consumed = get_integer(cp, n, &pos, &f->width);
    if (consumed < 0)
        return -1;
    if (consumed == 0)
        f->width = -1;
    if (n - pos >= 1 && cp[pos] == ',') {
        f->thousands = ',';
        pos++;
    }
    if (n - pos >= 1 && cp[pos] == '_') {
        if (f->thousands != '\0')
            return comma_and_underscore();
        f->thousands = '_';
        pos++;
    }
    if (n - pos >= 1 && cp[pos] == ',' && f->thousands == '_')
        return comma_and_underscore();
    if (n - pos >= 1 && cp[pos] == '.') {
        pos++;
        consumed = get_integer(cp, n, &pos, &f->precision);
        if (consumed < 0)
            return -1;
        if (consumed == 0) {
            wf_err_format(wf_exc_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (n - pos > 1) {
        wf_err_format(wf_exc_ValueError, "Invalid format specifier '%U' for object of type '%s'",
                      spec, type_name);
        return -1;
    }
    if (n - pos == 1)
        f->type = cp[pos];
    if (f->thousands != '\0') {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case '\0':
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->thousands == '_')
                break;
            return invalid_thousands(f->thousands, f->type);
        default:
            return invalid_thousands(f->thousands, f->type);
        }
    }
    return 0;
}

int wf_format_spec_parse_for(WfObject *spec, WfFormatSpec *out, char default_type,
                             const char *type_name) {
    wf_ssize_t n = WF_STR_LENGTH(spec);
    uint32_t local[64];
    uint32_t *cp = n <= 64 ? local : wf_mem_malloc((size_t)n * sizeof(uint32_t));
    if (cp == NULL) {
        wf_err_no_memory();
        return -1;
    }
    const unsigned char *p = (const unsigned char *)WF_STR_DATA(spec);
    for (wf_ssize_t i = 0; i < n; i++)
        cp[i] = utf8_next(&p);
    int r = parse_codepoints(spec, cp, n, out, default_type, type_name);
    if (cp != local)
        wf_mem_free(cp);
    return r;
}

int wf_format_spec_parse(WfObject *spec, WfFormatSpec *out, char default_type) {
    const char *name = default_type == 's' ? "str" : default_type == 'd' ? "int" : "float";
    return wf_format_spec_parse_for(spec, out, default_type, name);
}

WfObject *wf_format_spec_unknown_type(uint32_t type, const char *type_name) {
    if (type > 32 && type < 128)
        return wf_err_format(wf_exc_ValueError, "Unknown format code '%c' for object of type '%s'",
                             (int)type, type_name);
    return wf_err_format(wf_exc_ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                         (unsigned)type, type_name);
}

/* ---- output ----------------------------------------------------------------- */

/* Widths beyond this cannot be honoured by any machine weft runs on; failing
 * up front avoids growing a builder toward terabytes before malloc gives up. */
#define MAX_WIDTH ((wf_ssize_t)1 << 36)

static int append_fill(WfStrBuilder *b, uint32_t fill, wf_ssize_t count) {
    char enc[4];
    int len = utf8_encode(fill, enc);
    for (wf_ssize_t i = 0; i < count; i++)
        if (wf_str_builder_append_utf8(b, enc, len) < 0)
            return -1;
    return 0;
}

/* CPython's calc_padding. */
static void calc_padding(wf_ssize_t nchars, wf_ssize_t width, char align, wf_ssize_t *left,
                         wf_ssize_t *right) {
    wf_ssize_t total = width > nchars ? width : nchars;
    if (align == '>')
        *left = total - nchars;
    else if (align == '^')
        *left = (total - nchars) / 2;
    else
        *left = 0;
    *right = total - nchars - *left;
}

static WfObject *str_spec_error(const char *msg) {
    return wf_err_format(wf_exc_ValueError, "%s", msg);
}

WfObject *wf_format_spec_apply_str(const WfFormatSpec *spec, WfObject *str) {
    if (spec->sign == ' ')
        return str_spec_error("Space not allowed in string format specifier");
    if (spec->sign != '\0')
        return str_spec_error("Sign not allowed in string format specifier");
    if (spec->no_neg_zero)
        return str_spec_error("Negative zero coercion (z) not allowed in string format specifier");
    if (spec->alternate)
        return str_spec_error("Alternate form (#) not allowed in string format specifier");
    if (spec->align == '=')
        return str_spec_error("'=' alignment not allowed in string format specifier");
    if (spec->width > MAX_WIDTH)
        return wf_err_no_memory();
    wf_ssize_t len = WF_STR_LENGTH(str);
    if ((spec->width < 0 || spec->width <= len) && (spec->precision < 0 || spec->precision >= len)) {
        if (wf_str_check_exact(str))
            return wf_newref(str);
        return wf_str_substring(str, 0, len);
    }
    if (spec->precision >= 0 && len >= spec->precision)
        len = spec->precision;
    wf_ssize_t left, right;
    calc_padding(len, spec->width, spec->align, &left, &right);
    WfObject *body = wf_str_substring(str, 0, len);
    if (body == NULL)
        return NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    if (append_fill(&b, spec->fill, left) < 0 || wf_str_builder_append_str(&b, body) < 0 ||
        append_fill(&b, spec->fill, right) < 0) {
        wf_decref(body);
        wf_str_builder_discard(&b);
        return NULL;
    }
    wf_decref(body);
    return wf_str_builder_finish(&b);
}

/* Groups digits[0..n) right to left by `group` with separator sep, zero-
 * padding on the left until the result is at least min_width characters
 * (CPython's _PyUnicode_InsertThousandsGrouping with a repeating grouping).
 * With group == 0 there is no separator, only the zero padding. Writes the
 * result at the END of out[0..cap) and returns its length. */
static size_t group_digits(const char *digits, wf_ssize_t n, wf_ssize_t min_width, int group,
                           char sep, char *out, size_t cap) {
    char *p = out + cap;
    wf_ssize_t remaining = n;
    bool use_sep = false;
    if (group > 0) {
        for (;;) {
            wf_ssize_t want = remaining > min_width ? remaining : min_width;
            if (want < 1)
                want = 1;
            wf_ssize_t l = group < want ? group : want;
            wf_ssize_t zeros = l - remaining > 0 ? l - remaining : 0;
            wf_ssize_t chars = remaining < l ? remaining : l;
            if (chars < 0)
                chars = 0;
            if (use_sep)
                *--p = sep;
            p -= chars;
            memcpy(p, digits + remaining - chars, (size_t)chars);
            p -= zeros;
            memset(p, '0', (size_t)zeros);
            use_sep = true;
            remaining -= chars;
            min_width -= l;
            if (remaining <= 0 && min_width <= 0)
                return (size_t)(out + cap - p);
            min_width -= 1;
        }
    }
    wf_ssize_t l = remaining > min_width ? remaining : min_width;
    if (l < 1)
        l = 1;
    wf_ssize_t zeros = l - remaining > 0 ? l - remaining : 0;
    p -= remaining;
    memcpy(p, digits, (size_t)remaining);
    p -= zeros;
    memset(p, '0', (size_t)zeros);
    return (size_t)(out + cap - p);
}

static int group_size(const WfFormatSpec *spec) {
    if (spec->thousands == '\0' || spec->type == 'n')
        return 0;
    if (spec->thousands == '_' &&
        (spec->type == 'b' || spec->type == 'o' || spec->type == 'x' || spec->type == 'X'))
        return 4;
    return 3;
}

WfObject *wf_format_spec_apply_number(const WfFormatSpec *spec, const WfNumberParts *parts) {
    if (spec->width > MAX_WIDTH)
        return wf_err_no_memory();
    char sign = '\0';
    if (parts->negative)
        sign = '-';
    else if (spec->sign == '+' || spec->sign == ' ')
        sign = spec->sign;
    size_t n_prefix = parts->prefix ? strlen(parts->prefix) : 0;
    wf_ssize_t n_non_digit = (sign ? 1 : 0) + (wf_ssize_t)n_prefix + (wf_ssize_t)parts->n_rest_chars;
    wf_ssize_t min_width = 0;
    if (spec->fill == '0' && spec->align == '=')
        min_width = spec->width - n_non_digit;
    int group = group_size(spec);

    /* Grouped digits: at most n + n/group separators, or min_width (+ 1). */
    size_t cap = parts->n_digits * 2 + 2 + (min_width > 0 ? (size_t)min_width * 2 : 0);
    char local[256];
    char *buf = cap <= sizeof local ? local : wf_mem_malloc(cap);
    if (buf == NULL)
        return wf_err_no_memory();
    size_t n_grouped = 0;
    const char *grouped = buf + cap;
    if (parts->n_digits > 0) {
        n_grouped = group_digits(parts->digits, (wf_ssize_t)parts->n_digits, min_width, group,
                                 spec->thousands, buf, cap);
        grouped = buf + cap - n_grouped;
    }
    wf_ssize_t padding = spec->width - (n_non_digit + (wf_ssize_t)n_grouped);
    wf_ssize_t lpad = 0, spad = 0, rpad = 0;
    if (padding > 0) {
        switch (spec->align) {
        case '<': rpad = padding; break;
        case '^': lpad = padding / 2; rpad = padding - lpad; break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    char prefix[8] = {0};
    if (n_prefix > 0) {
        memcpy(prefix, parts->prefix, n_prefix < 7 ? n_prefix : 7);
        if (spec->type == 'X')
            for (size_t i = 0; prefix[i]; i++)
                if (prefix[i] >= 'a' && prefix[i] <= 'z')
                    prefix[i] = (char)(prefix[i] - 'a' + 'A');
    }
    WfStrBuilder b;
    wf_str_builder_init(&b);
    int rc = append_fill(&b, spec->fill, lpad);
    if (rc == 0 && sign)
        rc = wf_str_builder_append_utf8(&b, &sign, 1);
    if (rc == 0 && n_prefix)
        rc = wf_str_builder_append_cstr(&b, prefix);
    if (rc == 0)
        rc = append_fill(&b, spec->fill, spad);
    if (rc == 0 && n_grouped)
        rc = wf_str_builder_append_utf8(&b, grouped, (wf_ssize_t)n_grouped);
    if (rc == 0 && parts->n_rest)
        rc = wf_str_builder_append_utf8(&b, parts->rest, (wf_ssize_t)parts->n_rest);
    if (rc == 0)
        rc = append_fill(&b, spec->fill, rpad);
    if (buf != local)
        wf_mem_free(buf);
    if (rc < 0) {
        wf_str_builder_discard(&b);
        return NULL;
    }
    return wf_str_builder_finish(&b);
}
