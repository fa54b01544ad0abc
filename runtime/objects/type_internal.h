/* type_internal.h — private to the type-system files (type.c, type_slots.c,
 * object.c, descr.c, property.c, super.c, abstract*.c, call.c, exceptions.c,
 * errors.c, typeinit.c). Nothing outside runtime/objects/ includes it.
 *
 * Invariants:
 *  - wf_slotdefs[] lists every dunder that maps to a C slot, grouped by slot
 *    offset (entries sharing an offset are adjacent), mapping before sequence
 *    entries so that `list.__getitem__` wraps mp_subscript as in CPython.
 *  - A wrapper descriptor (`int.__add__`) remembers the slotdef it was made
 *    from (d_base) and the C function it wraps (d_wrapped); heap types whose
 *    dunder resolves to such a wrapper of the same slot reuse d_wrapped
 *    directly instead of the generic slot_* function (type_slots.c).
 *  - Descriptors of static types are immortal (they live as long as the type).
 */
#ifndef WF_TYPE_INTERNAL_H
#define WF_TYPE_INTERNAL_H

#include "runtime/objects/objects.h"

/* ---- attributes used without a reference --------------------------------- */

/* Whether a class attribute found by wf_type_lookup may be used without
 * taking a reference (DESIGN.md §3 rule 5: using a class that every thread
 * shares writes nothing to it; a count taken and dropped by 16 threads on
 * one function costs more than the call). True for deferred or immortal
 * member and method descriptors and functions: only the collector frees
 * them, with the world stopped at a safe point, and their get/set reach no
 * safe point while they still use themselves. */
static inline bool wf_type_attr_used_borrowed(WfObject *descr) {
    WfTypeObject *t = WF_TYPE(descr);
    return (t == &wf_member_descr_type || t == &wf_function_type || t == &wf_method_descr_type) &&
           (wf_is_deferred(descr) || wf_is_immortal(descr));
}

/* Whether a class attribute may be called without a reference: immortal,
 * or a deferred function, which its frame holds (f_funcobj, a root) from
 * before its first safe point until it returns; the caller reaches no safe
 * point between the lookup and the call and does not use it after. A C
 * callable has no frame to hold it, so it needs the count unless immortal. */
static inline bool wf_type_attr_called_borrowed(WfObject *callable) {
    return wf_is_immortal(callable) ||
           (WF_TYPE(callable) == &wf_function_type && wf_is_deferred(callable));
}

/* ---- slot table (type_slots.c) ---------------------------------------- */

/* A slot wrapper body: calls `wrapped` (the C slot) with Python arguments. */
typedef WfObject *(*wf_wrapperfunc)(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                    WfObject *kwnames, void *wrapped);

#define WF_SLOTDEF_KW 0x1      /* the wrapper accepts keyword arguments */

typedef struct WfSlotDef {
    const char *name;          /* "__add__" */
    size_t offset;             /* offsetof(WfTypeObject, nb_add) */
    void *function;            /* slot function of heap types (calls the dunder); may be NULL */
    wf_wrapperfunc wrapper;    /* wrapper body for static types; NULL: no wrapper */
    const char *doc;
    int flags;
    WfObject *name_obj;        /* interned name, set by wf_slotdefs_init */
} WfSlotDef;

extern WfSlotDef wf_slotdefs[];
int wf_slotdefs_init(void);
/* Static types: add slot wrappers for the slots the type itself defines. */
int wf_type_add_operators(WfTypeObject *type);
/* Heap types: set every dunder-backed slot from the MRO. */
void wf_type_fixup_slots(WfTypeObject *type);
/* After `type.name = v` / `del type.name`: update the slots `name` maps to,
 * in type and its subclasses. Does nothing when name is not a dunder. */
void wf_type_update_slot(WfTypeObject *type, WfObject *name);
/* True when name is an interned dunder that maps to some slot. */
bool wf_slot_name_is_special(WfObject *name);

/* Slot functions the call/instantiation fast paths recognise. */
int wf_slot_tp_init(WfObject *self, WfObject *args, WfObject *kwds);
WfObject *wf_slot_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwds);
WfObject *wf_slot_tp_getattr_hook(WfObject *self, WfObject *name);

/* ---- descriptors (descr.c) -------------------------------------------- */

typedef struct WfDescrObject {
    WF_OBJECT_HEAD;
    WfTypeObject *d_type;      /* strong (static types are immortal anyway) */
    WfObject *d_name;          /* interned str */
} WfDescrObject;

typedef struct WfMethodDescrObject {
    WfDescrObject d_common;
    wf_vectorcallfunc vectorcall;
    WfMethodDef *d_method;
} WfMethodDescrObject;

typedef struct WfMemberDescrObject {
    WfDescrObject d_common;
    WfMemberDef *d_member;
} WfMemberDescrObject;

typedef struct WfGetSetDescrObject {
    WfDescrObject d_common;
    WfGetSetDef *d_getset;
} WfGetSetDescrObject;

typedef struct WfWrapperDescrObject {
    WfDescrObject d_common;
    WfSlotDef *d_base;
    void *d_wrapped;           /* the C slot function */
} WfWrapperDescrObject;

typedef struct WfCFunctionObject {
    WF_OBJECT_HEAD;
    wf_vectorcallfunc vectorcall;
    WfMethodDef *m_ml;
    WfObject *m_self;          /* NULL for plain functions; module for module functions */
    WfObject *m_module;        /* __module__ or NULL */
} WfCFunctionObject;

/* The read-only view returned by type.__dict__ (CPython's mappingproxy). */
extern WfTypeObject wf_mappingproxy_type;
WfObject *wf_mappingproxy_new(WfObject *mapping);

WfObject *wf_descr_new_wrapper(WfTypeObject *type, WfSlotDef *base, void *wrapped);
/* The __new__ of static types: a builtin bound to the type (CPython's tp_new_wrapper). */
extern WfMethodDef wf_tp_new_methoddef;
WfObject *wf_tp_new_wrapper(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                            WfObject *kwnames);
/* "'X' object" type-check used by method descriptors: -1 with TypeError when obj is not a d_type. */
int wf_descr_check(WfDescrObject *descr, WfObject *obj);

/* ---- object (object.c) ------------------------------------------------- */

WfObject *wf_object_new_impl(WfTypeObject *type, WfObject *args, WfObject *kwds);
int wf_object_init_impl(WfObject *self, WfObject *args, WfObject *kwds);
WfObject *wf_object_repr_impl(WfObject *self);
WfObject *wf_object_richcompare_impl(WfObject *self, WfObject *other, int op);
wf_hash_t wf_object_hash_impl(WfObject *self);
void wf_object_dealloc_impl(WfObject *self);
/* Generic attribute lookup; suppress != 0 returns NULL without AttributeError when missing. */
WfObject *wf_object_generic_getattr_ex(WfObject *obj, WfObject *name, int suppress);
/* isinstance(inst, cls) without __instancecheck__ (abstract.c): 1, 0 or -1. */
int wf_object_isinstance_of_type(WfObject *inst, WfTypeObject *cls);
/* The same as a StackRef: 1 found, 0 missing (suppress; no error), -1 error.
 * A value in an instance dict other threads read may come lent (tagged,
 * uncounted; valid until this thread's next quiescent state). */
struct WfStackRef;
int wf_object_generic_getattr_stackref(WfObject *obj, WfObject *name, int suppress,
                                       struct WfStackRef *out);
/* The same for a module (module.c): its dict's values lent, then __getattr__. */
int wf_module_getattr_stackref(WfObject *self, WfObject *name, struct WfStackRef *out);
/* Raise "'A' object has no attribute 'x'" with .name/.obj set. */
void wf_object_raise_no_attribute(WfObject *obj, WfObject *name);
/* Sets .name/.obj on the current AttributeError when they are unset. */
void wf_attribute_error_set_context(WfObject *obj, WfObject *name);

/* ---- type (type.c) ----------------------------------------------------- */

WfObject *wf_type_call_impl(WfObject *type, WfObject *args, WfObject *kwds);
WfObject *wf_type_vectorcall_impl(WfObject *type, WfObject *const *args, size_t nargsf,
                                  WfObject *kwnames);
/* The `__dict__` getset of instances with a tp_dictoffset. */
WfObject *wf_subtype_dict_get(WfObject *obj, void *closure);
int wf_subtype_dict_set(WfObject *obj, WfObject *value, void *closure);
/* Makes sure a static type is ready (lazily, for types nobody readied). */
static inline int wf_type_ensure_ready(WfTypeObject *type) {
    if (WF_LIKELY(__atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE) & WF_TPFLAGS_READY))
        return 0;
    return wf_type_ready(type);
}
WfObject *wf_type_getattr_suppress(WfObject *type, WfObject *name); /* miss: NULL, no error */
int wf_type_merge_dir(WfObject *d, WfTypeObject *type);  /* MRO dict keys into d (dir()) */
void wf_type_remove_subclass(WfTypeObject *base, WfTypeObject *type);
WfObject *wf_type_new_impl(WfTypeObject *meta, WfObject *args, WfObject *kwds); /* type.__new__ */
void wf_type_new_free_extras(WfTypeObject *type);  /* heap type's malloc'd member table */
/* Lock serialising type creation, readying, slot updates and the subclass
 * registry (rare, never on a lookup path); recursive. */
void wf_types_lock(void);
void wf_types_unlock(void);

/* ---- exceptions (exceptions.c) ------------------------------------------ */

int wf_exceptions_init(void);
/* The preallocated MemoryError instance (immortal). */
extern WfObject *wf_memory_error_instance;
/* Create an exception instance of type from (args tuple); fast for built-ins. */
WfObject *wf_exception_create(WfObject *type, WfObject *args);

/* ---- abstract.c ---- */
/* `value in seq` by iteration (no __contains__); 1, 0, -1. */
int wf_sequence_iter_search_contains(WfObject *seq, WfObject *value);

/* ---- singletons (singletons.c) ------------------------------------------ */
int wf_singletons_init(void);

/* ---- helpers ------------------------------------------------------------- */

/* ---- instance attributes kept inline (inline_attrs.c) ------------------- */

struct WfStackRef;
/* Plans a new class's inline attributes (type readied, its namespace in tp_dict). */
int wf_inline_attrs_plan(WfTypeObject *type);
/* obj is in inline mode under type tp (its __dict__ pointer was NULL):
 * 1 found (*out set, maybe lent), 0 name not planned, 2 not in the region:
 * read the __dict__ pointer again. */
int wf_inline_attrs_load(WfObject *obj, const WfTypeObject *tp, WfObject *name,
                         struct WfStackRef *out);
/* obj.name = value / del obj.name (value NULL): 0 done, 1 deleting an
 * unset attribute, 2 obj is in dict mode (use the dict), -1 error. */
int wf_inline_attrs_set(WfObject *obj, WfObject *name, WfObject *value);
/* For types with inline attributes (tp_inline_size): the instance dict,
 * switching obj to dict mode first (borrowed, NULL on error), and
 * obj.__dict__ = dict (steals dict). */
WfObject *wf_inline_attrs_ensure_dict(WfObject *obj);
void wf_inline_attrs_replace_dict(WfObject *obj, WfObject *dict);
/* Drops the inline values (dealloc, clear) / visits them. */
void wf_inline_attrs_clear(WfObject *obj);
int wf_inline_attrs_traverse(WfObject *obj, wf_visitproc visit, void *arg);

/* Short type name for messages ("int", "A"). */
#define WF_TYPE_NAME(o) wf_type_name(WF_TYPE(o))

#endif /* WF_TYPE_INTERNAL_H */
