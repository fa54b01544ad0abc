/* type.c — type objects: readying, MRO, lookup, version tags, the subclass
 * registry and the `type` type itself. Class creation (type.__new__) is in
 * type_new.c, dunder-backed slots in type_slots.c.
 *
 * Invariants:
 *  - A type is READY (flag stored with release order, read with acquire)
 *    once its tp_mro, tp_bases, tp_dict and inherited slots are final; only
 *    heap-type attribute assignment (type_setattro) changes a ready type, and
 *    it calls wf_type_modified and re-derives the affected slots.
 *  - tp_mro[0] is the type itself; attribute lookup walks tp_mro's dicts in
 *    order (wf_type_lookup), so a lookup never writes shared memory.
 *  - tp_version_tag != 0 promises: the attributes found by lookup on this
 *    type are those found when the tag was assigned. wf_type_modified zeroes
 *    the tag of the type and of every (transitive) subclass; tags are handed
 *    out again lazily (wf_type_get_version) from a global counter.
 *  - tp_subclasses of a type is a dict {id: id} of its direct subclasses
 *    (ints, no references to them); heap types remove themselves when freed.
 *  - Readying, class creation, slot updates and the registry run under one
 *    recursive lock (wf_types_lock): rare events, never on a lookup path.
 *  - Threads (docs/containers-threads.md): wf_type_lookup and the attribute
 *    cache hand out BORROWED pointers read without a lock. A value that
 *    type_setattro replaces or deletes is therefore not dropped at once once
 *    threads exist: it waits a QSBR grace period (wf_object_retire_ref), so a
 *    reader that found it before the write can still take its reference.
 *    The dict write comes before the tag invalidation, so a stale cache
 *    entry only ever matches a tag that is already dead.
 */
#include <pthread.h>
#include <string.h>

#include "runtime/objects/dict_internal.h"
#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

/* ======================================================================
 * The types lock
 * ====================================================================== */

/* Global, guarded by itself: serialises the rare mutations of type objects. */
static pthread_mutex_t types_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void wf_types_lock(void) { pthread_mutex_lock(&types_mutex); }
void wf_types_unlock(void) { pthread_mutex_unlock(&types_mutex); }

/* ======================================================================
 * Version tags
 * ====================================================================== */

/* Global counter: atomically incremented, so concurrent assignments never
 * hand out the same tag. 0 is never a valid tag. */
static _Atomic(uint32_t) next_version_tag = 1;

static void assign_version_tag(WfTypeObject *type) {
    uint32_t tag = atomic_fetch_add_explicit(&next_version_tag, 1, memory_order_relaxed);
    if (tag == 0) /* wrapped: leave the type untagged rather than reuse tags */
        return;
    atomic_store_explicit(&type->tp_version_tag, tag, memory_order_release);
}

/* The type's version tag, assigning a fresh one when it was invalidated.
 * Returns 0 only when tags are exhausted. */
uint32_t wf_type_get_version(WfTypeObject *type) {
    uint32_t tag = atomic_load_explicit(&type->tp_version_tag, memory_order_acquire);
    if (tag)
        return tag;
    wf_types_lock();
    tag = atomic_load_explicit(&type->tp_version_tag, memory_order_acquire);
    if (!tag) {
        assign_version_tag(type);
        tag = atomic_load_explicit(&type->tp_version_tag, memory_order_acquire);
    }
    wf_types_unlock();
    return tag;
}

static void modified_locked(WfTypeObject *type) {
    atomic_store_explicit(&type->tp_version_tag, 0, memory_order_release);
    WfObject *subs = type->tp_subclasses;
    if (!subs)
        return;
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    while (wf_dict_next(subs, &pos, &key, &value))
        modified_locked((WfTypeObject *)(uintptr_t)wf_int_as_int64(key));
}

void wf_type_modified(WfTypeObject *type) {
    wf_types_lock();
    modified_locked(type);
    wf_types_unlock();
}

/* ======================================================================
 * Subclass registry
 * ====================================================================== */

static int add_subclass(WfTypeObject *base, WfTypeObject *type) {
    if (!base->tp_subclasses) {
        base->tp_subclasses = wf_dict_new();
        if (!base->tp_subclasses)
            return -1;
    }
    WfObject *key = wf_int_from_uint64((uintptr_t)type);
    if (!key)
        return -1;
    int r = wf_dict_set_item(base->tp_subclasses, key, key);
    wf_decref(key);
    return r;
}

void wf_type_remove_subclass(WfTypeObject *base, WfTypeObject *type) {
    if (!base->tp_subclasses)
        return;
    WfObject *key = wf_int_from_uint64((uintptr_t)type);
    if (!key) {
        wf_err_clear();
        return;
    }
    if (wf_dict_del_item(base->tp_subclasses, key) < 0)
        wf_err_clear();
    wf_decref(key);
}

static int register_subclass(WfTypeObject *type) {
    WfObject *bases = type->tp_bases;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(bases); i++)
        if (add_subclass((WfTypeObject *)WF_TUPLE_ITEM(bases, i), type) < 0)
            return -1;
    return 0;
}

/* New list of the direct subclasses (type.__subclasses__()). */
static WfObject *type_subclasses(WfObject *self, WfObject *unused) {
    WfTypeObject *type = (WfTypeObject *)self;
    WfObject *list = wf_list_new(0);
    if (!list)
        return NULL;
    wf_types_lock();
    if (type->tp_subclasses) {
        wf_ssize_t pos = 0;
        WfObject *key, *value;
        while (wf_dict_next(type->tp_subclasses, &pos, &key, &value)) {
            WfObject *sub = (WfObject *)(uintptr_t)wf_int_as_int64(key);
            if (wf_list_append(list, sub) < 0) {
                wf_types_unlock();
                wf_decref(list);
                return NULL;
            }
        }
    }
    wf_types_unlock();
    return list;
}

/* ======================================================================
 * Lookup
 * ====================================================================== */

int wf_type_is_subtype(WfTypeObject *a, WfTypeObject *b) {
    if (a == b)
        return 1;
    WfObject *mro = a->tp_mro;
    if (mro) {
        wf_ssize_t n = WF_TUPLE_SIZE(mro);
        for (wf_ssize_t i = 0; i < n; i++)
            if (WF_TUPLE_ITEM(mro, i) == (WfObject *)b)
                return 1;
        return 0;
    }
    /* Not ready yet: follow the base chain. */
    for (; a; a = a->tp_base)
        if (a == b)
            return 1;
    return b == &wf_object_type;
}

/* ----------------------------------------------------------------------
 * The attribute cache: CPython's method cache, made safe for free threading.
 * One global table of (version tag, interned name) -> result (possibly NULL,
 * "not found"). Global mutable state, safe because:
 *  - each entry is a seqlock: a writer makes `seq` odd with a CAS, writes the
 *    fields, then publishes an even `seq` (release); a reader reads `seq`
 *    (acquire), the fields (acquire, so the re-read stays after them) and
 *    re-reads `seq`;
 *    a torn or in-progress entry is a miss. Readers never write.
 *  - a result is cached under the tag the type had *before* its MRO was
 *    walked, and only if the tag is still current after the walk; any later
 *    change to the type (or a base) gives it a new tag, so a stale entry can
 *    never match again.
 * Values are borrowed from the type dicts, like wf_type_lookup's result.
 * ---------------------------------------------------------------------- */
#define ATTR_CACHE_BITS 12
#define ATTR_CACHE_SIZE (1u << ATTR_CACHE_BITS)

typedef struct {
    _Atomic(uint32_t) seq;
    _Atomic(uint32_t) version;
    _Atomic(WfObject *) name;
    _Atomic(WfObject *) value;
} AttrCacheEntry;

static AttrCacheEntry attr_cache[ATTR_CACHE_SIZE];

static inline AttrCacheEntry *cache_entry(uint32_t tag, WfObject *name) {
    return &attr_cache[(tag ^ (uint32_t)((uintptr_t)name >> 3)) & (ATTR_CACHE_SIZE - 1)];
}

/* 1 with *value on a hit, 0 on a miss. */
static inline int cache_get(uint32_t tag, WfObject *name, WfObject **value) {
    AttrCacheEntry *e = cache_entry(tag, name);
    uint32_t s1 = atomic_load_explicit(&e->seq, memory_order_acquire);
    if (s1 & 1)
        return 0;
    /* Acquire loads (free on x86) keep the re-read of seq after them, which
     * is what the usual acquire fence does; ThreadSanitizer understands
     * these and not the fence. Partner: the release store of seq in
     * cache_put. */
    uint32_t v = atomic_load_explicit(&e->version, memory_order_acquire);
    WfObject *n = atomic_load_explicit(&e->name, memory_order_acquire);
    WfObject *val = atomic_load_explicit(&e->value, memory_order_acquire);
    if (atomic_load_explicit(&e->seq, memory_order_relaxed) != s1 || v != tag || n != name)
        return 0;
    *value = val;
    return 1;
}

static void cache_put(uint32_t tag, WfObject *name, WfObject *value) {
    AttrCacheEntry *e = cache_entry(tag, name);
    uint32_t s = atomic_load_explicit(&e->seq, memory_order_relaxed);
    if ((s & 1) || !atomic_compare_exchange_strong_explicit(&e->seq, &s, s + 1,
                                                            memory_order_acquire,
                                                            memory_order_relaxed))
        return;  /* another writer: leave the entry to it */
    /* Release: a reader whose acquire load sees a new field also sees the
     * odd seq stored before it, so its re-read of seq rejects the entry. */
    atomic_store_explicit(&e->version, tag, memory_order_release);
    atomic_store_explicit(&e->name, name, memory_order_release);
    atomic_store_explicit(&e->value, value, memory_order_release);
    atomic_store_explicit(&e->seq, s + 2, memory_order_release);
}

static WfObject *find_in_mro(WfTypeObject *type, WfObject *name) {
    WfObject *mro = type->tp_mro;
    if (WF_UNLIKELY(mro == NULL)) {
        /* Readying in progress (lookups during wf_type_ready). */
        for (WfTypeObject *t = type; t; t = t->tp_base) {
            if (!t->tp_dict)
                continue;
            WfObject *res = wf_dict_get_item_with_error(t->tp_dict, name);
            if (res)
                return res;
        }
        return NULL;
    }
    wf_ssize_t n = WF_TUPLE_SIZE(mro);
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *dict = ((WfTypeObject *)WF_TUPLE_ITEM(mro, i))->tp_dict;
        if (!dict)
            continue;
        WfObject *res = wf_dict_get_item_with_error(dict, name);
        if (res)
            return res;
    }
    /* A miss sets nothing: names are str, whose lookups cannot fail (and an
     * exception that was already set, e.g. during unwinding, must stay). */
    return NULL;
}

/* Borrowed result: the dicts of ready types only gain or replace entries
 * under heap-type assignment; the values a hot path reads (functions,
 * descriptors) are deferred or immortal and outlive a concurrent replace. */
WfObject *wf_type_lookup(WfTypeObject *type, WfObject *name) {
    unsigned long flags = __atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE);
    if (WF_UNLIKELY(!(flags & WF_TPFLAGS_READY))) {
        if (wf_type_ready(type) < 0) {
            wf_err_clear();
            return NULL;
        }
        if (!(__atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE) & WF_TPFLAGS_READY))
            return find_in_mro(type, name);  /* being readied by this thread */
    }
    if (WF_UNLIKELY(!wf_str_check_exact(name) || !wf_str_is_interned(name)))
        return find_in_mro(type, name);
    uint32_t tag = atomic_load_explicit(&type->tp_version_tag, memory_order_acquire);
    WfObject *res;
    if (WF_LIKELY(tag != 0)) {
        if (cache_get(tag, name, &res))
            return res;
    } else {
        tag = wf_type_get_version(type);
    }
    res = find_in_mro(type, name);
    if (tag && atomic_load_explicit(&type->tp_version_tag, memory_order_acquire) == tag)
        cache_put(tag, name, res);
    return res;
}

const char *wf_type_name(WfTypeObject *type) {
    const char *name = type->tp_name;
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
        return name;
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* ======================================================================
 * MRO (C3 linearisation)
 * ====================================================================== */

static int tail_contains(WfObject *const *seq, wf_ssize_t start, wf_ssize_t n, WfObject *o) {
    for (wf_ssize_t i = start + 1; i < n; i++)
        if (seq[i] == o)
            return 1;
    return 0;
}

static void set_mro_error(WfObject **lists[], wf_ssize_t sizes[], wf_ssize_t remain[],
                          wf_ssize_t nlists) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_cstr(
        &b, "Cannot create a consistent method resolution\norder (MRO) for bases");
    WfObject *seen[64];
    int nseen = 0;
    for (wf_ssize_t i = 0; i < nlists; i++) {
        if (remain[i] >= sizes[i])
            continue;
        WfObject *head = lists[i][remain[i]];
        int dup = 0;
        for (int k = 0; k < nseen; k++)
            dup |= seen[k] == head;
        if (dup)
            continue;
        if (nseen < 64)
            seen[nseen] = head;
        wf_str_builder_append_cstr(&b, nseen++ ? ", " : " ");
        wf_str_builder_append_cstr(&b, wf_type_name((WfTypeObject *)head));
    }
    WfObject *msg = wf_str_builder_finish(&b);
    if (msg) {
        wf_err_set_object(wf_exc_TypeError, msg);
        wf_decref(msg);
    }
}

/* C3 merge of the bases' MROs and the bases list; returns a new tuple
 * starting with type. */
static WfObject *mro_c3(WfTypeObject *type) {
    WfObject *bases = type->tp_bases;
    wf_ssize_t nb = WF_TUPLE_SIZE(bases);
    if (nb == 0)
        return wf_tuple_pack(1, (WfObject *)type);
    if (nb == 1) {
        WfObject *bmro = ((WfTypeObject *)WF_TUPLE_ITEM(bases, 0))->tp_mro;
        wf_ssize_t n = WF_TUPLE_SIZE(bmro);
        WfObject *res = wf_tuple_new(n + 1);
        if (!res)
            return NULL;
        WF_TUPLE_SET_ITEM(res, 0, wf_newref((WfObject *)type));
        for (wf_ssize_t i = 0; i < n; i++)
            WF_TUPLE_SET_ITEM(res, i + 1, wf_newref(WF_TUPLE_ITEM(bmro, i)));
        return res;
    }
    wf_ssize_t nlists = nb + 1;
    WfObject ***lists = wf_mem_malloc(sizeof(WfObject **) * nlists);
    wf_ssize_t *sizes = wf_mem_malloc(sizeof(wf_ssize_t) * nlists);
    wf_ssize_t *remain = wf_mem_calloc(nlists, sizeof(wf_ssize_t));
    WfObject *result = wf_list_new(0);
    if (!lists || !sizes || !remain || !result) {
        if (result)
            WF_CLEAR(result);
        else
            wf_err_no_memory();
        goto done;
    }
    for (wf_ssize_t i = 0; i < nb; i++) {
        WfObject *bmro = ((WfTypeObject *)WF_TUPLE_ITEM(bases, i))->tp_mro;
        lists[i] = WF_TUPLE_ITEMS(bmro);
        sizes[i] = WF_TUPLE_SIZE(bmro);
    }
    lists[nb] = WF_TUPLE_ITEMS(bases);
    sizes[nb] = nb;
    if (wf_list_append(result, (WfObject *)type) < 0) {
        WF_CLEAR(result);
        goto done;
    }
    for (;;) {
        int empty = 1, found = 0;
        for (wf_ssize_t i = 0; i < nlists; i++) {
            if (remain[i] >= sizes[i])
                continue;
            empty = 0;
            WfObject *cand = lists[i][remain[i]];
            int bad = 0;
            for (wf_ssize_t j = 0; j < nlists && !bad; j++)
                bad = tail_contains(lists[j], remain[j], sizes[j], cand);
            if (bad)
                continue;
            if (wf_list_append(result, cand) < 0) {
                WF_CLEAR(result);
                goto done;
            }
            for (wf_ssize_t j = 0; j < nlists; j++)
                if (remain[j] < sizes[j] && lists[j][remain[j]] == cand)
                    remain[j]++;
            found = 1;
            break;
        }
        if (empty)
            break;
        if (!found) {
            set_mro_error(lists, sizes, remain, nlists);
            WF_CLEAR(result);
            goto done;
        }
    }
done:
    wf_mem_free(lists);
    wf_mem_free(sizes);
    wf_mem_free(remain);
    if (!result)
        return NULL;
    WfObject *t = wf_list_as_tuple(result);
    wf_decref(result);
    return t;
}

/* The MRO: a metaclass overriding mro() is honoured for heap metaclasses. */
static WfObject *compute_mro(WfTypeObject *type) {
    WfTypeObject *meta = WF_TYPE(type);
    if (meta != &wf_type_type && WF_TYPE_HAS_FLAG(meta, WF_TPFLAGS_HEAPTYPE)) {
        WfObject *mro_meth = wf_type_lookup(meta, WF_ID(mro));
        WfObject *default_mro = wf_type_lookup(&wf_type_type, WF_ID(mro));
        if (mro_meth && mro_meth != default_mro) {
            WfObject *res = wf_object_call_method_objargs((WfObject *)type, WF_ID(mro), NULL);
            if (!res)
                return NULL;
            WfObject *t = wf_sequence_tuple(res);
            wf_decref(res);
            return t;
        }
    }
    return mro_c3(type);
}

/* ======================================================================
 * Readying
 * ====================================================================== */

#define SLOT_OFF(f) offsetof(WfTypeObject, f)
/* Every function-pointer slot inherited when unset (tp_hash, tp_richcompare,
 * tp_new, tp_call/tp_vectorcall are handled separately). */
static const size_t inherited_slots[] = {
    SLOT_OFF(tp_dealloc), SLOT_OFF(tp_repr), SLOT_OFF(tp_str), SLOT_OFF(tp_getattro),
    SLOT_OFF(tp_setattro), SLOT_OFF(tp_iter), SLOT_OFF(tp_iternext),
    SLOT_OFF(tp_descr_get), SLOT_OFF(tp_descr_set), SLOT_OFF(tp_init),
    SLOT_OFF(tp_free_hook), SLOT_OFF(tp_traverse), SLOT_OFF(tp_clear),
    SLOT_OFF(nb_add), SLOT_OFF(nb_subtract), SLOT_OFF(nb_multiply), SLOT_OFF(nb_remainder),
    SLOT_OFF(nb_divmod), SLOT_OFF(nb_power), SLOT_OFF(nb_negative), SLOT_OFF(nb_positive),
    SLOT_OFF(nb_absolute), SLOT_OFF(nb_bool), SLOT_OFF(nb_invert), SLOT_OFF(nb_lshift),
    SLOT_OFF(nb_rshift), SLOT_OFF(nb_and), SLOT_OFF(nb_xor), SLOT_OFF(nb_or),
    SLOT_OFF(nb_int), SLOT_OFF(nb_float), SLOT_OFF(nb_index), SLOT_OFF(nb_inplace_add),
    SLOT_OFF(nb_inplace_subtract), SLOT_OFF(nb_inplace_multiply),
    SLOT_OFF(nb_inplace_remainder), SLOT_OFF(nb_inplace_power), SLOT_OFF(nb_inplace_lshift),
    SLOT_OFF(nb_inplace_rshift), SLOT_OFF(nb_inplace_and), SLOT_OFF(nb_inplace_xor),
    SLOT_OFF(nb_inplace_or), SLOT_OFF(nb_floor_divide), SLOT_OFF(nb_true_divide),
    SLOT_OFF(nb_inplace_floor_divide), SLOT_OFF(nb_inplace_true_divide),
    SLOT_OFF(nb_matrix_multiply), SLOT_OFF(nb_inplace_matrix_multiply),
    SLOT_OFF(sq_length), SLOT_OFF(sq_concat), SLOT_OFF(sq_repeat), SLOT_OFF(sq_item),
    SLOT_OFF(sq_ass_item), SLOT_OFF(sq_contains), SLOT_OFF(sq_inplace_concat),
    SLOT_OFF(sq_inplace_repeat), SLOT_OFF(mp_length), SLOT_OFF(mp_subscript),
    SLOT_OFF(mp_ass_subscript),
};

static inline void **slot_ptr(WfTypeObject *type, size_t off) {
    return (void **)((char *)type + off);
}

static void inherit_slots(WfTypeObject *type, WfTypeObject *base) {
    for (size_t i = 0; i < sizeof(inherited_slots) / sizeof(inherited_slots[0]); i++) {
        void **dst = slot_ptr(type, inherited_slots[i]);
        if (*dst == NULL)
            *dst = *slot_ptr(base, inherited_slots[i]);
    }
    /* __eq__ and __hash__ go together: a type defining its own comparison
     * does not inherit a hash (it is unhashable unless it defines one). A
     * type defining only a hash keeps the inherited comparison. */
    if (type->tp_richcompare == NULL && type->tp_hash == NULL) {
        type->tp_richcompare = base->tp_richcompare;
        type->tp_hash = base->tp_hash;
    } else if (type->tp_richcompare == NULL) {
        type->tp_richcompare = base->tp_richcompare;
    }
    /* A vectorcall entry is valid only for the tp_call it shortcuts. */
    if (type->tp_call == NULL) {
        type->tp_call = base->tp_call;
        if (type->tp_vectorcall == NULL)
            type->tp_vectorcall = base->tp_vectorcall;
    }
}

#define SUBCLASS_FLAGS                                                                      \
    (WF_TPFLAGS_INT_SUBCLASS | WF_TPFLAGS_LIST_SUBCLASS | WF_TPFLAGS_TUPLE_SUBCLASS |        \
     WF_TPFLAGS_BYTES_SUBCLASS | WF_TPFLAGS_STR_SUBCLASS | WF_TPFLAGS_DICT_SUBCLASS |        \
     WF_TPFLAGS_BASE_EXC_SUBCLASS | WF_TPFLAGS_TYPE_SUBCLASS)

static unsigned long own_subclass_flag(WfTypeObject *type) {
    if (type == &wf_int_type)
        return WF_TPFLAGS_INT_SUBCLASS;
    if (type == &wf_list_type)
        return WF_TPFLAGS_LIST_SUBCLASS;
    if (type == &wf_tuple_type)
        return WF_TPFLAGS_TUPLE_SUBCLASS;
    if (type == &wf_bytes_type)
        return WF_TPFLAGS_BYTES_SUBCLASS;
    if (type == &wf_str_type)
        return WF_TPFLAGS_STR_SUBCLASS;
    if (type == &wf_dict_type)
        return WF_TPFLAGS_DICT_SUBCLASS;
    if (type == &wf_type_type)
        return WF_TPFLAGS_TYPE_SUBCLASS;
    if (type == (WfTypeObject *)wf_exc_BaseException)
        return WF_TPFLAGS_BASE_EXC_SUBCLASS;
    return 0;
}

static void inherit_special(WfTypeObject *type, WfTypeObject *base) {
    if (!(type->tp_flags & WF_TPFLAGS_HAVE_GC) && (base->tp_flags & WF_TPFLAGS_HAVE_GC) &&
        !type->tp_traverse && !type->tp_clear)
        type->tp_flags |= WF_TPFLAGS_HAVE_GC;
    if (type->tp_basicsize == 0)
        type->tp_basicsize = base->tp_basicsize;
    if (type->tp_itemsize == 0)
        type->tp_itemsize = base->tp_itemsize;
    if (type->tp_dictoffset == 0)
        type->tp_dictoffset = base->tp_dictoffset;
    if (type->tp_weaklistoffset == 0)
        type->tp_weaklistoffset = base->tp_weaklistoffset;
    type->tp_flags |= base->tp_flags & SUBCLASS_FLAGS;
}

/* Static types' descriptors live as long as the type: make them immortal so
 * reading them from every thread writes no refcount. */
static int dict_add_descr(WfTypeObject *type, WfObject *name, WfObject *descr) {
    if (!descr)
        return -1;
    int r = 0;
    if (!wf_dict_contains(type->tp_dict, name))
        r = wf_dict_set_item(type->tp_dict, name, descr);
    if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
        wf_set_immortal(descr);
    wf_decref(descr);
    return r;
}

static int add_methods(WfTypeObject *type) {
    for (WfMethodDef *m = type->tp_methods; m && m->ml_name; m++) {
        WfObject *name = wf_str_intern_cstr(m->ml_name);
        WfObject *descr;
        if (!name)
            return -1;
        if (m->ml_flags & WF_METH_CLASS) {
            descr = wf_descr_new_classmethod(type, m);
        } else if (m->ml_flags & WF_METH_STATIC) {
            WfObject *f = wf_cfunction_new(m, NULL, NULL);
            if (!f)
                return -1;
            descr = wf_staticmethod_new(f);
            wf_decref(f);
        } else {
            descr = wf_descr_new_method(type, m);
        }
        if (dict_add_descr(type, name, descr) < 0)
            return -1;
    }
    for (WfMemberDef *m = type->tp_members; m && m->name; m++) {
        WfObject *name = wf_str_intern_cstr(m->name);
        if (!name || dict_add_descr(type, name, wf_descr_new_member(type, m)) < 0)
            return -1;
    }
    for (WfGetSetDef *g = type->tp_getset; g && g->name; g++) {
        WfObject *name = wf_str_intern_cstr(g->name);
        if (!name || dict_add_descr(type, name, wf_descr_new_getset(type, g)) < 0)
            return -1;
    }
    return 0;
}

/* tp_new: static types that set it get a `__new__` builtin; static types
 * directly under object that do not cannot be instantiated from Python. */
static int ready_new(WfTypeObject *type, WfTypeObject *base) {
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        if (!type->tp_new && base)
            type->tp_new = base->tp_new;
        return 0;
    }
    if (type->tp_new) {
        if (wf_dict_contains(type->tp_dict, WF_ID(__new__)))
            return 0;
        WfObject *f = wf_cfunction_new(&wf_tp_new_methoddef, (WfObject *)type, NULL);
        return dict_add_descr(type, WF_ID(__new__), f);
    }
    if (base && base != &wf_object_type)
        type->tp_new = base->tp_new;
    return 0;
}

static int ready_hash(WfTypeObject *type) {
    if (type->tp_hash != NULL)
        return 0;
    type->tp_hash = wf_object_hash_not_implemented;
    if (!wf_dict_contains(type->tp_dict, WF_ID(__hash__)))
        return wf_dict_set_item(type->tp_dict, WF_ID(__hash__), WF_NONE);
    return 0;
}

static int ready_doc(WfTypeObject *type) {
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) ||
        wf_dict_contains(type->tp_dict, WF_ID(__doc__)))
        return 0;
    if (!type->tp_doc)
        return wf_dict_set_item(type->tp_dict, WF_ID(__doc__), WF_NONE);
    WfObject *doc = wf_str_from_cstr(type->tp_doc);
    if (!doc)
        return -1;
    wf_set_immortal(doc);
    return wf_dict_set_item(type->tp_dict, WF_ID(__doc__), doc);
}

static int ready_locked(WfTypeObject *type) {
    bool heap = WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE);
    type->tp_flags |= WF_TPFLAGS_READYING;
    if (WF_OBJ(type)->ob_type == NULL)
        wf_object_init_static(WF_OBJ(type), &wf_type_type);
    WfTypeObject *base = type->tp_base;
    if (base == NULL && type != &wf_object_type)
        base = type->tp_base = &wf_object_type;
    if (base && wf_type_ready(base) < 0)
        return -1;
    if (type->tp_bases == NULL) {
        type->tp_bases = base ? wf_tuple_pack(1, (WfObject *)base) : wf_newref(wf_tuple_empty);
        if (!type->tp_bases)
            return -1;
        if (!heap)
            wf_set_immortal(type->tp_bases);
    }
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(type->tp_bases); i++)
        if (wf_type_ready((WfTypeObject *)WF_TUPLE_ITEM(type->tp_bases, i)) < 0)
            return -1;
    if (type->tp_dict == NULL) {
        type->tp_dict = wf_dict_new();
        if (!type->tp_dict)
            return -1;
        if (!heap)
            wf_set_immortal(type->tp_dict);
    }
    type->tp_flags |= own_subclass_flag(type);
    if (!heap && wf_type_add_operators(type) < 0)
        return -1;
    if (add_methods(type) < 0)
        return -1;
    WfObject *mro = compute_mro(type);
    if (!mro)
        return -1;
    type->tp_mro = mro;
    if (!heap)
        wf_set_immortal(mro);
    if (base)
        inherit_special(type, base);
    for (wf_ssize_t i = 1; i < WF_TUPLE_SIZE(mro); i++) {
        WfTypeObject *b = (WfTypeObject *)WF_TUPLE_ITEM(mro, i);
        if (wf_type_check((WfObject *)b))
            inherit_slots(type, b);
    }
    if (ready_new(type, base) < 0 || ready_hash(type) < 0 || ready_doc(type) < 0)
        return -1;
    if (register_subclass(type) < 0)
        return -1;
    assign_version_tag(type);
    __atomic_store_n(&type->tp_flags,
                     (type->tp_flags & ~WF_TPFLAGS_READYING) | WF_TPFLAGS_READY,
                     __ATOMIC_RELEASE);
    return 0;
}

int wf_type_ready(WfTypeObject *type) {
    if (__atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE) & WF_TPFLAGS_READY)
        return 0;
    wf_types_lock();
    int r = 0;
    /* READYING: a recursive request while this type is being readied (e.g.
     * object's descriptors need their types' names): what is there is enough. */
    if (!(type->tp_flags & (WF_TPFLAGS_READY | WF_TPFLAGS_READYING))) {
        r = ready_locked(type);
        if (r < 0)
            type->tp_flags &= ~WF_TPFLAGS_READYING;
    }
    wf_types_unlock();
    return r;
}

/* ======================================================================
 * Allocation
 * ====================================================================== */

WfObject *wf_type_generic_alloc(WfTypeObject *type, wf_ssize_t nitems) {
    WfObject *obj;
    size_t size;
    if (type->tp_itemsize) {
        /* Round up so that a trailing __dict__ pointer (negative
         * tp_dictoffset) is aligned and inside the block. */
        size_t raw = (size_t)type->tp_basicsize + (size_t)nitems * (size_t)type->tp_itemsize;
        size = (raw + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
        wf_ssize_t extra = (wf_ssize_t)((size - raw + (size_t)type->tp_itemsize - 1) /
                                        (size_t)type->tp_itemsize);
        obj = wf_object_alloc_var(type, nitems + extra);
        if (!obj)
            return NULL;
        size = (size_t)type->tp_basicsize + (size_t)(nitems + extra) * (size_t)type->tp_itemsize;
        memset((char *)obj + sizeof(WfVarObject), 0, size - sizeof(WfVarObject));
        WF_SET_SIZE(obj, nitems);
    } else {
        obj = wf_object_alloc(type);
        if (!obj)
            return NULL;
        size = (size_t)type->tp_basicsize;
        memset((char *)obj + sizeof(WfObject), 0, size - sizeof(WfObject));
    }
    /* The allocator counts the heap type's reference (refcount.c). */
    return obj;
}

WfObject *wf_type_generic_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    return wf_type_generic_alloc(type, 0);
}

/* ======================================================================
 * The `type` type: repr, call, attributes
 * ====================================================================== */

static WfObject *type_module(WfTypeObject *type) {
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        WfObject *mod = type->tp_dict ? wf_dict_get_item_with_error(type->tp_dict, WF_ID(__module__))
                                      : NULL;
        if (mod)
            return wf_newref(mod);
        if (wf_err_occurred())
            return NULL;
        wf_err_set_object(wf_exc_AttributeError, WF_ID(__module__));
        return NULL;
    }
    const char *dot = strrchr(type->tp_name, '.');
    if (dot)
        return wf_str_from_utf8(type->tp_name, dot - type->tp_name);
    return wf_str_intern_cstr("builtins");
}

static WfObject *type_qualname(WfTypeObject *type) {
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) && type->tp_qualname)
        return wf_newref(type->tp_qualname);
    return wf_str_from_cstr(wf_type_name(type));
}

static WfObject *type_repr(WfObject *self) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (!type->tp_name)  /* partially initialised */
        return wf_str_from_format("<class at %p>", self);
    WfObject *mod = type_module(type);
    if (!mod)
        wf_err_clear();
    else if (!wf_str_check(mod))
        WF_CLEAR(mod);
    WfObject *name = type_qualname(type);
    if (!name) {
        wf_xdecref(mod);
        return NULL;
    }
    WfObject *res;
    if (mod && !wf_str_equal_cstr(mod, "builtins"))
        res = wf_str_from_format("<class '%U.%U'>", mod, name);
    else
        res = wf_str_from_format("<class '%s'>", type->tp_name);
    wf_xdecref(mod);
    wf_decref(name);
    return res;
}

/* Instantiation: tp_new, then tp_init when the result is an instance. */
WfObject *wf_type_call_impl(WfObject *self, WfObject *args, WfObject *kwds) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (type == &wf_type_type) {
        wf_ssize_t nargs = WF_TUPLE_SIZE(args);
        bool nokw = kwds == NULL || wf_dict_size(kwds) == 0;
        if (nargs == 1 && nokw)
            return wf_newref((WfObject *)WF_TYPE(WF_TUPLE_ITEM(args, 0)));
        if (nargs != 3) {
            wf_err_set_string(wf_exc_TypeError, "type() takes 1 or 3 arguments");
            return NULL;
        }
    }
    if (wf_type_ensure_ready(type) < 0)
        return NULL;
    if (type->tp_new == NULL) {
        wf_err_format(wf_exc_TypeError, "cannot create '%s' instances", type->tp_name);
        return NULL;
    }
    WfObject *obj = type->tp_new(type, args, kwds);
    if (!obj)
        return NULL;
    if (!wf_type_is_subtype(WF_TYPE(obj), type))
        return obj;
    WfTypeObject *t = WF_TYPE(obj);
    if (t->tp_init && t->tp_init(obj, args, kwds) < 0) {
        wf_decref(obj);
        return NULL;
    }
    return obj;
}

/* Fast path for Python classes with object's __new__ and a Python
 * __init__: allocate, then call __init__ with self prepended, without
 * building an argument tuple. */
static WfObject *call_python_init(WfTypeObject *type, WfObject *const *args, size_t nargsf,
                                  WfObject *kwnames) {
    WfObject *init = wf_type_lookup(type, WF_ID(__init__));
    if (!init || !wf_function_check(init))
        return NULL;  /* caller falls back */
    WfObject *obj = wf_type_generic_alloc(type, 0);
    if (!obj)
        return NULL;
    bool counted = !wf_type_attr_called_borrowed(init);
    if (counted)
        wf_incref(init);
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    WfObject *res;
    if (nargsf & WF_VECTORCALL_ARGUMENTS_OFFSET) {
        WfObject **slot = (WfObject **)args - 1;
        WfObject *saved = *slot;
        *slot = obj;
        res = wf_object_vectorcall(init, slot, (size_t)(nargs + 1), kwnames);
        *slot = saved;
    } else {
        WfObject *small[8];
        WfObject **stack = small;
        if (nargs + nkw + 1 > 8) {
            stack = wf_mem_malloc(sizeof(WfObject *) * (size_t)(nargs + nkw + 1));
            if (!stack) {
                if (counted)
                    wf_decref(init);
                wf_decref(obj);
                return wf_err_no_memory();
            }
        }
        stack[0] = obj;
        if (nargs + nkw > 0)
            memcpy(stack + 1, args, sizeof(WfObject *) * (size_t)(nargs + nkw));
        res = wf_object_vectorcall(init, stack, (size_t)(nargs + 1), kwnames);
        if (stack != small)
            wf_mem_free(stack);
    }
    if (counted)
        wf_decref(init);
    if (!res) {
        wf_decref(obj);
        return NULL;
    }
    if (res != WF_NONE) {
        wf_err_format(wf_exc_TypeError, "__init__() should return None, not '%s'",
                      WF_TYPE_NAME(res));
        wf_decref(res);
        wf_decref(obj);
        return NULL;
    }
    return obj;
}

WfObject *wf_type_vectorcall_impl(WfObject *self, WfObject *const *args, size_t nargsf,
                                  WfObject *kwnames) {
    WfTypeObject *type = (WfTypeObject *)self;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (type == &wf_type_type && nargs == 1 && (!kwnames || WF_TUPLE_SIZE(kwnames) == 0))
        return wf_newref((WfObject *)WF_TYPE(args[0]));
    if (type->tp_new == wf_object_new_impl && type->tp_init == wf_slot_tp_init) {
        WfObject *res = call_python_init(type, args, nargsf, kwnames);
        if (res || wf_err_occurred())
            return res;
    }
    WfObject *tuple = wf_vectorcall_to_tuple(args, nargs);
    if (!tuple)
        return NULL;
    WfObject *kwds = NULL;
    if (kwnames && WF_TUPLE_SIZE(kwnames) > 0) {
        kwds = wf_vectorcall_kwargs_dict(args + nargs, kwnames);
        if (!kwds) {
            wf_decref(tuple);
            return NULL;
        }
    }
    WfObject *res = wf_type_call_impl(self, tuple, kwds);
    wf_decref(tuple);
    wf_xdecref(kwds);
    return res;
}

/* type.__getattribute__: data descriptors on the metatype, then the type's
 * own MRO (binding with obj=NULL), then other metatype attributes. */
static WfObject *type_getattro_impl(WfObject *self, WfObject *name, int suppress) {
    WfTypeObject *type = (WfTypeObject *)self;
    WfTypeObject *meta = WF_TYPE(self);
    if (!wf_str_check(name)) {
        wf_err_format(wf_exc_TypeError, "attribute name must be string, not '%s'",
                      WF_TYPE_NAME(name));
        return NULL;
    }
    if (wf_type_ensure_ready(type) < 0)
        return NULL;
    WfObject *meta_attr = wf_type_lookup(meta, name);
    wf_descrgetfunc meta_get = NULL;
    if (meta_attr) {
        wf_incref(meta_attr);
        meta_get = WF_TYPE(meta_attr)->tp_descr_get;
        if (meta_get && WF_TYPE(meta_attr)->tp_descr_set) {
            WfObject *res = meta_get(meta_attr, self, (WfObject *)meta);
            wf_decref(meta_attr);
            return res;
        }
    }
    WfObject *attr = wf_type_lookup(type, name);
    if (attr) {
        wf_incref(attr);
        wf_xdecref(meta_attr);
        wf_descrgetfunc local_get = WF_TYPE(attr)->tp_descr_get;
        if (local_get) {
            WfObject *res = local_get(attr, NULL, self);
            wf_decref(attr);
            return res;
        }
        return attr;
    }
    if (meta_get) {
        WfObject *res = meta_get(meta_attr, self, (WfObject *)meta);
        wf_decref(meta_attr);
        return res;
    }
    if (meta_attr)
        return meta_attr;
    if (!suppress) {
        wf_err_format(wf_exc_AttributeError, "type object '%s' has no attribute '%U'",
                      type->tp_name, name);
        wf_attribute_error_set_context(self, name);
    }
    return NULL;
}

static WfObject *type_getattro(WfObject *self, WfObject *name) {
    return type_getattro_impl(self, name, 0);
}

/* For wf_object_lookup_attr: a miss without raising. */
WfObject *wf_type_getattr_suppress(WfObject *self, WfObject *name) {
    return type_getattro_impl(self, name, 1);
}

static int type_setattro(WfObject *self, WfObject *name, WfObject *value) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (!wf_str_check(name)) {
        wf_err_format(wf_exc_TypeError, "attribute name must be string, not '%s'",
                      WF_TYPE_NAME(name));
        return -1;
    }
    if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        wf_err_format(wf_exc_TypeError, "cannot set %R attribute of immutable type '%s'", name,
                      type->tp_name);
        return -1;
    }
    /* Interned names make slot matching a pointer compare. */
    wf_incref(name);
    wf_str_intern_in_place(&name);
    WfTypeObject *meta = WF_TYPE(self);
    WfObject *descr = wf_type_lookup(meta, name);
    WfObject *old = NULL;
    int r;
    if (descr && WF_TYPE(descr)->tp_descr_set) {
        wf_incref(descr);
        r = WF_TYPE(descr)->tp_descr_set(descr, self, value);
        wf_decref(descr);
    } else if (value) {
        r = wf_dict_replace_item(type->tp_dict, name, value, &old);
    } else {
        r = wf_dict_replace_item(type->tp_dict, name, NULL, &old);
        if (r < 0 && wf_err_exception_matches(wf_exc_KeyError)) {
            wf_err_clear();
            wf_err_format(wf_exc_AttributeError, "type object '%s' has no attribute '%U'",
                          type->tp_name, name);
        }
    }
    if (r == 0) {
        wf_type_modified(type);
        if (wf_slot_name_is_special(name))
            wf_type_update_slot(type, name);
    }
    /* After the tag is dead: lookups that found `old` may still hold it. */
    wf_object_retire_ref(old);
    wf_decref(name);
    return r;
}

/* ---- getsets ---- */

static WfObject *type_get_name(WfObject *self, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) && type->tp_name_obj)
        return wf_newref(type->tp_name_obj);
    return wf_str_from_cstr(wf_type_name(type));
}

static int check_set_special(WfTypeObject *type, WfObject *value, const char *name) {
    if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        wf_err_format(wf_exc_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                      name, type->tp_name);
        return -1;
    }
    if (!value) {
        wf_err_format(wf_exc_TypeError, "cannot delete '%s' attribute of immutable type '%s'",
                      name, type->tp_name);
        return -1;
    }
    return 0;
}

/* Every thread reads tp_name (a C string inside tp_name_obj) and
 * tp_qualname with plain loads, borrowed: in error messages, reprs, a
 * newref. So once threads exist a name changes with the world stopped, as a
 * slot does (wf_type_update_slot): no thread is between its load and its
 * last use, and the stop orders the stores before its next load. The old
 * string is still retired, not dropped: a detached thread may be formatting
 * a message with it. */
static void replace_name_field(WfTypeObject *type, WfObject **field, WfObject *value) {
    bool stop = wf_objects_are_shared();
    if (stop)
        wf_stop_the_world();
    wf_types_lock();
    WfObject *old = *field;
    *field = wf_newref(value);
    if (field == &type->tp_name_obj)
        type->tp_name = wf_str_as_utf8(value);
    wf_types_unlock();
    if (stop)
        wf_start_the_world();
    wf_object_retire_ref(old);
}

static int type_set_name(WfObject *self, WfObject *value, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (check_set_special(type, value, "__name__") < 0)
        return -1;
    if (!wf_str_check(value)) {
        wf_err_format(wf_exc_TypeError, "can only assign string to %s.__name__, not '%s'",
                      type->tp_name, WF_TYPE_NAME(value));
        return -1;
    }
    if (memchr(WF_STR_DATA(value), '\0', WF_STR_BYTE_LENGTH(value))) {
        wf_err_set_string(wf_exc_ValueError, "type name must not contain null characters");
        return -1;
    }
    replace_name_field(type, &type->tp_name_obj, value);
    return 0;
}

static WfObject *type_get_qualname(WfObject *self, void *c) {
    return type_qualname((WfTypeObject *)self);
}

static int type_set_qualname(WfObject *self, WfObject *value, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (check_set_special(type, value, "__qualname__") < 0)
        return -1;
    if (!wf_str_check(value)) {
        wf_err_format(wf_exc_TypeError, "can only assign string to %s.__qualname__, not '%s'",
                      type->tp_name, WF_TYPE_NAME(value));
        return -1;
    }
    replace_name_field(type, &type->tp_qualname, value);
    return 0;
}

static WfObject *type_get_module(WfObject *self, void *c) {
    return type_module((WfTypeObject *)self);
}

static int type_set_module(WfObject *self, WfObject *value, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (check_set_special(type, value, "__module__") < 0)
        return -1;
    wf_type_modified(type);
    return wf_dict_set_item(type->tp_dict, WF_ID(__module__), value);
}

static WfObject *type_get_doc(WfObject *self, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    WfObject *doc = wf_dict_get_item_with_error(type->tp_dict, WF_ID(__doc__));
    if (!doc) {
        if (wf_err_occurred())
            return NULL;
        if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) && type->tp_doc)
            return wf_str_from_cstr(type->tp_doc);
        WF_RETURN_NONE;
    }
    if (WF_TYPE(doc)->tp_descr_get)
        return WF_TYPE(doc)->tp_descr_get(doc, NULL, self);
    return wf_newref(doc);
}

static int type_set_doc(WfObject *self, WfObject *value, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (check_set_special(type, value, "__doc__") < 0)
        return -1;
    wf_type_modified(type);
    return wf_dict_set_item(type->tp_dict, WF_ID(__doc__), value);
}

static WfObject *type_get_dict(WfObject *self, void *c) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (!type->tp_dict)
        WF_RETURN_NONE;
    return wf_mappingproxy_new(type->tp_dict);
}

static WfObject *type_get_bases(WfObject *self, void *c) {
    return wf_newref(((WfTypeObject *)self)->tp_bases);
}

static WfObject *type_get_mro(WfObject *self, void *c) {
    WfObject *mro = ((WfTypeObject *)self)->tp_mro;
    return wf_newref(mro ? mro : WF_NONE);
}

static WfObject *type_get_base(WfObject *self, void *c) {
    WfTypeObject *base = ((WfTypeObject *)self)->tp_base;
    return wf_newref(base ? (WfObject *)base : WF_NONE);
}

static WfObject *type_get_abstractmethods(WfObject *self, void *c) {
    WfObject *r = NULL;
    if (self != (WfObject *)&wf_type_type)
        r = wf_dict_get_item_with_error(((WfTypeObject *)self)->tp_dict,
                                        wf_str_intern_cstr("__abstractmethods__"));
    if (!r) {
        if (!wf_err_occurred())
            wf_err_set_string(wf_exc_AttributeError, "__abstractmethods__");
        return NULL;
    }
    return wf_newref(r);
}

static WfGetSetDef type_getsets[] = {
    {"__name__", type_get_name, type_set_name, NULL, NULL},
    {"__qualname__", type_get_qualname, type_set_qualname, NULL, NULL},
    {"__bases__", type_get_bases, NULL, NULL, NULL},
    {"__base__", type_get_base, NULL, NULL, NULL},
    {"__mro__", type_get_mro, NULL, NULL, NULL},
    {"__module__", type_get_module, type_set_module, NULL, NULL},
    {"__abstractmethods__", type_get_abstractmethods, NULL, NULL, NULL},
    {"__dict__", type_get_dict, NULL, NULL, NULL},
    {"__doc__", type_get_doc, type_set_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMemberDef type_members[] = {
    {"__basicsize__", WF_T_SSIZE, offsetof(WfTypeObject, tp_basicsize), WF_READONLY, NULL},
    {"__itemsize__", WF_T_SSIZE, offsetof(WfTypeObject, tp_itemsize), WF_READONLY, NULL},
    {"__dictoffset__", WF_T_SSIZE, offsetof(WfTypeObject, tp_dictoffset), WF_READONLY, NULL},
    {"__weakrefoffset__", WF_T_SSIZE, offsetof(WfTypeObject, tp_weaklistoffset), WF_READONLY,
     NULL},
    {NULL, 0, 0, 0, NULL},
};

/* ---- methods ---- */

static WfObject *type_mro_method(WfObject *self, WfObject *unused) {
    WfObject *mro = mro_c3((WfTypeObject *)self);
    if (!mro)
        return NULL;
    WfObject *list = wf_sequence_list(mro);
    wf_decref(mro);
    return list;
}

static WfObject *type_instancecheck(WfObject *self, WfObject *inst) {
    int r = wf_object_isinstance_of_type(inst, (WfTypeObject *)self);
    return r < 0 ? NULL : wf_bool_from_long(r);
}

static WfObject *type_subclasscheck(WfObject *self, WfObject *sub) {
    if (!wf_type_check(sub)) {
        wf_err_set_string(wf_exc_TypeError, "issubclass() arg 1 must be a class");
        return NULL;
    }
    return wf_bool_from_long(wf_type_is_subtype((WfTypeObject *)sub, (WfTypeObject *)self));
}

static WfObject *type_prepare(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                              WfObject *kwnames) {
    return wf_dict_new();
}

/* Merges the dicts of type's MRO into d (keys only matter). */
static int merge_class_dict(WfObject *d, WfTypeObject *type) {
    WfObject *mro = type->tp_mro;
    for (wf_ssize_t i = WF_TUPLE_SIZE(mro) - 1; i >= 0; i--) {
        WfTypeObject *t = (WfTypeObject *)WF_TUPLE_ITEM(mro, i);
        if (t->tp_dict && wf_dict_update(d, t->tp_dict) < 0)
            return -1;
    }
    return 0;
}

int wf_type_merge_dir(WfObject *d, WfTypeObject *type) {
    return merge_class_dict(d, type);
}

static WfObject *type_dir(WfObject *self, WfObject *unused) {
    WfObject *d = wf_dict_new();
    if (!d)
        return NULL;
    if (merge_class_dict(d, (WfTypeObject *)self) < 0) {
        wf_decref(d);
        return NULL;
    }
    WfObject *keys = wf_dict_keys(d);
    wf_decref(d);
    return keys;
}

static WfObject *type_sizeof(WfObject *self, WfObject *unused) {
    return wf_int_from_ssize(WF_TYPE(self)->tp_basicsize);
}

static WfMethodDef type_methods[] = {
    {"mro", (void *)type_mro_method, WF_METH_NOARGS,
     "Return a type's method resolution order."},
    {"__subclasses__", (void *)type_subclasses, WF_METH_NOARGS,
     "Return a list of immediate subclasses."},
    {"__instancecheck__", (void *)type_instancecheck, WF_METH_O,
     "Check if an object is an instance."},
    {"__subclasscheck__", (void *)type_subclasscheck, WF_METH_O,
     "Check if a class is a subclass."},
    {"__prepare__", (void *)type_prepare, WF_METH_FASTCALL | WF_METH_KEYWORDS | WF_METH_CLASS,
     "Create the namespace for the class statement"},
    {"__dir__", (void *)type_dir, WF_METH_NOARGS, "Specialized __dir__ implementation for types."},
    {"__sizeof__", (void *)type_sizeof, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- heap type lifetime ---- */

static int type_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
        return 0;
    WfObject *refs[] = {type->tp_dict, type->tp_mro, type->tp_bases, (WfObject *)type->tp_base,
                        WF_TYPE_HAS_FLAG(WF_TYPE(self), WF_TPFLAGS_HEAPTYPE)
                            ? (WfObject *)WF_TYPE(self) : NULL};
    for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
        if (refs[i]) {
            int r = visit(refs[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int type_clear(WfObject *self) {
    WfTypeObject *type = (WfTypeObject *)self;
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE)) {
        wf_type_modified(type);
        WF_CLEAR(type->tp_dict);
        WF_CLEAR(type->tp_mro);
    }
    return 0;
}


static void type_dealloc(WfObject *self) {
    WfTypeObject *type = (WfTypeObject *)self;
    wf_assert(WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE));
    wf_types_lock();
    if (type->tp_bases)
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(type->tp_bases); i++)
            wf_type_remove_subclass((WfTypeObject *)WF_TUPLE_ITEM(type->tp_bases, i), type);
    wf_types_unlock();
    WF_CLEAR(type->tp_dict);
    WF_CLEAR(type->tp_mro);
    WF_CLEAR(type->tp_bases);
    WF_CLEAR(type->tp_subclasses);
    WF_CLEAR(type->tp_qualname);
    WF_CLEAR(type->tp_module);
    WF_CLEAR(type->tp_inline_names);
    wf_type_new_free_extras(type);
    WfObject *base = (WfObject *)type->tp_base;
    type->tp_base = NULL;
    WF_CLEAR(type->tp_name_obj);
    wf_xdecref(base);
    wf_object_free(self);  /* drops the reference to a heap metatype */
}


static int type_init(WfObject *self, WfObject *args, WfObject *kwds) {
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    if (nargs == 1 && kwds && wf_dict_size(kwds) != 0) {
        wf_err_set_string(wf_exc_TypeError, "type.__init__() takes no keyword arguments");
        return -1;
    }
    if (nargs != 1 && nargs != 3) {
        wf_err_set_string(wf_exc_TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

WfTypeObject wf_type_type = {
    .tp_name = "type",
    .tp_basicsize = sizeof(WfTypeObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_TYPE_SUBCLASS,
    .tp_doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
    .tp_dealloc = type_dealloc,
    .tp_repr = type_repr,
    .tp_call = wf_type_call_impl,
    .tp_vectorcall = wf_type_vectorcall_impl,
    .tp_getattro = type_getattro,
    .tp_setattro = type_setattro,
    .tp_traverse = type_traverse,
    .tp_clear = type_clear,
    .tp_init = type_init,
    .tp_new = wf_type_new_impl,
    .tp_methods = type_methods,
    .tp_members = type_members,
    .tp_getset = type_getsets,
    .tp_base = &wf_object_type,
    .tp_dictoffset = offsetof(WfTypeObject, tp_dict),
};
