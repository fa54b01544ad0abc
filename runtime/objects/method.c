/* method.c — bound methods: a function (or any callable) with its first
 * argument fixed, made by a function's __get__ on an instance.
 *
 * Invariants: im_func and im_self are never NULL. The eval loop's CALL
 * unpacks bound methods itself (no bound-method allocation on the fast
 * path); this file serves every other caller.
 */
#include <string.h>

#include "runtime/runtime.h"

#define METH(o) ((WfMethodObject *)(o))

/* Argument arrays up to this size are built on the C stack. */
#define SMALL_ARGS 8

static WfObject *method_vectorcall(WfObject *method, WfObject *const *args, size_t nargsf,
                                   WfObject *kwnames) {
    WfObject *self = METH(method)->im_self, *func = METH(method)->im_func, *res;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargsf & WF_VECTORCALL_ARGUMENTS_OFFSET) {
        /* The caller lent us args[-1]: put self there, no copy. */
        WfObject **newargs = (WfObject **)args - 1;
        WfObject *saved = newargs[0];
        newargs[0] = self;
        res = wf_object_vectorcall(func, newargs, (size_t)(nargs + 1), kwnames);
        newargs[0] = saved;
        return res;
    }
    wf_ssize_t total = nargs + (kwnames ? WF_TUPLE_SIZE(kwnames) : 0);
    WfObject *small[SMALL_ARGS + 1];
    WfObject **newargs = small;
    if (total + 1 > SMALL_ARGS + 1) {
        newargs = wf_mem_malloc(sizeof(WfObject *) * (size_t)(total + 1));
        if (newargs == NULL)
            return wf_err_no_memory();
    }
    newargs[0] = self;
    if (total)
        memcpy(newargs + 1, args, sizeof(WfObject *) * (size_t)total);
    res = wf_object_vectorcall(func, newargs, (size_t)(nargs + 1), kwnames);
    if (newargs != small)
        wf_mem_free(newargs);
    return res;
}

WfObject *wf_method_new(WfObject *func, WfObject *self) {
    if (func == NULL || self == NULL)
        return wf_err_bad_internal_call();
    WfMethodObject *m = (WfMethodObject *)wf_object_alloc(&wf_method_type);
    if (m == NULL)
        return NULL;
    m->vectorcall = method_vectorcall;
    m->im_func = wf_newref(func);
    m->im_self = wf_newref(self);
    return (WfObject *)m;
}

static WfObject *method_call(WfObject *method, WfObject *args, WfObject *kwargs) {
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    WfObject *newargs = wf_tuple_new(n + 1);
    if (newargs == NULL)
        return NULL;
    WF_TUPLE_SET_ITEM(newargs, 0, wf_newref(METH(method)->im_self));
    for (wf_ssize_t i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(newargs, i + 1, wf_newref(WF_TUPLE_ITEM(args, i)));
    WfObject *res = wf_object_call(METH(method)->im_func, newargs, kwargs);
    wf_decref(newargs);
    return res;
}

static void method_dealloc(WfObject *self) {
    wf_xdecref(METH(self)->im_func);
    wf_xdecref(METH(self)->im_self);
    wf_object_free(self);
}

static int method_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    if (METH(self)->im_func && visit(METH(self)->im_func, arg))
        return 1;
    if (METH(self)->im_self && visit(METH(self)->im_self, arg))
        return 1;
    return 0;
}

static WfObject *method_repr(WfObject *self) {
    WfObject *func = METH(self)->im_func, *name = NULL;
    if (wf_object_lookup_attr(func, WF_ID(__qualname__), &name) < 0)
        return NULL;
    if (name == NULL && wf_object_lookup_attr(func, WF_ID(__name__), &name) < 0)
        return NULL;
    if (name != NULL && !wf_str_check(name))
        WF_CLEAR(name);
    WfObject *res = name ? wf_str_from_format("<bound method %U of %R>", name, METH(self)->im_self)
                         : wf_str_from_format("<bound method ? of %R>", METH(self)->im_self);
    wf_xdecref(name);
    return res;
}

static WfObject *method_richcompare(WfObject *a, WfObject *b, int op) {
    if ((op != WF_EQ && op != WF_NE) || !wf_method_check(a) || !wf_method_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    int eq = METH(a)->im_self == METH(b)->im_self;
    if (eq) {
        eq = wf_object_rich_compare_bool(METH(a)->im_func, METH(b)->im_func, WF_EQ);
        if (eq < 0)
            return NULL;
    }
    return wf_bool_from_long(op == WF_EQ ? eq : !eq);
}

static wf_hash_t method_hash(WfObject *self) {
    uintptr_t p = (uintptr_t)METH(self)->im_self;
    wf_hash_t x = (wf_hash_t)((p >> 4) | (p << (8 * sizeof(p) - 4)));
    wf_hash_t y = wf_object_hash(METH(self)->im_func);
    if (y == -1)
        return -1;
    x ^= y;
    return x == -1 ? -2 : x;
}

/* Attributes of the method's type first, then the function's. */
static WfObject *method_getattro(WfObject *self, WfObject *name) {
    WfTypeObject *tp = WF_TYPE(self);
    WfObject *descr = wf_type_lookup(tp, name);
    if (descr != NULL) {
        wf_descrgetfunc f = WF_TYPE(descr)->tp_descr_get;
        if (f != NULL)
            return f(descr, self, (WfObject *)tp);
        return wf_newref(descr);
    }
    return wf_object_getattr(METH(self)->im_func, name);
}

static WfObject *method_get_doc(WfObject *self, void *c) {
    return wf_object_getattr(METH(self)->im_func, WF_ID(__doc__));
}

static WfObject *method_descr_get(WfObject *meth, WfObject *obj, WfObject *type) {
    return wf_newref(meth);
}

static WfObject *method_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    WfObject *func, *self;
    if (wf_arg_no_keywords("method", kwargs) < 0)
        return NULL;
    if (!wf_arg_parse_tuple(args, "OO:method", &func, &self))
        return NULL;
    if (!wf_callable_check(func)) {
        wf_err_set_string(wf_exc_TypeError, "first argument must be callable");
        return NULL;
    }
    if (self == WF_NONE) {
        wf_err_set_string(wf_exc_TypeError, "instance must not be None");
        return NULL;
    }
    return wf_method_new(func, self);
}

static WfMemberDef method_members[] = {
    {"__func__", WF_T_OBJECT, offsetof(WfMethodObject, im_func), WF_READONLY,
     "the function (or other callable) implementing a method"},
    {"__self__", WF_T_OBJECT, offsetof(WfMethodObject, im_self), WF_READONLY,
     "the instance to which a method is bound"},
    {NULL, 0, 0, 0, NULL},
};

static WfGetSetDef method_getset[] = {
    {"__doc__", method_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_method_type = {
    .tp_name = "method",
    .tp_basicsize = sizeof(WfMethodObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = method_dealloc,
    .tp_repr = method_repr,
    .tp_hash = method_hash,
    .tp_call = method_call,
    .tp_vectorcall = method_vectorcall,
    .tp_getattro = method_getattro,
    .tp_setattro = wf_object_generic_setattr,
    .tp_richcompare = method_richcompare,
    .tp_descr_get = method_descr_get,
    .tp_traverse = method_traverse,
    .tp_members = method_members,
    .tp_getset = method_getset,
    .tp_new = method_tp_new,
};
