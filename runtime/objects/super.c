/* super.c — super(), with two arguments or none.
 *
 * Invariants:
 *  - A bound super object holds (type, obj, obj_type) with obj_type the class
 *    whose MRO is searched: type(obj) for instances, obj itself for classes.
 *  - Lookup starts right after `type` in obj_type's MRO; what it finds is
 *    bound with obj (or with NULL when obj is the class itself, so class
 *    methods and __init_subclass__ bind to the class).
 *  - Zero-argument super() asks the eval loop (wf_frame_super_args) for the
 *    enclosing class (__class__ cell) and the first argument of the frame.
 *  - A super object's references to its two types are counted per thread
 *    (thread_refs.c, as an instance's reference to its class): every thread
 *    calling super() in the same methods writes nothing to the classes.
 *  - LOAD_ATTR's method form (wf_super_get_method) calls a function found
 *    through super() unbound, with obj prepended: no bound method is made.
 */
#include "runtime/objects/type_internal.h"
#include "runtime/frame.h"

typedef struct {
    WF_OBJECT_HEAD;
    WfTypeObject *type;      /* the class super() was called in */
    WfObject *obj;           /* instance or class, or NULL (unbound) */
    WfTypeObject *obj_type;  /* where the MRO comes from */
} SuperObject;

static WfTypeObject *type_ref_take(WfTypeObject *type) {
    wf_type_instance_incref(type);
    return type;
}

static void type_ref_drop(WfTypeObject *type) {
    if (type)
        wf_type_instance_decref(type);
}

static void super_dealloc(WfObject *self) {
    SuperObject *s = (SuperObject *)self;
    type_ref_drop(s->type);
    s->type = NULL;
    WF_CLEAR(s->obj);
    type_ref_drop(s->obj_type);
    s->obj_type = NULL;
    wf_object_free(self);
}

static int super_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    SuperObject *s = (SuperObject *)self;
    WfObject *f[3] = {(WfObject *)s->type, s->obj, (WfObject *)s->obj_type};
    for (int i = 0; i < 3; i++) {
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static WfObject *super_repr(WfObject *self) {
    SuperObject *s = (SuperObject *)self;
    const char *tname = s->type ? wf_type_name(s->type) : "NULL";
    if (s->obj_type)
        return wf_str_from_format("<super: <class '%s'>, <%s object>>", tname,
                                  wf_type_name(s->obj_type));
    return wf_str_from_format("<super: <class '%s'>, NULL>", tname);
}

/* The first entry for name in the dicts of mro after s->type, borrowed
 * (valid until the next safe point: type_setattro retires what it
 * replaces), or NULL: missing, or an error is set. */
static WfObject *lookup_after_type(SuperObject *s, WfObject *mro, WfObject *name) {
    wf_ssize_t n = WF_TUPLE_SIZE(mro), i;
    for (i = 0; i + 1 < n; i++)
        if ((WfObject *)s->type == WF_TUPLE_ITEM(mro, i))
            break;
    for (i++; i < n; i++) {
        WfObject *dict = ((WfTypeObject *)WF_TUPLE_ITEM(mro, i))->tp_dict;
        if (dict == NULL)
            continue;
        WfObject *res = wf_dict_get_item_with_error(dict, name);
        if (res != NULL || wf_err_occurred())
            return res;
    }
    return NULL;
}

static WfObject *super_getattro(WfObject *self, WfObject *name) {
    SuperObject *s = (SuperObject *)self;
    WfTypeObject *starttype = s->obj_type;
    /* super().__class__ is the super type itself, not a lookup. */
    if (!starttype || (wf_str_check(name) && wf_str_equal(name, WF_ID(__class__))))
        return wf_object_generic_getattr(self, name);
    WfObject *mro = starttype->tp_mro;
    if (!mro)
        return wf_object_generic_getattr(self, name);
    WfObject *res = lookup_after_type(s, mro, name);
    if (res == NULL)
        return wf_err_occurred() ? NULL : wf_object_generic_getattr(self, name);
    wf_incref(res);
    wf_descrgetfunc f = WF_TYPE(res)->tp_descr_get;
    if (f) {
        WfObject *obj = s->obj == (WfObject *)starttype ? NULL : s->obj;
        WfObject *bound = f(res, obj, (WfObject *)starttype);
        wf_decref(res);
        return bound;
    }
    return res;
}

/* LOAD_ATTR's method form on an exact super object (the caller checks the
 * type) bound to an instance:
 * when the lookup finds a plain function, *meth gets it (uncounted when
 * deferred) and *self the instance, and the result is 1: the caller calls
 * meth(self, ...) as the bound method would. 0: not such a case (nothing
 * set, no error); the caller takes the general path. */
int wf_super_get_method(WfObject *self, WfObject *name, WfStackRef *meth, WfStackRef *bound) {
    SuperObject *s = (SuperObject *)self;
    WfTypeObject *starttype = s->obj_type;
    wf_assert(WF_TYPE(self) == &wf_super_type);
    if (starttype == NULL || s->obj == NULL ||
        s->obj == (WfObject *)starttype || !wf_str_check(name) ||
        wf_str_equal(name, WF_ID(__class__)))
        return 0;
    WfObject *mro = starttype->tp_mro;
    if (mro == NULL)
        return 0;
    WfObject *res = lookup_after_type(s, mro, name);
    if (res == NULL) {
        wf_err_clear();   /* the general path reports it */
        return 0;
    }
    /* No safe point since the lookup: res is counted or pushed uncounted
     * (deferred) before the next one. */
    if (WF_TYPE(res) != &wf_function_type)
        return 0;
    *meth = wf_stackref_new(res);
    *bound = wf_stackref_new(s->obj);
    return 1;
}

/* The class whose MRO super searches for (type, obj), or NULL + TypeError. */
static WfTypeObject *supercheck(WfTypeObject *type, WfObject *obj) {
    if (wf_type_check(obj) && wf_type_is_subtype((WfTypeObject *)obj, type))
        return type_ref_take((WfTypeObject *)obj);
    if (wf_type_is_subtype(WF_TYPE(obj), type))
        return type_ref_take(WF_TYPE(obj));
    /* obj.__class__ may differ from type(obj) (proxies). */
    WfObject *cls;
    if (wf_object_lookup_attr(obj, WF_ID(__class__), &cls) < 0)
        return NULL;
    if (cls && wf_type_check(cls) && cls != (WfObject *)WF_TYPE(obj) &&
        wf_type_is_subtype((WfTypeObject *)cls, type)) {
        type_ref_take((WfTypeObject *)cls);
        wf_decref(cls);
        return (WfTypeObject *)cls;
    }
    wf_xdecref(cls);
    wf_err_set_string(wf_exc_TypeError,
                      "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

static int super_init_impl(SuperObject *s, WfObject *type, WfObject *obj) {
    if (!wf_type_check(type)) {
        wf_err_format(wf_exc_TypeError, "super() argument 1 must be a type, not %s",
                      WF_TYPE_NAME(type));
        return -1;
    }
    if (obj == WF_NONE)
        obj = NULL;
    WfTypeObject *obj_type = NULL;
    if (obj) {
        obj_type = supercheck((WfTypeObject *)type, obj);
        if (!obj_type)
            return -1;
    }
    WfTypeObject *old_type = s->type, *old_obj_type = s->obj_type;
    WfObject *old_obj = s->obj;
    s->type = type_ref_take((WfTypeObject *)type);
    s->obj = wf_xnewref(obj);
    s->obj_type = obj_type;
    type_ref_drop(old_type);
    type_ref_drop(old_obj_type);
    wf_xdecref(old_obj);
    return 0;
}

static int super_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords("super", kwds) < 0)
        return -1;
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    if (nargs > 2) {
        wf_err_format(wf_exc_TypeError, "super() takes at most 2 arguments (%zd given)", nargs);
        return -1;
    }
    if (nargs == 0) {
        WfThreadState *ts = wf_tstate_get();
        WfStackRef type, obj;
        if (!ts->current_frame) {
            wf_err_set_string(wf_exc_RuntimeError, "super(): no current frame");
            return -1;
        }
        if (wf_frame_super_args(ts->current_frame, &type, &obj) < 0)
            return -1;
        int r = super_init_impl((SuperObject *)self, wf_stackref_borrow_obj(type),
                                wf_stackref_borrow_obj(obj));
        wf_stackref_close(type);
        wf_stackref_close(obj);
        return r;
    }
    return super_init_impl((SuperObject *)self, WF_TUPLE_ITEM(args, 0),
                           nargs > 1 ? WF_TUPLE_ITEM(args, 1) : NULL);
}

/* super(type).__get__(obj): binding an unbound super. */
static WfObject *super_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    SuperObject *s = (SuperObject *)self;
    if (obj == NULL || obj == WF_NONE || s->obj != NULL)
        return wf_newref(self);
    if (WF_TYPE(self) != &wf_super_type)
        return wf_object_call_function_objargs((WfObject *)WF_TYPE(self), (WfObject *)s->type,
                                               obj, NULL);
    SuperObject *n = (SuperObject *)wf_type_generic_alloc(&wf_super_type, 0);
    if (!n)
        return NULL;
    if (super_init_impl(n, (WfObject *)s->type, obj) < 0) {
        wf_decref((WfObject *)n);
        return NULL;
    }
    return (WfObject *)n;
}

static WfMemberDef super_members[] = {
    {"__thisclass__", WF_T_OBJECT, offsetof(SuperObject, type), WF_READONLY,
     "the class invoking super()"},
    {"__self__", WF_T_OBJECT, offsetof(SuperObject, obj), WF_READONLY,
     "the instance invoking super(); may be None"},
    {"__self_class__", WF_T_OBJECT, offsetof(SuperObject, obj_type), WF_READONLY,
     "the type of the instance invoking super(); may be None"},
    {NULL, 0, 0, 0, NULL},
};

WfTypeObject wf_super_type = {
    .tp_name = "super",
    .tp_basicsize = sizeof(SuperObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "super() -> same as super(__class__, <first argument>)\n"
              "super(type) -> unbound super object\n"
              "super(type, obj) -> bound super object; requires isinstance(obj, type)\n"
              "super(type, type2) -> bound super object; requires issubclass(type2, type)",
    .tp_dealloc = super_dealloc,
    .tp_repr = super_repr,
    .tp_getattro = super_getattro,
    .tp_traverse = super_traverse,
    .tp_descr_get = super_descr_get,
    .tp_init = super_init,
    .tp_new = wf_type_generic_new,
    .tp_members = super_members,
};
