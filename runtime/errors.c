/* errors.c — the error indicator of the current thread (tstate.h).
 *
 * Invariants:
 *  - tstate->current_exception is NULL or a strong reference to a raised
 *    exception *instance*; raising always creates the instance at once.
 *  - wf_err_set_object (and everything built on it) chains implicitly: when an
 *    exception is being handled (tstate->exc_info), the new exception gets it
 *    as __context__, with CPython's cycle avoidance. wf_err_set_raised does
 *    not chain (it re-raises an instance as is, like PyErr_SetRaisedException).
 *  - MemoryError is raised without allocating: wf_err_no_memory uses the one
 *    preallocated immortal instance.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/type_internal.h"

static WfThreadState *current(void) {
    WfThreadState *ts = wf_tstate_get();
    wf_assert(ts != NULL);
    return ts;
}

/* Replace the current exception with exc (stolen; may be NULL). */
static void restore(WfObject *exc) {
    WfThreadState *ts = current();
    WfObject *old = ts->current_exception;
    ts->current_exception = exc;
    wf_xdecref(old);
}

/* The innermost handled exception that is not None (CPython's
 * _PyErr_GetTopmostException). Borrowed or NULL. */
static WfObject *topmost_handled(WfThreadState *ts) {
    WfErrStackItem *item = ts->exc_info;
    while (item) {
        if (item->exc_value && item->exc_value != WF_NONE)
            return item->exc_value;
        item = item->previous_item;
    }
    return NULL;
}

WfObject *wf_err_get_handled(void) {
    WfThreadState *ts = wf_tstate_get();
    return ts ? topmost_handled(ts) : NULL;
}

/* Set value.__context__ = handled, first breaking any chain from handled
 * back to value so that no cycle is created (Floyd's check stops on
 * pre-existing cycles). */
static void chain_context(WfObject *value, WfObject *handled) {
    if (handled == value)
        return;
    /* The chain may be re-linked by other threads raising the same
     * exceptions: hold a reference to each link while looking at it. */
    WfObject *o = wf_newref(handled), *slow_o = wf_newref(handled), *context;
    int slow_update_toggle = 0;
    while ((context = wf_exception_get_context_ref(o)) != NULL) {
        if (context == value) {
            wf_decref(context);
            wf_exception_set_context(o, NULL);
            break;
        }
        wf_decref(o);
        o = context;
        if (o == slow_o)
            break;
        if (slow_update_toggle) {
            WfObject *next = wf_exception_get_context_ref(slow_o);
            wf_decref(slow_o);
            slow_o = next;
            if (slow_o == NULL)
                break;
        }
        slow_update_toggle = !slow_update_toggle;
    }
    wf_decref(o);
    wf_xdecref(slow_o);
    wf_exception_set_context(value, wf_newref(handled));
}

/* Builds an instance of type from value (instance, args tuple, single arg, NULL). */
static WfObject *make_instance(WfObject *type, WfObject *value) {
    if (value && wf_exception_instance_check(value) &&
        wf_type_is_subtype(WF_TYPE(value), (WfTypeObject *)type))
        return wf_newref(value);
    WfObject *args;
    if (value == NULL || value == WF_NONE)
        args = wf_newref(wf_tuple_empty);
    else if (wf_tuple_check(value))
        args = wf_newref(value);
    else
        args = wf_tuple_pack(1, value);
    if (!args)
        return NULL;
    WfObject *exc = wf_exception_create(type, args);
    wf_decref(args);
    return exc;
}

void wf_err_set_object(WfObject *type, WfObject *value) {
    WfThreadState *ts = current();
    if (!wf_exception_class_check(type)) {
        wf_err_format(wf_exc_SystemError,
                      "_PyErr_SetObject: exception %R is not a BaseException subclass", type);
        return;
    }
    if (value)
        wf_incref(value);
    /* Creating the instance may run Python code: do it with the indicator
     * clear. The exception being replaced is dropped, as in CPython. */
    WfObject *old = wf_err_get_raised();
    WfObject *exc = make_instance(type, value);
    wf_xdecref(value);
    wf_xdecref(old);
    if (exc == NULL) {
        /* The constructor's own error stands (as in CPython). */
        return;
    }
    if (!wf_exception_instance_check(exc)) {
        wf_err_format(wf_exc_TypeError,
                      "calling %R should have returned an instance of BaseException, not %s",
                      type, WF_TYPE_NAME(exc));
        wf_decref(exc);
        return;
    }
    WfObject *handled = topmost_handled(ts);
    if (handled)
        chain_context(exc, handled);
    restore(exc);
}

void wf_err_set_raised(WfObject *exc) {
    restore(exc);
}

WfObject *wf_err_set_import_error(WfObject *type, WfObject *msg, WfObject *name, WfObject *path) {
    if (msg == NULL)
        return NULL;
    WfObject *exc = wf_object_call_one_arg(type, msg);
    wf_decref(msg);
    if (exc == NULL)
        return NULL;
    if ((name && wf_object_setattr(exc, WF_ID(name), name) < 0) ||
        (path && wf_object_setattr(exc, WF_ID(path), path) < 0)) {
        wf_decref(exc);
        return NULL;
    }
    restore(exc);
    return NULL;
}

void wf_err_set_none(WfObject *type) {
    wf_err_set_object(type, NULL);
}

void wf_err_set_string(WfObject *type, const char *msg) {
    WfObject *s = wf_str_from_cstr(msg);
    if (!s)
        return;
    wf_err_set_object(type, s);
    wf_decref(s);
}

WfObject *wf_err_format_v(WfObject *type, const char *fmt, va_list va) {
    WfObject *msg = wf_str_from_format_v(fmt, va);
    if (msg) {
        wf_err_set_object(type, msg);
        wf_decref(msg);
    }
    return NULL;
}

WfObject *wf_err_format(WfObject *type, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    wf_err_format_v(type, fmt, va);
    va_end(va);
    return NULL;
}

WfObject *wf_err_no_memory(void) {
    WfObject *exc = wf_memory_error_instance;
    if (exc == NULL) {
        /* Too early in start-up for anything better. */
        fputs("weft: out of memory during start-up\n", stderr);
        abort();
    }
    /* The instance is shared and immortal: drop what a previous raise left
     * on it, so tracebacks do not accumulate. */
    wf_exception_set_traceback(exc, NULL);
    wf_exception_set_context(exc, NULL);
    restore(exc);
    return NULL;
}

WfObject *wf_err_bad_internal_call(void) {
    wf_err_set_string(wf_exc_SystemError, "bad argument to internal function");
    return NULL;
}

static WfObject *set_from_errno(WfObject *type, int err, WfObject *filename) {
    if (err == ENOMEM)
        return wf_err_no_memory();
    WfObject *msg = wf_str_from_cstr(err ? strerror(err) : "Error");
    if (!msg)
        return NULL;
    WfObject *num = wf_int_from_long(err);
    WfObject *args = filename ? wf_tuple_pack(3, num, msg, filename) : wf_tuple_pack(2, num, msg);
    wf_decref(num);
    wf_decref(msg);
    if (!args)
        return NULL;
    /* OSError's constructor maps errno to the subclass (FileNotFoundError...). */
    wf_err_set_object(type, args);
    wf_decref(args);
    return NULL;
}

WfObject *wf_err_set_from_errno(WfObject *type) {
    return set_from_errno(type, errno, NULL);
}

WfObject *wf_err_set_from_errno_filename(WfObject *type, const char *filename) {
    int err = errno;
    if (!filename)
        return set_from_errno(type, err, NULL);
    WfObject *name = wf_str_from_utf8_lossy(filename, (wf_ssize_t)strlen(filename));
    if (!name)
        return NULL;
    set_from_errno(type, err, name);
    wf_decref(name);
    return NULL;
}

WfObject *wf_err_occurred(void) {
    WfThreadState *ts = wf_tstate_get();
    if (!ts || !ts->current_exception)
        return NULL;
    return (WfObject *)WF_TYPE(ts->current_exception);
}

int wf_err_given_exception_matches(WfObject *given, WfObject *type) {
    if (given == NULL || type == NULL)
        return 0;
    if (wf_tuple_check(type)) {
        wf_ssize_t n = WF_TUPLE_SIZE(type);
        for (wf_ssize_t i = 0; i < n; i++)
            if (wf_err_given_exception_matches(given, WF_TUPLE_ITEM(type, i)))
                return 1;
        return 0;
    }
    if (wf_exception_instance_check(given))
        given = (WfObject *)WF_TYPE(given);
    if (wf_exception_class_check(given) && wf_exception_class_check(type))
        return wf_type_is_subtype((WfTypeObject *)given, (WfTypeObject *)type);
    return given == type;
}

int wf_err_exception_matches(WfObject *type) {
    return wf_err_given_exception_matches(wf_err_occurred(), type);
}

WfObject *wf_err_get_raised(void) {
    WfThreadState *ts = wf_tstate_get();
    if (!ts)
        return NULL;
    WfObject *exc = ts->current_exception;
    ts->current_exception = NULL;
    return exc;
}

void wf_err_clear(void) {
    WfThreadState *ts = wf_tstate_get();
    if (ts && ts->current_exception)
        restore(NULL);
}

/* Called with a new exception set: make the exception that was current
 * before (exc, stolen) its __context__, as CPython's _PyErr_ChainExceptions. */
void wf_err_chain_exceptions(WfObject *exc) {
    if (exc == NULL)
        return;
    WfThreadState *ts = current();
    WfObject *cur = ts->current_exception;
    if (cur == NULL) {
        restore(exc);
        return;
    }
    if (cur != exc)
        chain_context(cur, exc);
    wf_decref(exc);
}

void wf_err_set_syntax_location(WfObject *exc_type, const char *msg, WfObject *filename,
                                int lineno, int col_offset, int end_lineno, int end_col_offset,
                                const char *line_text) {
    WfObject *m = NULL, *loc = NULL, *args = NULL, *text = NULL;
    WfObject *ln = NULL, *col = NULL, *eln = NULL, *ecol = NULL;
    if (!exc_type)
        exc_type = wf_exc_SyntaxError;
    m = wf_str_from_cstr(msg);
    if (!m)
        goto done;
    if (line_text) {
        text = wf_str_from_utf8_lossy(line_text, (wf_ssize_t)strlen(line_text));
        if (!text)
            goto done;
    } else {
        text = wf_newref(WF_NONE);
    }
    ln = wf_int_from_long(lineno);
    col = col_offset >= 0 ? wf_int_from_long(col_offset) : wf_newref(WF_NONE);
    eln = end_lineno >= 0 ? wf_int_from_long(end_lineno) : wf_newref(WF_NONE);
    ecol = end_col_offset >= 0 ? wf_int_from_long(end_col_offset) : wf_newref(WF_NONE);
    if (!ln || !col || !eln || !ecol)
        goto done;
    loc = wf_tuple_pack(6, filename ? filename : WF_NONE, ln, col, text, eln, ecol);
    if (!loc)
        goto done;
    args = wf_tuple_pack(2, m, loc);
    if (!args)
        goto done;
    wf_err_set_object(exc_type, args);
done:
    wf_xdecref(m);
    wf_xdecref(loc);
    wf_xdecref(args);
    wf_xdecref(text);
    wf_xdecref(ln);
    wf_xdecref(col);
    wf_xdecref(eln);
    wf_xdecref(ecol);
}

/* Default printers, used only until runtime/traceback_print.c (which owns
 * exception display) provides the real ones: weak, so theirs win the link. */
__attribute__((weak)) void wf_err_print(void) {
    WfObject *exc = wf_err_get_raised();
    if (!exc)
        return;
    wf_err_display(exc, stderr);
    wf_decref(exc);
}

__attribute__((weak)) void wf_err_write_unraisable(WfObject *context) {
    WfObject *exc = wf_err_get_raised();
    if (!exc)
        return;
    if (context) {
        WfObject *r = wf_object_repr(context);
        fprintf(stderr, "Exception ignored in: %s\n", r ? wf_str_as_utf8(r) : "<object repr() failed>");
        wf_xdecref(r);
        wf_err_clear();
    }
    wf_err_display(exc, stderr);
    wf_decref(exc);
}
