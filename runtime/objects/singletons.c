/* singletons.c — None, NotImplemented and Ellipsis, and their types.
 *
 * Invariants: the three objects are static and immortal (wf_singletons_init
 * sets their headers); their types cannot be subclassed, and calling a type
 * with no arguments returns the singleton, as CPython does.
 */
#include "runtime/objects/type_internal.h"

WfObject wf_none_struct, wf_notimplemented_struct, wf_ellipsis_struct;

static WfObject *singleton_new(WfTypeObject *type, WfObject *args, WfObject *kwds,
                               WfObject *result) {
    if ((args && WF_TUPLE_SIZE(args) > 0) || (kwds && wf_dict_size(kwds) > 0)) {
        wf_err_format(wf_exc_TypeError, "%s takes no arguments", type->tp_name);
        return NULL;
    }
    return result;
}

/* ---- None ---- */

static WfObject *none_repr(WfObject *self) { return wf_str_intern_cstr("None"); }
static int none_bool(WfObject *self) { return 0; }
static WfObject *none_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return singleton_new(type, args, kwds, WF_NONE);
}
/* A constant hash as CPython 3.12; 3.11 used the address. Stable across runs. */
static wf_hash_t none_hash(WfObject *self) { return (wf_hash_t)0xFCA86420; }

WfTypeObject wf_none_type = {
    .tp_name = "NoneType",
    .tp_basicsize = sizeof(WfObject),
    .tp_repr = none_repr,
    .tp_hash = none_hash,
    .nb_bool = none_bool,
    .tp_new = none_new,
};

/* ---- NotImplemented ---- */

static WfObject *notimplemented_repr(WfObject *self) {
    return wf_str_intern_cstr("NotImplemented");
}
static WfObject *notimplemented_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return singleton_new(type, args, kwds, WF_NOTIMPLEMENTED);
}
static WfObject *notimplemented_reduce(WfObject *self, WfObject *unused) {
    return wf_str_intern_cstr("NotImplemented");
}
static WfMethodDef notimplemented_methods[] = {
    {"__reduce__", (void *)notimplemented_reduce, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_notimplemented_type = {
    .tp_name = "NotImplementedType",
    .tp_basicsize = sizeof(WfObject),
    .tp_repr = notimplemented_repr,
    .tp_new = notimplemented_new,
    .tp_methods = notimplemented_methods,
};

/* ---- Ellipsis ---- */

static WfObject *ellipsis_repr(WfObject *self) { return wf_str_intern_cstr("Ellipsis"); }
static WfObject *ellipsis_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return singleton_new(type, args, kwds, WF_ELLIPSIS);
}
static WfMethodDef ellipsis_methods[] = {
    {"__reduce__", (void *)ellipsis_repr, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_ellipsis_type = {
    .tp_name = "ellipsis",
    .tp_basicsize = sizeof(WfObject),
    .tp_repr = ellipsis_repr,
    .tp_new = ellipsis_new,
    .tp_methods = ellipsis_methods,
};

/* Headers only: the types are readied with the others (typeinit.c). */
int wf_singletons_init(void) {
    wf_object_init_static(WF_NONE, &wf_none_type);
    wf_object_init_static(WF_NOTIMPLEMENTED, &wf_notimplemented_type);
    wf_object_init_static(WF_ELLIPSIS, &wf_ellipsis_type);
    return 0;
}
