/* property.c — property, staticmethod and classmethod.
 *
 * Invariants:
 *  - A property is a data descriptor (it has __set__ even without fset, so
 *    assignment is refused with "property 'x' of 'A' object has no setter").
 *  - .getter/.setter/.deleter return a copy of the same type; the name set by
 *    __set_name__ is kept on copies.
 *  - staticmethod/classmethod copy __module__, __name__, __qualname__ and
 *    __doc__ of the wrapped callable into their own __dict__ and expose it as
 *    __wrapped__, like functools.wraps (CPython 3.10+).
 *  - Threads: a property's fget / fset / fdel / name and a wrapper's callable
 *    change only through wf_field_exchange (__init__ called again,
 *    __set_name__), which frees the old value a grace period later, so a
 *    reader loads the field once (acquire) and may use it until its next
 *    safe point; to use it past one (a call, Python code) it counts it,
 *    unless the call itself holds it (wf_type_attr_called_borrowed). The
 *    writable __doc__ is a member field (wf_field_set / wf_field_get_ref).
 */
#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *fget, *fset, *fdel, *doc, *name;
    char getter_doc;   /* doc came from fget.__doc__ */
} PropertyObject;

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *callable;
    WfObject *dict;
} StaticMethodObject;   /* also the layout of classmethod */

/* ======================================================================
 * property
 * ====================================================================== */

/* A field changed only by wf_field_exchange, as a new reference (or NULL). */
static WfObject *exchanged_field_ref(WfObject **field) {
    return wf_xnewref(__atomic_load_n(field, __ATOMIC_ACQUIRE));
}

/* A field changed only by wf_field_exchange, loaded for one call: *counted
 * says whether the caller must drop a reference after the call. */
static WfObject *exchanged_field_for_call(WfObject **field, bool *counted) {
    WfObject *f = __atomic_load_n(field, __ATOMIC_ACQUIRE);
    *counted = f && !wf_type_attr_called_borrowed(f);
    if (*counted)
        wf_incref(f);
    return f;
}

static WfObject *property_error(PropertyObject *p, WfObject *obj, const char *what) {
    WfObject *name = exchanged_field_ref(&p->name);
    if (name)
        wf_err_format(wf_exc_AttributeError, "property %R of %R object has no %s", name,
                      wf_str_intern_cstr(wf_type_name(WF_TYPE(obj))), what);
    else
        wf_err_format(wf_exc_AttributeError, "property of %R object has no %s",
                      wf_str_intern_cstr(wf_type_name(WF_TYPE(obj))), what);
    wf_xdecref(name);
    return NULL;
}

static WfObject *property_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    PropertyObject *p = (PropertyObject *)self;
    if (obj == NULL || obj == WF_NONE)
        return wf_newref(self);
    bool counted;
    WfObject *fget = exchanged_field_for_call(&p->fget, &counted);
    if (fget == NULL)
        return property_error(p, obj, "getter");
    WfObject *res = wf_object_call_one_arg(fget, obj);
    if (counted)
        wf_decref(fget);
    return res;
}

static int property_descr_set(WfObject *self, WfObject *obj, WfObject *value) {
    PropertyObject *p = (PropertyObject *)self;
    bool counted;
    WfObject *func = exchanged_field_for_call(value ? &p->fset : &p->fdel, &counted);
    if (func == NULL) {
        property_error(p, obj, value ? "setter" : "deleter");
        return -1;
    }
    WfObject *res = value ? wf_object_call_function_objargs(func, obj, value, NULL)
                          : wf_object_call_one_arg(func, obj);
    if (counted)
        wf_decref(func);
    if (!res)
        return -1;
    wf_decref(res);
    return 0;
}

/* Sets p->doc from fget.__doc__ when no doc was given. */
static int property_take_getter_doc(PropertyObject *p, WfObject *fget, WfObject *doc_given) {
    if (doc_given || !fget)
        return 0;
    WfObject *doc;
    if (wf_object_lookup_attr(fget, WF_ID(__doc__), &doc) < 0)
        return -1;
    if (doc && doc != WF_NONE) {
        wf_field_set((WfObject *)p, &p->doc, doc);
        __atomic_store_n(&p->getter_doc, 1, __ATOMIC_RELAXED);
    } else {
        wf_xdecref(doc);
    }
    return 0;
}

static int property_init(WfObject *self, WfObject *args, WfObject *kwds) {
    static const char *const kwlist[] = {"fget", "fset", "fdel", "doc", NULL};
    WfObject *fget = NULL, *fset = NULL, *fdel = NULL, *doc = NULL;
    if (!wf_arg_parse_tuple_and_keywords(args, kwds, "|OOOO:property", kwlist, &fget, &fset,
                                         &fdel, &doc))
        return -1;
    PropertyObject *p = (PropertyObject *)self;
    fget = fget && fget != WF_NONE ? fget : NULL;
    doc = doc && doc != WF_NONE ? doc : NULL;
    wf_field_exchange(&p->fget, wf_xnewref(fget));
    wf_field_exchange(&p->fset, fset && fset != WF_NONE ? wf_newref(fset) : NULL);
    wf_field_exchange(&p->fdel, fdel && fdel != WF_NONE ? wf_newref(fdel) : NULL);
    wf_field_set(self, &p->doc, wf_xnewref(doc));
    __atomic_store_n(&p->getter_doc, 0, __ATOMIC_RELAXED);
    return property_take_getter_doc(p, fget, doc);
}

static void property_dealloc(WfObject *self) {
    PropertyObject *p = (PropertyObject *)self;
    WF_CLEAR(p->fget);
    WF_CLEAR(p->fset);
    WF_CLEAR(p->fdel);
    WF_CLEAR(p->doc);
    WF_CLEAR(p->name);
    wf_object_free(self);
}

static int property_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    PropertyObject *p = (PropertyObject *)self;
    WfObject *fields[] = {p->fget, p->fset, p->fdel, p->doc, p->name};
    for (int i = 0; i < 5; i++) {
        if (fields[i]) {
            int r = visit(fields[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

WfObject *wf_property_new(WfObject *fget, WfObject *fset, WfObject *fdel, WfObject *doc) {
    WfObject *args = wf_tuple_pack(4, fget ? fget : WF_NONE, fset ? fset : WF_NONE,
                                   fdel ? fdel : WF_NONE, doc ? doc : WF_NONE);
    if (!args)
        return NULL;
    WfObject *res = wf_object_call((WfObject *)&wf_property_type, args, NULL);
    wf_decref(args);
    return res;
}

/* A copy of the property with one accessor replaced (which: 0 get, 1 set, 2 del). */
static WfObject *property_copy(WfObject *self, WfObject *func, int which) {
    PropertyObject *p = (PropertyObject *)self;
    WfObject *fns[3] = {exchanged_field_ref(&p->fget), exchanged_field_ref(&p->fset),
                        exchanged_field_ref(&p->fdel)};
    WfObject *own_doc = wf_field_get_ref(self, &p->doc);
    /* A doc taken from the old getter follows the new getter. */
    bool getter_doc = __atomic_load_n(&p->getter_doc, __ATOMIC_RELAXED);
    WfObject *doc = getter_doc && which == 0 ? WF_NONE : (own_doc ? own_doc : WF_NONE);
    WfObject *shown[3];
    for (int i = 0; i < 3; i++)
        shown[i] = i == which ? func : (fns[i] ? fns[i] : WF_NONE);
    WfObject *args = wf_tuple_pack(4, shown[0], shown[1], shown[2], doc);
    for (int i = 0; i < 3; i++)
        wf_xdecref(fns[i]);
    wf_xdecref(own_doc);
    if (!args)
        return NULL;
    WfObject *res = wf_object_call((WfObject *)WF_TYPE(self), args, NULL);
    wf_decref(args);
    if (res && wf_type_is_subtype(WF_TYPE(res), &wf_property_type))
        wf_field_exchange(&((PropertyObject *)res)->name, exchanged_field_ref(&p->name));
    return res;
}

static WfObject *property_getter(WfObject *self, WfObject *f) { return property_copy(self, f, 0); }
static WfObject *property_setter(WfObject *self, WfObject *f) { return property_copy(self, f, 1); }
static WfObject *property_deleter(WfObject *self, WfObject *f) { return property_copy(self, f, 2); }

static WfObject *property_set_name(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (nargs != 2) {
        wf_err_format(wf_exc_TypeError, "__set_name__() takes 2 positional arguments but %zd were given",
                      nargs);
        return NULL;
    }
    wf_field_exchange(&((PropertyObject *)self)->name, wf_newref(args[1]));
    WF_RETURN_NONE;
}

static WfMethodDef property_methods[] = {
    {"getter", (void *)property_getter, WF_METH_O, "Descriptor to obtain a copy of the property with a different getter."},
    {"setter", (void *)property_setter, WF_METH_O, "Descriptor to obtain a copy of the property with a different setter."},
    {"deleter", (void *)property_deleter, WF_METH_O, "Descriptor to obtain a copy of the property with a different deleter."},
    {"__set_name__", (void *)property_set_name, WF_METH_FASTCALL, "Method to set name of a property."},
    {NULL, NULL, 0, NULL},
};

static WfMemberDef property_members[] = {
    {"fget", WF_T_OBJECT, offsetof(PropertyObject, fget), WF_READONLY, NULL},
    {"fset", WF_T_OBJECT, offsetof(PropertyObject, fset), WF_READONLY, NULL},
    {"fdel", WF_T_OBJECT, offsetof(PropertyObject, fdel), WF_READONLY, NULL},
    {"__doc__", WF_T_OBJECT, offsetof(PropertyObject, doc), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static WfObject *property_get_isabstract(WfObject *self, void *c) {
    PropertyObject *p = (PropertyObject *)self;
    WfObject **fields[3] = {&p->fget, &p->fset, &p->fdel};
    WfObject *name = wf_str_intern_cstr("__isabstractmethod__");
    for (int i = 0; i < 3; i++) {
        WfObject *fn = exchanged_field_ref(fields[i]);
        if (!fn)
            continue;
        WfObject *v;
        int found = wf_object_lookup_attr(fn, name, &v);
        wf_decref(fn);
        if (found < 0)
            return NULL;
        if (v) {
            int t = wf_object_is_true(v);
            wf_decref(v);
            if (t != 0)
                return t < 0 ? NULL : wf_newref(WF_TRUE);
        }
    }
    return wf_newref(WF_FALSE);
}

static WfGetSetDef property_getsets[] = {
    {"__isabstractmethod__", property_get_isabstract, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_property_type = {
    .tp_name = "property",
    .tp_basicsize = sizeof(PropertyObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Property attribute.\n\n  fget\n    function to be used for getting an attribute "
              "value\n  fset\n    function to be used for setting an attribute value\n  fdel\n"
              "    function to be used for del'ing an attribute\n  doc\n    docstring",
    .tp_dealloc = property_dealloc,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = property_traverse,
    .tp_descr_get = property_descr_get,
    .tp_descr_set = property_descr_set,
    .tp_init = property_init,
    .tp_new = wf_type_generic_new,
    .tp_methods = property_methods,
    .tp_members = property_members,
    .tp_getset = property_getsets,
};

/* ======================================================================
 * staticmethod / classmethod
 * ====================================================================== */

static void sm_dealloc(WfObject *self) {
    StaticMethodObject *s = (StaticMethodObject *)self;
    WF_CLEAR(s->callable);
    WF_CLEAR(s->dict);
    wf_object_free(self);
}

static int sm_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    StaticMethodObject *s = (StaticMethodObject *)self;
    int r = s->callable ? visit(s->callable, arg) : 0;
    return r ? r : (s->dict ? visit(s->dict, arg) : 0);
}

/* functools.wraps: copy the wrapped callable's identity into our __dict__. */
static int copy_wrapped_attrs(WfObject *self, WfObject *callable) {
    WfObject *names[] = {WF_ID(__module__), WF_ID(__name__), WF_ID(__qualname__),
                         WF_ID(__doc__)};
    WfObject *dict = wf_xnewref(wf_object_get_dict(self, true));   /* held: see object.c */
    if (!dict)
        return -1;
    int r = 0;
    for (size_t i = 0; r == 0 && i < sizeof(names) / sizeof(names[0]); i++) {
        WfObject *v = NULL;
        r = wf_object_lookup_attr(callable, names[i], &v) < 0 ? -1 : 0;
        if (v) {
            r = wf_dict_set_item(dict, names[i], v);
            wf_decref(v);
        }
    }
    if (r == 0)
        r = wf_dict_set_item(dict, WF_ID(__wrapped__), callable);
    wf_decref(dict);
    return r;
}

static int sm_init_common(WfObject *self, WfObject *args, WfObject *kwds, const char *name) {
    if (wf_arg_no_keywords(name, kwds) < 0 ||
        wf_arg_check_positional(name, args ? WF_TUPLE_SIZE(args) : 0, 1, 1) < 0)
        return -1;
    WfObject *callable = WF_TUPLE_ITEM(args, 0);
    wf_field_exchange(&((StaticMethodObject *)self)->callable, wf_newref(callable));
    return copy_wrapped_attrs(self, callable);
}

static int sm_init(WfObject *self, WfObject *args, WfObject *kwds) {
    return sm_init_common(self, args, kwds, "staticmethod");
}

static int cm_init(WfObject *self, WfObject *args, WfObject *kwds) {
    return sm_init_common(self, args, kwds, "classmethod");
}

static WfObject **wrapped_field(WfObject *self) {
    return &((StaticMethodObject *)self)->callable;
}

/* A wrapper made by __new__ alone wraps nothing yet. */
static WfObject *uninitialized(WfObject *self) {
    wf_err_format(wf_exc_RuntimeError, "uninitialized %s object", WF_TYPE_NAME(self));
    return NULL;
}

static WfObject *sm_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfObject *callable = exchanged_field_ref(wrapped_field(self));
    return callable ? callable : uninitialized(self);
}

static WfObject *sm_call(WfObject *self, WfObject *args, WfObject *kwds) {
    bool counted;
    WfObject *callable = exchanged_field_for_call(wrapped_field(self), &counted);
    if (!callable)
        return uninitialized(self);
    WfObject *res = wf_object_call(callable, args, kwds);
    if (counted)
        wf_decref(callable);
    return res;
}

static WfObject *sm_vectorcall(WfObject *self, WfObject *const *args, size_t nargsf,
                               WfObject *kwnames) {
    bool counted;
    WfObject *callable = exchanged_field_for_call(wrapped_field(self), &counted);
    if (!callable)
        return uninitialized(self);
    WfObject *res = wf_object_vectorcall(callable, args, nargsf, kwnames);
    if (counted)
        wf_decref(callable);
    return res;
}

static WfObject *cm_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfObject *callable = exchanged_field_ref(wrapped_field(self));
    if (!callable)
        return uninitialized(self);
    if (type == NULL)
        type = (WfObject *)WF_TYPE(obj);
    /* 3.9-3.12 chain through the wrapped object's own __get__. */
    wf_descrgetfunc get = WF_TYPE(callable)->tp_descr_get;
    WfObject *res = get ? get(callable, type, type) : wf_method_new(callable, type);
    wf_decref(callable);
    return res;
}

/* What a classmethod or staticmethod of exactly that type wraps (borrowed),
 * else NULL: LOAD_ATTR's method form calls it without binding it
 * (runtime/eval_helpers.c). */
WfObject *wf_method_wrapper_callable(WfObject *descr) {
    WfTypeObject *t = WF_TYPE(descr);
    if (t != &wf_staticmethod_type && t != &wf_classmethod_type)
        return NULL;
    /* Used before the caller's next safe point (it counts it, or a
     * deferred function's frame holds it). */
    return __atomic_load_n(wrapped_field(descr), __ATOMIC_ACQUIRE);
}

static WfObject *sm_repr_common(WfObject *self, const char *kind) {
    WfObject *callable = exchanged_field_ref(wrapped_field(self));
    WfObject *res = wf_str_from_format("<%s(%R)>", kind, callable);
    wf_xdecref(callable);
    return res;
}
static WfObject *sm_repr(WfObject *self) { return sm_repr_common(self, "staticmethod"); }
static WfObject *cm_repr(WfObject *self) { return sm_repr_common(self, "classmethod"); }

static WfObject *sm_get_isabstract(WfObject *self, void *c) {
    WfObject *v, *callable = exchanged_field_ref(wrapped_field(self));
    if (!callable)
        return wf_newref(WF_FALSE);
    int found = wf_object_lookup_attr(callable, wf_str_intern_cstr("__isabstractmethod__"), &v);
    wf_decref(callable);
    if (found < 0)
        return NULL;
    if (!v)
        return wf_newref(WF_FALSE);
    int t = wf_object_is_true(v);
    wf_decref(v);
    return t < 0 ? NULL : wf_newref(wf_bool_from_long(t));
}

static WfMemberDef sm_members[] = {
    {"__func__", WF_T_OBJECT, offsetof(StaticMethodObject, callable), WF_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static WfGetSetDef sm_getsets[] = {
    {"__isabstractmethod__", sm_get_isabstract, NULL, NULL, NULL},
    {"__dict__", wf_subtype_dict_get, wf_subtype_dict_set, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_staticmethod_type = {
    .tp_name = "staticmethod",
    .tp_basicsize = sizeof(StaticMethodObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "staticmethod(function) -> method\n\nConvert a function to be a static method.",
    .tp_dealloc = sm_dealloc,
    .tp_repr = sm_repr,
    .tp_call = sm_call,
    .tp_vectorcall = sm_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_setattro = wf_object_generic_setattr,
    .tp_traverse = sm_traverse,
    .tp_descr_get = sm_descr_get,
    .tp_init = sm_init,
    .tp_new = wf_type_generic_new,
    .tp_members = sm_members,
    .tp_getset = sm_getsets,
    .tp_dictoffset = offsetof(StaticMethodObject, dict),
};

WfTypeObject wf_classmethod_type = {
    .tp_name = "classmethod",
    .tp_basicsize = sizeof(StaticMethodObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "classmethod(function) -> method\n\nConvert a function to be a class method.",
    .tp_dealloc = sm_dealloc,
    .tp_repr = cm_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_setattro = wf_object_generic_setattr,
    .tp_traverse = sm_traverse,
    .tp_descr_get = cm_descr_get,
    .tp_init = cm_init,
    .tp_new = wf_type_generic_new,
    .tp_members = sm_members,
    .tp_getset = sm_getsets,
    .tp_dictoffset = offsetof(StaticMethodObject, dict),
};

static WfObject *wrap_callable(WfTypeObject *type, WfObject *callable) {
    StaticMethodObject *s = (StaticMethodObject *)wf_type_generic_alloc(type, 0);
    if (!s)
        return NULL;
    s->callable = wf_newref(callable);
    if (copy_wrapped_attrs((WfObject *)s, callable) < 0) {
        wf_decref((WfObject *)s);
        return NULL;
    }
    return (WfObject *)s;
}

WfObject *wf_staticmethod_new(WfObject *callable) {
    return wrap_callable(&wf_staticmethod_type, callable);
}

WfObject *wf_classmethod_new(WfObject *callable) {
    return wrap_callable(&wf_classmethod_type, callable);
}
