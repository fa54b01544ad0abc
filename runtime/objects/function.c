/* function.c — Python function objects.
 *
 * Invariants:
 *  - func_code, func_globals, func_builtins, func_name, func_qualname and
 *    func_module are never NULL once wf_function_new returns; the optional
 *    fields (defaults, kwdefaults, closure, annotations, dict) may be.
 *  - Functions whose code is not nested in another function are deferred
 *    (DESIGN.md §3 rule 3): module-level functions and methods are called
 *    from every thread, so pushing them onto a stack must not write to them.
 *    Nested functions (closures) and anonymous ones (lambdas, comprehensions)
 *    are counted normally and die young.
 *  - func_code, func_globals and func_builtins are taken with
 *    wf_shared_ref_new and dropped with wf_shared_ref_drop, never with
 *    wf_incref / wf_decref: a function made in a thread counts them in that
 *    thread's array (thread_refs.c).
 *  - Calls go through wf_function_vectorcall (eval_call.c).
 */
#include <string.h>

#include "runtime/frame.h"
#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"

/* CPython's _PyEval_BuiltinsFromGlobals: globals['__builtins__'] (a module
 * or a dict), else the interpreter's builtins. A new function's reference
 * (wf_shared_ref_new), taken while the lookup still holds its own: another
 * thread may remove `__builtins__` from globals meanwhile. */
static WfObject *builtins_ref_from_globals(WfObject *globals) {
    /* Read as a StackRef: the builtins module is deferred, so reading it out
     * of globals that every thread shares writes nothing to it. */
    WfStackRef ref;
    int found = 0;
    if (wf_dict_check_exact(globals)) {
        found = wf_dict_get_item_stackref(globals, WF_ID(__builtins__), &ref);
    } else if (wf_dict_check(globals)) {
        WfObject *b = NULL;
        found = wf_dict_get_item_ref(globals, WF_ID(__builtins__), &b);
        if (found > 0)
            ref = wf_stackref_steal(b);
    }
    if (found > 0) {
        WfObject *b = wf_stackref_borrow_obj(ref);
        WfObject *d = wf_module_check(b) ? wf_module_get_dict(b) : b;
        d = wf_dict_check(d) ? wf_shared_ref_new(d) : NULL;
        wf_stackref_close(ref);
        if (d != NULL)
            return d;
    }
    wf_err_clear();
    return wf_shared_ref_new(wf_main_interpreter.builtins);
}

/* Lambdas, comprehensions and generator expressions (names like
 * "<listcomp>"): made afresh each time the expression runs, usually called
 * once and dropped. Deferring them would keep each one until the cycle
 * collector runs, so they are counted normally, like nested functions. */
static bool is_anonymous(WfCodeObject *co) {
    return WF_STR_BYTE_LENGTH(co->co_name) > 0 && WF_STR_DATA(co->co_name)[0] == '<';
}

static WfObject *function_new_impl(WfObject *code, WfObject *globals, WfObject *qualname,
                                   bool may_defer) {
    WfCodeObject *co = (WfCodeObject *)code;
    WfFunctionObject *f = (WfFunctionObject *)wf_object_alloc(&wf_function_type);
    if (f == NULL)
        return NULL;
    f->vectorcall = wf_function_vectorcall;
    /* Code, module globals and builtins are shared by every thread making
     * functions from them: counted per thread (thread_refs.c). */
    f->func_code = wf_shared_ref_new(code);
    f->func_globals = wf_shared_ref_new(globals);
    f->func_builtins = builtins_ref_from_globals(globals);
    f->func_name = wf_newref(co->co_name);
    f->func_qualname = wf_newref(qualname ? qualname : co->co_qualname);
    /* CPython 3.11: the docstring is co_consts[0] when it is a str. */
    WfObject *doc = WF_NONE;
    if (WF_TUPLE_SIZE(co->co_consts) > 0 && wf_str_check(WF_TUPLE_ITEM(co->co_consts, 0)))
        doc = WF_TUPLE_ITEM(co->co_consts, 0);
    f->func_doc = wf_newref(doc);
    WfObject *module = NULL;
    if (wf_dict_check(globals) && wf_dict_get_item_ref(globals, WF_ID(__name__), &module) < 0) {
        wf_err_clear();
        module = NULL;
    }
    f->func_module = module ? module : wf_newref(WF_NONE);
    f->func_version = 0;
    if (may_defer && !(co->co_flags & WF_CO_NESTED) && !is_anonymous(co))
        wf_set_deferred((WfObject *)f);
    return (WfObject *)f;
}

WfObject *wf_function_new(WfObject *code, WfObject *globals, WfObject *qualname) {
    return function_new_impl(code, globals, qualname, true);
}

WfObject *wf_function_new_transient(WfObject *code, WfObject *globals) {
    return function_new_impl(code, globals, NULL, false);
}

static void function_dealloc(WfObject *self) {
    WfFunctionObject *f = (WfFunctionObject *)self;
    wf_shared_ref_drop(f->func_code);
    wf_shared_ref_drop(f->func_globals);
    wf_shared_ref_drop(f->func_builtins);
    wf_xdecref(f->func_name);
    wf_xdecref(f->func_qualname);
    wf_xdecref(f->func_defaults);
    wf_xdecref(f->func_kwdefaults);
    wf_xdecref(f->func_closure);
    wf_xdecref(f->func_doc);
    wf_xdecref(f->func_dict);
    wf_xdecref(f->func_module);
    wf_xdecref(f->func_annotations);
    wf_object_free(self);
}

static int function_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfFunctionObject *f = (WfFunctionObject *)self;
    WfObject *fields[] = {f->func_code, f->func_globals, f->func_builtins, f->func_name,
                          f->func_qualname, f->func_defaults, f->func_kwdefaults,
                          f->func_closure, f->func_doc, f->func_dict, f->func_module,
                          f->func_annotations};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (fields[i] && visit(fields[i], arg))
            return 1;
    return 0;
}

static int function_clear(WfObject *self) {
    WfFunctionObject *f = (WfFunctionObject *)self;
    WF_CLEAR(f->func_defaults);
    WF_CLEAR(f->func_kwdefaults);
    WF_CLEAR(f->func_closure);
    WF_CLEAR(f->func_dict);
    WF_CLEAR(f->func_annotations);
    return 0;
}

static WfObject *function_repr(WfObject *self) {
    return wf_str_from_format("<function %U at %p>", wf_function_qualname((WfFunctionObject *)self),
                              (void *)self);
}

/* Descriptor: functions in a class body become bound methods on instances. */
static WfObject *function_descr_get(WfObject *func, WfObject *obj, WfObject *type) {
    if (obj == NULL || obj == WF_NONE)
        return wf_newref(func);
    return wf_method_new(func, obj);
}

static WfObject *function_call(WfObject *self, WfObject *args, WfObject *kwargs) {
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    if (kwargs == NULL || wf_dict_size(kwargs) == 0)
        return wf_function_vectorcall(self, WF_TUPLE_ITEMS(args), (size_t)nargs, NULL);
    wf_ssize_t nkw = wf_dict_size(kwargs);
    WfObject **stack = wf_mem_malloc(sizeof(WfObject *) * (size_t)(nargs + nkw));
    WfObject *kwnames = wf_tuple_new(nkw);
    if (stack == NULL || kwnames == NULL) {
        wf_mem_free(stack);
        wf_xdecref(kwnames);
        return wf_err_no_memory();
    }
    memcpy(stack, WF_TUPLE_ITEMS(args), sizeof(WfObject *) * (size_t)nargs);
    wf_ssize_t pos = 0, i = 0;
    WfObject *k, *v;
    while (wf_dict_next(kwargs, &pos, &k, &v)) {
        if (!wf_str_check(k)) {
            /* CPython's _PyStack_UnpackDict message (no function name). */
            for (wf_ssize_t j = 0; j < i; j++)
                wf_decref(stack[nargs + j]);
            wf_mem_free(stack);
            wf_decref(kwnames);
            wf_err_set_string(wf_exc_TypeError, "keywords must be strings");
            return NULL;
        }
        WF_TUPLE_SET_ITEM(kwnames, i, wf_newref(k));
        stack[nargs + i] = wf_newref(v);
        i++;
    }
    WfObject *res = wf_function_vectorcall(self, stack, (size_t)nargs, kwnames);
    for (wf_ssize_t j = 0; j < nkw; j++)
        wf_decref(stack[nargs + j]);
    wf_mem_free(stack);
    wf_decref(kwnames);
    return res;
}

/* ---- attributes --------------------------------------------------------- */

#define FUNC(o) ((WfFunctionObject *)(o))

static WfObject *get_code(WfObject *self, void *c) {
    return wf_newref((WfObject *)wf_function_code(FUNC(self)));
}

static int set_code(WfObject *self, WfObject *value, void *c) {
    if (value == NULL || !wf_code_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__code__ must be set to a code object");
        return -1;
    }
    WfCodeObject *co = (WfCodeObject *)value;
    wf_ssize_t nfree = FUNC(self)->func_closure ? WF_TUPLE_SIZE(FUNC(self)->func_closure) : 0;
    if (co->co_nfreevars != nfree) {
        wf_err_format(wf_exc_ValueError, "%U() requires a code object with %zd free vars, not %d",
                      wf_function_name(FUNC(self)), nfree, co->co_nfreevars);
        return -1;
    }
    /* Calls in other threads read func_code once (wf_function_code). The old
     * code is deferred: a frame still running it keeps it alive. */
    WfObject *old = __atomic_exchange_n(&FUNC(self)->func_code, wf_shared_ref_new(value),
                                        __ATOMIC_ACQ_REL);
    wf_shared_ref_drop(old);
    return 0;
}

/* The optional fields and the names are read by other threads' calls and
 * getters with one acquire load and no reference of their own (argument
 * binding reads __defaults__ / __kwdefaults__, error messages the names):
 * they are replaced with wf_field_exchange (lockfree.h). */
static WfObject *field_get(WfObject **field) {
    WfObject *v = __atomic_load_n(field, __ATOMIC_ACQUIRE);
    return wf_newref(v ? v : WF_NONE);
}

static WfObject *field_get_or_make_dict(WfObject **field) {
    return wf_xnewref(wf_field_dict_get_or_make(field));
}

static int set_str_field(WfObject **field, WfObject *value, const char *what) {
    if (value == NULL || !wf_str_check(value)) {
        wf_err_format(wf_exc_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    wf_field_exchange(field, wf_newref(value));
    return 0;
}

static WfObject *get_name(WfObject *self, void *c) { return field_get(&FUNC(self)->func_name); }
static int set_name(WfObject *self, WfObject *value, void *c) {
    return set_str_field(&FUNC(self)->func_name, value, "__name__");
}
static WfObject *get_qualname(WfObject *self, void *c) { return field_get(&FUNC(self)->func_qualname); }
static int set_qualname(WfObject *self, WfObject *value, void *c) {
    return set_str_field(&FUNC(self)->func_qualname, value, "__qualname__");
}

static WfObject *get_defaults(WfObject *self, void *c) { return field_get(&FUNC(self)->func_defaults); }
static int set_defaults(WfObject *self, WfObject *value, void *c) {
    if (value == WF_NONE)
        value = NULL;
    if (value && !wf_tuple_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    wf_field_exchange(&FUNC(self)->func_defaults, wf_xnewref(value));
    return 0;
}

static WfObject *get_kwdefaults(WfObject *self, void *c) { return field_get(&FUNC(self)->func_kwdefaults); }
static int set_kwdefaults(WfObject *self, WfObject *value, void *c) {
    if (value == WF_NONE)
        value = NULL;
    if (value && !wf_dict_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    wf_field_exchange(&FUNC(self)->func_kwdefaults, wf_xnewref(value));
    return 0;
}

static WfObject *get_annotations(WfObject *self, void *c) {
    return field_get_or_make_dict(&FUNC(self)->func_annotations);
}
static int set_annotations(WfObject *self, WfObject *value, void *c) {
    if (value == WF_NONE)
        value = NULL;
    if (value && !wf_dict_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    wf_field_exchange(&FUNC(self)->func_annotations, wf_xnewref(value));
    return 0;
}

static WfObject *get_dict(WfObject *self, void *c) {
    return field_get_or_make_dict(&FUNC(self)->func_dict);
}
static int set_dict(WfObject *self, WfObject *value, void *c) {
    if (value == NULL) {
        wf_err_set_string(wf_exc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!wf_dict_check(value)) {
        wf_err_format(wf_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                      WF_TYPE(value)->tp_name);
        return -1;
    }
    wf_field_exchange(&FUNC(self)->func_dict, wf_newref(value));
    return 0;
}

static WfObject *get_builtins(WfObject *self, void *c) {
    return wf_newref(FUNC(self)->func_builtins);
}

static WfGetSetDef function_getset[] = {
    {"__code__", get_code, set_code, NULL, NULL},
    {"__defaults__", get_defaults, set_defaults, NULL, NULL},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults, NULL, NULL},
    {"__annotations__", get_annotations, set_annotations, NULL, NULL},
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {"__name__", get_name, set_name, NULL, NULL},
    {"__qualname__", get_qualname, set_qualname, NULL, NULL},
    {"__builtins__", get_builtins, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMemberDef function_members[] = {
    {"__closure__", WF_T_OBJECT, offsetof(WfFunctionObject, func_closure), WF_READONLY, NULL},
    {"__doc__", WF_T_OBJECT, offsetof(WfFunctionObject, func_doc), 0, NULL},
    {"__globals__", WF_T_OBJECT, offsetof(WfFunctionObject, func_globals), WF_READONLY, NULL},
    {"__module__", WF_T_OBJECT, offsetof(WfFunctionObject, func_module), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static WfObject *function_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    static const char *const kwlist[] = {"code", "globals", "name", "argdefs", "closure", NULL};
    WfObject *code, *globals, *name = WF_NONE, *defaults = WF_NONE, *closure = WF_NONE;
    if (!wf_arg_parse_tuple_and_keywords(args, kwargs, "O!O!|OOO:function", kwlist, &wf_code_type,
                                         &code, &wf_dict_type, &globals, &name, &defaults, &closure))
        return NULL;
    if (name != WF_NONE && !wf_str_check(name)) {
        wf_err_set_string(wf_exc_TypeError, "arg 3 (name) must be None or string");
        return NULL;
    }
    if (defaults != WF_NONE && !wf_tuple_check(defaults)) {
        wf_err_set_string(wf_exc_TypeError, "arg 4 (defaults) must be None or tuple");
        return NULL;
    }
    wf_ssize_t nfree = ((WfCodeObject *)code)->co_nfreevars;
    wf_ssize_t nclosure = closure == WF_NONE ? 0 : (wf_tuple_check(closure) ? WF_TUPLE_SIZE(closure) : -1);
    if (nclosure < 0) {
        wf_err_set_string(wf_exc_TypeError, "arg 5 (closure) must be tuple");
        return NULL;
    }
    if (nfree != nclosure) {
        wf_err_format(wf_exc_ValueError, "%U requires closure of length %zd, not %zd",
                      ((WfCodeObject *)code)->co_name, nfree, nclosure);
        return NULL;
    }
    WfFunctionObject *f = (WfFunctionObject *)wf_function_new_transient(code, globals);
    if (f == NULL)
        return NULL;
    if (name != WF_NONE)
        WF_SETREF(f->func_name, wf_newref(name));
    if (defaults != WF_NONE)
        f->func_defaults = wf_newref(defaults);
    if (closure != WF_NONE)
        f->func_closure = wf_newref(closure);
    return (WfObject *)f;
}

WfTypeObject wf_function_type = {
    .tp_name = "function",
    .tp_basicsize = sizeof(WfFunctionObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_dealloc = function_dealloc,
    .tp_repr = function_repr,
    .tp_call = function_call,
    .tp_vectorcall = wf_function_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_setattro = wf_object_generic_setattr,
    .tp_descr_get = function_descr_get,
    .tp_traverse = function_traverse,
    .tp_clear = function_clear,
    .tp_getset = function_getset,
    .tp_members = function_members,
    .tp_dictoffset = offsetof(WfFunctionObject, func_dict),
    .tp_new = function_tp_new,
};
