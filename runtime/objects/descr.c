/* descr.c — descriptors for C-level attributes and builtin functions:
 * method descriptors (`list.append`), classmethod descriptors
 * (`dict.fromkeys`), member and getset descriptors, slot wrappers
 * (`int.__add__`) and method-wrappers (`(1).__add__`), and
 * builtin_function_or_method objects.
 *
 * Invariants:
 *  - A descriptor applies only to instances of d_type (checked on every
 *    __get__/__set__/unbound call, with CPython's messages).
 *  - Method descriptors carry WF_TPFLAGS_METHOD_DESCRIPTOR: the eval loop may
 *    call them unbound with self as first argument instead of binding.
 *  - wf_methoddef_vectorcall is the one place that knows the C calling
 *    conventions (WF_METH_*); error messages name the function as CPython's
 *    _PyObject_FunctionStr does ("list.append", "math.sqrt", "len").
 */
#include <string.h>

#include "runtime/objects/lockfree.h"
#include "runtime/objects/str_impl.h"
#include "threads/critical_section.h"
#include "runtime/objects/type_internal.h"

/* ======================================================================
 * Common descriptor plumbing
 * ====================================================================== */

static WfDescrObject *descr_new(WfTypeObject *descrtype, WfTypeObject *type, const char *name) {
    WfDescrObject *d = (WfDescrObject *)wf_object_alloc(descrtype);
    if (!d)
        return NULL;
    d->d_type = (WfTypeObject *)wf_newref((WfObject *)type);
    d->d_name = wf_str_intern_cstr(name);
    if (!d->d_name) {
        wf_decref((WfObject *)d);
        return NULL;
    }
    /* Descriptors live in class dicts and every thread that calls a method
     * reads them: deferred, so reading them writes no count (DESIGN §3). */
    wf_set_deferred((WfObject *)d);
    return d;
}

static void descr_dealloc(WfObject *self) {
    WfDescrObject *d = (WfDescrObject *)self;
    WF_CLEAR(d->d_type);
    WF_CLEAR(d->d_name);
    wf_object_free(self);
}

static int descr_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfDescrObject *d = (WfDescrObject *)self;
    return d->d_type ? visit((WfObject *)d->d_type, arg) : 0;
}

int wf_descr_check(WfDescrObject *descr, WfObject *obj) {
    if (wf_type_is_subtype(WF_TYPE(obj), descr->d_type))
        return 0;
    wf_err_format(wf_exc_TypeError, "descriptor '%U' for '%s' objects doesn't apply to a '%s' object",
                  descr->d_name, descr->d_type->tp_name, WF_TYPE(obj)->tp_name);
    return -1;
}

static WfObject *descr_repr(WfObject *self, const char *kind) {
    WfDescrObject *d = (WfDescrObject *)self;
    return wf_str_from_format("<%s '%U' of '%s' objects>", kind, d->d_name, d->d_type->tp_name);
}

static WfObject *descr_get_name(WfObject *self, void *c) {
    return wf_newref(((WfDescrObject *)self)->d_name);
}

static WfObject *descr_get_qualname(WfObject *self, void *c) {
    WfDescrObject *d = (WfDescrObject *)self;
    WfObject *tq = wf_object_getattr((WfObject *)d->d_type, WF_ID(__qualname__));
    if (!tq)
        return NULL;
    WfObject *res = wf_str_from_format("%S.%U", tq, d->d_name);
    wf_decref(tq);
    return res;
}

static WfObject *descr_get_objclass(WfObject *self, void *c) {
    return wf_newref((WfObject *)((WfDescrObject *)self)->d_type);
}

static WfObject *doc_or_none(const char *doc) {
    if (!doc)
        WF_RETURN_NONE;
    return wf_str_from_cstr(doc);
}

static WfObject *method_get_doc(WfObject *self, void *c) {
    return doc_or_none(((WfMethodDescrObject *)self)->d_method->ml_doc);
}

static WfGetSetDef method_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", method_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ======================================================================
 * Calling a WfMethodDef
 * ====================================================================== */

/* "list.append", "math.sqrt", "len": the name CPython prints in call errors. */
static WfObject *function_str(WfMethodDef *def, WfObject *self) {
    if (self == NULL)
        return wf_str_from_cstr(def->ml_name);
    if (wf_module_check(self)) {
        WfObject *mod = ((WfModuleObject *)self)->md_name;
        if (!mod || !wf_str_check(mod) || wf_str_equal_cstr(mod, "builtins"))
            return wf_str_from_cstr(def->ml_name);
        return wf_str_from_format("%U.%s", mod, def->ml_name);
    }
    WfTypeObject *t = wf_type_check(self) && (def->ml_flags & WF_METH_CLASS)
                          ? (WfTypeObject *)self : WF_TYPE(self);
    return wf_str_from_format("%s.%s", wf_type_name(t), def->ml_name);
}

static WfObject *call_error(WfMethodDef *def, WfObject *self, const char *fmt, wf_ssize_t n) {
    WfObject *name = function_str(def, self);
    if (!name)
        return NULL;
    wf_err_format(wf_exc_TypeError, fmt, name, n);
    wf_decref(name);
    return NULL;
}

typedef WfObject *(*wf_fastcall)(WfObject *, WfObject *const *, wf_ssize_t);
typedef WfObject *(*wf_fastcall_kw)(WfObject *, WfObject *const *, wf_ssize_t, WfObject *);
typedef WfObject *(*wf_varargs_kw)(WfObject *, WfObject *, WfObject *);

/* Inlined into both paths of wf_methoddef_vectorcall: every call of a
 * built-in method passes here. */
static inline __attribute__((always_inline)) WfObject *
methoddef_call(WfMethodDef *def, WfObject *self, WfObject *const *args, wf_ssize_t nargs,
               WfObject *kwnames) {
    int flags = def->ml_flags & ~(WF_METH_CLASS | WF_METH_STATIC | WF_METH_LOCK_SELF |
                                  WF_METH_STABLE_ARGS | WF_METH_ANY_KEYWORDS);
    bool has_kw = kwnames && WF_TUPLE_SIZE(kwnames) > 0;
    if (has_kw && !(flags & WF_METH_KEYWORDS))
        return call_error(def, self, "%U() takes no keyword arguments", 0);
    WfObject *res;
    switch (flags) {
    case WF_METH_NOARGS:
        if (nargs != 0)
            return call_error(def, self, "%U() takes no arguments (%zd given)", nargs);
        return ((wf_cfunction)def->ml_meth)(self, NULL);
    case WF_METH_O:
        if (nargs != 1)
            return call_error(def, self, "%U() takes exactly one argument (%zd given)", nargs);
        return ((wf_cfunction)def->ml_meth)(self, args[0]);
    case WF_METH_FASTCALL:
        return ((wf_fastcall)def->ml_meth)(self, args, nargs);
    case WF_METH_FASTCALL | WF_METH_KEYWORDS:
        return ((wf_fastcall_kw)def->ml_meth)(self, args, nargs, has_kw ? kwnames : NULL);
    case WF_METH_VARARGS:
    case WF_METH_VARARGS | WF_METH_KEYWORDS: {
        WfObject *tuple = wf_vectorcall_to_tuple(args, nargs);
        if (!tuple)
            return NULL;
        if (flags & WF_METH_KEYWORDS) {
            WfObject *kw = has_kw ? wf_vectorcall_kwargs_dict(args + nargs, kwnames) : NULL;
            if (has_kw && !kw) {
                wf_decref(tuple);
                return NULL;
            }
            res = ((wf_varargs_kw)def->ml_meth)(self, tuple, kw);
            wf_xdecref(kw);
        } else {
            res = ((wf_cfunction)def->ml_meth)(self, tuple);
        }
        wf_decref(tuple);
        return res;
    }
    default:
        wf_err_format(wf_exc_SystemError, "%s() method: bad call flags", def->ml_name);
        return NULL;
    }
}

/* WF_METH_LOCK_SELF: methods that read a mutable receiver's buffer in place
 * (bytearray's find, split, upper...) run in its critical section, so a
 * concurrent writer cannot change the bytes under them. */
static WfObject *methoddef_call_locked(WfMethodDef *def, WfObject *self, WfObject *const *args,
                                       wf_ssize_t nargs, WfObject *kwnames) {
    if (WF_LIKELY(!(def->ml_flags & WF_METH_LOCK_SELF)) || self == NULL)
        return methoddef_call(def, self, args, nargs, kwnames);
    WfObject *res;
    WF_BEGIN_CRITICAL_SECTION(self);
    res = methoddef_call(def, self, args, nargs, kwnames);
    WF_END_CRITICAL_SECTION();
    return res;
}

/* A bytearray argument, directly or in a tuple (startswith's prefixes),
 * replaced by its copy; a new reference. */
static WfObject *stable_arg(WfObject *a) {
    return wf_tuple_check_exact(a) ? wf_bytearray_stable_items(a) : wf_bytearray_stable(a);
}

static bool has_bytearray_arg(WfObject *const *args, wf_ssize_t n) {
    for (wf_ssize_t i = 0; i < n; i++)
        if (wf_bytearray_check(args[i]) || wf_tuple_check_exact(args[i]))
            return true;
    return false;
}

/* WF_METH_STABLE_ARGS: the bytes methods read their bytes-like arguments in
 * place; a bytearray among them is copied in its own section first, before
 * the receiver's is entered (a contended section suspends the enclosing
 * ones), so the method sees one state of each. */
static WfObject *methoddef_call_stable_args(WfMethodDef *def, WfObject *self, WfObject *const *args,
                                            wf_ssize_t nargs, WfObject *kwnames) {
    wf_ssize_t total = nargs + (kwnames ? WF_TUPLE_SIZE(kwnames) : 0);
    if (!has_bytearray_arg(args, total))
        return methoddef_call_locked(def, self, args, nargs, kwnames);
    WfObject *small[8];
    WfObject **copies = total <= 8 ? small : wf_mem_malloc((size_t)total * sizeof(WfObject *));
    if (copies == NULL)
        return wf_err_no_memory();
    wf_ssize_t made = 0;
    while (made < total && (copies[made] = stable_arg(args[made])) != NULL)
        made++;
    WfObject *res = made == total ? methoddef_call_locked(def, self, copies, nargs, kwnames) : NULL;
    for (wf_ssize_t i = 0; i < made; i++)
        wf_decref(copies[i]);
    if (copies != small)
        wf_mem_free(copies);
    return res;
}

WfObject *wf_methoddef_vectorcall(WfMethodDef *def, WfObject *self, WfObject *const *args,
                                  wf_ssize_t nargs, WfObject *kwnames) {
    if (WF_LIKELY(!(def->ml_flags & (WF_METH_LOCK_SELF | WF_METH_STABLE_ARGS))))
        return methoddef_call(def, self, args, nargs, kwnames);
    if ((def->ml_flags & WF_METH_STABLE_ARGS) && wf_objects_are_shared())
        return methoddef_call_stable_args(def, self, args, nargs, kwnames);
    return methoddef_call_locked(def, self, args, nargs, kwnames);
}

/* ======================================================================
 * builtin_function_or_method
 * ====================================================================== */

static WfObject *cfunction_vectorcall(WfObject *func, WfObject *const *args, size_t nargsf,
                                      WfObject *kwnames) {
    WfCFunctionObject *f = (WfCFunctionObject *)func;
    return wf_methoddef_vectorcall(f->m_ml, f->m_self, args, wf_vectorcall_nargs(nargsf),
                                   kwnames);
}

WfObject *wf_cfunction_new(WfMethodDef *def, WfObject *self, WfObject *module_name) {
    WfCFunctionObject *f = (WfCFunctionObject *)wf_object_alloc(&wf_cfunction_type);
    if (!f)
        return NULL;
    f->vectorcall = cfunction_vectorcall;
    f->m_ml = def;
    f->m_self = wf_xnewref(self);
    f->m_module = wf_xnewref(module_name);
    /* Module-level builtins are read by every thread (DESIGN §3 rule 3). */
    if (self == NULL || wf_module_check(self))
        wf_set_deferred((WfObject *)f);
    return (WfObject *)f;
}

static void cfunction_dealloc(WfObject *self) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    WF_CLEAR(f->m_self);
    WF_CLEAR(f->m_module);
    wf_object_free(self);
}

static int cfunction_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    if (f->m_self) {
        int r = visit(f->m_self, arg);
        if (r)
            return r;
    }
    return f->m_module ? visit(f->m_module, arg) : 0;
}

static WfObject *cfunction_repr(WfObject *self) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    if (f->m_self == NULL || wf_module_check(f->m_self))
        return wf_str_from_format("<built-in function %s>", f->m_ml->ml_name);
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)f->m_self);
    return wf_str_from_format("<built-in method %s of %s object at %s>", f->m_ml->ml_name,
                              WF_TYPE(f->m_self)->tp_name, addr);
}

static WfObject *cfunction_richcompare(WfObject *a, WfObject *b, int op) {
    if ((op != WF_EQ && op != WF_NE) || WF_TYPE(b) != &wf_cfunction_type)
        return wf_newref(WF_NOTIMPLEMENTED);
    WfCFunctionObject *x = (WfCFunctionObject *)a, *y = (WfCFunctionObject *)b;
    bool eq = x->m_ml == y->m_ml && x->m_self == y->m_self;
    return wf_newref(wf_bool_from_long(op == WF_EQ ? eq : !eq));
}

static wf_hash_t cfunction_hash(WfObject *self) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    wf_hash_t h = f->m_self ? wf_object_hash_impl(f->m_self) : 0;
    h ^= (wf_hash_t)((uintptr_t)f->m_ml >> 4);
    return h == -1 ? -2 : h;
}

static WfObject *cfunction_get_name(WfObject *self, void *c) {
    return wf_str_from_cstr(((WfCFunctionObject *)self)->m_ml->ml_name);
}

static WfObject *cfunction_get_qualname(WfObject *self, void *c) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    if (f->m_self == NULL || wf_module_check(f->m_self))
        return wf_str_from_cstr(f->m_ml->ml_name);
    WfObject *type = wf_type_check(f->m_self) ? f->m_self : (WfObject *)WF_TYPE(f->m_self);
    WfObject *tq = wf_object_getattr(type, WF_ID(__qualname__));
    if (!tq)
        return NULL;
    WfObject *res = wf_str_from_format("%S.%s", tq, f->m_ml->ml_name);
    wf_decref(tq);
    return res;
}

static WfObject *cfunction_get_self(WfObject *self, void *c) {
    WfObject *s = ((WfCFunctionObject *)self)->m_self;
    return wf_newref(s ? s : WF_NONE);
}

static WfObject *cfunction_get_doc(WfObject *self, void *c) {
    return doc_or_none(((WfCFunctionObject *)self)->m_ml->ml_doc);
}

static WfObject *cfunction_get_module(WfObject *self, void *c) {
    WfCFunctionObject *f = (WfCFunctionObject *)self;
    if (f->m_module)
        return wf_newref(f->m_module);
    if (f->m_self && wf_module_check(f->m_self) && ((WfModuleObject *)f->m_self)->md_name)
        return wf_newref(((WfModuleObject *)f->m_self)->md_name);
    WF_RETURN_NONE;
}

static WfGetSetDef cfunction_getsets[] = {
    {"__name__", cfunction_get_name, NULL, NULL, NULL},
    {"__qualname__", cfunction_get_qualname, NULL, NULL, NULL},
    {"__self__", cfunction_get_self, NULL, NULL, NULL},
    {"__doc__", cfunction_get_doc, NULL, NULL, NULL},
    {"__module__", cfunction_get_module, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_cfunction_type = {
    .tp_name = "builtin_function_or_method",
    .tp_basicsize = sizeof(WfCFunctionObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = cfunction_dealloc,
    .tp_repr = cfunction_repr,
    .tp_hash = cfunction_hash,
    .tp_richcompare = cfunction_richcompare,
    .tp_vectorcall = cfunction_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = cfunction_traverse,
    .tp_getset = cfunction_getsets,
};

/* ======================================================================
 * Method descriptors
 * ====================================================================== */

static WfObject *method_vectorcall(WfObject *self, WfObject *const *args, size_t nargsf,
                                   WfObject *kwnames) {
    WfMethodDescrObject *d = (WfMethodDescrObject *)self;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs < 1) {
        wf_err_format(wf_exc_TypeError, "unbound method %s.%U() needs an argument",
                      wf_type_name(d->d_common.d_type), d->d_common.d_name);
        return NULL;
    }
    if (wf_descr_check(&d->d_common, args[0]) < 0)
        return NULL;
    return wf_methoddef_vectorcall(d->d_method, args[0], args + 1, nargs - 1, kwnames);
}

WfObject *wf_descr_new_method(WfTypeObject *type, WfMethodDef *def) {
    WfMethodDescrObject *d =
        (WfMethodDescrObject *)descr_new(&wf_method_descr_type, type, def->ml_name);
    if (!d)
        return NULL;
    d->d_method = def;
    d->vectorcall = method_vectorcall;
    return (WfObject *)d;
}

static WfObject *method_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfMethodDescrObject *d = (WfMethodDescrObject *)self;
    if (obj == NULL)
        return wf_newref(self);
    if (wf_descr_check(&d->d_common, obj) < 0)
        return NULL;
    return wf_cfunction_new(d->d_method, obj, NULL);
}

static WfObject *method_repr(WfObject *self) { return descr_repr(self, "method"); }

WfTypeObject wf_method_descr_type = {
    .tp_name = "method_descriptor",
    .tp_basicsize = sizeof(WfMethodDescrObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_dealloc = descr_dealloc,
    .tp_repr = method_repr,
    .tp_vectorcall = method_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = descr_traverse,
    .tp_descr_get = method_get,
    .tp_getset = method_getsets,
};

/* ---- classmethod descriptors ---- */

static int classmethod_check(WfMethodDescrObject *d, WfObject *type, int argpos) {
    if (!wf_type_check(type)) {
        wf_err_format(wf_exc_TypeError,
                      "descriptor '%U' for type '%s' needs a type, not a '%s' as arg %d",
                      d->d_common.d_name, d->d_common.d_type->tp_name, WF_TYPE_NAME(type), argpos);
        return -1;
    }
    if (!wf_type_is_subtype((WfTypeObject *)type, d->d_common.d_type)) {
        wf_err_format(wf_exc_TypeError, "descriptor '%U' requires a subtype of '%s' but received '%s'",
                      d->d_common.d_name, d->d_common.d_type->tp_name,
                      ((WfTypeObject *)type)->tp_name);
        return -1;
    }
    return 0;
}

static WfObject *classmethod_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfMethodDescrObject *d = (WfMethodDescrObject *)self;
    if (type == NULL) {
        if (obj == NULL) {
            wf_err_format(wf_exc_TypeError, "descriptor '%U' for type '%s' needs either an object or a type",
                          d->d_common.d_name, d->d_common.d_type->tp_name);
            return NULL;
        }
        type = (WfObject *)WF_TYPE(obj);
    }
    if (classmethod_check(d, type, 2) < 0)
        return NULL;
    return wf_cfunction_new(d->d_method, type, NULL);
}

static WfObject *classmethod_descr_vectorcall(WfObject *self, WfObject *const *args,
                                              size_t nargsf, WfObject *kwnames) {
    WfMethodDescrObject *d = (WfMethodDescrObject *)self;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs < 1) {
        wf_err_format(wf_exc_TypeError, "descriptor '%U' of '%s' object needs an argument",
                      d->d_common.d_name, d->d_common.d_type->tp_name);
        return NULL;
    }
    if (classmethod_check(d, args[0], 1) < 0)
        return NULL;
    return wf_methoddef_vectorcall(d->d_method, args[0], args + 1, nargs - 1, kwnames);
}

WfObject *wf_descr_new_classmethod(WfTypeObject *type, WfMethodDef *def) {
    WfMethodDescrObject *d =
        (WfMethodDescrObject *)descr_new(&wf_classmethod_descr_type, type, def->ml_name);
    if (!d)
        return NULL;
    d->d_method = def;
    d->vectorcall = classmethod_descr_vectorcall;
    return (WfObject *)d;
}

WfTypeObject wf_classmethod_descr_type = {
    .tp_name = "classmethod_descriptor",
    .tp_basicsize = sizeof(WfMethodDescrObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = descr_dealloc,
    .tp_repr = method_repr,
    .tp_vectorcall = classmethod_descr_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = descr_traverse,
    .tp_descr_get = classmethod_descr_get,
    .tp_getset = method_getsets,
};

/* ======================================================================
 * Member descriptors
 * ====================================================================== */

WfObject *wf_descr_new_member(WfTypeObject *type, WfMemberDef *def) {
    WfMemberDescrObject *d =
        (WfMemberDescrObject *)descr_new(&wf_member_descr_type, type, def->name);
    if (d)
        d->d_member = def;
    return (WfObject *)d;
}

static WfObject *member_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfMemberDescrObject *d = (WfMemberDescrObject *)self;
    if (obj == NULL)
        return wf_newref(self);
    if (wf_descr_check(&d->d_common, obj) < 0)
        return NULL;
    char *addr = (char *)obj + d->d_member->offset;
    switch (d->d_member->type) {
    case WF_T_OBJECT: {
        /* Fields (__slots__) are shared between threads: take the reference
         * with the lock-free protocol of lockfree.h. */
        WfObject *v = wf_field_get_ref(obj, (WfObject **)addr);
        return v ? v : WF_NONE;
    }
    case WF_T_OBJECT_EX: {
        WfObject *v = wf_field_get_ref(obj, (WfObject **)addr);
        if (!v) {
            wf_object_raise_no_attribute(obj, d->d_common.d_name);
            return NULL;
        }
        return v;
    }
    /* Numeric fields: relaxed atomics, since another thread may set them. */
    case WF_T_INT: return wf_int_from_long(__atomic_load_n((int *)addr, __ATOMIC_RELAXED));
    case WF_T_SSIZE:
        return wf_int_from_ssize(__atomic_load_n((wf_ssize_t *)addr, __ATOMIC_RELAXED));
    case WF_T_DOUBLE: {
        double v;
        __atomic_load((double *)addr, &v, __ATOMIC_RELAXED);
        return wf_float_from_double(v);
    }
    case WF_T_BOOL:
        return wf_newref(wf_bool_from_long(__atomic_load_n((char *)addr, __ATOMIC_RELAXED)));
    default:
        wf_err_set_string(wf_exc_SystemError, "bad memberdescr type");
        return NULL;
    }
}

static int member_set(WfObject *self, WfObject *obj, WfObject *value) {
    WfMemberDescrObject *d = (WfMemberDescrObject *)self;
    if (wf_descr_check(&d->d_common, obj) < 0)
        return -1;
    WfMemberDef *m = d->d_member;
    if (m->flags & WF_READONLY) {
        wf_err_set_string(wf_exc_AttributeError, "readonly attribute");
        return -1;
    }
    char *addr = (char *)obj + m->offset;
    if (!value && m->type != WF_T_OBJECT && m->type != WF_T_OBJECT_EX) {
        wf_err_set_string(wf_exc_TypeError, "can't delete numeric/char attribute");
        return -1;
    }
    switch (m->type) {
    case WF_T_OBJECT:
    case WF_T_OBJECT_EX: {
        WfObject **p = (WfObject **)addr;
        if (!value && m->type == WF_T_OBJECT_EX) {
            WfObject *old = wf_field_get_ref(obj, p);
            if (old == NULL) {
                wf_err_set_object(wf_exc_AttributeError, d->d_common.d_name);
                return -1;
            }
            wf_decref(old);
        }
        wf_field_set(obj, p, wf_xnewref(value));
        return 0;
    }
    case WF_T_INT: {
        long v = wf_int_as_long(value);
        if (v == -1 && wf_err_occurred())
            return -1;
        __atomic_store_n((int *)addr, (int)v, __ATOMIC_RELAXED);
        return 0;
    }
    case WF_T_SSIZE: {
        /* CPython's PyLong_AsSsize_t takes only an int (no __index__). */
        if (!wf_int_check(value)) {
            wf_err_set_string(wf_exc_TypeError, "an integer is required");
            return -1;
        }
        wf_ssize_t v = wf_int_as_ssize(value);
        if (v == -1 && wf_err_occurred())
            return -1;
        __atomic_store_n((wf_ssize_t *)addr, v, __ATOMIC_RELAXED);
        return 0;
    }
    case WF_T_DOUBLE: {
        double v = wf_float_as_double(value);
        if (v == -1.0 && wf_err_occurred())
            return -1;
        __atomic_store((double *)addr, &v, __ATOMIC_RELAXED);
        return 0;
    }
    case WF_T_BOOL:
        if (!wf_bool_check(value)) {
            wf_err_set_string(wf_exc_TypeError, "attribute value type must be bool");
            return -1;
        }
        __atomic_store_n((char *)addr, (char)(value == WF_TRUE), __ATOMIC_RELAXED);
        return 0;
    default:
        wf_err_set_string(wf_exc_SystemError, "bad memberdescr type");
        return -1;
    }
}

static WfObject *member_repr(WfObject *self) { return descr_repr(self, "member"); }

static WfObject *member_get_doc(WfObject *self, void *c) {
    return doc_or_none(((WfMemberDescrObject *)self)->d_member->doc);
}

static WfGetSetDef member_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", member_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_member_descr_type = {
    .tp_name = "member_descriptor",
    .tp_basicsize = sizeof(WfMemberDescrObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = descr_dealloc,
    .tp_repr = member_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = descr_traverse,
    .tp_descr_get = member_get,
    .tp_descr_set = member_set,
    .tp_getset = member_getsets,
};

/* ======================================================================
 * Getset descriptors
 * ====================================================================== */

WfObject *wf_descr_new_getset(WfTypeObject *type, WfGetSetDef *def) {
    WfGetSetDescrObject *d =
        (WfGetSetDescrObject *)descr_new(&wf_getset_descr_type, type, def->name);
    if (d)
        d->d_getset = def;
    return (WfObject *)d;
}

static WfObject *getset_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfGetSetDescrObject *d = (WfGetSetDescrObject *)self;
    if (obj == NULL)
        return wf_newref(self);
    if (wf_descr_check(&d->d_common, obj) < 0)
        return NULL;
    if (!d->d_getset->get) {
        wf_err_format(wf_exc_AttributeError, "attribute '%U' of '%s' objects is not readable",
                      d->d_common.d_name, d->d_common.d_type->tp_name);
        return NULL;
    }
    return d->d_getset->get(obj, d->d_getset->closure);
}

static int getset_set(WfObject *self, WfObject *obj, WfObject *value) {
    WfGetSetDescrObject *d = (WfGetSetDescrObject *)self;
    if (wf_descr_check(&d->d_common, obj) < 0)
        return -1;
    if (!d->d_getset->set) {
        wf_err_format(wf_exc_AttributeError, "attribute '%U' of '%s' objects is not writable",
                      d->d_common.d_name, d->d_common.d_type->tp_name);
        return -1;
    }
    return d->d_getset->set(obj, value, d->d_getset->closure);
}

static WfObject *getset_repr(WfObject *self) { return descr_repr(self, "attribute"); }

static WfObject *getset_get_doc(WfObject *self, void *c) {
    return doc_or_none(((WfGetSetDescrObject *)self)->d_getset->doc);
}

static WfGetSetDef getset_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", getset_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_getset_descr_type = {
    .tp_name = "getset_descriptor",
    .tp_basicsize = sizeof(WfGetSetDescrObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = descr_dealloc,
    .tp_repr = getset_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = descr_traverse,
    .tp_descr_get = getset_get,
    .tp_descr_set = getset_set,
    .tp_getset = getset_getsets,
};

/* ======================================================================
 * Slot wrappers and method-wrappers
 * ====================================================================== */

WfObject *wf_descr_new_wrapper(WfTypeObject *type, WfSlotDef *base, void *wrapped) {
    WfWrapperDescrObject *d =
        (WfWrapperDescrObject *)descr_new(&wf_wrapper_descr_type, type, base->name);
    if (!d)
        return NULL;
    d->d_base = base;
    d->d_wrapped = wrapped;
    return (WfObject *)d;
}

static WfObject *wrapper_call(WfWrapperDescrObject *d, WfObject *self, WfObject *const *args,
                              wf_ssize_t nargs, WfObject *kwnames) {
    if (kwnames && WF_TUPLE_SIZE(kwnames) > 0 && !(d->d_base->flags & WF_SLOTDEF_KW)) {
        wf_err_format(wf_exc_TypeError, "wrapper %s() takes no keyword arguments", d->d_base->name);
        return NULL;
    }
    return d->d_base->wrapper(self, args, nargs, kwnames, d->d_wrapped);
}

static WfObject *wrapperdescr_vectorcall(WfObject *self, WfObject *const *args, size_t nargsf,
                                         WfObject *kwnames) {
    WfWrapperDescrObject *d = (WfWrapperDescrObject *)self;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (nargs < 1) {
        wf_err_format(wf_exc_TypeError, "descriptor '%U' of '%s' object needs an argument",
                      d->d_common.d_name, d->d_common.d_type->tp_name);
        return NULL;
    }
    if (!wf_type_is_subtype(WF_TYPE(args[0]), d->d_common.d_type)) {
        wf_err_format(wf_exc_TypeError, "descriptor '%U' requires a '%s' object but received a '%s'",
                      d->d_common.d_name, d->d_common.d_type->tp_name, WF_TYPE(args[0])->tp_name);
        return NULL;
    }
    return wrapper_call(d, args[0], args + 1, nargs - 1, kwnames);
}

typedef struct {
    WF_OBJECT_HEAD;
    WfWrapperDescrObject *descr;
    WfObject *self;
} MethodWrapperObject;

static WfObject *wrapperdescr_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfWrapperDescrObject *d = (WfWrapperDescrObject *)self;
    if (obj == NULL)
        return wf_newref(self);
    if (wf_descr_check(&d->d_common, obj) < 0)
        return NULL;
    MethodWrapperObject *w = (MethodWrapperObject *)wf_object_alloc(&wf_method_wrapper_type);
    if (!w)
        return NULL;
    w->descr = (WfWrapperDescrObject *)wf_newref(self);
    w->self = wf_newref(obj);
    return (WfObject *)w;
}

static WfObject *wrapperdescr_repr(WfObject *self) { return descr_repr(self, "slot wrapper"); }

static WfObject *wrapperdescr_get_doc(WfObject *self, void *c) {
    return doc_or_none(((WfWrapperDescrObject *)self)->d_base->doc);
}

static WfGetSetDef wrapperdescr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", wrapperdescr_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_wrapper_descr_type = {
    .tp_name = "wrapper_descriptor",
    .tp_basicsize = sizeof(WfWrapperDescrObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_dealloc = descr_dealloc,
    .tp_repr = wrapperdescr_repr,
    .tp_vectorcall = wrapperdescr_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = descr_traverse,
    .tp_descr_get = wrapperdescr_get,
    .tp_getset = wrapperdescr_getsets,
};

static void methodwrapper_dealloc(WfObject *self) {
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    WF_CLEAR(w->descr);
    WF_CLEAR(w->self);
    wf_object_free(self);
}

static int methodwrapper_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    int r = w->descr ? visit((WfObject *)w->descr, arg) : 0;
    return r ? r : (w->self ? visit(w->self, arg) : 0);
}

static WfObject *methodwrapper_vectorcall(WfObject *self, WfObject *const *args, size_t nargsf,
                                          WfObject *kwnames) {
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    return wrapper_call(w->descr, w->self, args, wf_vectorcall_nargs(nargsf), kwnames);
}

static WfObject *methodwrapper_repr(WfObject *self) {
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)w->self);
    return wf_str_from_format("<method-wrapper '%s' of %s object at %s>", w->descr->d_base->name,
                              WF_TYPE(w->self)->tp_name, addr);
}

static WfObject *methodwrapper_richcompare(WfObject *a, WfObject *b, int op) {
    if ((op != WF_EQ && op != WF_NE) || WF_TYPE(b) != &wf_method_wrapper_type)
        return wf_newref(WF_NOTIMPLEMENTED);
    MethodWrapperObject *x = (MethodWrapperObject *)a, *y = (MethodWrapperObject *)b;
    bool eq = x->descr == y->descr && x->self == y->self;
    return wf_newref(wf_bool_from_long(op == WF_EQ ? eq : !eq));
}

static wf_hash_t methodwrapper_hash(WfObject *self) {
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    wf_hash_t h = wf_object_hash_impl(w->self) ^ wf_object_hash_impl((WfObject *)w->descr);
    return h == -1 ? -2 : h;
}

static WfObject *methodwrapper_get_self(WfObject *self, void *c) {
    return wf_newref(((MethodWrapperObject *)self)->self);
}
static WfObject *methodwrapper_get_name(WfObject *self, void *c) {
    return wf_newref(((MethodWrapperObject *)self)->descr->d_common.d_name);
}
static WfObject *methodwrapper_get_objclass(WfObject *self, void *c) {
    return wf_newref((WfObject *)((MethodWrapperObject *)self)->descr->d_common.d_type);
}
static WfObject *methodwrapper_get_qualname(WfObject *self, void *c) {
    return descr_get_qualname((WfObject *)((MethodWrapperObject *)self)->descr, c);
}
static WfObject *methodwrapper_get_doc(WfObject *self, void *c) {
    return doc_or_none(((MethodWrapperObject *)self)->descr->d_base->doc);
}

static WfGetSetDef methodwrapper_getsets[] = {
    {"__self__", methodwrapper_get_self, NULL, NULL, NULL},
    {"__name__", methodwrapper_get_name, NULL, NULL, NULL},
    {"__qualname__", methodwrapper_get_qualname, NULL, NULL, NULL},
    {"__objclass__", methodwrapper_get_objclass, NULL, NULL, NULL},
    {"__doc__", methodwrapper_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_method_wrapper_type = {
    .tp_name = "method-wrapper",
    .tp_basicsize = sizeof(MethodWrapperObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = methodwrapper_dealloc,
    .tp_repr = methodwrapper_repr,
    .tp_hash = methodwrapper_hash,
    .tp_richcompare = methodwrapper_richcompare,
    .tp_vectorcall = methodwrapper_vectorcall,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = methodwrapper_traverse,
    .tp_getset = methodwrapper_getsets,
};

/* ======================================================================
 * X.__new__ for static types: a builtin bound to X.
 * ====================================================================== */

WfObject *wf_tp_new_wrapper(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                            WfObject *kwnames) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (nargs < 1) {
        wf_err_format(wf_exc_TypeError, "%s.__new__(): not enough arguments", type->tp_name);
        return NULL;
    }
    WfObject *arg0 = args[0];
    if (!wf_type_check(arg0)) {
        wf_err_format(wf_exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                      type->tp_name, WF_TYPE(arg0)->tp_name);
        return NULL;
    }
    WfTypeObject *subtype = (WfTypeObject *)arg0;
    if (!wf_type_is_subtype(subtype, type)) {
        wf_err_format(wf_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                      type->tp_name, subtype->tp_name, subtype->tp_name, type->tp_name);
        return NULL;
    }
    /* The nearest base not defined in Python must share type's tp_new, or
     * its C fields would not be initialised. */
    WfTypeObject *staticbase = subtype;
    while (staticbase && staticbase->tp_new == wf_slot_tp_new)
        staticbase = staticbase->tp_base;
    if (staticbase && staticbase->tp_new != type->tp_new) {
        wf_err_format(wf_exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                      type->tp_name, subtype->tp_name, staticbase->tp_name);
        return NULL;
    }
    WfObject *tuple = wf_vectorcall_to_tuple(args + 1, nargs - 1);
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
    WfObject *res = type->tp_new(subtype, tuple, kw);
    wf_decref(tuple);
    wf_xdecref(kw);
    return res;
}

WfMethodDef wf_tp_new_methoddef = {
    "__new__", (void *)wf_tp_new_wrapper, WF_METH_FASTCALL | WF_METH_KEYWORDS,
    "Create and return a new object.  See help(type) for accurate signature.",
};

/* ======================================================================
 * mappingproxy: the read-only live view behind type.__dict__
 * ====================================================================== */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *mapping;
} MappingProxyObject;

#define PROXY_MAPPING(o) (((MappingProxyObject *)(o))->mapping)

WfObject *wf_mappingproxy_new(WfObject *mapping) {
    if (WF_TYPE(mapping)->mp_subscript == NULL || wf_list_check(mapping) ||
        wf_tuple_check(mapping)) {
        wf_err_format(wf_exc_TypeError, "mappingproxy() argument must be a mapping, not %s",
                      WF_TYPE_NAME(mapping));
        return NULL;
    }
    MappingProxyObject *p = (MappingProxyObject *)wf_object_alloc(&wf_mappingproxy_type);
    if (!p)
        return NULL;
    p->mapping = wf_newref(mapping);
    return (WfObject *)p;
}

static WfObject *mappingproxy_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    static const char *const kwlist[] = {"mapping", NULL};
    WfObject *mapping;
    if (!wf_arg_parse_tuple_and_keywords(args, kwds, "O:mappingproxy", kwlist, &mapping))
        return NULL;
    return wf_mappingproxy_new(mapping);
}

static void mappingproxy_dealloc(WfObject *self) {
    WF_CLEAR(PROXY_MAPPING(self));
    wf_object_free(self);
}

static int mappingproxy_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    return PROXY_MAPPING(self) ? visit(PROXY_MAPPING(self), arg) : 0;
}

static wf_ssize_t mappingproxy_len(WfObject *self) {
    return wf_object_length(PROXY_MAPPING(self));
}

static WfObject *mappingproxy_getitem(WfObject *self, WfObject *key) {
    return wf_object_getitem(PROXY_MAPPING(self), key);
}

static int mappingproxy_contains(WfObject *self, WfObject *key) {
    WfObject *m = PROXY_MAPPING(self);
    return wf_dict_check_exact(m) ? wf_dict_contains(m, key) : wf_sequence_contains(m, key);
}

static WfObject *mappingproxy_iter(WfObject *self) {
    return wf_object_get_iter(PROXY_MAPPING(self));
}

static WfObject *mappingproxy_repr(WfObject *self) {
    return wf_str_from_format("mappingproxy(%R)", PROXY_MAPPING(self));
}

static WfObject *mappingproxy_str(WfObject *self) {
    return wf_object_str(PROXY_MAPPING(self));
}

static WfObject *mappingproxy_richcompare(WfObject *self, WfObject *other, int op) {
    return wf_object_rich_compare(PROXY_MAPPING(self), other, op);
}

static WfObject *mappingproxy_or(WfObject *a, WfObject *b) {
    if (WF_TYPE(a) == &wf_mappingproxy_type)
        a = PROXY_MAPPING(a);
    if (WF_TYPE(b) == &wf_mappingproxy_type)
        b = PROXY_MAPPING(b);
    return wf_number_or(a, b);
}

static WfObject *proxy_call(WfObject *self, const char *name, WfObject *const *args,
                            wf_ssize_t nargs) {
    WfObject *meth = wf_object_getattr_cstr(PROXY_MAPPING(self), name);
    if (!meth)
        return NULL;
    WfObject *res = wf_object_vectorcall(meth, args, (size_t)nargs, NULL);
    wf_decref(meth);
    return res;
}

static WfObject *mappingproxy_get(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("get", nargs, 1, 2) < 0)
        return NULL;
    return proxy_call(self, "get", args, nargs);
}
static WfObject *mappingproxy_keys(WfObject *self, WfObject *u) { return proxy_call(self, "keys", NULL, 0); }
static WfObject *mappingproxy_values(WfObject *self, WfObject *u) { return proxy_call(self, "values", NULL, 0); }
static WfObject *mappingproxy_items(WfObject *self, WfObject *u) { return proxy_call(self, "items", NULL, 0); }
static WfObject *mappingproxy_copy(WfObject *self, WfObject *u) { return proxy_call(self, "copy", NULL, 0); }

static WfMethodDef mappingproxy_methods[] = {
    {"get", (void *)mappingproxy_get, WF_METH_FASTCALL,
     "D.get(k[,d]) -> D[k] if k in D, else d.  d defaults to None."},
    {"keys", (void *)mappingproxy_keys, WF_METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", (void *)mappingproxy_values, WF_METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"items", (void *)mappingproxy_items, WF_METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"copy", (void *)mappingproxy_copy, WF_METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_mappingproxy_type = {
    .tp_name = "mappingproxy",
    .tp_basicsize = sizeof(MappingProxyObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = mappingproxy_dealloc,
    .tp_repr = mappingproxy_repr,
    .tp_str = mappingproxy_str,
    .tp_getattro = wf_object_generic_getattr,
    .tp_richcompare = mappingproxy_richcompare,
    .tp_iter = mappingproxy_iter,
    .tp_traverse = mappingproxy_traverse,
    .tp_new = mappingproxy_new,
    .nb_or = mappingproxy_or,
    .mp_length = mappingproxy_len,
    .mp_subscript = mappingproxy_getitem,
    .sq_contains = mappingproxy_contains,
    .tp_methods = mappingproxy_methods,
};
