/* eval_call.c — entering Python code from C: argument binding, the function
 * vectorcall, exec of code objects, class bodies, and the frame queries of
 * runtime.h.
 *
 * Invariants:
 *  - wf_frame_bind_args steals every argument StackRef it is given, on
 *    success and on failure alike, so callers never need to know how far
 *    binding got.
 *  - Argument errors use the function's __qualname__ and CPython 3.11's text.
 */
#include <string.h>

#include "runtime/eval_internal.h"
#include "runtime/objects/lockfree.h"
#include "threads/threads.h"

/* ---- argument errors (CPython 3.11 ceval.c) -------------------------------- */

static void format_missing(const char *kind, WfObject *names, WfObject *qualname) {
    wf_ssize_t len = WF_LIST_SIZE(names);
    WfObject *name_str = NULL;
    if (len == 1) {
        name_str = wf_newref(WF_LIST_ITEM(names, 0));
    } else if (len == 2) {
        name_str = wf_str_from_format("%U and %U", WF_LIST_ITEM(names, 0), WF_LIST_ITEM(names, 1));
    } else {
        WfObject *tail = wf_str_from_format(", %U, and %U", WF_LIST_ITEM(names, len - 2),
                                            WF_LIST_ITEM(names, len - 1));
        if (tail == NULL || wf_list_set_slice(names, len - 2, len, NULL) < 0) {
            wf_xdecref(tail);
            return;
        }
        WfObject *comma = wf_str_from_cstr(", ");
        WfObject *head = comma ? wf_str_join(comma, names) : NULL;
        wf_xdecref(comma);
        if (head)
            name_str = wf_str_concat(head, tail);
        wf_xdecref(head);
        wf_decref(tail);
    }
    if (name_str == NULL)
        return;
    wf_err_format(wf_exc_TypeError, "%U() missing %d required %s argument%s: %U", qualname,
                  (int)len, kind, len == 1 ? "" : "s", name_str);
    wf_decref(name_str);
}

/* defcount == -1: keyword-only arguments. */
static void missing_arguments(WfCodeObject *co, wf_ssize_t defcount, WfStackRef *localsplus,
                              WfObject *qualname) {
    int positional = defcount != -1;
    int start = positional ? 0 : co->co_argcount;
    int end = positional ? co->co_argcount - (int)defcount : co->co_argcount + co->co_kwonlyargcount;
    WfObject *names = wf_list_new(0);
    if (names == NULL)
        return;
    for (int i = start; i < end; i++) {
        if (!wf_stackref_is_null(localsplus[i]))
            continue;
        WfObject *r = wf_object_repr(WF_TUPLE_ITEM(co->co_localsplusnames, i));
        if (r == NULL || wf_list_append(names, r) < 0) {
            wf_xdecref(r);
            wf_decref(names);
            return;
        }
        wf_decref(r);
    }
    format_missing(positional ? "positional" : "keyword-only", names, qualname);
    wf_decref(names);
}

static void too_many_positional(WfCodeObject *co, wf_ssize_t given, WfObject *defaults,
                                WfStackRef *localsplus, WfObject *qualname) {
    wf_ssize_t kwonly_given = 0;
    for (int i = co->co_argcount; i < co->co_argcount + co->co_kwonlyargcount; i++)
        if (!wf_stackref_is_null(localsplus[i]))
            kwonly_given++;
    wf_ssize_t defcount = defaults ? WF_TUPLE_SIZE(defaults) : 0;
    int plural;
    WfObject *sig, *kwonly_sig;
    if (defcount) {
        plural = 1;
        sig = wf_str_from_format("from %zd to %d", co->co_argcount - defcount, co->co_argcount);
    } else {
        plural = co->co_argcount != 1;
        sig = wf_str_from_format("%d", co->co_argcount);
    }
    if (sig == NULL)
        return;
    if (kwonly_given)
        kwonly_sig = wf_str_from_format(" positional argument%s (and %zd keyword-only argument%s)",
                                        given != 1 ? "s" : "", kwonly_given,
                                        kwonly_given != 1 ? "s" : "");
    else
        kwonly_sig = wf_newref(wf_str_empty);
    if (kwonly_sig == NULL) {
        wf_decref(sig);
        return;
    }
    wf_err_format(wf_exc_TypeError, "%U() takes %U positional argument%s but %zd%U %s given",
                  qualname, sig, plural ? "s" : "", given, kwonly_sig,
                  given == 1 && !kwonly_given ? "was" : "were");
    wf_decref(sig);
    wf_decref(kwonly_sig);
}

/* 1 (error set) when some keyword names a positional-only parameter. */
static int positional_only_passed_as_keyword(WfCodeObject *co, WfObject *kwnames,
                                             WfObject *qualname) {
    WfObject *names = wf_list_new(0);
    if (names == NULL)
        return 1;
    for (int k = 0; k < co->co_posonlyargcount; k++) {
        WfObject *posonly = WF_TUPLE_ITEM(co->co_localsplusnames, k);
        for (wf_ssize_t j = 0; j < WF_TUPLE_SIZE(kwnames); j++) {
            WfObject *kw = WF_TUPLE_ITEM(kwnames, j);
            if (kw == posonly || (wf_str_check(kw) && wf_str_equal(kw, posonly))) {
                if (wf_list_append(names, kw) < 0) {
                    wf_decref(names);
                    return 1;
                }
            }
        }
    }
    if (WF_LIST_SIZE(names) == 0) {
        wf_decref(names);
        return 0;
    }
    WfObject *comma = wf_str_from_cstr(", ");
    WfObject *joined = comma ? wf_str_join(comma, names) : NULL;
    if (joined)
        wf_err_format(wf_exc_TypeError,
                      "%U() got some positional-only arguments passed as keyword arguments: '%U'",
                      qualname, joined);
    wf_xdecref(comma);
    wf_xdecref(joined);
    wf_decref(names);
    return 1;
}

/* ---- binding --------------------------------------------------------------- */

static void close_refs(WfStackRef *refs, wf_ssize_t n) {
    for (wf_ssize_t i = 0; i < n; i++) {
        WfStackRef r = refs[i];
        refs[i] = WF_STACKREF_NULL;
        wf_stackref_xclose(r);
    }
}

/* Index of keyword in the named parameters, -1 if none, -2 on error. */
static int find_keyword(WfCodeObject *co, WfObject *keyword, int total_args) {
    WfObject **names = WF_TUPLE_ITEMS(co->co_localsplusnames);
    for (int j = co->co_posonlyargcount; j < total_args; j++)
        if (names[j] == keyword)
            return j;
    for (int j = co->co_posonlyargcount; j < total_args; j++)
        if (wf_str_equal(names[j], keyword))
            return j;
    return -1;
}

int wf_frame_bind_args(WfThreadState *ts, WfFrame *f, WfFunctionObject *func, WfStackRef *args,
                       wf_ssize_t argcount, WfObject *kwnames) {
    (void)ts;
    WfCodeObject *co = wf_frame_code(f);
    WfStackRef *localsplus = f->localsplus;
    int total_args = co->co_argcount + co->co_kwonlyargcount;
    wf_ssize_t kwcount = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    WfObject *kwdict = NULL;
    wf_ssize_t i, n;

    if (co->co_flags & WF_CO_VARKEYWORDS) {
        kwdict = wf_dict_new();
        if (kwdict == NULL)
            goto fail_pre_positional;
        int idx = total_args + ((co->co_flags & WF_CO_VARARGS) ? 1 : 0);
        localsplus[idx] = wf_stackref_steal(kwdict);
    }
    n = argcount > co->co_argcount ? co->co_argcount : argcount;
    for (i = 0; i < n; i++)
        localsplus[i] = args[i];
    if (co->co_flags & WF_CO_VARARGS) {
        WfObject *u;
        if (argcount == n) {
            u = wf_newref(wf_tuple_empty);
        } else {
            u = wf_tuple_new(argcount - n);
            if (u == NULL) {
                close_refs(args + n, argcount - n);
                goto fail_post_positional;
            }
            for (wf_ssize_t j = n; j < argcount; j++)
                WF_TUPLE_SET_ITEM(u, j - n, wf_stackref_to_obj_steal(args[j]));
        }
        localsplus[total_args] = wf_stackref_steal(u);
    } else if (argcount > n) {
        close_refs(args + n, argcount - n);   /* the error is reported below */
    }

    for (i = 0; i < kwcount; i++) {
        WfObject *keyword = WF_TUPLE_ITEM(kwnames, i);
        WfStackRef value = args[argcount + i];
        if (!wf_str_check(keyword)) {
            wf_err_format(wf_exc_TypeError, "%U() keywords must be strings", wf_function_qualname(func));
            goto kw_fail;
        }
        int j = find_keyword(co, keyword, total_args);
        if (j < 0) {
            if (kwdict == NULL) {
                if (co->co_posonlyargcount &&
                    positional_only_passed_as_keyword(co, kwnames, wf_function_qualname(func)))
                    goto kw_fail;
                wf_err_format(wf_exc_TypeError, "%U() got an unexpected keyword argument '%U'",
                              wf_function_qualname(func), keyword);
                goto kw_fail;
            }
            if (wf_dict_set_item(kwdict, keyword, wf_stackref_borrow_obj(value)) < 0)
                goto kw_fail;
            wf_stackref_close(value);
            continue;
        }
        if (!wf_stackref_is_null(localsplus[j])) {
            wf_err_format(wf_exc_TypeError, "%U() got multiple values for argument '%U'",
                          wf_function_qualname(func), keyword);
            goto kw_fail;
        }
        localsplus[j] = value;
        continue;
    kw_fail:
        close_refs(args + argcount + i, kwcount - i);
        goto fail_post_args;
    }

    /* Another thread may replace __defaults__ / __kwdefaults__: each is
     * loaded once, and a replaced one stays alive until our next quiescent
     * state (function.c, field_replace); no safe point before the last use. */
    WfObject *defaults = __atomic_load_n(&func->func_defaults, __ATOMIC_ACQUIRE);
    if (argcount > co->co_argcount && !(co->co_flags & WF_CO_VARARGS)) {
        too_many_positional(co, argcount, defaults, localsplus, wf_function_qualname(func));
        goto fail_post_args;
    }
    if (argcount < co->co_argcount) {
        wf_ssize_t defcount = defaults ? WF_TUPLE_SIZE(defaults) : 0;
        wf_ssize_t m = co->co_argcount - defcount;
        wf_ssize_t missing = 0;
        for (i = argcount; i < m; i++)
            if (wf_stackref_is_null(localsplus[i]))
                missing++;
        if (missing) {
            missing_arguments(co, defcount, localsplus, wf_function_qualname(func));
            goto fail_post_args;
        }
        i = n > m ? n - m : 0;
        for (; i < defcount; i++)
            if (wf_stackref_is_null(localsplus[m + i]))
                localsplus[m + i] = wf_stackref_new(WF_TUPLE_ITEM(defaults, i));
    }
    if (co->co_kwonlyargcount > 0) {
        wf_ssize_t missing = 0;
        /* Counted: its lookup may lock it and block (offline). */
        WfObject *kwdefaults = __atomic_load_n(&func->func_kwdefaults, __ATOMIC_ACQUIRE);
        wf_xincref(kwdefaults);
        for (i = co->co_argcount; i < total_args; i++) {
            if (!wf_stackref_is_null(localsplus[i]))
                continue;
            if (kwdefaults) {
                WfObject *def;
                int r = wf_dict_get_item_ref(kwdefaults, WF_TUPLE_ITEM(co->co_localsplusnames, i),
                                             &def);
                if (r < 0) {
                    wf_decref(kwdefaults);
                    goto fail_post_args;
                }
                if (r > 0) {
                    localsplus[i] = wf_stackref_steal(def);
                    continue;
                }
            }
            missing++;
        }
        wf_xdecref(kwdefaults);
        if (missing) {
            missing_arguments(co, -1, localsplus, wf_function_qualname(func));
            goto fail_post_args;
        }
    }
    return 0;

fail_pre_positional:
    close_refs(args, argcount);
fail_post_positional:
    close_refs(args + argcount, kwcount);
fail_post_args:
    /* The frame's slots are closed by the caller's wf_frame_clear_and_pop. */
    return -1;
}

/* ---- entering Python code from C ------------------------------------------ */

/* Small argument arrays live on the C stack. */
#define WF_SMALL_ARGS 8

/* An argument a C caller passes to a Python function, as the callee's
 * slot. The caller holds its reference until the call returns, which the
 * frame does not outlive, so an object of another thread (a module
 * constant, a shared instance) is lent rather than counted: calling
 * `V.__add__` or `C.__init__` from C with a shared argument writes nothing
 * to it. A frame that could outlive the call (a generator's, at
 * RETURN_GENERATOR and YIELD_VALUE) promotes its borrowed slots first, so
 * the thread is marked as holding some (wf_objects_thread_borrowed). */
static inline WfStackRef argument_ref(WfObject *o) {
    if (WF_LIKELY(wf_is_owned_by_current_thread(o)) || wf_stackref_skips_count(o))
        return wf_stackref_new(o);
    return wf_stackref_lent(o);
}

WfObject *wf_function_vectorcall(WfObject *callable, WfObject *const *args, size_t nargsf,
                                 WfObject *kwnames) {
    WfThreadState *ts = wf_tstate_get();
    WfFunctionObject *func = (WfFunctionObject *)callable;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    WfFrame *f = wf_frame_push(ts, func, NULL);
    if (f == NULL)
        return NULL;
    WfCodeObject *co = wf_frame_code(f);   /* not func's: __code__ may change meanwhile */
    if (nkw == 0 && nargs == co->co_argcount && co->co_kwonlyargcount == 0 &&
        !(co->co_flags & (WF_CO_VARARGS | WF_CO_VARKEYWORDS))) {
        for (wf_ssize_t i = 0; i < nargs; i++)
            f->localsplus[i] = argument_ref(args[i]);
    } else {
        WfStackRef small[WF_SMALL_ARGS];
        wf_ssize_t total = nargs + nkw;
        WfStackRef *refs = total <= WF_SMALL_ARGS ? small : wf_mem_malloc(sizeof(WfStackRef) * total);
        if (refs == NULL) {
            wf_frame_clear_and_pop(ts, f);
            return wf_err_no_memory();
        }
        for (wf_ssize_t i = 0; i < total; i++)
            refs[i] = argument_ref(args[i]);
        int r = wf_frame_bind_args(ts, f, func, refs, nargs, nkw ? kwnames : NULL);
        if (refs != small)
            wf_mem_free(refs);
        if (r < 0) {
            wf_frame_clear_and_pop(ts, f);
            return NULL;
        }
    }
    return wf_eval_frame(ts, f, 0);
}

WfObject *wf_eval_function_with_locals(WfObject *func, WfObject *locals) {
    WfThreadState *ts = wf_tstate_get();
    WfFrame *f = wf_frame_push(ts, (WfFunctionObject *)func, locals);
    if (f == NULL)
        return NULL;
    return wf_eval_frame(ts, f, 0);
}

WfObject *wf_eval_code(WfObject *code, WfObject *globals, WfObject *locals) {
    WfThreadState *ts = wf_tstate_get();
    WfObject *func = wf_function_new_transient(code, globals);
    if (func == NULL)
        return NULL;
    WfFrame *f = wf_frame_push(ts, (WfFunctionObject *)func, locals ? locals : globals);
    wf_decref(func);   /* the frame holds its own reference */
    if (f == NULL)
        return NULL;
    return wf_eval_frame(ts, f, 0);
}

/* ---- frame queries ---------------------------------------------------------- */

WfObject *wf_eval_get_globals(void) {
    WfThreadState *ts = wf_tstate_get();
    return ts && ts->current_frame ? ts->current_frame->f_globals : NULL;
}

WfObject *wf_eval_get_builtins(void) {
    WfThreadState *ts = wf_tstate_get();
    if (ts && ts->current_frame)
        return ts->current_frame->f_builtins;
    return wf_main_interpreter.builtins;
}

WfObject *wf_eval_get_locals(void) {
    WfThreadState *ts = wf_tstate_get();
    if (ts == NULL || ts->current_frame == NULL) {
        wf_err_set_string(wf_exc_SystemError, "frame does not exist");
        return NULL;
    }
    return wf_frame_get_locals(ts->current_frame);
}

int wf_handle_eval_breaker(WfThreadState *ts) {
    /* threads/ handles (and clears) stop-the-world, refcount merges and
     * QSBR reports; the other bits have no handler yet: clear them so the
     * loop stops asking, keeping threads/ bits set again meanwhile. */
    if (wf_threads_handle_breaker(ts) < 0)
        return -1;
    /* References retired a grace period ago (lockfree.h): a safe point
     * may run the __del__ methods they trigger. */
    wf_objects_drain_retired_refs();
    atomic_fetch_and_explicit(&ts->eval_breaker, WF_THREADS_BREAKER_BITS, memory_order_relaxed);
    return 0;
}
