/* str_printf.c — wf_str_from_format: PyUnicode_FromFormat for weft.
 *
 * Supported: %% %c (int code point) %d %i %u %x %X %ld %li %lu %lx %lld %lli
 * %llu %llx %zd %zi %zu %zx %p, %s (UTF-8 char *; invalid bytes become
 * U+FFFD), %U (a str object), %S (str(obj)), %R (repr(obj)), %A (ascii(obj)),
 * %V (str object or, when NULL, a char * fallback: two arguments).
 * Width and precision work as in CPython: "%5d", "%-10s", "%.50s" (for
 * strings the precision counts code points), "%.*s" is not supported.
 * An unknown conversion copies the rest of the format as it is, like
 * CPython does.
 */
#include <stdio.h>
#include <string.h>

#include "runtime/objects/str_impl.h"

/* Appends the text (UTF-8, nbytes) with width and precision in code points. */
static void append_text(WfStrBuilder *b, const char *s, wf_ssize_t nbytes, wf_ssize_t width,
                        wf_ssize_t prec, bool ljust) {
    wf_ssize_t nchars = wf_utf8_count(s, nbytes);
    if (prec >= 0 && prec < nchars) {
        const unsigned char *p = (const unsigned char *)s;
        wf_ssize_t off = 0;
        for (wf_ssize_t k = 0; k < prec; k++)
            off += wf_utf8_char_len(p[off]);
        nbytes = off;
        nchars = prec;
    }
    wf_ssize_t padn = width > nchars ? width - nchars : 0;
    if (!ljust)
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
    wf_str_builder_append_utf8(b, s, nbytes);
    if (ljust)
        for (wf_ssize_t i = 0; i < padn; i++)
            wf_str_builder_append_codepoint(b, ' ');
}

/* A C string that may not be valid UTF-8: decoded with replacement. */
static void append_cstr(WfStrBuilder *b, const char *s, wf_ssize_t width, wf_ssize_t prec,
                        bool ljust) {
    wf_ssize_t n = (wf_ssize_t)strlen(s);
    WfUtf8Error err;
    if (wf_utf8_check(s, n, &err) >= 0) {
        append_text(b, s, n, width, prec, ljust);
        return;
    }
    WfObject *o = wf_str_from_utf8_lossy(s, n);
    if (o == NULL) {
        wf_err_clear();
        b->failed = true;
        return;
    }
    append_text(b, WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), width, prec, ljust);
    wf_decref(o);
}

static int append_object(WfStrBuilder *b, WfObject *o, wf_ssize_t width, wf_ssize_t prec,
                         bool ljust) {
    if (o == NULL)
        return -1;
    append_text(b, WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), width, prec, ljust);
    wf_decref(o);
    return 0;
}

WfObject *wf_str_from_format_v(const char *fmt, va_list va) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    va_list ap;
    va_copy(ap, va);
    const char *f = fmt;
    while (*f) {
        if (*f != '%') {
            const char *q = strchr(f, '%');
            wf_ssize_t n = q ? q - f : (wf_ssize_t)strlen(f);
            wf_str_builder_append_utf8(&b, f, n);
            f += n;
            continue;
        }
        const char *start = f++;
        bool ljust = false, zero = false;
        while (*f == '-' || *f == '0') {
            if (*f == '-')
                ljust = true;
            else
                zero = true;
            f++;
        }
        wf_ssize_t width = -1, prec = -1;
        while (*f >= '0' && *f <= '9')
            width = (width < 0 ? 0 : width * 10) + (*f++ - '0');
        if (*f == '.') {
            f++;
            prec = 0;
            while (*f >= '0' && *f <= '9')
                prec = prec * 10 + (*f++ - '0');
        }
        int lmod = 0;  /* 1 = l, 2 = ll, 3 = z */
        if (*f == 'l') {
            lmod = 1;
            f++;
            if (*f == 'l') {
                lmod = 2;
                f++;
            }
        } else if (*f == 'z') {
            lmod = 3;
            f++;
        }
        char conv = *f;
        if (conv)
            f++;
        char num[64];
        switch (conv) {
        case '%':
            wf_str_builder_append_codepoint(&b, '%');
            break;
        case 'c': {
            int c = va_arg(ap, int);
            if (c >= 0 && c <= 0x10FFFF)
                wf_str_builder_append_codepoint(&b, (uint32_t)c);
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': {
            char spec[16];
            int k = 0;
            spec[k++] = '%';
            if (ljust)
                spec[k++] = '-';
            if (zero)
                spec[k++] = '0';
            if (width >= 0)
                k += snprintf(spec + k, sizeof spec - (size_t)k, "%zd", width);
            if (prec >= 0)
                k += snprintf(spec + k, sizeof spec - (size_t)k, ".%zd", prec);
            bool is_unsigned = conv == 'u' || conv == 'x' || conv == 'X';
            if (lmod == 1) { spec[k++] = 'l'; }
            else if (lmod == 2) { spec[k++] = 'l'; spec[k++] = 'l'; }
            else if (lmod == 3) { spec[k++] = 'z'; }
            spec[k++] = conv == 'i' ? 'd' : conv;
            spec[k] = '\0';
            int n;
            if (lmod == 1)
                n = is_unsigned ? snprintf(num, sizeof num, spec, va_arg(ap, unsigned long))
                                : snprintf(num, sizeof num, spec, va_arg(ap, long));
            else if (lmod == 2)
                n = is_unsigned ? snprintf(num, sizeof num, spec, va_arg(ap, unsigned long long))
                                : snprintf(num, sizeof num, spec, va_arg(ap, long long));
            else if (lmod == 3)
                n = is_unsigned ? snprintf(num, sizeof num, spec, va_arg(ap, size_t))
                                : snprintf(num, sizeof num, spec, va_arg(ap, wf_ssize_t));
            else
                n = is_unsigned ? snprintf(num, sizeof num, spec, va_arg(ap, unsigned int))
                                : snprintf(num, sizeof num, spec, va_arg(ap, int));
            if (n > (int)sizeof num - 1)
                n = (int)sizeof num - 1;
            wf_str_builder_append_ascii(&b, num, n);
            break;
        }
        case 'p': {
            int n = snprintf(num, sizeof num, "%p", va_arg(ap, void *));
            /* CPython always prints a 0x prefix */
            if (num[0] != '0' || num[1] != 'x')
                wf_str_builder_append_ascii(&b, "0x", 2);
            wf_str_builder_append_ascii(&b, num, n);
            break;
        }
        case 's':
            append_cstr(&b, va_arg(ap, const char *), width, prec, ljust);
            break;
        case 'U': {
            WfObject *o = va_arg(ap, WfObject *);
            append_text(&b, WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), width, prec, ljust);
            break;
        }
        case 'V': {
            WfObject *o = va_arg(ap, WfObject *);
            const char *alt = va_arg(ap, const char *);
            if (o != NULL)
                append_text(&b, WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), width, prec, ljust);
            else
                append_cstr(&b, alt, width, prec, ljust);
            break;
        }
        case 'S': case 'R': case 'A': {
            WfObject *o = va_arg(ap, WfObject *);
            WfObject *s = conv == 'S' ? wf_object_str(o) : conv == 'R' ? wf_object_repr(o)
                                                                       : wf_object_ascii(o);
            if (append_object(&b, s, width, prec, ljust) < 0) {
                va_end(ap);
                wf_str_builder_discard(&b);
                return NULL;
            }
            break;
        }
        default:
            /* unknown: copy the rest verbatim */
            wf_str_builder_append_cstr(&b, start);
            f = start + strlen(start);
            break;
        }
    }
    va_end(ap);
    return wf_str_builder_finish(&b);
}

WfObject *wf_str_from_format(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    WfObject *r = wf_str_from_format_v(fmt, va);
    va_end(va);
    return r;
}
