/* builtins.c — the builtins module: functions, and the names of the built-in
 * types and exceptions.
 *
 * The module dict is read by every LOAD_GLOBAL miss on every thread: it is
 * filled once at start-up and then only changed by user code (which may
 * shadow builtins), never by the runtime.
 * Each function keeps CPython 3.11's argument rules and messages.
 */
#include <string.h>

#include "compiler/compiler.h"
#include "runtime/runtime.h"

/* ---- small helpers ---------------------------------------------------------- */

/* The value of keyword `name` in a vectorcall (NULL when absent). */
static WfObject *kwarg(WfObject *const *args, wf_ssize_t nargs, WfObject *kwnames, const char *name) {
    if (kwnames == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(kwnames); i++)
        if (wf_str_equal_cstr(WF_TUPLE_ITEM(kwnames, i), name))
            return args[nargs + i];
    return NULL;
}

/* Rejects keywords other than those listed (NULL-terminated). */
static int check_kwnames(const char *func, WfObject *kwnames, const char *const *allowed) {
    if (kwnames == NULL)
        return 0;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(kwnames); i++) {
        WfObject *k = WF_TUPLE_ITEM(kwnames, i);
        bool ok = false;
        for (const char *const *a = allowed; a && *a; a++)
            ok = ok || wf_str_equal_cstr(k, *a);
        if (!ok) {
            wf_err_format(wf_exc_TypeError, "'%U' is an invalid keyword argument for %s()", k, func);
            return -1;
        }
    }
    return 0;
}

/* ---- output and input ------------------------------------------------------------ */

static WfObject *builtin_print(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"sep", "end", "file", "flush", NULL};
    if (check_kwnames("print", kwnames, allowed) < 0)
        return NULL;
    WfObject *sep = kwarg(args, nargs, kwnames, "sep");
    WfObject *end = kwarg(args, nargs, kwnames, "end");
    WfObject *file = kwarg(args, nargs, kwnames, "file");
    WfObject *flush = kwarg(args, nargs, kwnames, "flush");
    if (sep == WF_NONE)
        sep = NULL;
    if (end == WF_NONE)
        end = NULL;
    if (sep && !wf_str_check(sep))
        return wf_err_format(wf_exc_TypeError, "sep must be None or a string, not %s", wf_type_name(WF_TYPE(sep)));
    if (end && !wf_str_check(end))
        return wf_err_format(wf_exc_TypeError, "end must be None or a string, not %s", wf_type_name(WF_TYPE(end)));
    if (file == NULL || file == WF_NONE) {
        file = wf_sys_get_object("stdout");
        if (file == NULL || file == WF_NONE)
            WF_RETURN_NONE; /* sys.stdout is None: print does nothing */
    }
    wf_incref(file);
    int rc = 0;
    for (wf_ssize_t i = 0; i < nargs && rc == 0; i++) {
        if (i > 0)
            rc = sep ? wf_file_write_object(sep, file, 1) : wf_file_write_string(" ", file);
        if (rc == 0)
            rc = wf_file_write_object(args[i], file, 0);
    }
    if (rc == 0)
        rc = end ? wf_file_write_object(end, file, 1) : wf_file_write_string("\n", file);
    if (rc == 0 && flush && wf_object_is_true(flush) > 0) {
        WfObject *r = wf_object_call_method_objargs(file, WF_ID(flush), NULL);
        rc = r ? 0 : -1;
        wf_xdecref(r);
    }
    wf_decref(file);
    if (rc < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *builtin_input(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("input", nargs, 0, 1) < 0)
        return NULL;
    WfObject *out = wf_sys_get_object("stdout"), *in = wf_sys_get_object("stdin");
    if (in == NULL || in == WF_NONE)
        return wf_err_format(wf_exc_RuntimeError, "input(): lost sys.stdin");
    if (nargs == 1 && out && out != WF_NONE) {
        if (wf_file_write_object(args[0], out, 0) < 0)
            return NULL;
        WfObject *r = wf_object_call_method_objargs(out, WF_ID(flush), NULL);
        if (r == NULL)
            return NULL;
        wf_decref(r);
    }
    WfObject *line = wf_object_call_method_objargs(in, WF_ID(readline), NULL);
    if (line == NULL)
        return NULL;
    if (!wf_str_check(line)) {
        wf_decref(line);
        return wf_err_format(wf_exc_TypeError, "object.readline() returned non-string");
    }
    wf_ssize_t n = WF_STR_LENGTH(line);
    if (n == 0) {
        wf_decref(line);
        return wf_err_format(wf_exc_EOFError, "EOF when reading a line");
    }
    if (wf_str_read_char(line, n - 1) == '\n') {
        WfObject *stripped = wf_str_substring(line, 0, n - 1);
        wf_decref(line);
        return stripped;
    }
    return line;
}

static WfObject *builtin_open(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", NULL};
    if (check_kwnames("open", kwnames, allowed) < 0)
        return NULL;
    WfObject *file = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "file");
    WfObject *mode = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "mode");
    WfObject *encoding = nargs > 3 ? args[3] : kwarg(args, nargs, kwnames, "encoding");
    if (file == NULL)
        return wf_err_format(wf_exc_TypeError, "open() missing required argument 'file' (pos 1)");
    if (mode && !wf_str_check(mode))
        return wf_err_format(wf_exc_TypeError, "open() argument 'mode' must be str, not %s", wf_type_name(WF_TYPE(mode)));
    if (encoding && encoding != WF_NONE) {
        const char *e = wf_str_check(encoding) ? wf_str_as_utf8(encoding) : "";
        if (strcmp(e, "utf-8") != 0 && strcmp(e, "utf8") != 0 && strcmp(e, "UTF-8") != 0 &&
            strcmp(e, "ascii") != 0)
            return wf_err_format(wf_exc_LookupError, "unknown encoding: %s", e);
    }
    return wf_file_open(file, mode ? wf_str_as_utf8(mode) : "r");
}

/* ---- numbers --------------------------------------------------------------------- */

static WfObject *builtin_abs(WfObject *self, WfObject *x) { return wf_number_absolute(x); }

static WfObject *builtin_divmod(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("divmod", nargs, 2, 2) < 0)
        return NULL;
    return wf_number_divmod(args[0], args[1]);
}

static WfObject *builtin_pow(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"base", "exp", "mod", NULL};
    if (check_kwnames("pow", kwnames, allowed) < 0)
        return NULL;
    WfObject *base = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "base");
    WfObject *exp = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "exp");
    WfObject *mod = nargs > 2 ? args[2] : kwarg(args, nargs, kwnames, "mod");
    if (nargs > 3)
        return wf_err_format(wf_exc_TypeError, "pow() takes at most 3 arguments (%zd given)", nargs);
    if (base == NULL || exp == NULL)
        return wf_err_format(wf_exc_TypeError, "pow() missing required argument '%s' (pos %d)",
                             base ? "exp" : "base", base ? 2 : 1);
    return wf_number_power(base, exp, mod ? mod : WF_NONE);
}

static WfObject *builtin_round(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"number", "ndigits", NULL};
    if (check_kwnames("round", kwnames, allowed) < 0)
        return NULL;
    WfObject *number = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "number");
    WfObject *ndigits = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "ndigits");
    if (nargs > 2)
        return wf_err_format(wf_exc_TypeError, "round() takes at most 2 arguments (%zd given)", nargs);
    if (number == NULL)
        return wf_err_format(wf_exc_TypeError, "round() missing required argument 'number' (pos 1)");
    WfObject *method = wf_object_lookup_special(number, WF_ID(__round__));
    if (method == NULL) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_TypeError, "type %s doesn't define __round__ method",
                          wf_type_name(WF_TYPE(number)));
        return NULL;
    }
    WfObject *r = (ndigits == NULL || ndigits == WF_NONE) ? wf_object_call_no_args(method)
                                                          : wf_object_call_one_arg(method, ndigits);
    wf_decref(method);
    return r;
}

static WfObject *format_int_base(WfObject *x, int base) {
    WfObject *index = wf_number_index(x);
    if (index == NULL)
        return NULL;
    WfObject *r = wf_int_format(index, base);
    wf_decref(index);
    return r;
}
static WfObject *builtin_hex(WfObject *self, WfObject *x) { return format_int_base(x, 16); }
static WfObject *builtin_oct(WfObject *self, WfObject *x) { return format_int_base(x, 8); }
static WfObject *builtin_bin(WfObject *self, WfObject *x) { return format_int_base(x, 2); }

/* sum(iterable, /, start=0): ints and floats are added in C while they stay exact. */
static WfObject *builtin_sum(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"start", NULL};
    if (check_kwnames("sum", kwnames, allowed) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2)
        return wf_err_format(wf_exc_TypeError, nargs < 1 ? "sum() takes at least 1 positional argument (0 given)"
                                                         : "sum() takes at most 2 arguments (%zd given)", nargs);
    WfObject *start = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "start");
    if (start) {
        if (wf_str_check(start))
            return wf_err_format(wf_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
        if (wf_bytes_check(start))
            return wf_err_format(wf_exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    }
    WfObject *it = wf_object_get_iter(args[0]);
    if (it == NULL)
        return NULL;
    WfObject *total = wf_newref(start ? start : wf_int_from_long(0));
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        WfObject *next = wf_number_add(total, item);
        wf_decref(item);
        wf_decref(total);
        total = next;
        if (total == NULL)
            break;
    }
    wf_decref(it);
    if (total && wf_err_occurred())
        WF_CLEAR(total);
    return total;
}

/* ---- min / max ---------------------------------------------------------------------- */

static WfObject *min_max(WfObject *const *args, size_t nargsf, WfObject *kwnames, int op, const char *name) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"key", "default", NULL};
    if (check_kwnames(name, kwnames, allowed) < 0)
        return NULL;
    WfObject *key = kwarg(args, nargs, kwnames, "key");
    WfObject *dflt = kwarg(args, nargs, kwnames, "default");
    if (key == WF_NONE)
        key = NULL;
    if (nargs == 0)
        return wf_err_format(wf_exc_TypeError, "%s expected at least 1 argument, got 0", name);
    if (nargs > 1 && dflt)
        return wf_err_format(wf_exc_TypeError,
                             "Cannot specify a default for %s() with multiple positional arguments", name);
    WfObject *seq = nargs == 1 ? wf_newref(args[0]) : wf_tuple_from_array(args, nargs);
    WfObject *it = seq ? wf_object_get_iter(seq) : NULL;
    wf_xdecref(seq);
    if (it == NULL)
        return NULL;
    WfObject *best = NULL, *best_key = NULL, *item;
    while ((item = wf_iter_next(it)) != NULL) {
        WfObject *k = key ? wf_object_call_one_arg(key, item) : wf_newref(item);
        if (k == NULL) {
            wf_decref(item);
            goto fail;
        }
        int better = best == NULL ? 1 : wf_object_rich_compare_bool(k, best_key, op);
        if (better < 0) {
            wf_decref(item);
            wf_decref(k);
            goto fail;
        }
        if (better) {
            WF_SETREF(best, item);
            WF_SETREF(best_key, k);
        } else {
            wf_decref(item);
            wf_decref(k);
        }
    }
    if (wf_err_occurred())
        goto fail;
    wf_decref(it);
    wf_xdecref(best_key);
    if (best == NULL) {
        if (dflt)
            return wf_newref(dflt);
        return wf_err_format(wf_exc_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
fail:
    wf_decref(it);
    wf_xdecref(best);
    wf_xdecref(best_key);
    return NULL;
}

static WfObject *builtin_min(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    return min_max(args, nargsf, kwnames, WF_LT, "min");
}
static WfObject *builtin_max(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    return min_max(args, nargsf, kwnames, WF_GT, "max");
}

/* ---- iteration ---------------------------------------------------------------------- */

static WfObject *builtin_len(WfObject *self, WfObject *x) {
    wf_ssize_t n = wf_object_length(x);
    return n < 0 ? NULL : wf_int_from_ssize(n);
}

static WfObject *builtin_iter(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("iter", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 1)
        return wf_object_get_iter(args[0]);
    if (!wf_callable_check(args[0]))
        return wf_err_format(wf_exc_TypeError, "iter(v, w): v must be callable");
    return wf_calliter_new(args[0], args[1]);
}

static WfObject *builtin_next(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("next", nargs, 1, 2) < 0)
        return NULL;
    WfObject *it = args[0];
    if (WF_TYPE(it)->tp_iternext == NULL)
        return wf_err_format(wf_exc_TypeError, "'%s' object is not an iterator", wf_type_name(WF_TYPE(it)));
    WfObject *r = WF_TYPE(it)->tp_iternext(it);
    if (r)
        return r;
    if (wf_err_occurred()) {
        if (nargs < 2 || !wf_err_exception_matches(wf_exc_StopIteration))
            return NULL;
        wf_err_clear();
    }
    if (nargs == 2)
        return wf_newref(args[1]);
    wf_err_set_none(wf_exc_StopIteration);
    return NULL;
}

/* any/all share one loop: stop at the first item whose truth is `stop_on`. */
static WfObject *any_all(WfObject *iterable, int stop_on) {
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL)
        return NULL;
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        int t = wf_object_is_true(item);
        wf_decref(item);
        if (t < 0) {
            wf_decref(it);
            return NULL;
        }
        if (t == stop_on) {
            wf_decref(it);
            return wf_bool_from_long(stop_on);
        }
    }
    wf_decref(it);
    if (wf_err_occurred())
        return NULL;
    return wf_bool_from_long(!stop_on);
}
static WfObject *builtin_any(WfObject *self, WfObject *x) { return any_all(x, 1); }
static WfObject *builtin_all(WfObject *self, WfObject *x) { return any_all(x, 0); }

static WfObject *builtin_sorted(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs != 1)
        return wf_err_format(wf_exc_TypeError, nargs == 0 ? "sorted expected 1 argument, got 0"
                                                          : "sorted expected 1 argument, got %zd", nargs);
    WfObject *list = wf_sequence_list(args[0]);
    if (list == NULL)
        return NULL;
    WfObject *sort = wf_object_getattr(list, WF_ID(sort));
    WfObject *r = sort ? wf_object_vectorcall(sort, args + 1, 0, kwnames) : NULL;
    wf_xdecref(sort);
    if (r == NULL) {
        wf_decref(list);
        return NULL;
    }
    wf_decref(r);
    return list;
}

/* ---- objects and attributes ------------------------------------------------------------ */

static WfObject *builtin_repr(WfObject *self, WfObject *x) { return wf_object_repr(x); }
static WfObject *builtin_ascii(WfObject *self, WfObject *x) { return wf_object_ascii(x); }
static WfObject *builtin_id(WfObject *self, WfObject *x) { return wf_int_from_uint64((uint64_t)(uintptr_t)x); }
static WfObject *builtin_callable(WfObject *self, WfObject *x) { return wf_bool_from_long(wf_callable_check(x)); }

static WfObject *builtin_hash(WfObject *self, WfObject *x) {
    wf_hash_t h = wf_object_hash(x);
    return h == -1 ? NULL : wf_int_from_int64(h);
}

static WfObject *builtin_format(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("format", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 2 && !wf_str_check(args[1]))
        return wf_err_format(wf_exc_TypeError, "format() argument 2 must be str, not %s",
                             wf_type_name(WF_TYPE(args[1])));
    return wf_object_format(args[0], nargs == 2 ? args[1] : wf_str_empty);
}

static WfObject *builtin_chr(WfObject *self, WfObject *x) {
    int overflow = 0;
    if (!wf_int_check(x))
        return wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             wf_type_name(WF_TYPE(x)));
    long v = wf_int_as_long_and_overflow(x, &overflow);
    if (overflow)
        return wf_err_format(wf_exc_OverflowError, "Python int too large to convert to C int");
    if (v < 0 || v > 0x10FFFF)
        return wf_err_format(wf_exc_ValueError, "chr() arg not in range(0x110000)");
    return wf_str_from_codepoint((uint32_t)v);
}

static WfObject *builtin_ord(WfObject *self, WfObject *x) {
    if (wf_str_check(x)) {
        if (WF_STR_LENGTH(x) != 1)
            return wf_err_format(wf_exc_TypeError, "ord() expected a character, but string of length %zd found",
                                 WF_STR_LENGTH(x));
        return wf_int_from_long(wf_str_read_char(x, 0));
    }
    if (wf_bytes_check(x)) {
        if (WF_BYTES_SIZE(x) != 1)
            return wf_err_format(wf_exc_TypeError, "ord() expected a character, but string of length %zd found",
                                 WF_BYTES_SIZE(x));
        return wf_int_from_long((unsigned char)WF_BYTES_AS_STRING(x)[0]);
    }
    return wf_err_format(wf_exc_TypeError, "ord() expected string of length 1, but %s found",
                         wf_type_name(WF_TYPE(x)));
}

static int check_attr_name(const char *func, WfObject *name) {
    if (wf_str_check(name))
        return 0;
    (void)func;
    wf_err_format(wf_exc_TypeError, "attribute name must be string, not '%s'", wf_type_name(WF_TYPE(name)));
    return -1;
}

static WfObject *builtin_getattr(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("getattr", nargs, 2, 3) < 0)
        return NULL;
    if (check_attr_name("getattr", args[1]) < 0)
        return NULL;
    if (nargs == 2)
        return wf_object_getattr(args[0], args[1]);
    WfObject *r = NULL;
    int found = wf_object_lookup_attr(args[0], args[1], &r);
    if (found < 0)
        return NULL;
    return found ? r : wf_newref(args[2]);
}

static WfObject *builtin_hasattr(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("hasattr", nargs, 2, 2) < 0)
        return NULL;
    if (check_attr_name("hasattr", args[1]) < 0)
        return NULL;
    WfObject *r = NULL;
    int found = wf_object_lookup_attr(args[0], args[1], &r);
    wf_xdecref(r);
    return found < 0 ? NULL : wf_bool_from_long(found);
}

static WfObject *builtin_setattr(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("setattr", nargs, 3, 3) < 0)
        return NULL;
    if (check_attr_name("setattr", args[1]) < 0 || wf_object_setattr(args[0], args[1], args[2]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *builtin_delattr(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("delattr", nargs, 2, 2) < 0)
        return NULL;
    if (check_attr_name("delattr", args[1]) < 0 || wf_object_setattr(args[0], args[1], NULL) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *builtin_isinstance(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("isinstance", nargs, 2, 2) < 0)
        return NULL;
    int r = wf_object_isinstance(args[0], args[1]);
    return r < 0 ? NULL : wf_bool_from_long(r);
}

static WfObject *builtin_issubclass(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("issubclass", nargs, 2, 2) < 0)
        return NULL;
    int r = wf_object_issubclass(args[0], args[1]);
    return r < 0 ? NULL : wf_bool_from_long(r);
}

/* ---- namespaces ------------------------------------------------------------------------ */

static WfObject *builtin_globals(WfObject *self, WfObject *unused) {
    WfObject *g = wf_eval_get_globals();
    return wf_newref(g ? g : WF_NONE);
}

static WfObject *builtin_locals(WfObject *self, WfObject *unused) {
    WfObject *l = wf_eval_get_locals();
    if (l == NULL && !wf_err_occurred())
        return wf_newref(WF_NONE);
    return l;
}

static WfObject *builtin_vars(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("vars", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return builtin_locals(self, NULL);
    WfObject *d = NULL;
    if (wf_object_lookup_attr(args[0], WF_ID(__dict__), &d) < 0)
        return NULL;
    if (d == NULL)
        return wf_err_format(wf_exc_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

static WfObject *builtin_dir(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("dir", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 1)
        return wf_object_dir(args[0]);
    WfObject *locals = wf_eval_get_locals();
    if (locals == NULL)
        return NULL;
    WfObject *keys = wf_sequence_list(locals);
    wf_decref(locals);
    if (keys && wf_list_sort(keys) < 0)
        WF_CLEAR(keys);
    return keys;
}

/* ---- exec / eval ----------------------------------------------------------------------- */

/* Resolves (globals, locals) for exec/eval: defaults from the calling frame;
 * __builtins__ is added to globals when missing, as CPython does. */
static int exec_namespaces(const char *func, WfObject *const *args, wf_ssize_t nargs,
                           WfObject **globals, WfObject **locals) {
    WfObject *g = nargs > 1 && args[1] != WF_NONE ? args[1] : NULL;
    WfObject *l = nargs > 2 && args[2] != WF_NONE ? args[2] : NULL;
    if (g && !wf_dict_check(g)) {
        wf_err_format(wf_exc_TypeError, "%s() globals must be a dict, not %s", func, wf_type_name(WF_TYPE(g)));
        return -1;
    }
    if (g == NULL) {
        g = wf_eval_get_globals();
        if (g == NULL) {
            wf_err_format(wf_exc_SystemError, "%s(): no globals", func);
            return -1;
        }
        wf_incref(g);
        l = l ? wf_newref(l) : wf_eval_get_locals();
        if (l == NULL) {
            wf_decref(g);
            return -1;
        }
    } else {
        wf_incref(g);
        l = wf_newref(l ? l : g);
    }
    if (!wf_dict_contains(g, WF_ID(__builtins__)) &&
        wf_dict_set_item(g, WF_ID(__builtins__), wf_main_interpreter.builtins_module) < 0) {
        wf_decref(g);
        wf_decref(l);
        return -1;
    }
    *globals = g;
    *locals = l;
    return 0;
}

static WfObject *compile_for(WfObject *source, WfCompileMode mode, const char *func) {
    if (wf_code_check(source))
        return wf_newref(source);
    const char *text;
    wf_ssize_t len;
    if (wf_str_check(source)) {
        text = wf_str_as_utf8_and_size(source, &len);
    } else if (wf_bytes_check(source)) {
        text = WF_BYTES_AS_STRING(source);
        len = WF_BYTES_SIZE(source);
    } else {
        return wf_err_format(wf_exc_TypeError, "%s() arg 1 must be a string, bytes or code object", func);
    }
    if (mode == WF_COMPILE_EVAL) /* eval() ignores leading spaces and tabs */
        while (len > 0 && (*text == ' ' || *text == '\t')) {
            text++;
            len--;
        }
    WfObject *filename = wf_str_from_cstr("<string>");
    if (filename == NULL)
        return NULL;
    WfObject *code = wf_compile_source(text, (size_t)len, filename, mode);
    wf_decref(filename);
    return code;
}

static WfObject *exec_or_eval(WfObject *const *args, wf_ssize_t nargs, WfCompileMode mode, const char *func) {
    if (wf_arg_check_positional(func, nargs, 1, 3) < 0)
        return NULL;
    WfObject *globals, *locals;
    if (exec_namespaces(func, args, nargs, &globals, &locals) < 0)
        return NULL;
    WfObject *code = compile_for(args[0], mode, func);
    WfObject *r = code ? wf_eval_code(code, globals, locals) : NULL;
    wf_xdecref(code);
    wf_decref(globals);
    wf_decref(locals);
    if (r && mode == WF_COMPILE_EXEC) {
        wf_decref(r);
        WF_RETURN_NONE;
    }
    return r;
}

static WfObject *builtin_exec(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return exec_or_eval(args, nargs, WF_COMPILE_EXEC, "exec");
}
static WfObject *builtin_eval(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return exec_or_eval(args, nargs, WF_COMPILE_EVAL, "eval");
}

static WfObject *builtin_compile(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs < 3)
        return wf_err_format(wf_exc_TypeError, "compile() missing required argument '%s' (pos %zd)",
                             nargs == 0 ? "source" : nargs == 1 ? "filename" : "mode", nargs + 1);
    if (!wf_str_check(args[1]) || !wf_str_check(args[2]))
        return wf_err_format(wf_exc_TypeError, "compile() arguments 2 and 3 must be str");
    const char *m = wf_str_as_utf8(args[2]);
    WfCompileMode mode = strcmp(m, "exec") == 0 ? WF_COMPILE_EXEC
                         : strcmp(m, "eval") == 0 ? WF_COMPILE_EVAL
                         : strcmp(m, "single") == 0 ? WF_COMPILE_SINGLE : (WfCompileMode)-1;
    if ((int)mode < 0)
        return wf_err_format(wf_exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
    if (!wf_str_check(args[0]))
        return wf_err_format(wf_exc_TypeError, "compile() arg 1 must be a string");
    wf_ssize_t len;
    const char *text = wf_str_as_utf8_and_size(args[0], &len);
    return wf_compile_source(text, (size_t)len, args[1], mode);
}

/* ---- classes and imports --------------------------------------------------------------- */

static WfObject *builtin_import(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    static const char *const allowed[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    if (check_kwnames("__import__", kwnames, allowed) < 0)
        return NULL;
    WfObject *name = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "name");
    WfObject *globals = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "globals");
    WfObject *fromlist = nargs > 3 ? args[3] : kwarg(args, nargs, kwnames, "fromlist");
    WfObject *level = nargs > 4 ? args[4] : kwarg(args, nargs, kwnames, "level");
    if (name == NULL)
        return wf_err_format(wf_exc_TypeError, "__import__() missing required argument 'name' (pos 1)");
    long lvl = level ? wf_int_as_long(level) : 0;
    if (lvl == -1 && wf_err_occurred())
        return NULL;
    return wf_import_module_level(name, globals == WF_NONE ? NULL : globals, fromlist, (int)lvl);
}

/* The most derived metaclass of meta and the bases' types (CPython's
 * _PyType_CalculateMetaclass). Borrowed; NULL with TypeError on conflict. */
static WfObject *calculate_metaclass(WfObject *meta, WfObject *bases) {
    WfObject *winner = meta;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(bases); i++) {
        WfObject *t = (WfObject *)WF_TYPE(WF_TUPLE_ITEM(bases, i));
        if (wf_type_is_subtype((WfTypeObject *)winner, (WfTypeObject *)t))
            continue;
        if (wf_type_is_subtype((WfTypeObject *)t, (WfTypeObject *)winner)) {
            winner = t;
            continue;
        }
        wf_err_format(wf_exc_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                                        "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* __build_class__(func, name, *bases, metaclass=None, **kwds) */
static WfObject *builtin_build_class(WfObject *self, WfObject *const *args, size_t nargsf, WfObject *kwnames) {
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs < 2)
        return wf_err_format(wf_exc_TypeError, "__build_class__: not enough arguments");
    WfObject *func = args[0], *name = args[1];
    if (!wf_function_check(func))
        return wf_err_format(wf_exc_TypeError, "__build_class__: func must be a function");
    if (!wf_str_check(name))
        return wf_err_format(wf_exc_TypeError, "__build_class__: name is not a string");
    WfObject *bases = wf_tuple_from_array(args + 2, nargs - 2);
    WfObject *kwargs = kwnames ? wf_vectorcall_kwargs_dict(args + nargs, kwnames) : wf_dict_new();
    WfObject *meta = NULL, *ns = NULL, *cls = NULL, *body = NULL;
    if (bases == NULL || kwargs == NULL)
        goto done;
    if (wf_dict_pop(kwargs, wf_str_intern_cstr("metaclass"), &meta) < 0)
        goto done;
    bool is_class = meta == NULL || wf_type_check(meta);
    if (meta == NULL)
        meta = wf_newref(WF_TUPLE_SIZE(bases) ? (WfObject *)WF_TYPE(WF_TUPLE_ITEM(bases, 0))
                                              : (WfObject *)&wf_type_type);
    if (is_class) {
        WfObject *winner = calculate_metaclass(meta, bases);
        if (winner == NULL)
            goto done;
        WF_SETREF(meta, wf_newref(winner));
    }
    WfObject *prepare = NULL;
    if (wf_object_lookup_attr(meta, WF_ID(__prepare__), &prepare) < 0)
        goto done;
    if (prepare) {
        WfObject *pargs[2] = {name, bases};
        WfObject *kwtuple = NULL;
        ns = wf_dict_size(kwargs) == 0 ? wf_object_vectorcall(prepare, pargs, 2, NULL)
                                       : wf_object_call(prepare, (kwtuple = wf_tuple_pack(2, name, bases)), kwargs);
        wf_xdecref(kwtuple);
        wf_decref(prepare);
    } else {
        ns = wf_dict_new();
    }
    if (ns == NULL)
        goto done;
    body = wf_eval_function_with_locals(func, ns);
    if (body == NULL)
        goto done;
    WfObject *margs = wf_tuple_pack(3, name, bases, ns);
    if (margs == NULL)
        goto done;
    cls = wf_object_call(meta, margs, wf_dict_size(kwargs) ? kwargs : NULL);
    wf_decref(margs);
    if (cls && wf_type_check(cls) && wf_cell_check(body)) {
        WfObject *cell_cls = ((WfCellObject *)body)->ob_ref;
        if (cell_cls != cls) {
            if (cell_cls == NULL)
                wf_err_format(wf_exc_RuntimeError, "__class__ not set defining %R as %R. Was __classcell__ "
                                                   "propagated to type.__new__?", name, cls);
            else
                wf_err_format(wf_exc_TypeError, "__class__ set to %R defining %R as %R", cell_cls, name, cls);
            WF_CLEAR(cls);
        }
    }
done:
    wf_xdecref(body);
    wf_xdecref(ns);
    wf_xdecref(meta);
    wf_xdecref(kwargs);
    wf_xdecref(bases);
    return cls;
}

/* ---- the module ------------------------------------------------------------------------- */

#define VECTORCALL (WF_METH_FASTCALL | WF_METH_KEYWORDS)

static WfMethodDef builtin_methods[] = {
    {"__build_class__", (void *)builtin_build_class, VECTORCALL, NULL},
    {"__import__", (void *)builtin_import, VECTORCALL, NULL},
    {"abs", (void *)builtin_abs, WF_METH_O, "Return the absolute value of the argument."},
    {"all", (void *)builtin_all, WF_METH_O, NULL},
    {"any", (void *)builtin_any, WF_METH_O, NULL},
    {"ascii", (void *)builtin_ascii, WF_METH_O, NULL},
    {"bin", (void *)builtin_bin, WF_METH_O, NULL},
    {"callable", (void *)builtin_callable, WF_METH_O, NULL},
    {"chr", (void *)builtin_chr, WF_METH_O, NULL},
    {"compile", (void *)builtin_compile, VECTORCALL, NULL},
    {"delattr", (void *)builtin_delattr, WF_METH_FASTCALL, NULL},
    {"dir", (void *)builtin_dir, WF_METH_FASTCALL, NULL},
    {"divmod", (void *)builtin_divmod, WF_METH_FASTCALL, NULL},
    {"eval", (void *)builtin_eval, WF_METH_FASTCALL, NULL},
    {"exec", (void *)builtin_exec, WF_METH_FASTCALL, NULL},
    {"format", (void *)builtin_format, WF_METH_FASTCALL, NULL},
    {"getattr", (void *)builtin_getattr, WF_METH_FASTCALL, NULL},
    {"globals", (void *)builtin_globals, WF_METH_NOARGS, NULL},
    {"hasattr", (void *)builtin_hasattr, WF_METH_FASTCALL, NULL},
    {"hash", (void *)builtin_hash, WF_METH_O, NULL},
    {"hex", (void *)builtin_hex, WF_METH_O, NULL},
    {"id", (void *)builtin_id, WF_METH_O, NULL},
    {"input", (void *)builtin_input, WF_METH_FASTCALL, NULL},
    {"isinstance", (void *)builtin_isinstance, WF_METH_FASTCALL, NULL},
    {"issubclass", (void *)builtin_issubclass, WF_METH_FASTCALL, NULL},
    {"iter", (void *)builtin_iter, WF_METH_FASTCALL, NULL},
    {"len", (void *)builtin_len, WF_METH_O, "Return the number of items in a container."},
    {"locals", (void *)builtin_locals, WF_METH_NOARGS, NULL},
    {"max", (void *)builtin_max, VECTORCALL, NULL},
    {"min", (void *)builtin_min, VECTORCALL, NULL},
    {"next", (void *)builtin_next, WF_METH_FASTCALL, NULL},
    {"oct", (void *)builtin_oct, WF_METH_O, NULL},
    {"open", (void *)builtin_open, VECTORCALL, NULL},
    {"ord", (void *)builtin_ord, WF_METH_O, NULL},
    {"pow", (void *)builtin_pow, VECTORCALL, NULL},
    {"print", (void *)builtin_print, VECTORCALL, "print(value, ..., sep=' ', end='\\n', file=sys.stdout, flush=False)"},
    {"repr", (void *)builtin_repr, WF_METH_O, NULL},
    {"round", (void *)builtin_round, VECTORCALL, NULL},
    {"setattr", (void *)builtin_setattr, WF_METH_FASTCALL, NULL},
    {"sorted", (void *)builtin_sorted, VECTORCALL, NULL},
    {"sum", (void *)builtin_sum, VECTORCALL, NULL},
    {"vars", (void *)builtin_vars, WF_METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static int add_types(WfObject *m) {
    struct { const char *name; WfTypeObject *type; } types[] = {
        {"object", &wf_object_type}, {"type", &wf_type_type}, {"super", &wf_super_type},
        {"bool", &wf_bool_type}, {"int", &wf_int_type}, {"float", &wf_float_type},
        {"str", &wf_str_type}, {"bytes", &wf_bytes_type}, {"bytearray", &wf_bytearray_type},
        {"tuple", &wf_tuple_type},
        {"list", &wf_list_type}, {"dict", &wf_dict_type}, {"set", &wf_set_type},
        {"frozenset", &wf_frozenset_type}, {"range", &wf_range_type}, {"slice", &wf_slice_type},
        {"enumerate", &wf_enumerate_type}, {"zip", &wf_zip_type}, {"map", &wf_map_type},
        {"filter", &wf_filter_type}, {"reversed", &wf_reversed_type},
        {"property", &wf_property_type}, {"staticmethod", &wf_staticmethod_type},
        {"classmethod", &wf_classmethod_type},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (wf_dict_set_item_str(wf_module_get_dict(m), types[i].name, (WfObject *)types[i].type) < 0)
            return -1;
    return 0;
}

WfObject *wf_builtins_init(void) {
    WfObject *m = wf_module_from_methods("builtins", builtin_methods, "Built-in functions, types, exceptions, and other objects.");
    if (m == NULL)
        return NULL;
    WfObject *dict = wf_module_get_dict(m);
    if (add_types(m) < 0 || wf_exceptions_add_builtins(dict) < 0 ||
        wf_dict_set_item_str(dict, "None", WF_NONE) < 0 ||
        wf_dict_set_item_str(dict, "Ellipsis", WF_ELLIPSIS) < 0 ||
        wf_dict_set_item_str(dict, "NotImplemented", WF_NOTIMPLEMENTED) < 0 ||
        wf_dict_set_item_str(dict, "True", WF_TRUE) < 0 ||
        wf_dict_set_item_str(dict, "False", WF_FALSE) < 0 ||
        wf_dict_set_item_str(dict, "__debug__", WF_TRUE) < 0) {
        wf_decref(m);
        return NULL;
    }
    return m;
}
