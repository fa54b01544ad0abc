/* call.c — calling objects: tp_call (tuple + dict) and vectorcall (array +
 * keyword-name tuple), and the conveniences built on them.
 *
 * Invariants:
 *  - An object is callable when its type has tp_call or tp_vectorcall; each
 *    entry point converts to the other convention when only one exists.
 *  - Calls through tp_call are guarded against C recursion (" while calling
 *    a Python object"); vectorcalls of Python functions are guarded by the
 *    eval loop itself.
 *  - Small argument arrays live on the C stack (up to CALL_SMALL items);
 *    larger ones are malloc'd and freed before returning.
 */
#include <string.h>

#include "runtime/objects/type_internal.h"

#define CALL_SMALL 8

static WfObject *not_callable(WfObject *callable) {
    wf_err_format(wf_exc_TypeError, "'%s' object is not callable", WF_TYPE(callable)->tp_name);
    return NULL;
}

/* A result and the error indicator must agree (CPython's _Py_CheckFunctionResult). */
static WfObject *check_result(WfObject *callable, WfObject *res) {
    if (res == NULL) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_SystemError, "%R returned NULL without setting an exception",
                          callable);
        return NULL;
    }
    if (WF_UNLIKELY(wf_err_occurred() != NULL)) {
        wf_decref(res);
        WfObject *cause = wf_err_get_raised();
        wf_err_format(wf_exc_SystemError, "%R returned a result with an exception set", callable);
        WfObject *exc = wf_err_get_raised();
        if (exc) {
            wf_exception_set_cause(exc, cause);
            wf_err_set_raised(exc);
        } else {
            wf_xdecref(cause);
        }
        return NULL;
    }
    return res;
}

WfObject *wf_vectorcall_to_tuple(WfObject *const *args, wf_ssize_t nargs) {
    if (nargs == 0)
        return wf_newref(wf_tuple_empty);
    return wf_tuple_from_array(args, nargs);
}

WfObject *wf_vectorcall_kwargs_dict(WfObject *const *kwvalues, WfObject *kwnames) {
    wf_ssize_t n = WF_TUPLE_SIZE(kwnames);
    WfObject *d = wf_dict_new_presized(n);
    if (!d)
        return NULL;
    for (wf_ssize_t i = 0; i < n; i++) {
        if (wf_dict_set_item(d, WF_TUPLE_ITEM(kwnames, i), kwvalues[i]) < 0) {
            wf_decref(d);
            return NULL;
        }
    }
    return d;
}

/* tp_call through the C-recursion guard. */
static WfObject *make_tp_call(WfObject *callable, WfObject *args, WfObject *kwargs) {
    if (wf_enter_recursive_call(" while calling a Python object") < 0)
        return NULL;
    WfObject *res = WF_TYPE(callable)->tp_call(callable, args, kwargs);
    wf_leave_recursive_call();
    return check_result(callable, res);
}

WfObject *wf_object_vectorcall(WfObject *callable, WfObject *const *args, size_t nargsf,
                               WfObject *kwnames) {
    WfTypeObject *tp = WF_TYPE(callable);
    if (WF_LIKELY(tp->tp_vectorcall != NULL)) {
        WfObject *res = tp->tp_vectorcall(callable, args, nargsf, kwnames);
        return check_result(callable, res);
    }
    if (!tp->tp_call)
        return not_callable(callable);
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    WfObject *tuple = wf_vectorcall_to_tuple(args, nargs);
    if (!tuple)
        return NULL;
    WfObject *kw = NULL;
    if (kwnames && WF_TUPLE_SIZE(kwnames) > 0) {
        kw = wf_vectorcall_kwargs_dict(args + nargs, kwnames);
        if (!kw) {
            wf_decref(tuple);
            return NULL;
        }
    }
    WfObject *res = make_tp_call(callable, tuple, kw);
    wf_decref(tuple);
    wf_xdecref(kw);
    return res;
}

/* Whether callable is a built-in with WF_METH_ANY_KEYWORDS: one that
 * CPython would hand its **kwargs dict unchecked, so non-str keys pass. */
static bool takes_any_keywords(WfObject *callable) {
    WfMethodDef *def = NULL;
    if (WF_TYPE(callable) == &wf_cfunction_type)
        def = ((WfCFunctionObject *)callable)->m_ml;
    else if (WF_TYPE(callable) == &wf_method_descr_type)
        def = ((WfMethodDescrObject *)callable)->d_method;
    return def != NULL && (def->ml_flags & WF_METH_ANY_KEYWORDS);
}

WfObject *wf_object_call(WfObject *callable, WfObject *args, WfObject *kwargs) {
    WfTypeObject *tp = WF_TYPE(callable);
    if (!args)
        args = wf_tuple_empty;
    if (kwargs && wf_dict_size(kwargs) == 0)
        kwargs = NULL;
    if (tp->tp_call)
        return make_tp_call(callable, args, kwargs);
    if (!tp->tp_vectorcall)
        return not_callable(callable);
    /* Only vectorcall: spread the tuple and the dict into an array. */
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    wf_ssize_t nkw = kwargs ? wf_dict_size(kwargs) : 0;
    WfObject *small[CALL_SMALL];
    WfObject **stack = small;
    if (nargs + nkw > CALL_SMALL) {
        stack = wf_mem_malloc(sizeof(WfObject *) * (size_t)(nargs + nkw));
        if (!stack)
            return wf_err_no_memory();
    }
    if (nargs > 0)
        memcpy(stack, WF_TUPLE_ITEMS(args), sizeof(WfObject *) * (size_t)nargs);
    WfObject *kwnames = NULL, *res = NULL;
    if (nkw) {
        kwnames = wf_tuple_new(nkw);
        if (!kwnames)
            goto done;
        wf_ssize_t pos = 0, i = 0;
        WfObject *key, *value;
        while (wf_dict_next(kwargs, &pos, &key, &value) && i < nkw) {
            if (!wf_str_check(key) && !takes_any_keywords(callable)) {
                wf_err_set_string(wf_exc_TypeError, "keywords must be strings");
                goto done;
            }
            WF_TUPLE_SET_ITEM(kwnames, i, wf_newref(key));
            stack[nargs + i] = value;
            i++;
        }
    }
    res = wf_object_vectorcall(callable, stack, (size_t)nargs, kwnames);
done:
    wf_xdecref(kwnames);
    if (stack != small)
        wf_mem_free(stack);
    return res;
}

WfObject *wf_object_call_no_args(WfObject *callable) {
    return wf_object_vectorcall(callable, NULL, 0, NULL);
}

WfObject *wf_object_call_one_arg(WfObject *callable, WfObject *arg) {
    /* One spare slot in front lets a bound method prepend self in place. */
    WfObject *stack[2] = {NULL, arg};
    return wf_object_vectorcall(callable, stack + 1, 1 | WF_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* Collects the NULL-terminated varargs into stack[first..]; returns the count
 * or -1 (MemoryError). *heap is set when the array had to be malloc'd. */
static wf_ssize_t collect_args(va_list va, WfObject **small, WfObject ***stack, wf_ssize_t first) {
    va_list count;
    va_copy(count, va);
    wf_ssize_t n = 0;
    while (va_arg(count, WfObject *) != NULL)
        n++;
    va_end(count);
    *stack = small;
    if (first + n > CALL_SMALL) {
        *stack = wf_mem_malloc(sizeof(WfObject *) * (size_t)(first + n));
        if (!*stack) {
            wf_err_no_memory();
            return -1;
        }
    }
    for (wf_ssize_t i = 0; i < n; i++)
        (*stack)[first + i] = va_arg(va, WfObject *);
    return n;
}

WfObject *wf_object_call_function_objargs(WfObject *callable, ...) {
    WfObject *small[CALL_SMALL], **stack;
    va_list va;
    va_start(va, callable);
    wf_ssize_t n = collect_args(va, small, &stack, 0);
    va_end(va);
    if (n < 0)
        return NULL;
    WfObject *res = wf_object_vectorcall(callable, stack, (size_t)n, NULL);
    if (stack != small)
        wf_mem_free(stack);
    return res;
}

WfObject *wf_object_call_method_objargs(WfObject *obj, WfObject *name, ...) {
    WfObject *small[CALL_SMALL], **stack;
    va_list va;
    va_start(va, name);
    wf_ssize_t n = collect_args(va, small, &stack, 1);
    va_end(va);
    if (n < 0)
        return NULL;
    WfObject *meth, *res = NULL;
    int unbound = wf_object_get_method(obj, name, &meth);
    if (unbound >= 0) {
        stack[0] = obj;
        if (unbound)
            res = wf_object_vectorcall(meth, stack, (size_t)(n + 1), NULL);
        else
            res = wf_object_vectorcall(meth, stack + 1, (size_t)n, NULL);
        wf_decref(meth);
    }
    if (stack != small)
        wf_mem_free(stack);
    return res;
}

/* One value per format character: O (borrowed), N (stolen), i, l, n, d, s, z. */
static WfObject *build_value(char c, va_list *va) {
    switch (c) {
    case 'O': return wf_newref(va_arg(*va, WfObject *));
    case 'N': return va_arg(*va, WfObject *);
    case 'i': return wf_int_from_long(va_arg(*va, int));
    case 'l': return wf_int_from_long(va_arg(*va, long));
    case 'n': return wf_int_from_ssize(va_arg(*va, wf_ssize_t));
    case 'd': return wf_float_from_double(va_arg(*va, double));
    case 's': return wf_str_from_cstr(va_arg(*va, const char *));
    case 'z': {
        const char *s = va_arg(*va, const char *);
        return s ? wf_str_from_cstr(s) : wf_newref(WF_NONE);
    }
    default:
        wf_err_format(wf_exc_SystemError, "bad format char '%c' in call format", c);
        return NULL;
    }
}

WfObject *wf_object_call_method_cstr(WfObject *obj, const char *name, const char *fmt, ...) {
    WfObject *args[CALL_SMALL];
    wf_ssize_t n = 0;
    WfObject *res = NULL;
    va_list va;
    va_start(va, fmt);
    for (const char *p = fmt ? fmt : ""; *p; p++) {
        if (*p == '(' || *p == ')' || *p == ' ')
            continue;
        if (n == CALL_SMALL) {
            wf_err_set_string(wf_exc_SystemError, "too many arguments in call format");
            goto done;
        }
        args[n] = build_value(*p, &va);
        if (!args[n])
            goto done;
        n++;
    }
    WfObject *nm = wf_str_intern_cstr(name);
    if (!nm)
        goto done;
    WfObject *meth = wf_object_getattr(obj, nm);
    if (meth) {
        res = wf_object_vectorcall(meth, args, (size_t)n, NULL);
        wf_decref(meth);
    }
done:
    va_end(va);
    for (wf_ssize_t i = 0; i < n; i++)
        wf_decref(args[i]);
    return res;
}

WfObject *wf_object_lookup_special(WfObject *o, WfObject *name) {
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return NULL;
    WfObject *res = wf_type_lookup(tp, name);
    if (!res)
        return NULL;
    wf_descrgetfunc f = WF_TYPE(res)->tp_descr_get;
    if (!f)
        return wf_newref(res);
    wf_incref(res);
    WfObject *bound = f(res, o, (WfObject *)tp);
    wf_decref(res);
    return bound;
}
