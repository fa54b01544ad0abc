/* eval_internal.h — out-of-line helpers of the eval loop (eval_helpers.c,
 * eval_call.c). Only runtime/eval*.c include this.
 *
 * Each helper follows the C API's error convention (NULL / -1 with an
 * exception set) and borrows its object arguments unless it says otherwise.
 * None of them touches the value stack: the loop keeps operands in stack
 * slots below the spilled stack pointer while calling them.
 */
#ifndef WF_EVAL_INTERNAL_H
#define WF_EVAL_INTERNAL_H

#include "runtime/frame.h"
#include "runtime/runtime.h"

/* Python-frame recursion check (CPython 3.12's _Py_CheckRecursiveCallPy):
 * called when recursion_remaining was already <= 0 before a frame push.
 * -1 with RecursionError, 0 when handling a RecursionError leaves headroom. */
int wf_eval_recursion_error(WfThreadState *ts);

/* LOAD_NAME / LOAD_GLOBAL / LOAD_CLASSDEREF lookups: new reference or NULL
 * (NameError "name 'x' is not defined" when missing everywhere). */
WfObject *wf_eval_load_name(WfFrame *f, WfObject *name);
int wf_eval_load_name_stackref(WfFrame *f, WfObject *name, WfStackRef *out);
WfObject *wf_eval_load_global(WfFrame *f, WfObject *name);
int wf_eval_load_global_stackref(WfFrame *f, WfObject *name, WfStackRef *out);
/* 1 found in the frame's locals mapping (*v new ref), 0 not, -1 error. */
int wf_eval_locals_lookup(WfFrame *f, WfObject *name, WfObject **v);
/* UnboundLocalError / NameError for an empty local, cell or free slot. */
void wf_eval_format_unbound(WfCodeObject *co, int index);

/* LOAD_ATTR with the method bit: 1 = *meth is an unbound method to call with
 * obj as self; 2 = the same with *self as self (super().m: obj is the super
 * object); 0 = *meth is the plain attribute; -1 error. */
int wf_eval_get_method(WfObject *obj, WfObject *name, WfStackRef *meth, WfStackRef *self);

/* Unpacks iterable v into sp[-1] (first item) downwards: argcnt items, then
 * a list of the rest when argcntafter >= 0, then argcntafter items.
 * 0 or -1; on error nothing is left written. */
int wf_eval_unpack_iterable(WfObject *v, int argcnt, int argcntafter, WfStackRef *sp);

WfObject *wf_eval_format_value(WfObject *v, int conversion, WfObject *spec);
WfObject *wf_eval_build_string(WfStackRef *items, int n);

/* raise / raise exc / raise exc from cause. Returns 1 when the handled
 * exception was re-raised (no new traceback entry), 0 when a new one is set;
 * an exception is set either way. */
int wf_eval_do_raise(WfObject *exc, WfObject *cause);
/* CHECK_EXC_MATCH: -1 with TypeError when type is not an exception class or
 * tuple of them, else whether exc matches. */
int wf_eval_check_exc_match(WfObject *exc, WfObject *type);
/* RuntimeError("generator raised StopIteration") chained to exc, or exc. */
WfObject *wf_eval_stopiteration_error(WfObject *exc);
/* StopIteration handling for SEND/CLEANUP_THROW: if the current exception is
 * StopIteration, clears it and returns its value (new ref); else NULL with
 * the exception left set. */
WfObject *wf_eval_fetch_stopiteration_value(void);

/* Containers. */
int wf_eval_list_extend(WfObject *list, WfObject *iterable);
int wf_eval_dict_update(WfObject *dict, WfObject *update);
int wf_eval_dict_merge(WfObject *callable, WfObject *dict, WfObject *update);
int wf_eval_setup_annotations(WfFrame *f);

/* Calls. */
WfObject *wf_eval_call_function_ex(WfObject *callable, WfObject *args, WfObject *kwargs);
WfObject *wf_eval_make_function(WfFrame *f, WfObject *code, int flags, WfObject *defaults,
                                WfObject *kwdefaults, WfObject *annotations, WfObject *closure);
/* BEFORE_WITH: *exit = bound __exit__, returns the __enter__ result. */
WfObject *wf_eval_before_with(WfObject *mgr, WfObject **exit);

/* Imports. */
WfObject *wf_eval_import_name(WfFrame *f, WfObject *name, WfObject *fromlist, WfObject *level);
WfObject *wf_eval_import_from(WfObject *module, WfObject *name);
int wf_eval_import_star(WfFrame *f, WfObject *module);

/* "f()" / "A.m()" / "'int' object" as CPython's _PyObject_FunctionStr. */
WfObject *wf_eval_function_str(WfObject *callable);

#endif /* WF_EVAL_INTERNAL_H */
