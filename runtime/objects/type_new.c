/* type_new.c — class creation (type.__new__, class statements) and the
 * lifetime of instances of Python classes (subtype_dealloc & co).
 *
 * Invariants:
 *  - A heap type's instance layout is its best base's layout, then its
 *    __slots__ members, then the instance __dict__ pointer (when the base has
 *    none), then the weak-reference list pointer (when the base has none and
 *    is not variable-sized). For variable-sized bases (tuple, bytes) the dict
 *    pointer sits at the end of the block: tp_dictoffset < 0.
 *  - Instances hold a counted reference to their heap type: taken by the
 *    allocator, dropped by wf_object_free (refcount.c).
 *  - Heap types are deferred (DESIGN §3): only the collector frees them.
 *  - __del__ runs at most once per object (WF_GC_FINALIZED); an object it
 *    resurrects is not freed.
 */
#include <string.h>

#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"
#include "runtime/runtime.h"

/* ======================================================================
 * Instances of heap types
 * ====================================================================== */

static void subtype_dealloc(WfObject *self);

static WfTypeObject *nearest_static_base(WfTypeObject *type) {
    while (type->tp_dealloc == subtype_dealloc)
        type = type->tp_base;
    return type;
}

/* Clears the __slots__ members each heap type of the chain added. */
static void clear_slots(WfObject *self, WfTypeObject *type) {
    for (; type->tp_dealloc == subtype_dealloc; type = type->tp_base) {
        if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
            continue;
        for (WfMemberDef *m = type->tp_members; m && m->name; m++) {
            if (m->type != WF_T_OBJECT_EX)
                continue;
            WfObject **p = (WfObject **)((char *)self + m->offset);
            WF_CLEAR(*p);
        }
    }
}

/* Drops the instance attributes: inline ones (inline_attrs.c), then the
 * __dict__. */
static void clear_attributes(WfObject *self, WfTypeObject *type) {
    if (type->tp_inline_size)
        wf_inline_attrs_clear(self);
    if (type->tp_dictoffset) {
        WfObject **dictptr = wf_object_dict_ptr(self);
        if (dictptr)
            WF_CLEAR(*dictptr);
    }
}

/* Whether the object revived for __del__ is still referenced once __del__
 * returned (CPython's _PyObject_ResurrectEnd). Other threads may have taken
 * and dropped references meanwhile (__del__ stored self in a shared list):
 * unless only this thread's one reference is left, the counts are merged,
 * and the object lives on with the merged count (its later drops, queued
 * ones included, free it then). */
static int resurrected_after_finalizer(WfObject *self) {
    intptr_t shared = atomic_load_explicit(&self->ob_ref_shared, memory_order_acquire);
    if (wf_is_owned_by_current_thread(self) && self->ob_ref_local == 1 &&
        (shared & ~(intptr_t)WF_REF_MAYBE_WEAKREF) == 0) {
        self->ob_ref_local = 0;
        return 0;
    }
    return wf_explicit_merge_refcount(self, -1) != 0;
}

/* Calls __del__ with the object temporarily alive again. Returns 1 when
 * the object was resurrected (and must not be freed). */
static int call_finalizer(WfObject *self, WfObject *del) {
    __atomic_fetch_or(&self->ob_gc_bits, (uint8_t)WF_GC_FINALIZED, __ATOMIC_RELAXED);
    /* The count is zero and nobody else can reach the object: take it over
     * as a fresh object owned by this thread (CPython's
     * _PyObject_ResurrectStart). The shared count restarts too: left MERGED,
     * other threads' drops of a reference __del__ stored would free it
     * under this thread's local one. A published object stays try-increfable. */
    bool published = __atomic_load_n(&self->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE;
    __atomic_store_n(&self->ob_tid, wf_thread_id(), __ATOMIC_RELAXED);
    __atomic_store_n(&self->ob_ref_local, 1u, __ATOMIC_RELAXED);
    atomic_store_explicit(&self->ob_ref_shared, published ? WF_REF_MAYBE_WEAKREF : 0,
                          memory_order_release);
    WfObject *saved = wf_err_get_raised();
    wf_incref(del);
    WfObject *res = wf_object_call_one_arg(del, self);
    if (!res)
        wf_err_write_unraisable(del);
    else
        wf_decref(res);
    wf_decref(del);
    wf_err_set_raised(saved);
    return resurrected_after_finalizer(self);
}

static void subtype_dealloc(WfObject *self) {
    WfTypeObject *type = WF_TYPE(self);
    if (!(self->ob_gc_bits & WF_GC_FINALIZED)) {
        WfObject *del = wf_type_lookup(type, WF_ID(__del__));
        if (del && call_finalizer(self, del))
            return;
    }
    clear_slots(self, type);
    clear_attributes(self, type);
    /* The base's dealloc frees the memory; wf_object_free drops the
     * instance's reference to its heap type. */
    WfTypeObject *base = nearest_static_base(type);
    if (base->tp_dealloc)
        base->tp_dealloc(self);
    else
        wf_object_free(self);
}

static int subtype_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfTypeObject *type = WF_TYPE(self);
    for (WfTypeObject *t = type; t->tp_dealloc == subtype_dealloc; t = t->tp_base) {
        for (WfMemberDef *m = t->tp_members; m && m->name; m++) {
            WfObject *v = *(WfObject **)((char *)self + m->offset);
            if (m->type == WF_T_OBJECT_EX && v) {
                int r = visit(v, arg);
                if (r)
                    return r;
            }
        }
    }
    if (type->tp_inline_size) {
        int r = wf_inline_attrs_traverse(self, visit, arg);
        if (r)
            return r;
    }
    if (type->tp_dictoffset) {
        WfObject **dictptr = wf_object_dict_ptr(self);
        if (dictptr && *dictptr) {
            int r = visit(*dictptr, arg);
            if (r)
                return r;
        }
    }
    int r = visit((WfObject *)type, arg);
    if (r)
        return r;
    WfTypeObject *base = nearest_static_base(type);
    return base->tp_traverse ? base->tp_traverse(self, visit, arg) : 0;
}

static int subtype_clear(WfObject *self) {
    WfTypeObject *type = WF_TYPE(self);
    clear_slots(self, type);
    WfObject **dictptr = type->tp_dictoffset ? wf_object_dict_ptr(self) : NULL;
    if (type->tp_inline_size && dictptr && *dictptr)
        wf_dict_clear(*dictptr);   /* alive: it stays in dict mode (inline_attrs.c) */
    else
        clear_attributes(self, type);
    WfTypeObject *base = nearest_static_base(type);
    return base->tp_clear ? base->tp_clear(self) : 0;
}

WfObject *wf_subtype_dict_get(WfObject *obj, void *closure) {
    WfObject *dict = wf_object_get_dict(obj, true);
    if (!dict) {
        if (!wf_err_occurred())
            wf_err_set_string(wf_exc_AttributeError, "This object has no __dict__");
        return NULL;
    }
    return wf_newref(dict);
}

int wf_subtype_dict_set(WfObject *obj, WfObject *value, void *closure) {
    WfObject **dictptr = wf_object_dict_ptr(obj);
    if (!dictptr) {
        wf_err_set_string(wf_exc_AttributeError, "This object has no __dict__");
        return -1;
    }
    if (value && !wf_dict_check(value)) {
        wf_err_format(wf_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                      WF_TYPE_NAME(value));
        return -1;
    }
    /* `del obj.__dict__` drops every attribute, as CPython's NULL dict does:
     * an empty dict says the same and keeps the object in dict mode. */
    WfObject *fresh = value ? wf_newref(value) : wf_dict_new();
    if (!fresh)
        return -1;
    if (WF_TYPE(obj)->tp_inline_size) {
        wf_inline_attrs_replace_dict(obj, fresh);
        return 0;
    }
    /* Other threads read *dictptr borrowed (generic getattr). */
    wf_field_exchange(dictptr, fresh);
    return 0;
}

static WfObject *subtype_weakref_get(WfObject *obj, void *closure) {
    WF_RETURN_NONE;
}

static WfGetSetDef subtype_getsets_full[] = {
    {"__dict__", wf_subtype_dict_get, wf_subtype_dict_set,
     "dictionary for instance variables (if defined)", NULL},
    {"__weakref__", subtype_weakref_get, NULL,
     "list of weak references to the object (if defined)", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static WfGetSetDef *const subtype_getsets_dict_only = subtype_getsets_full;
static WfGetSetDef *const subtype_getsets_weakref_only = subtype_getsets_full + 1;
static WfGetSetDef subtype_getsets_dict_alone[] = {
    {"__dict__", wf_subtype_dict_get, wf_subtype_dict_set,
     "dictionary for instance variables (if defined)", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

void wf_type_new_free_extras(WfTypeObject *type) {
    if (type->tp_members) {
        wf_mem_free(type->tp_members);
        type->tp_members = NULL;
    }
}

/* ======================================================================
 * Metaclass and base selection
 * ====================================================================== */

WfTypeObject *wf_type_calculate_metaclass(WfTypeObject *meta, WfObject *bases) {
    WfTypeObject *winner = meta;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(bases); i++) {
        WfTypeObject *t = WF_TYPE(WF_TUPLE_ITEM(bases, i));
        if (wf_type_is_subtype(winner, t))
            continue;
        if (wf_type_is_subtype(t, winner)) {
            winner = t;
            continue;
        }
        wf_err_set_string(wf_exc_TypeError,
                          "metaclass conflict: the metaclass of a derived class must be a "
                          "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* Does type add C-level fields to base? Heap types do only through __slots__. */
static bool extra_ivars(WfTypeObject *type, WfTypeObject *base) {
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
        return type->tp_members != NULL && type->tp_members[0].name != NULL;
    return type->tp_basicsize != base->tp_basicsize || type->tp_itemsize != base->tp_itemsize;
}

static WfTypeObject *solid_base(WfTypeObject *type) {
    WfTypeObject *base = type->tp_base ? solid_base(type->tp_base) : &wf_object_type;
    return extra_ivars(type, base) ? type : base;
}

static WfTypeObject *best_base(WfObject *bases) {
    WfTypeObject *winner = NULL, *base = NULL;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(bases); i++) {
        WfTypeObject *b = (WfTypeObject *)WF_TUPLE_ITEM(bases, i);
        if (wf_type_ensure_ready(b) < 0)
            return NULL;
        WfTypeObject *cand = solid_base(b);
        if (!winner) {
            winner = cand;
            base = b;
        } else if (wf_type_is_subtype(winner, cand)) {
            /* keep */
        } else if (wf_type_is_subtype(cand, winner)) {
            winner = cand;
            base = b;
        } else {
            wf_err_set_string(wf_exc_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

static int check_bases(WfObject *bases) {
    wf_ssize_t n = WF_TUPLE_SIZE(bases);
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *b = WF_TUPLE_ITEM(bases, i);
        if (!wf_type_check(b)) {
            wf_err_set_string(wf_exc_TypeError, "bases must be types");
            return -1;
        }
        if (!WF_TYPE_HAS_FLAG((WfTypeObject *)b, WF_TPFLAGS_BASETYPE)) {
            wf_err_format(wf_exc_TypeError, "type '%s' is not an acceptable base type",
                          ((WfTypeObject *)b)->tp_name);
            return -1;
        }
        for (wf_ssize_t j = 0; j < i; j++) {
            if (WF_TUPLE_ITEM(bases, j) == b) {
                wf_err_format(wf_exc_TypeError, "duplicate base class %s",
                              wf_type_name((WfTypeObject *)b));
                return -1;
            }
        }
    }
    return 0;
}

/* ======================================================================
 * __slots__
 * ====================================================================== */

typedef struct SlotsSpec {
    WfObject *names;   /* tuple of (mangled, interned) member names, or NULL: no __slots__ */
    bool want_dict, want_weak;
} SlotsSpec;

/* "_Class__x" for "__x" (private names), as the compiler mangles. */
static WfObject *mangle(WfObject *classname, WfObject *name) {
    const char *n = wf_str_as_utf8(name);
    size_t len = strlen(n);
    if (len < 2 || n[0] != '_' || n[1] != '_' || (len >= 4 && n[len - 1] == '_' && n[len - 2] == '_') ||
        strchr(n, '.'))
        return wf_newref(name);
    const char *c = wf_str_as_utf8(classname);
    while (*c == '_')
        c++;
    if (!*c)
        return wf_newref(name);
    return wf_str_from_format("_%s%s", c, n);
}

static bool is_identifier(WfObject *s) {
    const char *p = wf_str_as_utf8(s);
    if (!*p || (*p >= '0' && *p <= '9'))
        return false;
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!(ch == '_' || ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9')))
            return false;
    }
    return true;
}

static int parse_slots(WfObject *name, WfObject *ns, WfTypeObject *base, SlotsSpec *spec) {
    spec->names = NULL;
    spec->want_dict = base->tp_dictoffset == 0;
    spec->want_weak = base->tp_weaklistoffset == 0 && base->tp_itemsize == 0;
    WfObject *slots = wf_dict_get_item_with_error(ns, WF_ID(__slots__));
    if (!slots)
        return wf_err_occurred() ? -1 : 0;
    WfObject *seq = wf_str_check(slots) ? wf_tuple_pack(1, slots) : wf_sequence_tuple(slots);
    if (!seq)
        return -1;
    bool has_dict = false, has_weak = false;
    WfObject *names = wf_list_new(0);
    if (!names)
        goto fail;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(seq); i++) {
        WfObject *s = WF_TUPLE_ITEM(seq, i);
        if (!wf_str_check(s)) {
            wf_err_format(wf_exc_TypeError, "__slots__ items must be strings, not '%s'",
                          WF_TYPE_NAME(s));
            goto fail;
        }
        if (!is_identifier(s)) {
            wf_err_set_string(wf_exc_TypeError, "__slots__ must be identifiers");
            goto fail;
        }
        if (wf_str_equal(s, WF_ID(__dict__))) {
            if (!spec->want_dict || has_dict) {
                wf_err_set_string(wf_exc_TypeError,
                                  "__dict__ slot disallowed: we already got one");
                goto fail;
            }
            has_dict = true;
            continue;
        }
        if (wf_str_equal(s, WF_ID(__weakref__))) {
            if (!spec->want_weak || has_weak) {
                wf_err_set_string(wf_exc_TypeError,
                                  "__weakref__ slot disallowed: either we already got one, or "
                                  "the base type has a nonempty __slots__");
                goto fail;
            }
            has_weak = true;
            continue;
        }
        WfObject *m = mangle(name, s);
        if (!m)
            goto fail;
        wf_str_intern_in_place(&m);
        if (wf_dict_contains(ns, m)) {
            wf_err_format(wf_exc_ValueError, "%R in __slots__ conflicts with class variable", s);
            wf_decref(m);
            goto fail;
        }
        int r = wf_list_append(names, m);
        wf_decref(m);
        if (r < 0)
            goto fail;
    }
    if (WF_LIST_SIZE(names) > 0 && base->tp_itemsize != 0) {
        wf_err_format(wf_exc_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                      base->tp_name);
        goto fail;
    }
    if (wf_list_sort(names) < 0)
        goto fail;
    spec->names = wf_list_as_tuple(names);
    wf_decref(names);
    wf_decref(seq);
    spec->want_dict = has_dict;
    spec->want_weak = has_weak;
    return spec->names ? 0 : -1;
fail:
    wf_xdecref(names);
    wf_decref(seq);
    return -1;
}

/* Lays out instances: slots, dict, weaklist after the base's fields. */
static int layout(WfTypeObject *type, WfTypeObject *base, SlotsSpec *spec) {
    wf_ssize_t size = base->tp_basicsize;
    type->tp_itemsize = base->tp_itemsize;
    wf_ssize_t nslots = spec->names ? WF_TUPLE_SIZE(spec->names) : 0;
    if (nslots > 0) {
        WfMemberDef *mp = wf_mem_calloc((size_t)nslots + 1, sizeof(WfMemberDef));
        if (!mp) {
            wf_err_no_memory();
            return -1;
        }
        for (wf_ssize_t i = 0; i < nslots; i++) {
            mp[i].name = wf_str_as_utf8(WF_TUPLE_ITEM(spec->names, i)); /* interned: immortal */
            mp[i].type = WF_T_OBJECT_EX;
            mp[i].offset = size;
            size += (wf_ssize_t)sizeof(WfObject *);
        }
        type->tp_members = mp;
    }
    bool add_dict = spec->want_dict && base->tp_dictoffset == 0;
    bool add_weak = spec->want_weak && base->tp_weaklistoffset == 0 && base->tp_itemsize == 0;
    if (add_dict) {
        type->tp_dictoffset = base->tp_itemsize ? -(wf_ssize_t)sizeof(WfObject *) : size;
        size += (wf_ssize_t)sizeof(WfObject *);
    }
    if (add_weak) {
        type->tp_weaklistoffset = size;
        size += (wf_ssize_t)sizeof(WfObject *);
    }
    type->tp_basicsize = size;
    if (add_dict && add_weak)
        type->tp_getset = subtype_getsets_full;
    else if (add_dict)
        type->tp_getset = subtype_getsets_dict_alone;
    else if (add_weak)
        type->tp_getset = subtype_getsets_weakref_only;
    (void)subtype_getsets_dict_only;
    return 0;
}

/* ======================================================================
 * The class namespace
 * ====================================================================== */

/* __module__ from the calling frame's globals, when the body did not set it. */
static int set_module(WfObject *dict) {
    if (wf_dict_contains(dict, WF_ID(__module__)))
        return 0;
    WfObject *globals = wf_eval_get_globals();
    if (!globals)
        return 0;
    WfObject *name = wf_dict_get_item_with_error(globals, WF_ID(__name__));
    if (!name)
        return wf_err_occurred() ? -1 : 0;
    return wf_dict_set_item(dict, WF_ID(__module__), name);
}

/* Wraps a plain function stored under key with wrap(func) (staticmethod/classmethod). */
static int wrap_function(WfObject *dict, WfObject *key, WfObject *(*wrap)(WfObject *)) {
    WfObject *f = wf_dict_get_item_with_error(dict, key);
    if (!f || !wf_function_check(f))
        return wf_err_occurred() ? -1 : 0;
    WfObject *w = wrap(f);
    if (!w)
        return -1;
    int r = wf_dict_set_item(dict, key, w);
    wf_decref(w);
    return r;
}

static int prepare_dict(WfTypeObject *type, WfObject *dict, WfObject **classcell) {
    *classcell = NULL;
    if (set_module(dict) < 0)
        return -1;
    WfObject *qualname;
    if (wf_dict_pop(dict, WF_ID(__qualname__), &qualname) < 0)
        return -1;
    if (qualname) {
        if (!wf_str_check(qualname)) {
            wf_err_format(wf_exc_TypeError, "type __qualname__ must be a str, not %s",
                          WF_TYPE_NAME(qualname));
            wf_decref(qualname);
            return -1;
        }
        type->tp_qualname = qualname;
    } else {
        type->tp_qualname = wf_newref(type->tp_name_obj);
    }
    WfObject *mod = wf_dict_get_item_with_error(dict, WF_ID(__module__));
    type->tp_module = wf_xnewref(mod);
    if (!wf_dict_contains(dict, WF_ID(__doc__)) &&
        wf_dict_set_item(dict, WF_ID(__doc__), WF_NONE) < 0)
        return -1;
    if (wrap_function(dict, WF_ID(__new__), wf_staticmethod_new) < 0 ||
        wrap_function(dict, WF_ID(__init_subclass__), wf_classmethod_new) < 0 ||
        wrap_function(dict, WF_ID(__class_getitem__), wf_classmethod_new) < 0)
        return -1;
    WfObject *cell;
    if (wf_dict_pop(dict, WF_ID(__classcell__), &cell) < 0)
        return -1;
    if (cell) {
        if (!wf_cell_check(cell)) {
            wf_err_format(wf_exc_TypeError, "__classcell__ must be a nonlocal cell, not %R",
                          (WfObject *)WF_TYPE(cell));
            wf_decref(cell);
            return -1;
        }
        *classcell = cell;
    }
    /* A class that defines __eq__ but not __hash__ is unhashable. */
    if (wf_dict_contains(dict, WF_ID(__eq__)) && !wf_dict_contains(dict, WF_ID(__hash__)) &&
        wf_dict_set_item(dict, WF_ID(__hash__), WF_NONE) < 0)
        return -1;
    return 0;
}

/* Calls value.__set_name__(type, key) for every attribute that has one. */
static int set_names(WfTypeObject *type) {
    WfObject *items = wf_dict_items(type->tp_dict);
    if (!items)
        return -1;
    for (wf_ssize_t i = 0; i < WF_LIST_SIZE(items); i++) {
        WfObject *pair = WF_LIST_ITEM(items, i);
        WfObject *key = WF_TUPLE_ITEM(pair, 0), *value = WF_TUPLE_ITEM(pair, 1);
        WfObject *set_name = wf_object_lookup_special(value, WF_ID(__set_name__));
        if (!set_name) {
            if (wf_err_occurred())
                goto fail;
            continue;
        }
        WfObject *res = wf_object_call_function_objargs(set_name, (WfObject *)type, key, NULL);
        wf_decref(set_name);
        if (!res) {
            WfObject *cause = wf_err_get_raised();
            wf_err_format(wf_exc_RuntimeError,
                          "Error calling __set_name__ on '%s' instance %R in '%s'",
                          WF_TYPE(value)->tp_name, key, type->tp_name);
            WfObject *exc = wf_err_get_raised();
            if (exc) {
                wf_exception_set_context(exc, wf_newref(cause));
                wf_exception_set_cause(exc, cause);
                wf_err_set_raised(exc);
            } else {
                wf_decref(cause);
            }
            goto fail;
        }
        wf_decref(res);
    }
    wf_decref(items);
    return 0;
fail:
    wf_decref(items);
    return -1;
}

/* super(type, type).__init_subclass__(**kwargs) */
static int init_subclass(WfTypeObject *type, WfObject *kwargs) {
    WfObject *mro = type->tp_mro;
    WfObject *func = NULL;
    for (wf_ssize_t i = 1; i < WF_TUPLE_SIZE(mro) && !func; i++) {
        WfObject *d = ((WfTypeObject *)WF_TUPLE_ITEM(mro, i))->tp_dict;
        func = d ? wf_dict_get_item_with_error(d, WF_ID(__init_subclass__)) : NULL;
    }
    if (!func)
        return wf_err_occurred() ? -1 : 0;
    wf_incref(func);
    WfObject *bound;
    wf_descrgetfunc get = WF_TYPE(func)->tp_descr_get;
    if (get) {
        bound = get(func, NULL, (WfObject *)type);
        wf_decref(func);
        if (!bound)
            return -1;
    } else {
        bound = func;
    }
    WfObject *res = wf_object_call(bound, wf_tuple_empty, kwargs);
    wf_decref(bound);
    if (!res)
        return -1;
    wf_decref(res);
    return 0;
}

/* ======================================================================
 * Creation
 * ====================================================================== */

static WfTypeObject *alloc_type(WfTypeObject *meta, WfObject *name) {
    WfTypeObject *type = (WfTypeObject *)wf_type_generic_alloc(meta, 0);
    if (!type)
        return NULL;
    wf_set_deferred((WfObject *)type);
    wf_type_refs_assign_id(type);
    type->tp_flags = WF_TPFLAGS_HEAPTYPE | WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC;
    type->tp_name_obj = wf_newref(name);
    type->tp_name = wf_str_as_utf8(name);
    type->tp_dealloc = subtype_dealloc;
    type->tp_traverse = subtype_traverse;
    type->tp_clear = subtype_clear;
    return type;
}

WfObject *wf_type_new_from_namespace(WfObject *metatype, WfObject *name, WfObject *bases,
                                     WfObject *ns, WfObject *kwargs) {
    WfTypeObject *meta = (WfTypeObject *)metatype;
    if (!wf_str_check(name)) {
        wf_err_format(wf_exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                      WF_TYPE_NAME(name));
        return NULL;
    }
    if (!wf_tuple_check(bases)) {
        wf_err_format(wf_exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                      WF_TYPE_NAME(bases));
        return NULL;
    }
    if (!wf_dict_check(ns)) {
        wf_err_format(wf_exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                      WF_TYPE_NAME(ns));
        return NULL;
    }
    meta = wf_type_calculate_metaclass(meta, bases);
    if (!meta || check_bases(bases) < 0)
        return NULL;
    if (WF_TUPLE_SIZE(bases) == 0)
        bases = wf_tuple_pack(1, (WfObject *)&wf_object_type);
    else
        wf_incref(bases);
    if (!bases)
        return NULL;
    WfTypeObject *base = best_base(bases);
    SlotsSpec spec = {NULL, false, false};
    WfTypeObject *type = NULL;
    WfObject *classcell = NULL;
    if (!base || parse_slots(name, ns, base, &spec) < 0)
        goto fail;
    type = alloc_type(meta, name);
    if (!type)
        goto fail;
    type->tp_bases = bases;
    bases = NULL;
    type->tp_base = (WfTypeObject *)wf_newref((WfObject *)base);
    type->tp_dict = wf_dict_copy(ns);
    if (!type->tp_dict || layout(type, base, &spec) < 0 ||
        prepare_dict(type, type->tp_dict, &classcell) < 0)
        goto fail;
    if (wf_type_ready(type) < 0)
        goto fail;
    if (nearest_static_base(type) == &wf_object_type && wf_inline_attrs_plan(type) < 0)
        goto fail;
    wf_type_fixup_slots(type);
    if (classcell) {
        WfCellObject *cell = (WfCellObject *)classcell;
        WF_SETREF(cell->ob_ref, wf_newref((WfObject *)type));
        WF_CLEAR(classcell);
    }
    WF_CLEAR(spec.names);
    if (set_names(type) < 0 || init_subclass(type, kwargs) < 0) {
        wf_decref((WfObject *)type);
        return NULL;
    }
    return (WfObject *)type;
fail:
    wf_xdecref(bases);
    wf_xdecref(spec.names);
    wf_xdecref(classcell);
    wf_xdecref((WfObject *)type);
    return NULL;
}

WfObject *wf_type_new_impl(WfTypeObject *meta, WfObject *args, WfObject *kwds) {
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    if (meta == &wf_type_type && nargs == 1 && (!kwds || wf_dict_size(kwds) == 0))
        return wf_newref((WfObject *)WF_TYPE(WF_TUPLE_ITEM(args, 0)));
    if (nargs != 3) {
        wf_err_format(wf_exc_TypeError, "type.__new__() takes exactly 3 arguments (%zd given)",
                      nargs);
        return NULL;
    }
    WfObject *name = WF_TUPLE_ITEM(args, 0), *bases = WF_TUPLE_ITEM(args, 1);
    WfObject *ns = WF_TUPLE_ITEM(args, 2);
    if (!wf_tuple_check(bases)) {
        wf_err_format(wf_exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                      WF_TYPE_NAME(bases));
        return NULL;
    }
    WfTypeObject *winner = wf_type_calculate_metaclass(meta, bases);
    if (!winner)
        return NULL;
    if (winner != meta && winner->tp_new != wf_type_new_impl)
        return winner->tp_new(winner, args, kwds);
    return wf_type_new_from_namespace((WfObject *)winner, name, bases, ns, kwds);
}
