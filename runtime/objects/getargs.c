/* getargs.c — argument parsing for C functions (CPython's PyArg_* subset).
 *
 * Formats: O, O! (type, &obj), i, n, l, d, p, s, U, z; `|` starts the
 * optional arguments, `$` the keyword-only ones, `:name` names the function
 * for messages, `;msg` replaces the count message.
 *
 * Invariants: output pointers are written only for arguments that were
 * given; messages are CPython 3.11's (vgetargs1 / vgetargskeywords).
 * Returns 1 on success, 0 with TypeError set on failure (as PyArg_*).
 */
#include <string.h>

#include "runtime/objects/type_internal.h"

#define MAX_ARGS 32

typedef struct {
    char code[MAX_ARGS];     /* one conversion letter per argument */
    bool bang[MAX_ARGS];     /* O! */
    int n;                   /* number of arguments */
    int min;                 /* required arguments (before '|') */
    int max_pos;             /* arguments before '$' */
    const char *fname;       /* after ':' (NUL-terminated copy) */
    const char *message;     /* after ';' */
    char fname_buf[128];
} Format;

static int parse_format(const char *format, Format *f) {
    memset(f, 0, sizeof *f);
    f->min = -1;
    f->max_pos = -1;
    for (const char *p = format; *p; p++) {
        char c = *p;
        if (c == '|') {
            f->min = f->n;
        } else if (c == '$') {
            f->max_pos = f->n;
        } else if (c == ':') {
            size_t len = strlen(p + 1);
            if (len >= sizeof f->fname_buf)
                len = sizeof f->fname_buf - 1;
            memcpy(f->fname_buf, p + 1, len);
            f->fname_buf[len] = 0;
            f->fname = f->fname_buf;
            break;
        } else if (c == ';') {
            f->message = p + 1;
            break;
        } else if (strchr("OinldpsUz", c)) {
            if (f->n == MAX_ARGS) {
                wf_err_set_string(wf_exc_SystemError, "too many arguments in format");
                return -1;
            }
            f->code[f->n] = c;
            f->bang[f->n] = p[1] == '!';
            if (f->bang[f->n])
                p++;
            f->n++;
        } else {
            wf_err_format(wf_exc_SystemError, "bad format char '%c'", c);
            return -1;
        }
    }
    if (f->min < 0)
        f->min = f->n;
    if (f->max_pos < 0)
        f->max_pos = f->n;
    return 0;
}

static void converterr(const Format *f, int argno, const char *expected, WfObject *arg) {
    const char *got = arg == WF_NONE ? "None" : WF_TYPE(arg)->tp_name;
    if (f->fname)
        wf_err_format(wf_exc_TypeError, "%s() argument %d must be %s, not %s", f->fname, argno,
                      expected, got);
    else
        wf_err_format(wf_exc_TypeError, "argument %d must be %s, not %s", argno, expected, got);
}

/* Stores arg converted per code into the next output pointer(s). */
static int convert(const Format *f, int i, WfObject *arg, va_list *va) {
    int argno = i + 1;
    switch (f->code[i]) {
    case 'O':
        if (f->bang[i]) {
            WfTypeObject *type = va_arg(*va, WfTypeObject *);
            WfObject **out = va_arg(*va, WfObject **);
            if (!wf_type_is_subtype(WF_TYPE(arg), type)) {
                converterr(f, argno, type->tp_name, arg);
                return -1;
            }
            *out = arg;
        } else {
            *va_arg(*va, WfObject **) = arg;
        }
        return 0;
    case 'i': case 'l': case 'n': {
        if (wf_float_check(arg)) {
            wf_err_set_string(wf_exc_TypeError, "'float' object cannot be interpreted as an integer");
            return -1;
        }
        wf_ssize_t v = wf_number_as_ssize(arg, wf_exc_OverflowError);
        if (v == -1 && wf_err_occurred())
            return -1;
        if (f->code[i] == 'i') {
            if (v > 2147483647 || v < -2147483647 - 1) {
                wf_err_set_string(wf_exc_OverflowError, v > 0
                                  ? "signed integer is greater than maximum"
                                  : "signed integer is less than minimum");
                return -1;
            }
            *va_arg(*va, int *) = (int)v;
        } else if (f->code[i] == 'l') {
            *va_arg(*va, long *) = (long)v;
        } else {
            *va_arg(*va, wf_ssize_t *) = v;
        }
        return 0;
    }
    case 'd': {
        double d = wf_float_as_double(arg);
        if (d == -1.0 && wf_err_occurred())
            return -1;
        *va_arg(*va, double *) = d;
        return 0;
    }
    case 'p': {
        int t = wf_object_is_true(arg);
        if (t < 0)
            return -1;
        *va_arg(*va, int *) = t;
        return 0;
    }
    case 's': case 'z': {
        const char **out = va_arg(*va, const char **);
        if (f->code[i] == 'z' && arg == WF_NONE) {
            *out = NULL;
            return 0;
        }
        if (!wf_str_check(arg)) {
            converterr(f, argno, f->code[i] == 'z' ? "str or None" : "str", arg);
            return -1;
        }
        wf_ssize_t len;
        const char *s = wf_str_as_utf8_and_size(arg, &len);
        if (!s)
            return -1;
        if ((wf_ssize_t)strlen(s) != len) {
            wf_err_set_string(wf_exc_ValueError, "embedded null character");
            return -1;
        }
        *out = s;
        return 0;
    }
    case 'U':
        if (!wf_str_check(arg)) {
            converterr(f, argno, "str", arg);
            return -1;
        }
        *va_arg(*va, WfObject **) = arg;
        return 0;
    }
    return -1;
}

/* Consumes the output pointer(s) of an argument that was not given. */
static void skip(const Format *f, int i, va_list *va) {
    if (f->code[i] == 'O' && f->bang[i])
        (void)va_arg(*va, WfTypeObject *);
    (void)va_arg(*va, void *);
}

static int count_error(const Format *f, wf_ssize_t len) {
    if (f->message) {
        wf_err_set_string(wf_exc_TypeError, f->message);
        return 0;
    }
    int bound = len < f->min ? f->min : f->n;
    wf_err_format(wf_exc_TypeError, "%s%s takes %s %d argument%s (%zd given)",
                  f->fname ? f->fname : "function", f->fname ? "()" : "",
                  f->min == f->n ? "exactly" : len < f->min ? "at least" : "at most", bound,
                  bound == 1 ? "" : "s", len);
    return 0;
}

static int parse_tuple_va(WfObject *args, const char *format, va_list *va) {
    Format f;
    if (parse_format(format, &f) < 0)
        return 0;
    wf_ssize_t len = args ? WF_TUPLE_SIZE(args) : 0;
    if (len < f.min || len > f.n)
        return count_error(&f, len);
    for (int i = 0; i < f.n; i++) {
        if (i < len) {
            if (convert(&f, i, WF_TUPLE_ITEM(args, i), va) < 0)
                return 0;
        } else {
            skip(&f, i, va);
        }
    }
    return 1;
}

int wf_arg_parse_tuple(WfObject *args, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int r = parse_tuple_va(args, format, &va);
    va_end(va);
    return r;
}

static const char *fn_or(const Format *f) { return f->fname ? f->fname : "function"; }
static const char *paren(const Format *f) { return f->fname ? "()" : ""; }

int wf_arg_parse_tuple_and_keywords(WfObject *args, WfObject *kwargs, const char *format,
                                    const char *const *kwlist, ...) {
    Format f;
    if (parse_format(format, &f) < 0)
        return 0;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    wf_ssize_t nkw = kwargs ? wf_dict_size(kwargs) : 0;
    int len = f.n, pos = f.max_pos;
    if (nargs + nkw > len) {
        wf_err_format(wf_exc_TypeError, "%s%s takes at most %d %sargument%s (%zd given)",
                      fn_or(&f), paren(&f), len, nargs == 0 ? "keyword " : "",
                      len == 1 ? "" : "s", nargs + nkw);
        return 0;
    }
    if (nargs > pos) {
        wf_err_format(wf_exc_TypeError, "%s%s takes %s %d positional argument%s (%zd given)",
                      fn_or(&f), paren(&f), f.min < pos ? "at most" : "exactly", pos,
                      pos == 1 ? "" : "s", nargs);
        return 0;
    }
    va_list va;
    va_start(va, kwlist);
    wf_ssize_t used_kw = 0;
    int ok = 1;
    for (int i = 0; i < len && ok; i++) {
        WfObject *arg = NULL;
        const char *kwname = kwlist[i];
        if (nkw && kwname && *kwname) {
            arg = wf_dict_get_item_str(kwargs, kwname);
            if (arg) {
                used_kw++;
                if (i < nargs) {
                    wf_err_format(wf_exc_TypeError,
                                  "argument for %s%s given by name ('%s') and position (%d)",
                                  fn_or(&f), paren(&f), kwname, i + 1);
                    ok = 0;
                    break;
                }
            }
        }
        if (i < nargs)
            arg = WF_TUPLE_ITEM(args, i);
        if (arg) {
            ok = convert(&f, i, arg, &va) == 0;
            continue;
        }
        if (i < f.min) {
            if (kwname && *kwname && i >= nargs)
                wf_err_format(wf_exc_TypeError, "%s%s missing required argument '%s' (pos %d)",
                              fn_or(&f), paren(&f), kwname, i + 1);
            else
                wf_err_format(wf_exc_TypeError, "%s%s takes %s %d positional argument%s (%zd given)",
                              fn_or(&f), paren(&f), f.min < pos ? "at least" : "exactly", f.min,
                              f.min == 1 ? "" : "s", nargs);
            ok = 0;
            break;
        }
        skip(&f, i, &va);
    }
    va_end(va);
    if (!ok)
        return 0;
    if (used_kw < nkw) {
        /* Find the keyword that matched nothing. */
        wf_ssize_t p = 0;
        WfObject *key, *value;
        while (wf_dict_next(kwargs, &p, &key, &value)) {
            if (!wf_str_check(key)) {
                wf_err_set_string(wf_exc_TypeError, "keywords must be strings");
                return 0;
            }
            bool match = false;
            for (int i = 0; i < len && !match; i++)
                match = kwlist[i] && *kwlist[i] && wf_str_equal_cstr(key, kwlist[i]);
            if (!match) {
                wf_err_format(wf_exc_TypeError, "%R is an invalid keyword argument for %s%s", key,
                              f.fname ? f.fname : "this function", paren(&f));
                return 0;
            }
        }
    }
    return 1;
}

int wf_arg_check_positional(const char *name, wf_ssize_t nargs, wf_ssize_t min, wf_ssize_t max) {
    if (nargs < min) {
        if (name)
            wf_err_format(wf_exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                          min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        else
            wf_err_format(wf_exc_TypeError, "unpacked tuple should have %s%zd element%s, but has %zd",
                          min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        if (name)
            wf_err_format(wf_exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                          min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        else
            wf_err_format(wf_exc_TypeError, "unpacked tuple should have %s%zd element%s, but has %zd",
                          min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

int wf_arg_no_keywords(const char *name, WfObject *kwargs) {
    if (kwargs == NULL || wf_dict_size(kwargs) == 0)
        return 0;
    wf_err_format(wf_exc_TypeError, "%s() takes no keyword arguments", name);
    return -1;
}

int wf_arg_no_kwnames(const char *name, WfObject *kwnames) {
    if (kwnames == NULL || WF_TUPLE_SIZE(kwnames) == 0)
        return 0;
    wf_err_format(wf_exc_TypeError, "%s() takes no keyword arguments", name);
    return -1;
}
