/* object.h — the object header, the type object and reference counting.
 *
 * Invariants (DESIGN.md §3):
 *  - Every object starts with WfObject (32 bytes on 64-bit).
 *  - ob_ref_local is changed only by the owning thread (ob_tid), without
 *    atomics; every other thread changes ob_ref_shared atomically.
 *  - ob_ref_local == WF_IMMORTAL_REFCNT marks an immortal object: increments
 *    and decrements do nothing.
 *  - An object is freed when the local count reaches zero and the shared count
 *    (after merging) is zero too; see refcount.c.
 *  - Deferred objects (WF_GC_DEFERRED in ob_gc_bits) are not counted when
 *    pushed onto a value stack (stackref.h); they carry one extra shared
 *    reference that only the cycle collector removes.
 *
 * The C API mirrors CPython's with mechanical renames (PyObject -> WfObject,
 * Py_INCREF -> wf_incref, PyList_Append -> wf_list_append, ...). Reference
 * semantics (new / borrowed / stolen) are those of the CPython function of the
 * same name unless a comment says otherwise. Functions returning WfObject *
 * return NULL with an exception set on failure; functions returning int
 * return -1 with an exception set on failure.
 */
#ifndef WF_OBJECT_H
#define WF_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wfconfig.h"

typedef ssize_t wf_ssize_t;  /* sizes and indices, as Py_ssize_t */
typedef int64_t wf_hash_t;   /* hash values, as Py_hash_t; -1 means error */
#define WF_SSIZE_T_MAX ((wf_ssize_t)(SIZE_MAX >> 1))
#define WF_SSIZE_T_MIN (-WF_SSIZE_T_MAX - 1)

typedef struct WfTypeObject WfTypeObject;

typedef struct WfObject {
    uintptr_t ob_tid;          /* owning thread: wf_thread_id() of its creator, 0 if none */
    uint16_t ob_flags;         /* per-type bits (e.g. WF_INT_FLAG_BIG), and WF_OBJ_FLAG_BIASED */
    uint8_t ob_mutex;          /* one-byte lock for critical sections (threads/) */
    uint8_t ob_gc_bits;        /* WF_GC_* below */
    uint32_t ob_ref_local;     /* owner's references; WF_IMMORTAL_REFCNT = immortal */
    _Atomic(intptr_t) ob_ref_shared; /* (count << WF_SHARED_SHIFT) | WF_REF_* state */
    WfTypeObject *ob_type;
} WfObject;

typedef struct WfVarObject {
    WfObject ob_base;
    wf_ssize_t ob_size;        /* number of items (tuple, int digits, ...) */
} WfVarObject;

#define WF_OBJECT_HEAD WfObject ob_base
#define WF_OBJECT_VAR_HEAD WfVarObject ob_base

#define WF_TYPE(o) (((WfObject *)(o))->ob_type)
#define WF_SIZE(o) (((WfVarObject *)(o))->ob_size)
#define WF_SET_SIZE(o, n) (((WfVarObject *)(o))->ob_size = (n))
#define WF_OBJ(o) ((WfObject *)(o))

/* ob_gc_bits */
#define WF_GC_TRACKED     0x01  /* on a collector list */
#define WF_GC_DEFERRED    0x02  /* stack pushes do not count (functions, code, modules, types) */
#define WF_GC_ALIVE       0x04  /* marked reachable in the current collection */
#define WF_GC_UNREACHABLE 0x08
#define WF_GC_FINALIZED   0x10  /* __del__ already ran */
#define WF_GC_SHARED_ONCE 0x20  /* published: lock-free readers may hold it (lockfree.h) */
#define WF_GC_SHARED_READ 0x40  /* a thread other than its owner has locked it (lockfree.h) */
#define WF_GC_REVOKING    0x80  /* being marked: its owner may no longer bias (threads/bias.h) */

/* ob_flags bit common to all types (per-type bits use the others): a list,
 * dict or set whose owner has run a biased operation on it (threads/bias.h).
 * Marking an object without it needs no membarrier. */
#define WF_OBJ_FLAG_BIASED 0x8000

/* ob_ref_shared state bits (low two bits) */
#define WF_REF_SHARED_INIT    0x0
#define WF_REF_MAYBE_WEAKREF  0x1
#define WF_REF_QUEUED         0x2
#define WF_REF_MERGED         0x3
#define WF_REF_SHARED_FLAG_MASK 0x3
#define WF_SHARED_SHIFT 2

#define WF_IMMORTAL_REFCNT UINT32_MAX

/* ---- thread identity ------------------------------------------------- */

/* The calling thread's id: its TLS block address, read from a register. */
static inline uintptr_t wf_thread_id(void) {
    return (uintptr_t)__builtin_thread_pointer();
}

/* ---- reference counting ------------------------------------------------ */

void wf_merge_zero_local_refcount(WfObject *op);  /* refcount.c */
void wf_decref_shared(WfObject *op);              /* refcount.c */
void wf_dealloc(WfObject *op);                    /* calls tp_dealloc */
/* Folds op's local count into its shared count (state MERGED), gives up
 * ownership, returns the total count plus `extra` (refcount.c). */
wf_ssize_t wf_explicit_merge_refcount(WfObject *op, wf_ssize_t extra);
/* Hands a just-QUEUED object (and the reference it carries) to its owner's
 * merge queue, or merges it at once if the owner has exited (threads/brc.c). */
void wf_brc_queue_object(WfObject *op);

/* ob_ref_local and ob_tid are written by one thread (the owner; a merge)
 * and read by every thread (the immortal and ownership tests), so they are
 * accessed with relaxed atomics: the same plain moves on x86-64 and ARM64,
 * and no data race for the C model or ThreadSanitizer. */
static inline uint32_t wf_ref_local_load(const WfObject *op) {
    return __atomic_load_n(&op->ob_ref_local, __ATOMIC_RELAXED);
}

static inline bool wf_is_immortal(const WfObject *op) {
    return wf_ref_local_load(op) == WF_IMMORTAL_REFCNT;
}

static inline bool wf_is_owned_by_current_thread(const WfObject *op) {
    return __atomic_load_n(&op->ob_tid, __ATOMIC_RELAXED) == wf_thread_id();
}

/* Whether one counted reference of the calling thread is all there is: owned
 * by it, local count 1, no shared count or state (never published). No other
 * thread can reach op then. Borrowed references of the calling thread's own
 * frames are not counted, so op may still be on its stack more than once.
 * Ownership is tested first: only the owner may read ob_ref_local plainly. */
static inline bool wf_object_has_one_counted_ref(const WfObject *op) {
    return wf_is_owned_by_current_thread(op) && op->ob_ref_local == 1 &&
           atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed) == 0;
}

#ifdef WF_DEBUG
/* Debug builds: how many increments the calling thread made to counts of
 * objects it does not own (atomics on a line other threads may write); the
 * tests check that using a shared class makes none. With the environment
 * variable WEFT_DEBUG_SHARED_REFS set, each thread also tallies its shared
 * increments and decrements by object kind and prints them when it ends
 * (wf_debug_report_shared_refs): the survey that finds scaling bugs. */
extern _Thread_local uint64_t wf_debug_shared_increfs;
void wf_debug_note_shared_ref(const WfObject *op, bool increment);
void wf_debug_report_shared_refs(void);
#endif

static inline void wf_incref(WfObject *op) {
    uint32_t local = wf_ref_local_load(op);
    if (local == WF_IMMORTAL_REFCNT)
        return;
    if (wf_is_owned_by_current_thread(op))
        __atomic_store_n(&op->ob_ref_local, local + 1, __ATOMIC_RELAXED);
    else { /* relaxed: an increment orders nothing, only the final decrement does */
#ifdef WF_DEBUG
        wf_debug_note_shared_ref(op, true);
#endif
        atomic_fetch_add_explicit(&op->ob_ref_shared, (intptr_t)1 << WF_SHARED_SHIFT,
                                  memory_order_relaxed);
    }
}

static inline void wf_decref(WfObject *op) {
    uint32_t local = wf_ref_local_load(op);
    if (local == WF_IMMORTAL_REFCNT)
        return;
    if (wf_is_owned_by_current_thread(op)) {
        local--;
        __atomic_store_n(&op->ob_ref_local, local, __ATOMIC_RELAXED);
        if (local == 0)
            wf_merge_zero_local_refcount(op);
    } else {
        wf_decref_shared(op);
    }
}

static inline void wf_xincref(WfObject *op) { if (op) wf_incref(op); }
static inline void wf_xdecref(WfObject *op) { if (op) wf_decref(op); }
static inline WfObject *wf_newref(WfObject *op) { wf_incref(op); return op; }
static inline WfObject *wf_xnewref(WfObject *op) { if (op) wf_incref(op); return op; }

/* Total references (approximate when other threads race); for tests and sys.getrefcount. */
wf_ssize_t wf_refcount(const WfObject *op);

/* Make op immortal (singletons, small ints, interned strings, static types). */
void wf_set_immortal(WfObject *op);
/* Mark op deferred (DESIGN §3 rule 3). Call right after creation, owner thread only. */
void wf_set_deferred(WfObject *op);
static inline bool wf_is_deferred(const WfObject *op) {
    /* relaxed atomic: other threads may set other gc bits concurrently
     * (wf_object_publish_slow's atomic OR) */
    return (__atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_DEFERRED) != 0;
}

#define WF_CLEAR(p) do { WfObject *wf_tmp_ = (WfObject *)(p); if (wf_tmp_) { (p) = NULL; wf_decref(wf_tmp_); } } while (0)
#define WF_SETREF(dst, src) do { WfObject *wf_tmp_ = (WfObject *)(dst); (dst) = (src); wf_xdecref(wf_tmp_); } while (0)

/* ---- allocation (refcount.c / alloc.c) ---------------------------------
 * Objects are allocated through these only: they set the header (owner =
 * calling thread, local count 1) and hide the collector's pre-header for
 * WF_TPFLAGS_HAVE_GC types. Under sanitizer builds they use plain malloc.
 * Return NULL with MemoryError set on failure. */
WfObject *wf_object_alloc(WfTypeObject *type);                       /* tp_basicsize bytes */
WfObject *wf_object_alloc_var(WfTypeObject *type, wf_ssize_t nitems); /* + nitems*tp_itemsize, ob_size = nitems */
void wf_object_free(void *op);       /* frees memory from wf_object_alloc*; no decrefs */
/* Raw memory for object internals (item arrays, buffers). NULL on failure, no exception set. */
void *wf_mem_malloc(size_t n);
void *wf_mem_calloc(size_t count, size_t n);
void *wf_mem_realloc(void *p, size_t n);
void wf_mem_free(void *p);
/* Initialise the header of statically allocated objects (immortal). */
void wf_object_init_static(WfObject *op, WfTypeObject *type);

/* ---- the type object --------------------------------------------------- */

typedef WfObject *(*wf_unaryfunc)(WfObject *);
typedef WfObject *(*wf_binaryfunc)(WfObject *, WfObject *);
typedef WfObject *(*wf_ternaryfunc)(WfObject *, WfObject *, WfObject *);
typedef int (*wf_inquiry)(WfObject *);
typedef wf_ssize_t (*wf_lenfunc)(WfObject *);
typedef WfObject *(*wf_ssizeargfunc)(WfObject *, wf_ssize_t);
typedef int (*wf_ssizeobjargproc)(WfObject *, wf_ssize_t, WfObject *);
typedef int (*wf_objobjargproc)(WfObject *, WfObject *, WfObject *);
typedef int (*wf_objobjproc)(WfObject *, WfObject *);
typedef WfObject *(*wf_getattrofunc)(WfObject *, WfObject *);
typedef int (*wf_setattrofunc)(WfObject *, WfObject *, WfObject *);  /* value NULL = delete */
typedef WfObject *(*wf_reprfunc)(WfObject *);
typedef wf_hash_t (*wf_hashfunc)(WfObject *);
typedef WfObject *(*wf_richcmpfunc)(WfObject *, WfObject *, int);
typedef WfObject *(*wf_getiterfunc)(WfObject *);
/* tp_iternext: returns the next item (new ref), or NULL: exhausted when no
 * exception is set (do not set StopIteration), error when one is set. */
typedef WfObject *(*wf_iternextfunc)(WfObject *);
typedef WfObject *(*wf_descrgetfunc)(WfObject *descr, WfObject *obj, WfObject *type);
typedef int (*wf_descrsetfunc)(WfObject *descr, WfObject *obj, WfObject *value);
typedef int (*wf_initproc)(WfObject *, WfObject *args, WfObject *kwargs);
typedef WfObject *(*wf_newfunc)(WfTypeObject *, WfObject *args, WfObject *kwargs);
typedef void (*wf_destructor)(WfObject *);
typedef int (*wf_visitproc)(WfObject *, void *);
typedef int (*wf_traverseproc)(WfObject *, wf_visitproc, void *);
/* Vectorcall: args[0..nargs) positional, then len(kwnames) keyword values;
 * kwnames is a tuple of str or NULL. nargsf may carry WF_VECTORCALL_ARGUMENTS_OFFSET
 * (args[-1] may be overwritten temporarily by the callee). */
typedef WfObject *(*wf_vectorcallfunc)(WfObject *callable, WfObject *const *args,
                                       size_t nargsf, WfObject *kwnames);
#define WF_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
static inline wf_ssize_t wf_vectorcall_nargs(size_t nargsf) {
    return (wf_ssize_t)(nargsf & ~WF_VECTORCALL_ARGUMENTS_OFFSET);
}

/* C methods, members and getsets, as CPython's PyMethodDef & co. */
#define WF_METH_VARARGS  0x0001  /* f(self, args_tuple) */
#define WF_METH_KEYWORDS 0x0002  /* with VARARGS: f(self, args, kwargs_dict_or_NULL); with FASTCALL: f(self, args, nargs, kwnames) */
#define WF_METH_NOARGS   0x0004  /* f(self, NULL) */
#define WF_METH_O        0x0008  /* f(self, arg) */
#define WF_METH_CLASS    0x0010  /* first argument is the type */
#define WF_METH_STATIC   0x0020  /* no self */
#define WF_METH_FASTCALL 0x0080  /* f(self, WfObject *const *args, wf_ssize_t nargs) */
#define WF_METH_LOCK_SELF 0x1000 /* weft: runs in self's critical section (bytearray's read-only methods) */
#define WF_METH_STABLE_ARGS 0x2000 /* weft: bytearray arguments are copied in their sections first (bytes methods) */
/* weft: with FASTCALL|KEYWORDS, names from **kwargs need not be str: CPython hands
 * its METH_VARARGS|METH_KEYWORDS built-ins that dict unchecked (str.format). */
#define WF_METH_ANY_KEYWORDS 0x4000

typedef WfObject *(*wf_cfunction)(WfObject *self, WfObject *arg);

typedef struct WfMethodDef {
    const char *ml_name;
    void *ml_meth;       /* one of the signatures above, cast */
    int ml_flags;
    const char *ml_doc;
} WfMethodDef;

/* WfMemberDef.type */
#define WF_T_OBJECT    0   /* WfObject *, NULL reads as None */
#define WF_T_OBJECT_EX 1   /* WfObject *, NULL raises AttributeError */
#define WF_T_INT       2
#define WF_T_SSIZE     3
#define WF_T_DOUBLE    4
#define WF_T_BOOL      5   /* char */
#define WF_READONLY    1

typedef struct WfMemberDef {
    const char *name;
    int type;
    wf_ssize_t offset;
    int flags;
    const char *doc;
} WfMemberDef;

typedef WfObject *(*wf_getter)(WfObject *, void *closure);
typedef int (*wf_setter)(WfObject *, WfObject *value, void *closure);
typedef struct WfGetSetDef {
    const char *name;
    wf_getter get;
    wf_setter set;
    const char *doc;
    void *closure;
} WfGetSetDef;

/* tp_flags */
#define WF_TPFLAGS_HEAPTYPE          (1UL << 9)
#define WF_TPFLAGS_BASETYPE          (1UL << 10)
#define WF_TPFLAGS_READY             (1UL << 12)
#define WF_TPFLAGS_READYING          (1UL << 13)
#define WF_TPFLAGS_HAVE_GC           (1UL << 14)
#define WF_TPFLAGS_METHOD_DESCRIPTOR (1UL << 17) /* unbound calls may skip the bound-method object */
#define WF_TPFLAGS_VALID_VERSION_TAG (1UL << 19)
#define WF_TPFLAGS_IS_ABSTRACT       (1UL << 20)
#define WF_TPFLAGS_INT_SUBCLASS      (1UL << 24)
#define WF_TPFLAGS_LIST_SUBCLASS     (1UL << 25)
#define WF_TPFLAGS_TUPLE_SUBCLASS    (1UL << 26)
#define WF_TPFLAGS_BYTES_SUBCLASS    (1UL << 27)
#define WF_TPFLAGS_STR_SUBCLASS      (1UL << 28)
#define WF_TPFLAGS_DICT_SUBCLASS     (1UL << 29)
#define WF_TPFLAGS_BASE_EXC_SUBCLASS (1UL << 30)
#define WF_TPFLAGS_TYPE_SUBCLASS     (1UL << 31)

/* Rich comparison operators (same values as CPython) */
#define WF_LT 0
#define WF_LE 1
#define WF_EQ 2
#define WF_NE 3
#define WF_GT 4
#define WF_GE 5

/* The type object. Number, sequence and mapping slots are flattened into the
 * type (no tp_as_number indirection). A NULL slot means "not supported";
 * wf_type_ready() inherits unset slots from the base. */
struct WfTypeObject {
    WF_OBJECT_VAR_HEAD;
    const char *tp_name;            /* "int", "module.Class" for C types */
    wf_ssize_t tp_basicsize, tp_itemsize;
    unsigned long tp_flags;
    const char *tp_doc;

    wf_destructor tp_dealloc;       /* decref contents, then wf_object_free() */
    wf_reprfunc tp_repr, tp_str;
    wf_hashfunc tp_hash;            /* NULL after ready = unhashable (wf_object_hash_not_implemented) */
    wf_ternaryfunc tp_call;         /* (callable, args tuple, kwargs dict or NULL) */
    wf_vectorcallfunc tp_vectorcall;/* fast call for instances of this type, optional */
    wf_getattrofunc tp_getattro;
    wf_setattrofunc tp_setattro;
    wf_richcmpfunc tp_richcompare;
    wf_getiterfunc tp_iter;
    wf_iternextfunc tp_iternext;
    wf_descrgetfunc tp_descr_get;
    wf_descrsetfunc tp_descr_set;
    wf_initproc tp_init;
    wf_newfunc tp_new;
    wf_destructor tp_free_hook;     /* unused for now; reserved for finalizers */
    wf_traverseproc tp_traverse;
    wf_inquiry tp_clear;

    /* number */
    wf_binaryfunc nb_add, nb_subtract, nb_multiply, nb_remainder, nb_divmod;
    wf_ternaryfunc nb_power;
    wf_unaryfunc nb_negative, nb_positive, nb_absolute;
    wf_inquiry nb_bool;
    wf_unaryfunc nb_invert;
    wf_binaryfunc nb_lshift, nb_rshift, nb_and, nb_xor, nb_or;
    wf_unaryfunc nb_int, nb_float, nb_index;
    wf_binaryfunc nb_inplace_add, nb_inplace_subtract, nb_inplace_multiply,
        nb_inplace_remainder;
    wf_ternaryfunc nb_inplace_power;
    wf_binaryfunc nb_inplace_lshift, nb_inplace_rshift, nb_inplace_and,
        nb_inplace_xor, nb_inplace_or;
    wf_binaryfunc nb_floor_divide, nb_true_divide, nb_inplace_floor_divide,
        nb_inplace_true_divide, nb_matrix_multiply, nb_inplace_matrix_multiply;

    /* sequence */
    wf_lenfunc sq_length;
    wf_binaryfunc sq_concat;
    wf_ssizeargfunc sq_repeat;
    wf_ssizeargfunc sq_item;
    wf_ssizeobjargproc sq_ass_item;
    wf_objobjproc sq_contains;
    wf_binaryfunc sq_inplace_concat;
    wf_ssizeargfunc sq_inplace_repeat;

    /* mapping */
    wf_lenfunc mp_length;
    wf_binaryfunc mp_subscript;
    wf_objobjargproc mp_ass_subscript;   /* value NULL = delete */

    WfMethodDef *tp_methods;
    WfMemberDef *tp_members;
    WfGetSetDef *tp_getset;

    WfTypeObject *tp_base;
    WfObject *tp_bases;             /* tuple */
    WfObject *tp_mro;               /* tuple */
    WfObject *tp_dict;              /* dict: the class namespace */
    wf_ssize_t tp_dictoffset;       /* offset of the instance __dict__ pointer, 0 = none */
    wf_ssize_t tp_weaklistoffset;
    /* Classes whose instances keep their attributes inline (inline_attrs.c):
     * the planned names (tuple of interned str) and the bytes of the region
     * after tp_basicsize that holds them; NULL and 0 for every other type. */
    WfObject *tp_inline_names;
    wf_ssize_t tp_inline_size;
    WfObject *tp_subclasses;        /* dict id -> weak ref; type.c owns */
    _Atomic(uint32_t) tp_version_tag; /* 0 = no valid tag; see type.c */
    WfObject *tp_name_obj;          /* heap types: __name__ (str) */
    WfObject *tp_qualname;          /* heap types: __qualname__ (str) */
    WfObject *tp_module;            /* heap types: __module__ (str) */
    void *tp_cache;                 /* type.c: method cache / specializer data */
    uint32_t tp_instance_ref_id;    /* classes: index of the per-thread counts (thread_refs.c) */
};

#define WF_TYPE_HAS_FLAG(t, f) (((t)->tp_flags & (f)) != 0)
#define WF_IS_TYPE(o, t) (WF_TYPE(o) == (t))

#endif /* WF_OBJECT_H */
