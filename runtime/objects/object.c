/* object.c — the `object` type and the generic attribute protocol.
 *
 * Invariants:
 *  - Attribute lookup order (wf_object_generic_getattr): data descriptors on
 *    the type > the instance __dict__ > non-data descriptors and plain class
 *    attributes; a miss raises "'A' object has no attribute 'x'".
 *  - The instance __dict__ pointer lives at tp_dictoffset (from the end of
 *    the block when negative). It is created lazily and published with a
 *    compare-and-swap, so two threads setting the first attribute of the same
 *    object at once agree on one dict. It is replaced only by `obj.__dict__ =`.
 *  - object.__init__/__new__ reject extra arguments exactly by CPython's
 *    excess_args rules (each complains only if the other is not overridden).
 */
#include <string.h>

#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"
#include "stackref/stackref.h"
#include "threads/threads.h"

/* ======================================================================
 * Instance __dict__
 * ====================================================================== */

WfObject **wf_object_dict_ptr(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    wf_ssize_t offset = tp->tp_dictoffset;
    if (offset == 0)
        return NULL;
    if (offset < 0) {
        wf_ssize_t n = WF_SIZE(o);
        if (n < 0)
            n = -n;
        size_t size = (size_t)tp->tp_basicsize + (size_t)n * (size_t)tp->tp_itemsize;
        size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
        offset += (wf_ssize_t)size;
    }
    return (WfObject **)((char *)o + offset);
}

WfObject *wf_object_get_dict(WfObject *o, bool create) {
    WfObject **dictptr = wf_object_dict_ptr(o);
    if (!dictptr)
        return NULL;
    WfObject *dict = __atomic_load_n(dictptr, __ATOMIC_ACQUIRE);
    if (dict || !create)
        return dict;
    if (WF_TYPE(o)->tp_inline_size)
        return wf_inline_attrs_ensure_dict(o);   /* the attributes move into it */
    /* Other threads read it borrowed, holding a reference to o: it lives
     * as long as o, or a grace period more when replaced
     * (wf_subtype_dict_set uses wf_field_exchange). */
    return wf_field_dict_get_or_make(dictptr);
}

/* ======================================================================
 * Generic getattr / setattr
 * ====================================================================== */

void wf_object_raise_no_attribute(WfObject *obj, WfObject *name) {
    wf_err_format(wf_exc_AttributeError, "'%s' object has no attribute '%U'",
                  WF_TYPE(obj)->tp_name, name);
    wf_attribute_error_set_context(obj, name);
}

static int check_name(WfObject *name) {
    if (WF_LIKELY(wf_str_check(name)))
        return 0;
    wf_err_format(wf_exc_TypeError, "attribute name must be string, not '%s'",
                  WF_TYPE_NAME(name));
    return -1;
}

static WfObject *call_get(wf_descrgetfunc f, WfObject *descr, WfObject *obj, int suppress) {
    WfObject *res = f(descr, obj, (WfObject *)WF_TYPE(obj));
    if (!res && suppress && wf_err_exception_matches(wf_exc_AttributeError))
        wf_err_clear();
    return res;
}

/* A getattr result (new reference, or NULL: error, or missing when the
 * AttributeError was suppressed) as the StackRef protocol's 1 / -1 / 0. */
static int result_ref(WfObject *res, WfStackRef *out) {
    if (res == NULL)
        return wf_err_occurred() ? -1 : 0;
    *out = wf_stackref_steal(res);
    return 1;
}

/* The instance dict's entry for name. An exact dict lends the value when
 * other threads read it (wf_dict_get_item_stackref), so reading an
 * attribute of a shared instance writes nothing to the value. */
static int instance_dict_entry(WfObject *dict, WfObject *name, WfStackRef *out) {
    /* dict is borrowed: `obj.__dict__ = d` may retire it meanwhile, and its
     * grace period ends at our next quiescent state. An exact str name in
     * an exact dict runs code only in a lookup that holds the dict (dict.h). */
    if (WF_LIKELY(wf_dict_check_exact(dict) && wf_str_check_exact(name)))
        return wf_dict_get_item_stackref(dict, name, out);
    WfObject *v = NULL;
    /* A str subclass's __hash__, or a dict subclass's lookup, runs code
     * outside any section of dict: hold it counted. */
    wf_incref(dict);
    int r = wf_dict_get_item_ref(dict, name, &v);
    wf_object_retire_ref(dict);
    if (r > 0)
        *out = wf_stackref_steal(v);
    return r;
}

int wf_object_instance_attr(WfObject *obj, WfObject *name, WfStackRef *out) {
    /* Loaded once: the region is read with this type's layout only while
     * the dict pointer is NULL, and a __class__ assignment switches the
     * object to its dict before it stores the new type. */
    WfTypeObject *tp = WF_TYPE(obj);
    if (tp->tp_dictoffset == 0)
        return 0;
    /* The dict is read borrowed: it is replaced only by `obj.__dict__ = d`. */
    WfObject **dictptr = wf_object_dict_ptr(obj);
    WfObject *dict = __atomic_load_n(dictptr, __ATOMIC_ACQUIRE);
    if (dict == NULL && tp->tp_inline_size) {
        int r = wf_inline_attrs_load(obj, tp, name, out);
        if (r != 2)
            return r;
        dict = __atomic_load_n(dictptr, __ATOMIC_ACQUIRE);   /* moved meanwhile? */
    }
    return dict ? instance_dict_entry(dict, name, out) : 0;
}

int wf_object_instance_attr_ref(WfObject *obj, WfObject *name, WfObject **out) {
    WfStackRef ref;
    int r = wf_object_instance_attr(obj, name, &ref);
    *out = r > 0 ? wf_stackref_to_obj_steal(ref) : NULL;
    return r;
}

int wf_object_generic_getattr_stackref(WfObject *obj, WfObject *name, int suppress,
                                       WfStackRef *out) {
    WfTypeObject *tp = WF_TYPE(obj);
    if (check_name(name) < 0 || wf_type_ensure_ready(tp) < 0)
        return -1;
    WfObject *descr = wf_type_lookup(tp, name);
    wf_descrgetfunc f = NULL;
    bool counted = false;   /* whether we hold a reference to descr */
    int r;
    if (descr) {
        if (!wf_type_attr_used_borrowed(descr)) {
            wf_incref(descr);
            counted = true;
        }
        f = WF_TYPE(descr)->tp_descr_get;
        if (f && WF_TYPE(descr)->tp_descr_set) {
            r = result_ref(call_get(f, descr, obj, suppress), out);
            if (counted)
                wf_decref(descr);
            return r;
        }
    }
    r = wf_object_instance_attr(obj, name, out);
    if (r != 0) {
        if (counted)
            wf_decref(descr);
        return r;
    }
    if (f) {
        r = result_ref(call_get(f, descr, obj, suppress), out);
        if (counted)
            wf_decref(descr);
        return r;
    }
    if (descr) {
        *out = wf_stackref_steal(counted ? descr : wf_newref(descr));
        return 1;
    }
    if (!suppress)
        wf_object_raise_no_attribute(obj, name);
    return suppress ? 0 : -1;
}

WfObject *wf_object_generic_getattr_ex(WfObject *obj, WfObject *name, int suppress) {
    WfStackRef ref;
    return wf_object_generic_getattr_stackref(obj, name, suppress, &ref) > 0
               ? wf_stackref_to_obj_steal(ref)
               : NULL;
}

WfObject *wf_object_generic_getattr(WfObject *obj, WfObject *name) {
    return wf_object_generic_getattr_ex(obj, name, 0);
}

int wf_object_generic_setattr(WfObject *obj, WfObject *name, WfObject *value) {
    WfTypeObject *tp = WF_TYPE(obj);
    if (check_name(name) < 0 || wf_type_ensure_ready(tp) < 0)
        return -1;
    WfObject *descr = wf_type_lookup(tp, name);
    if (descr) {
        wf_descrsetfunc f = WF_TYPE(descr)->tp_descr_set;
        if (f) {
            bool counted = !wf_type_attr_used_borrowed(descr);
            if (counted)
                wf_incref(descr);
            int r = f(descr, obj, value);
            if (counted)
                wf_decref(descr);
            return r;
        }
    }
    WfObject **dictptr = wf_object_dict_ptr(obj);
    if (!dictptr) {
        if (descr)
            wf_err_format(wf_exc_AttributeError, "'%s' object attribute '%U' is read-only",
                          tp->tp_name, name);
        else
            wf_object_raise_no_attribute(obj, name);
        return -1;
    }
    if (tp->tp_inline_size) {
        int r = wf_inline_attrs_set(obj, name, value);
        if (r == 1)
            wf_object_raise_no_attribute(obj, name);
        if (r != 2)
            return r == 0 ? 0 : -1;
    }
    /* The dict is read borrowed, and the store runs code before it locks
     * anything (the name's __hash__) and in the section (a stored key's
     * __eq__), which may replace it (obj.__dict__ = d): hold it counted
     * (docs/containers-threads.md, "Sections on a borrowed container"). */
    WfObject *dict = value ? wf_object_get_dict(obj, true) : __atomic_load_n(dictptr, __ATOMIC_ACQUIRE);
    if (!dict) {
        if (value)
            return -1;
        wf_object_raise_no_attribute(obj, name);
        return -1;
    }
    wf_incref(dict);   /* alone too: a key's __eq__ may replace the dict */
    int r = value ? wf_dict_set_item(dict, name, value) : wf_dict_del_item(dict, name);
    wf_decref(dict);
    if (value || r == 0 || !wf_err_exception_matches(wf_exc_KeyError))
        return r;
    wf_err_clear();
    wf_object_raise_no_attribute(obj, name);
    return -1;
}

/* ======================================================================
 * The object type
 * ====================================================================== */

static bool excess_args(WfObject *args, WfObject *kwds) {
    return (args && WF_TUPLE_SIZE(args) > 0) || (kwds && wf_dict_size(kwds) > 0);
}

int wf_object_init_impl(WfObject *self, WfObject *args, WfObject *kwds) {
    WfTypeObject *type = WF_TYPE(self);
    if (excess_args(args, kwds)) {
        if (type->tp_init != wf_object_init_impl) {
            wf_err_set_string(wf_exc_TypeError,
                              "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (type->tp_new == wf_object_new_impl) {
            wf_err_format(wf_exc_TypeError,
                          "%s.__init__() takes exactly one argument (the instance to initialize)",
                          type->tp_name);
            return -1;
        }
    }
    return 0;
}

static WfObject *abstract_error(WfTypeObject *type) {
    WfObject *abstract = wf_object_getattr((WfObject *)type,
                                           wf_str_intern_cstr("__abstractmethods__"));
    if (!abstract)
        return NULL;
    WfObject *sorted = wf_sequence_list(abstract);
    wf_decref(abstract);
    if (!sorted)
        return NULL;
    WfObject *joined = NULL, *sep = wf_str_from_cstr(", ");
    if (sep && wf_list_sort(sorted) == 0)
        joined = wf_str_join(sep, sorted);
    if (joined)
        wf_err_format(wf_exc_TypeError,
                      "Can't instantiate abstract class %s with abstract method%s %U",
                      type->tp_name, WF_LIST_SIZE(sorted) > 1 ? "s" : "", joined);
    wf_xdecref(sep);
    wf_xdecref(joined);
    wf_decref(sorted);
    return NULL;
}

WfObject *wf_object_new_impl(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (excess_args(args, kwds)) {
        if (type->tp_new != wf_object_new_impl) {
            wf_err_set_string(wf_exc_TypeError,
                              "object.__new__() takes exactly one argument (the type to instantiate)");
            return NULL;
        }
        if (type->tp_init == wf_object_init_impl) {
            wf_err_format(wf_exc_TypeError, "%s() takes no arguments", type->tp_name);
            return NULL;
        }
    }
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_IS_ABSTRACT))
        return abstract_error(type);
    return wf_type_generic_alloc(type, 0);
}

void wf_object_dealloc_impl(WfObject *self) {
    wf_object_free(self);
}

WfObject *wf_object_repr_impl(WfObject *self) {
    WfTypeObject *type = WF_TYPE(self);
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)self);
    WfObject *mod = NULL, *res;
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        mod = wf_dict_get_item_with_error(type->tp_dict, WF_ID(__module__));
        if (mod && (!wf_str_check(mod) || wf_str_equal_cstr(mod, "builtins")))
            mod = NULL;
    }
    if (mod) {
        WfObject *qual = type->tp_qualname ? type->tp_qualname : type->tp_name_obj;
        res = wf_str_from_format("<%U.%U object at %s>", mod, qual, addr);
    } else {
        res = wf_str_from_format("<%s object at %s>", type->tp_name, addr);
    }
    return res;
}

static WfObject *object_str(WfObject *self) {
    return wf_object_repr(self);
}

/* Rotating by 4 drops the always-zero alignment bits (CPython's _Py_HashPointer). */
wf_hash_t wf_object_hash_impl(WfObject *self) {
    size_t y = (size_t)self;
    y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
    wf_hash_t h = (wf_hash_t)y;
    return h == -1 ? -2 : h;
}

WfObject *wf_object_richcompare_impl(WfObject *self, WfObject *other, int op) {
    switch (op) {
    case WF_EQ:
        return wf_newref(self == other ? WF_TRUE : WF_NOTIMPLEMENTED);
    case WF_NE: {
        /* By default __ne__ delegates to __eq__ and inverts the result. */
        wf_richcmpfunc eq = WF_TYPE(self)->tp_richcompare;
        if (!eq)
            return wf_newref(WF_NOTIMPLEMENTED);
        WfObject *res = eq(self, other, WF_EQ);
        if (res && res != WF_NOTIMPLEMENTED) {
            int ok = wf_object_is_true(res);
            wf_decref(res);
            res = ok < 0 ? NULL : wf_bool_from_long(!ok);
        }
        return res;
    }
    default:
        return wf_newref(WF_NOTIMPLEMENTED);
    }
}

/* ---- methods ---- */

static WfObject *object_dir(WfObject *self, WfObject *unused) {
    WfObject *dict = NULL, *cls = NULL, *res = NULL;
    WfObject *d = wf_object_getattr(self, WF_ID(__dict__));
    if (!d) {
        wf_err_clear();
        dict = wf_dict_new();
    } else if (!wf_dict_check(d)) {
        wf_decref(d);
        dict = wf_dict_new();
    } else {
        dict = wf_dict_copy(d);
        wf_decref(d);
    }
    if (!dict)
        return NULL;
    cls = wf_object_getattr(self, WF_ID(__class__));
    if (!cls) {
        wf_err_clear();
    } else if (wf_type_check(cls) && wf_type_merge_dir(dict, (WfTypeObject *)cls) < 0) {
        goto done;
    }
    res = wf_dict_keys(dict);
done:
    wf_xdecref(cls);
    wf_decref(dict);
    return res;
}

static WfObject *object_format(WfObject *self, WfObject *spec) {
    if (!wf_str_check(spec)) {
        wf_err_format(wf_exc_TypeError, "__format__() argument must be str, not %s",
                      WF_TYPE_NAME(spec));
        return NULL;
    }
    if (WF_STR_LENGTH(spec) > 0) {
        wf_err_format(wf_exc_TypeError, "unsupported format string passed to %s.__format__",
                      WF_TYPE(self)->tp_name);
        return NULL;
    }
    return wf_object_str(self);
}

static WfObject *object_init_subclass(WfObject *cls, WfObject *unused) {
    WF_RETURN_NONE;
}

static WfObject *object_subclasshook(WfObject *cls, WfObject *const *args, wf_ssize_t nargs,
                                     WfObject *kwnames) {
    WF_RETURN_NOTIMPLEMENTED;
}

static WfObject *object_sizeof(WfObject *self, WfObject *unused) {
    WfTypeObject *tp = WF_TYPE(self);
    wf_ssize_t size = tp->tp_basicsize;
    if (tp->tp_itemsize) {
        wf_ssize_t n = WF_SIZE(self);
        size += (n < 0 ? -n : n) * tp->tp_itemsize;
    }
    return wf_int_from_ssize(size);
}

static WfObject *object_reduce_ex(WfObject *self, WfObject *protocol) {
    wf_err_format(wf_exc_TypeError, "cannot pickle '%s' object", WF_TYPE(self)->tp_name);
    return NULL;
}

static WfMethodDef object_methods[] = {
    {"__dir__", (void *)object_dir, WF_METH_NOARGS, "Default dir() implementation."},
    {"__format__", (void *)object_format, WF_METH_O, "Default object formatter."},
    {"__init_subclass__", (void *)object_init_subclass, WF_METH_CLASS | WF_METH_NOARGS,
     "This method is called when a class is subclassed."},
    {"__subclasshook__", (void *)object_subclasshook,
     WF_METH_CLASS | WF_METH_FASTCALL | WF_METH_KEYWORDS, "Abstract classes can override this to customize issubclass()."},
    {"__sizeof__", (void *)object_sizeof, WF_METH_NOARGS, "Size of object in memory, in bytes."},
    {"__reduce_ex__", (void *)object_reduce_ex, WF_METH_O, "Helper for pickle."},
    {NULL, NULL, 0, NULL},
};

/* ---- __class__ ---- */

static WfObject *object_get_class(WfObject *self, void *c) {
    return wf_newref((WfObject *)WF_TYPE(self));
}

static bool same_layout(WfTypeObject *a, WfTypeObject *b) {
    return a->tp_basicsize == b->tp_basicsize && a->tp_itemsize == b->tp_itemsize &&
           a->tp_dictoffset == b->tp_dictoffset &&
           a->tp_weaklistoffset == b->tp_weaklistoffset &&
           ((a->tp_flags ^ b->tp_flags) & WF_TPFLAGS_HAVE_GC) == 0;
}

static int object_set_class(WfObject *self, WfObject *value, void *c) {
    if (!value) {
        wf_err_set_string(wf_exc_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!wf_type_check(value)) {
        wf_err_format(wf_exc_TypeError, "__class__ must be set to a class, not '%s' object",
                      WF_TYPE_NAME(value));
        return -1;
    }
    WfTypeObject *newto = (WfTypeObject *)value, *oldto = WF_TYPE(self);
    if (!WF_TYPE_HAS_FLAG(newto, WF_TPFLAGS_HEAPTYPE) ||
        !WF_TYPE_HAS_FLAG(oldto, WF_TPFLAGS_HEAPTYPE)) {
        wf_err_set_string(wf_exc_TypeError,
                          "__class__ assignment only supported for mutable types or ModuleType "
                          "subclasses");
        return -1;
    }
    if (!same_layout(newto, oldto) || newto->tp_dealloc != oldto->tp_dealloc) {
        wf_err_format(wf_exc_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                      newto->tp_name, oldto->tp_name);
        return -1;
    }
    /* The same class again changes nothing: no world to stop. (Another
     * thread changes ob_type only with this one stopped, so the plain read
     * above is ordered after it.) */
    if (newto == oldto)
        return 0;
    /* Inline attributes sit where the old type's plan says: they move to a
     * dict first (inline_attrs.c), so that no type reads them again. */
    if ((oldto->tp_inline_size || newto->tp_inline_size) && !wf_object_get_dict(self, true))
        return -1;
    wf_type_instance_incref(newto);   /* both are heap types (checked above) */
    /* Every thread reads ob_type with plain loads: once threads exist it
     * changes with the world stopped, as in free-threaded CPython. The type
     * replaced is read there too, in case another assignment won meanwhile
     * (it has the same layout: assignments keep it). */
    bool stop = wf_objects_are_shared();
    if (stop)
        wf_stop_the_world();
    WfTypeObject *replaced = WF_TYPE(self);
    self->ob_type = newto;
    if (stop)
        wf_start_the_world();
    wf_type_instance_decref(replaced);
    return 0;
}

static WfGetSetDef object_getsets[] = {
    {"__class__", object_get_class, object_set_class, "the object's class", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_object_type = {
    .tp_name = "object",
    .tp_basicsize = sizeof(WfObject),
    .tp_flags = WF_TPFLAGS_BASETYPE,
    .tp_doc = "The base class of the class hierarchy.\n\nWhen called, it accepts no arguments "
              "and returns a new featureless\ninstance that has no instance attributes and "
              "cannot be given any.\n",
    .tp_dealloc = wf_object_dealloc_impl,
    .tp_repr = wf_object_repr_impl,
    .tp_str = object_str,
    .tp_hash = wf_object_hash_impl,
    .tp_getattro = wf_object_generic_getattr,
    .tp_setattro = wf_object_generic_setattr,
    .tp_richcompare = wf_object_richcompare_impl,
    .tp_init = wf_object_init_impl,
    .tp_new = wf_object_new_impl,
    .tp_methods = object_methods,
    .tp_getset = object_getsets,
};
