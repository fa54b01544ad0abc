/* dict.c — insertion-ordered hash tables (CPython's compact dict).
 *
 * Invariants (see dict_internal.h for the keys layout, and
 * docs/containers-threads.md for the race table):
 *  - ma_used is the number of live entries; ma_keys is never NULL (an empty
 *    dict points at the shared, read-only dict_empty_keys).
 *  - Every mutation runs in the dict's critical section: insertdict,
 *    delitem_at, dictresize, dict_popitem_lock_held, clone_into_empty and
 *    wf_dict_clear's swap. Each bumps ma_version. Multi-step operations
 *    (setdefault, pop, update/merge from a dict, copy) run in one section.
 *  - Reads: an exact-str key in a STR table is looked up lock-free
 *    (lookup_str_lockfree: acquire loads, try-incref of the value);
 *    anything else takes the section (lookup_locked). Iteration reads each
 *    entry in the section (wf_dict_next_ref, dict_views.c).
 *  - A keys table that is replaced (resize, clear) leaves through
 *    keys_retire(), which defers the free past a QSBR grace period once
 *    another thread has locked the dict (lockfree.h point 3); an entry
 *    slot is never reused for another key.
 *  - A lookup that runs __eq__ restarts when the keys table or the compared
 *    entry changed under it (the comparison may mutate the dict, or suspend
 *    our section).
 *  - References held by live entries: one to the key, one to the value;
 *    keys and values stored into a marked dict are published (lockfree.h). Old values and keys
 *    are decref'd after the section ends, since a decref may run __del__,
 *    which may touch the dict.
 */
#include <string.h>

#include "runtime/objects/dict_internal.h"
#include "stackref/stackref.h"
#include "runtime/objects/lockfree.h"
#include "threads/bias.h"
#include "threads/critical_section.h"

#define PERTURB_SHIFT 5
#define DICT_LOG_MINSIZE 3
#define DICT_MINSIZE (1 << DICT_LOG_MINSIZE)
/* At most 2/3 of the index slots are used, as CPython. */
#define USABLE_FRACTION(n) (((n) << 1) / 3)
#define GROWTH_RATE(d) ((d)->ma_used * 3)

/* ---- keys tables ------------------------------------------------------ */

/* The shared empty table: 8 EMPTY index slots, no room for entries.
 * Never written (dk_usable 0 forces a resize first), so sharing it between
 * threads is safe. Its version is the fixed tag 1. */
static struct {
    WfDictKeys keys;
    int8_t indices[DICT_MINSIZE];
} dict_empty_keys_storage = {
    .keys = {.dk_log2_size = DICT_LOG_MINSIZE, .dk_log2_index_bytes = DICT_LOG_MINSIZE,
             .dk_kind = WF_DICT_KEYS_STR, .dk_version = 1, .dk_usable = 0, .dk_nentries = 0},
    .indices = {-1, -1, -1, -1, -1, -1, -1, -1},
};
_Static_assert(offsetof(__typeof__(dict_empty_keys_storage), indices) == sizeof(WfDictKeys),
               "indices must follow the keys header");
#define EMPTY_KEYS (&dict_empty_keys_storage.keys)

/* Process-wide source of keys versions; atomic because any thread may ask
 * for a version of a dict it is specializing on. */
static _Atomic(uint32_t) dict_next_keys_version = 2;

static inline void dk_set_index(WfDictKeys *dk, size_t i, wf_ssize_t ix) {
    char *indices = WF_DK_INDICES(dk);
    int log2 = dk->dk_log2_size;
    /* Release: the entry an index names is written before the index
     * (partner: the acquire in wf_dk_get_index). */
    if (log2 < 8)
        __atomic_store_n(&((int8_t *)indices)[i], (int8_t)ix, __ATOMIC_RELEASE);
    else if (log2 < 16)
        __atomic_store_n(&((int16_t *)indices)[i], (int16_t)ix, __ATOMIC_RELEASE);
    else if (log2 < 32)
        __atomic_store_n(&((int32_t *)indices)[i], (int32_t)ix, __ATOMIC_RELEASE);
    else
        __atomic_store_n(&((int64_t *)indices)[i], (int64_t)ix, __ATOMIC_RELEASE);
}

static inline void dk_invalidate_version(WfDictKeys *dk) {
    atomic_store_explicit(&dk->dk_version, 0, memory_order_relaxed);
}

static WfDictKeys *new_keys_object(uint8_t log2_size) {
    wf_ssize_t usable = USABLE_FRACTION((wf_ssize_t)1 << log2_size);
    uint8_t log2_bytes;
    if (log2_size < 8)
        log2_bytes = log2_size;
    else if (log2_size < 16)
        log2_bytes = log2_size + 1;
    else if (log2_size < 32)
        log2_bytes = log2_size + 2;
    else
        log2_bytes = log2_size + 3;
    if (log2_size >= 8 * sizeof(wf_ssize_t) - 6) {
        wf_err_no_memory();
        return NULL;
    }
    size_t index_bytes = (size_t)1 << log2_bytes;
    size_t bytes = sizeof(WfDictKeys) + index_bytes + sizeof(WfDictEntry) * (size_t)usable;
    WfDictKeys *dk = wf_mem_malloc(bytes);
    if (dk == NULL) {
        wf_err_no_memory();
        return NULL;
    }
    dk->dk_log2_size = log2_size;
    dk->dk_log2_index_bytes = log2_bytes;
    dk->dk_kind = WF_DICT_KEYS_STR;
    atomic_init(&dk->dk_version, 0);
    dk->dk_usable = usable;
    dk->dk_nentries = 0;
    memset(WF_DK_INDICES(dk), 0xff, index_bytes);   /* every slot EMPTY (-1) */
    memset(WF_DK_ENTRIES(dk), 0, sizeof(WfDictEntry) * (size_t)usable);
    return dk;
}

/* The one exit of a replaced keys table (see the invariants above). */
static size_t keys_bytes(WfDictKeys *dk) {
    return sizeof(WfDictKeys) + ((size_t)1 << dk->dk_log2_index_bytes) +
           sizeof(WfDictEntry) * (size_t)USABLE_FRACTION(WF_DK_SIZE(dk));
}

/* Lock-free lookups may still be reading it: QSBR once another thread has
 * locked the dict (lockfree.h point 3). */
static void keys_retire(WfDictObject *mp, WfDictKeys *dk) {
    if (dk != EMPTY_KEYS)
        wf_objects_retire_buffer((WfObject *)mp, dk, keys_bytes(dk));
}

/* The dict is being marked (lockfree.h point 3). */
void wf_dict_publish_entries_lock_held(WfObject *d) {
    WfDictKeys *dk = ((WfDictObject *)d)->ma_keys;
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    for (wf_ssize_t i = 0, n = dk->dk_nentries; i < n; i++) {
        if (ep[i].me_value != NULL) {
            wf_object_publish(ep[i].me_key);
            wf_object_publish(ep[i].me_value);
        }
    }
}

/* A dying dict's table: nobody reads a dict without a reference to it. */
static void keys_free(WfDictKeys *dk) {
    if (dk != EMPTY_KEYS)
        wf_mem_free(dk);
}

/* Entry fields read by lock-free lookups: stored with atomics (the index
 * store that follows publishes them; a value replaced in place is stored
 * with release). */
static inline void entry_store(WfDictEntry *ep, WfObject *key, wf_hash_t hash, WfObject *value) {
    __atomic_store_n(&ep->me_hash, hash, __ATOMIC_RELAXED);
    __atomic_store_n(&ep->me_key, key, __ATOMIC_RELAXED);
    __atomic_store_n(&ep->me_value, value, __ATOMIC_RELEASE);
}

static inline void keys_store(WfDictObject *mp, WfDictKeys *dk) {
    __atomic_store_n(&mp->ma_keys, dk, __ATOMIC_RELEASE);
}

static inline void used_store(WfDictObject *mp, wf_ssize_t n) {
    __atomic_store_n(&mp->ma_used, n, __ATOMIC_RELAXED);
}

static uint8_t calculate_log2_keysize(wf_ssize_t minsize) {
    size_t m = ((size_t)minsize | DICT_MINSIZE) - 1;
    return (uint8_t)(64 - __builtin_clzll((unsigned long long)m));
}

/* The table size that holds n items without a resize. */
static uint8_t estimate_log2_keysize(wf_ssize_t n) {
    return calculate_log2_keysize((n * 3 + 1) / 2);
}

uint32_t wf_dict_keys_get_version(WfDictKeys *dk) {
    uint32_t v = atomic_load_explicit(&dk->dk_version, memory_order_relaxed);
    if (v != 0)
        return v;
    v = atomic_fetch_add_explicit(&dict_next_keys_version, 1, memory_order_relaxed);
    if (v == 0)  /* wrapped: versions exhausted, stay at 0 (never specialize) */
        return 0;
    atomic_store_explicit(&dk->dk_version, v, memory_order_relaxed);
    return v;
}

/* First EMPTY or DUMMY index slot on hash's probe sequence. */
static size_t find_empty_slot(WfDictKeys *dk, wf_hash_t hash) {
    size_t mask = (size_t)WF_DK_SIZE(dk) - 1;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    while (wf_dk_get_index(dk, i) >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* The index slot that points at entry ix (which must be there). */
static size_t lookup_index_slot(WfDictKeys *dk, wf_hash_t hash, wf_ssize_t ix) {
    size_t mask = (size_t)WF_DK_SIZE(dk) - 1;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    for (;;) {
        wf_ssize_t got = wf_dk_get_index(dk, i);
        if (got == ix)
            return i;
        wf_assert(got != WF_DKIX_EMPTY);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static void build_indices(WfDictKeys *dk, WfDictEntry *ep, wf_ssize_t n) {
    size_t mask = (size_t)WF_DK_SIZE(dk) - 1;
    for (wf_ssize_t ix = 0; ix != n; ix++, ep++) {
        size_t perturb = (size_t)ep->me_hash;
        size_t i = (size_t)ep->me_hash & mask;
        while (wf_dk_get_index(dk, i) != WF_DKIX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
        dk_set_index(dk, i, ix);
    }
}

/* ---- lookup ----------------------------------------------------------- */

wf_ssize_t wf_dict_keys_lookup_str(WfDictKeys *dk, WfObject *key, wf_hash_t hash) {
    WfDictEntry *ep0 = WF_DK_ENTRIES(dk);
    size_t mask = (size_t)WF_DK_SIZE(dk) - 1;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    for (;;) {
        wf_ssize_t ix = wf_dk_get_index(dk, i);
        if (ix >= 0) {
            /* Lock-free callers: the key may be being deleted (NULL) or
             * belong to an insertion that made the table general (not a
             * str); a dead key's memory is still readable (lockfree.h). */
            WfDictEntry *ep = &ep0[ix];
            WfObject *k = __atomic_load_n(&ep->me_key, __ATOMIC_ACQUIRE);
            if (k == key)
                return ix;
            if (k != NULL && __atomic_load_n(&ep->me_hash, __ATOMIC_RELAXED) == hash &&
                WF_TYPE(k) == &wf_str_type && wf_str_equal(k, key))
                return ix;
        } else if (ix == WF_DKIX_EMPTY) {
            return WF_DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* The general probe; may run __eq__ and restart. */
static WF_NOINLINE wf_ssize_t lookup_general(WfDictObject *mp, WfObject *key, wf_hash_t hash,
                                             WfObject **value) {
restart:;
    WfDictKeys *dk = mp->ma_keys;
    WfDictEntry *ep0 = WF_DK_ENTRIES(dk);
    size_t mask = (size_t)WF_DK_SIZE(dk) - 1;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    bool key_is_str = WF_TYPE(key) == &wf_str_type;
    for (;;) {
        wf_ssize_t ix = wf_dk_get_index(dk, i);
        if (ix >= 0) {
            WfDictEntry *ep = &ep0[ix];
            WfObject *startkey = ep->me_key;
            if (startkey == key) {
                *value = ep->me_value;
                return ix;
            }
            if (ep->me_hash == hash) {
                if (key_is_str && WF_TYPE(startkey) == &wf_str_type) {
                    if (wf_str_equal(startkey, key)) {
                        *value = ep->me_value;
                        return ix;
                    }
                } else {
                    wf_incref(startkey);
                    int cmp = wf_object_rich_compare_bool(startkey, key, WF_EQ);
                    wf_decref(startkey);
                    if (cmp < 0) {
                        *value = NULL;
                        return WF_DKIX_ERROR;
                    }
                    if (dk != mp->ma_keys || ep->me_key != startkey)
                        goto restart;
                    if (cmp > 0) {
                        *value = ep->me_value;
                        return ix;
                    }
                }
            }
        } else if (ix == WF_DKIX_EMPTY) {
            *value = NULL;
            return WF_DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

wf_ssize_t wf_dict_lookup(WfDictObject *mp, WfObject *key, wf_hash_t hash, WfObject **value) {
    WfDictKeys *dk = mp->ma_keys;
    if (WF_LIKELY(dk->dk_kind == WF_DICT_KEYS_STR && WF_TYPE(key) == &wf_str_type)) {
        wf_ssize_t ix = wf_dict_keys_lookup_str(dk, key, hash);
        *value = ix >= 0 ? WF_DK_ENTRIES(dk)[ix].me_value : NULL;
        return ix;
    }
    return lookup_general(mp, key, hash, value);
}

/* ---- mutation (inside the dict's critical section) ----------------------- */

static inline uint8_t dk_kind_load(WfDictKeys *dk) {
    return __atomic_load_n(&dk->dk_kind, __ATOMIC_RELAXED);
}

static int dictresize(WfDictObject *mp, uint8_t log2_newsize) {
    WfDictKeys *oldkeys = mp->ma_keys;
    wf_ssize_t numentries = mp->ma_used;
    if (log2_newsize < DICT_LOG_MINSIZE)
        log2_newsize = DICT_LOG_MINSIZE;
    WfDictKeys *newkeys = new_keys_object(log2_newsize);
    if (newkeys == NULL)
        return -1;
    wf_assert(USABLE_FRACTION(WF_DK_SIZE(newkeys)) >= numentries);
    WfDictEntry *oldentries = WF_DK_ENTRIES(oldkeys);
    WfDictEntry *newentries = WF_DK_ENTRIES(newkeys);
    if (oldkeys->dk_nentries == numentries) {
        memcpy(newentries, oldentries, (size_t)numentries * sizeof(WfDictEntry));
    } else {
        WfDictEntry *ep = oldentries;
        for (wf_ssize_t i = 0; i < numentries; i++) {
            while (ep->me_value == NULL)
                ep++;
            newentries[i] = *ep++;
        }
    }
    build_indices(newkeys, newentries, numentries);
    newkeys->dk_kind = oldkeys->dk_kind;
    newkeys->dk_usable -= numentries;
    newkeys->dk_nentries = numentries;
    keys_store(mp, newkeys);   /* publish: readers see the old or the new table */
    keys_retire(mp, oldkeys);
    return 0;
}

static int insertion_resize(WfDictObject *mp) {
    return dictresize(mp, calculate_log2_keysize(GROWTH_RATE(mp)));
}

/* Insert or replace; steals key and value (also on error). A replaced
 * value is handed back in *old: the caller decrefs it after the section
 * (__del__ must see a consistent dict and must not run under our lock). */
static int insertdict(WfDictObject *mp, WfObject *key, wf_hash_t hash, WfObject *value,
                      WfObject **old) {
    wf_critical_section_assert_held(mp);
    *old = NULL;
    WfObject *old_value;
    wf_ssize_t ix = wf_dict_lookup(mp, key, hash, &old_value);
    if (ix == WF_DKIX_ERROR)
        goto fail;
    wf_object_publish_into((WfObject *)mp, value);
    if (ix == WF_DKIX_EMPTY) {
        if (mp->ma_keys->dk_usable <= 0 && insertion_resize(mp) < 0)
            goto fail;
        wf_object_publish_into((WfObject *)mp, key);
        WfDictKeys *dk = mp->ma_keys;
        if (WF_TYPE(key) != &wf_str_type)
            __atomic_store_n(&dk->dk_kind, (uint8_t)WF_DICT_KEYS_GENERAL, __ATOMIC_RELAXED);
        size_t slot = find_empty_slot(dk, hash);
        entry_store(&WF_DK_ENTRIES(dk)[dk->dk_nentries], key, hash, value);
        dk_set_index(dk, slot, dk->dk_nentries);   /* publishes the entry */
        dk->dk_usable--;
        dk->dk_nentries++;
        dk_invalidate_version(dk);
        used_store(mp, mp->ma_used + 1);
        mp->ma_version++;
        return 0;
    }
    if (old_value != value) {
        __atomic_store_n(&WF_DK_ENTRIES(mp->ma_keys)[ix].me_value, value, __ATOMIC_RELEASE);
        mp->ma_version++;
        *old = old_value;
    } else {
        wf_decref(value);   /* the entry keeps its own reference */
    }
    wf_decref(key);
    return 0;
fail:
    wf_decref(value);
    wf_decref(key);
    return -1;
}

/* Removes entry ix (live, with hash). The removed key and value references
 * move to *old_key / *old_value for the caller to drop after the section. */
static void delitem_at(WfDictObject *mp, wf_hash_t hash, wf_ssize_t ix, WfObject **old_key,
                       WfObject **old_value) {
    wf_critical_section_assert_held(mp);
    WfDictKeys *dk = mp->ma_keys;
    size_t slot = lookup_index_slot(dk, hash, ix);
    WfDictEntry *ep = &WF_DK_ENTRIES(dk)[ix];
    *old_key = ep->me_key;
    *old_value = ep->me_value;
    dk_set_index(dk, slot, WF_DKIX_DUMMY);
    __atomic_store_n(&ep->me_key, NULL, __ATOMIC_RELAXED);
    __atomic_store_n(&ep->me_value, NULL, __ATOMIC_RELEASE);
    dk_invalidate_version(dk);
    used_store(mp, mp->ma_used - 1);
    mp->ma_version++;
}

static void set_key_error(WfObject *key) {
    /* KeyError((key,)) so that a tuple key is not taken as the args tuple. */
    WfObject *args = wf_tuple_pack(1, key);
    if (args != NULL) {
        wf_err_set_object(wf_exc_KeyError, args);
        wf_decref(args);
    }
}

/* ---- reads ------------------------------------------------------------------ */

/* The lock-free path (docs/containers-threads.md): exact str key, STR
 * table. 1 found (*result = the value, with a new reference when `ref`),
 * 0 missing, -1 when the locked path must decide (general table, or the
 * value is dying or cannot be try-incref'd). Loads the table once and uses
 * only that table, so a concurrent resize is harmless (the old one is
 * retired through QSBR and still holds the values it had). */
static inline int lookup_str_lockfree(WfDictObject *mp, WfObject *key, wf_hash_t hash,
                                      WfObject **result, bool ref) {
    wf_container_prepare_read((WfObject *)mp);
    WfDictKeys *dk = __atomic_load_n(&mp->ma_keys, __ATOMIC_ACQUIRE);
    if (WF_UNLIKELY(dk_kind_load(dk) != WF_DICT_KEYS_STR))
        return -1;
    wf_ssize_t ix = wf_dict_keys_lookup_str(dk, key, hash);
    WfObject *v = ix >= 0 ? __atomic_load_n(&WF_DK_ENTRIES(dk)[ix].me_value, __ATOMIC_ACQUIRE)
                          : NULL;
    if (v == NULL) {   /* absent, or deleted while we looked */
        *result = NULL;
        return 0;
    }
    if (ref && !wf_try_incref(v))
        return -1;
    *result = v;
    return 1;
}

/* The locked path: 1 found (*result new reference, or borrowed when !ref),
 * 0 missing, -1 error. */
static WF_NOINLINE int lookup_locked(WfDictObject *mp, WfObject *key, wf_hash_t hash,
                                     WfObject **result, bool ref) {
    int r;
    WfObject *value;
    WF_BEGIN_CRITICAL_SECTION(mp);
    wf_ssize_t ix = wf_dict_lookup(mp, key, hash, &value);
    if (ix == WF_DKIX_ERROR) {
        r = -1;
        value = NULL;
    } else if (value == NULL) {
        r = 0;
    } else {
        r = 1;
        if (ref)
            wf_incref(value);
    }
    WF_END_CRITICAL_SECTION();
    *result = value;
    return r;
}

static inline int dict_read(WfDictObject *mp, WfObject *key, wf_hash_t hash, WfObject **result,
                            bool ref) {
    if (WF_LIKELY(WF_TYPE(key) == &wf_str_type)) {
        int r = lookup_str_lockfree(mp, key, hash, result, ref);
        if (WF_LIKELY(r >= 0))
            return r;
    }
    return lookup_locked(mp, key, hash, result, ref);
}

/* ---- public API --------------------------------------------------------- */

static WfDictObject *dict_alloc(WfTypeObject *type) {
    WfDictObject *mp;
    if (type == &wf_dict_type)
        mp = (WfDictObject *)wf_object_alloc(&wf_dict_type);
    else
        mp = (WfDictObject *)wf_type_generic_alloc(type, 0);
    if (mp == NULL)
        return NULL;
    mp->ma_used = 0;
    mp->ma_version = 0;
    mp->ma_keys = EMPTY_KEYS;
    return mp;
}

WfObject *wf_dict_new(void) {
    return (WfObject *)dict_alloc(&wf_dict_type);
}

WfObject *wf_dict_new_presized(wf_ssize_t n) {
    WfDictObject *mp = dict_alloc(&wf_dict_type);
    if (mp == NULL || n <= USABLE_FRACTION(DICT_MINSIZE))
        return (WfObject *)mp;
    int r;
    WF_BEGIN_CRITICAL_SECTION(mp);   /* only for the lock-held assertions */
    r = dictresize(mp, estimate_log2_keysize(n));
    WF_END_CRITICAL_SECTION();
    if (r < 0) {
        wf_decref((WfObject *)mp);
        return NULL;
    }
    return (WfObject *)mp;
}

static inline wf_ssize_t used_load(WfDictObject *mp) {
    return __atomic_load_n(&mp->ma_used, __ATOMIC_RELAXED);
}

wf_ssize_t wf_dict_size(WfObject *d) {
    if (d == NULL || !wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return used_load((WfDictObject *)d);
}

/* Lookup for the eval loop (LOAD_GLOBAL, d[key]): an immortal or deferred
 * value, or any value of a marked dict, or a published value of any dict
 * (wf_container_lends), is returned as a tagged StackRef
 * without touching its reference count, so threads that all read the same
 * functions, classes, modules and values out of a shared dict write nothing
 * to them (DESIGN.md §3 rule 5; deferred objects are freed only by the
 * collector with the world stopped; a marked dict's values are borrowed,
 * lockfree.h point 4; the keys table we read through is retired via QSBR).
 * Other values get a counted reference. 1 found, 0 missing, -1 error. */
int wf_dict_get_item_stackref(WfObject *d, WfObject *key, WfStackRef *out) {
    WfDictObject *mp = (WfDictObject *)d;
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return -1;
    WfObject *v = NULL;
    if (WF_LIKELY(WF_TYPE(key) == &wf_str_type) && lookup_str_lockfree(mp, key, hash, &v, false) >= 0) {
        if (v == NULL)
            return 0;
        if (wf_container_read_value(d, v, out))
            return 1;
    }
    /* A stored key's __eq__ may replace a borrowed d (`obj.__dict__ = x`):
     * with threads, d's section keeps it (critical_section.h), but alone a
     * thread skips sections and retired references drop at once. */
    wf_incref(d);
    int r = lookup_locked(mp, key, hash, &v, true);
    wf_object_retire_ref(d);
    if (r > 0)
        *out = wf_stackref_steal(v);
    return r;
}

int wf_dict_get_item_known_hash_ref(WfObject *d, WfObject *key, wf_hash_t hash,
                                    WfObject **result) {
    return dict_read((WfDictObject *)d, key, hash, result, true);
}

int wf_dict_get_item_ref(WfObject *d, WfObject *key, WfObject **result) {
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1) {
        *result = NULL;
        return -1;
    }
    return wf_dict_get_item_known_hash_ref(d, key, hash, result);
}

int wf_dict_get_item_str_ref(WfObject *d, const char *key, WfObject **result) {
    WfObject *k = wf_str_from_cstr(key);
    if (k == NULL) {
        *result = NULL;
        return -1;
    }
    int r = wf_dict_get_item_ref(d, k, result);
    wf_decref(k);
    return r;
}

/* Borrowed: safe while nobody else changes d (see dict.h). */
WfObject *wf_dict_get_item_with_error(WfObject *d, WfObject *key) {
    if (!wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return NULL;
    WfObject *value;
    dict_read((WfDictObject *)d, key, hash, &value, false);
    return value;
}

WfObject *wf_dict_get_item_str(WfObject *d, const char *key) {
    WfObject *k = wf_str_from_cstr(key);
    if (k == NULL) {
        wf_err_clear();
        return NULL;
    }
    WfObject *v = wf_dict_get_item_with_error(d, k);
    wf_decref(k);
    if (v == NULL && wf_err_occurred())
        wf_err_clear();
    return v;
}

/* An exact-str key into a str-only table is a leaf operation (it compares
 * keys with memcmp and runs no Python code), so the dict's owner may do it
 * biased while no other thread has touched the dict (threads/bias.h). */
static bool insert_biased(WfDictObject *mp, WfObject *key, wf_hash_t hash, WfObject *value,
                          WfObject **old, int *r) {
    WfThreadState *ts = wf_tstate_current;
    if (WF_TYPE(key) != &wf_str_type || !wf_bias_enter(ts, (WfObject *)mp))
        return false;
    bool done = dk_kind_load(mp->ma_keys) == WF_DICT_KEYS_STR;
    if (done)
        *r = insertdict(mp, key, hash, value, old);
    wf_bias_exit(ts);
    return done;
}

int wf_dict_set_item_known_hash(WfObject *d, WfObject *key, WfObject *value, wf_hash_t hash) {
    wf_assert(key != NULL && value != NULL);
    wf_incref(key);
    wf_incref(value);
    WfObject *old = NULL;
    int r;
    if (!insert_biased((WfDictObject *)d, key, hash, value, &old, &r)) {
        WF_BEGIN_CRITICAL_SECTION(d);
        r = insertdict((WfDictObject *)d, key, hash, value, &old);
        WF_END_CRITICAL_SECTION();
    }
    wf_container_drop_item(d, old);
    return r;
}

int wf_dict_set_item(WfObject *d, WfObject *key, WfObject *value) {
    if (!wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return -1;
    }
    if (WF_LIKELY(WF_TYPE(key) == &wf_str_type || WF_TYPE(key) == &wf_int_type)) {
        wf_hash_t hash = wf_dict_key_hash(key);   /* runs no code */
        return hash == -1 ? -1 : wf_dict_set_item_known_hash(d, key, value, hash);
    }
    /* The key's __hash__ may drop what the caller lent us (a key or value
     * read borrowed out of another dict it clears), as CPython's
     * PyDict_SetItem guards: hold both across it. */
    wf_incref(key);
    wf_incref(value);
    wf_hash_t hash = wf_dict_key_hash(key);
    int r = hash == -1 ? -1 : wf_dict_set_item_known_hash(d, key, value, hash);
    wf_decref(key);
    wf_decref(value);
    return r;
}

int wf_dict_set_item_str(WfObject *d, const char *key, WfObject *value) {
    WfObject *k = wf_str_from_cstr(key);
    if (k == NULL)
        return -1;
    int r = wf_dict_set_item(d, k, value);
    wf_decref(k);
    return r;
}

/* Removes key: 1 removed (*old_value = the dict's reference to the value),
 * 0 missing, -1 error. The key's reference is dropped after the section. */
static int dict_remove_known_hash(WfDictObject *mp, WfObject *key, wf_hash_t hash,
                                  WfObject **old_value) {
    WfObject *old_key = NULL, *value;
    int r = 0;
    *old_value = NULL;
    WF_BEGIN_CRITICAL_SECTION(mp);
    if (mp->ma_used > 0) {
        wf_ssize_t ix = wf_dict_lookup(mp, key, hash, &value);
        if (ix == WF_DKIX_ERROR) {
            r = -1;
        } else if (value != NULL) {
            delitem_at(mp, hash, ix, &old_key, old_value);
            r = 1;
        }
    }
    WF_END_CRITICAL_SECTION();
    wf_xdecref(old_key);
    return r;
}

int wf_dict_del_item(WfObject *d, WfObject *key) {
    if (!wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return -1;
    }
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return -1;
    WfObject *old;
    int r = dict_remove_known_hash((WfDictObject *)d, key, hash, &old);
    if (r == 0)
        set_key_error(key);
    wf_container_drop_item(d, old);
    return r > 0 ? 0 : -1;
}

/* d[key] = value (value NULL: del d[key], KeyError when missing) with the
 * dict's old reference to the replaced value moved to *old (NULL when the
 * key was new): for callers that must delay dropping it (type.c keeps
 * replaced class attributes alive past a QSBR grace period, because
 * wf_type_lookup hands out borrowed pointers). */
int wf_dict_replace_item(WfObject *d, WfObject *key, WfObject *value, WfObject **old) {
    *old = NULL;
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return -1;
    if (value == NULL) {
        int r = dict_remove_known_hash((WfDictObject *)d, key, hash, old);
        if (r == 0)
            set_key_error(key);
        return r > 0 ? 0 : -1;
    }
    wf_incref(key);
    wf_incref(value);
    int r;
    WF_BEGIN_CRITICAL_SECTION(d);
    r = insertdict((WfDictObject *)d, key, hash, value, old);
    WF_END_CRITICAL_SECTION();
    return r;
}

int wf_dict_del_item_str(WfObject *d, const char *key) {
    WfObject *k = wf_str_from_cstr(key);
    if (k == NULL)
        return -1;
    int r = wf_dict_del_item(d, k);
    wf_decref(k);
    return r;
}

int wf_dict_pop(WfObject *d, WfObject *key, WfObject **result) {
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1) {
        *result = NULL;
        return -1;
    }
    /* The dict's reference to the value moves to the caller (lockfree.h
     * point 4: through wf_container_hand_out_item). */
    int r = dict_remove_known_hash((WfDictObject *)d, key, hash, result);
    wf_container_hand_out_item(d, *result);
    return r;
}

int wf_dict_contains_known_hash(WfObject *d, WfObject *key, wf_hash_t hash) {
    WfObject *value;
    return dict_read((WfDictObject *)d, key, hash, &value, false);
}

int wf_dict_contains(WfObject *d, WfObject *key) {
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return -1;
    return wf_dict_contains_known_hash(d, key, hash);
}

/* 1: key was present (*result = its value), 0: dflt inserted (*result = dflt), -1 error.
 * Atomic: the lookup and the insertion run in one section. */
int wf_dict_setdefault_ref(WfObject *d, WfObject *key, WfObject *dflt, WfObject **result) {
    WfDictObject *mp = (WfDictObject *)d;
    wf_hash_t hash = wf_dict_key_hash(key);
    *result = NULL;
    if (hash == -1)
        return -1;
    int r;
    WfObject *value, *old = NULL;
    WF_BEGIN_CRITICAL_SECTION(mp);
    wf_ssize_t ix = wf_dict_lookup(mp, key, hash, &value);
    if (ix == WF_DKIX_ERROR) {
        r = -1;
    } else if (value != NULL) {
        *result = wf_newref(value);
        r = 1;
    } else {
        wf_incref(key);
        wf_incref(dflt);
        r = insertdict(mp, key, hash, dflt, &old);
        if (r == 0)
            *result = wf_newref(dflt);
    }
    WF_END_CRITICAL_SECTION();
    wf_container_drop_item(d, old);
    return r;
}

/* Drops the references of dk's live entries, which d no longer uses. A
 * marked dict's values may be borrowed (lockfree.h point 4); keys never
 * are (lock-free readers compare them, and their memory outlives a grace
 * period because they are published). */
static void drop_entries(WfObject *d, WfDictKeys *dk) {
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    for (wf_ssize_t i = 0, n = dk->dk_nentries; i < n; i++) {
        if (ep[i].me_value != NULL) {
            wf_decref(ep[i].me_key);
            wf_container_drop_item(d, ep[i].me_value);
        }
    }
}

void wf_dict_clear(WfObject *d) {
    if (!wf_dict_check(d))
        return;
    WfDictObject *mp = (WfDictObject *)d;
    WfDictKeys *oldkeys;
    WF_BEGIN_CRITICAL_SECTION(mp);
    oldkeys = mp->ma_keys;
    if (oldkeys != EMPTY_KEYS) {
        keys_store(mp, EMPTY_KEYS);
        used_store(mp, 0);
        mp->ma_version++;
    }
    WF_END_CRITICAL_SECTION();
    if (oldkeys == EMPTY_KEYS)
        return;
    /* The dict is consistent (empty) before any __del__ can run. */
    drop_entries(d, oldkeys);
    keys_retire(mp, oldkeys);
}

/* Into a dict with no live entries: copy a hole-free keys table wholesale.
 * Both sections held. */
static int clone_into_empty(WfDictObject *mp, WfDictObject *other) {
    WfDictKeys *ok = other->ma_keys;
    size_t bytes = keys_bytes(ok);
    WfDictKeys *dk = wf_mem_malloc(bytes);
    if (dk == NULL) {
        wf_err_no_memory();
        return -1;
    }
    memcpy(dk, ok, bytes);
    atomic_init(&dk->dk_version, 0);
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    for (wf_ssize_t i = 0; i < dk->dk_nentries; i++) {
        wf_incref(ep[i].me_key);
        wf_incref(ep[i].me_value);
    }
    if (wf_object_is_shared_read((WfObject *)mp))
        wf_dict_publish_entries_lock_held((WfObject *)other);
    WfDictKeys *old = mp->ma_keys;
    keys_store(mp, dk);
    used_store(mp, other->ma_used);
    mp->ma_version++;
    keys_retire(mp, old);
    return 0;
}

static WfObject *dict_iter(WfObject *self);

/* other is a dict whose iteration is the plain one (not overridden). */
static bool is_plain_dict(WfObject *o) {
    return wf_dict_check(o) && WF_TYPE(o)->tp_iter == dict_iter;
}

/* Both sections held (an atomic copy unless a key's __eq__ blocks). */
static int merge_from_dict_lock_held(WfDictObject *mp, WfDictObject *other, int override) {
    if (other == mp || other->ma_used == 0)
        return 0;
    if (mp->ma_used == 0 && other->ma_keys->dk_nentries == other->ma_used)
        return clone_into_empty(mp, other);
    /* One big resize up front, rather than several along the way. */
    if (mp->ma_keys->dk_usable * 3 < other->ma_used * 2 &&
        dictresize(mp, estimate_log2_keysize(mp->ma_used + other->ma_used)) < 0)
        return -1;
    wf_ssize_t n = other->ma_keys->dk_nentries;
    for (wf_ssize_t i = 0; i < n; i++) {
        WfDictEntry *ep = &WF_DK_ENTRIES(other->ma_keys)[i];
        WfObject *value = ep->me_value;
        if (value == NULL)
            continue;
        WfObject *key = ep->me_key, *old = NULL;
        wf_hash_t hash = ep->me_hash;
        wf_incref(key);
        wf_incref(value);
        int err;
        if (override == 1) {
            err = insertdict(mp, wf_newref(key), hash, wf_newref(value), &old);
        } else {
            WfObject *existing;
            wf_ssize_t ix = wf_dict_lookup(mp, key, hash, &existing);
            err = ix == WF_DKIX_ERROR ? -1 : existing != NULL;
            if (err == 0) {
                err = insertdict(mp, wf_newref(key), hash, wf_newref(value), &old);
            } else if (err > 0) {
                err = 0;
                if (override != 0) {
                    set_key_error(key);
                    err = -1;
                }
            }
        }
        /* Under our sections these cannot be the last references: the
         * entries of other still hold key and value, and old is only
         * replaced when override == 1 (rare); dropping it here keeps the
         * loop simple. */
        wf_container_drop_item((WfObject *)mp, old);
        wf_decref(value);
        wf_decref(key);
        if (err != 0)
            return -1;
        if (n != other->ma_keys->dk_nentries) {
            wf_err_set_string(wf_exc_RuntimeError, "dict mutated during update");
            return -1;
        }
    }
    return 0;
}

static int merge_from_dict(WfDictObject *mp, WfDictObject *other, int override) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(mp, other);
    r = merge_from_dict_lock_held(mp, other, override);
    WF_END_CRITICAL_SECTION2();
    return r;
}

/* The generic way: other.keys() and other[key]. */
static int merge_from_mapping(WfObject *a, WfObject *b, int override) {
    WfObject *keys = wf_object_call_method_objargs(b, WF_ID(keys), NULL);
    if (keys == NULL)
        return -1;
    WfObject *iter = wf_object_get_iter(keys);
    wf_decref(keys);
    if (iter == NULL)
        return -1;
    WfObject *key;
    while ((key = wf_iter_next(iter)) != NULL) {
        if (override != 1) {
            int status = wf_dict_contains(a, key);
            if (status != 0) {
                if (status > 0) {
                    if (override == 0) {
                        wf_decref(key);
                        continue;
                    }
                    set_key_error(key);
                }
                wf_decref(key);
                wf_decref(iter);
                return -1;
            }
        }
        WfObject *value = wf_object_getitem(b, key);
        if (value == NULL) {
            wf_decref(key);
            wf_decref(iter);
            return -1;
        }
        int status = wf_dict_set_item(a, key, value);
        wf_decref(key);
        wf_decref(value);
        if (status < 0) {
            wf_decref(iter);
            return -1;
        }
    }
    wf_decref(iter);
    return wf_err_occurred() ? -1 : 0;
}

int wf_dict_merge(WfObject *a, WfObject *b, int override) {
    if (a == NULL || !wf_dict_check(a) || b == NULL) {
        wf_err_bad_internal_call();
        return -1;
    }
    if (is_plain_dict(b))
        return merge_from_dict((WfDictObject *)a, (WfDictObject *)b, override);
    return merge_from_mapping(a, b, override);
}

/* The size of fast, an exact list or tuple, and when it is 2 new
 * references to its items. A list is read in its section: another thread
 * may empty it between the size and the items. */
static wf_ssize_t pair_items(WfObject *fast, WfObject **key, WfObject **value) {
    wf_ssize_t n;
    WF_BEGIN_CRITICAL_SECTION(fast);
    n = WF_SIZE(fast);
    if (n == 2) {
        WfObject **items = wf_list_check_exact(fast) ? WF_LIST_ITEMS(fast) : WF_TUPLE_ITEMS(fast);
        *key = wf_newref(items[0]);
        *value = wf_newref(items[1]);
    }
    WF_END_CRITICAL_SECTION();
    return n;
}

int wf_dict_merge_from_seq2(WfObject *d, WfObject *seq2, int override) {
    WfObject *it = wf_object_get_iter(seq2);
    if (it == NULL)
        return -1;
    wf_ssize_t i = 0;
    WfObject *item;
    for (; (item = wf_iter_next(it)) != NULL; i++) {
        WfObject *fast = NULL;
        if (wf_list_check_exact(item) || wf_tuple_check_exact(item)) {
            fast = wf_newref(item);
        } else {
            fast = wf_sequence_list(item);
            if (fast == NULL) {
                if (wf_err_exception_matches(wf_exc_TypeError)) {
                    wf_err_clear();
                    wf_err_format(wf_exc_TypeError,
                                  "cannot convert dictionary update sequence element #%zd "
                                  "to a sequence", i);
                }
                goto fail_item;
            }
        }
        WfObject *key = NULL, *value = NULL;
        wf_ssize_t n = pair_items(fast, &key, &value);
        wf_decref(fast);
        if (n != 2) {
            wf_err_format(wf_exc_ValueError,
                          "dictionary update sequence element #%zd has length %zd; "
                          "2 is required", i, n);
            goto fail_item;
        }
        int status = 0;
        if (override) {
            status = wf_dict_set_item(d, key, value);
        } else {
            status = wf_dict_contains(d, key);
            if (status == 0)
                status = wf_dict_set_item(d, key, value);
        }
        wf_decref(key);
        wf_decref(value);
        wf_decref(item);
        if (status < 0)
            goto fail;
        continue;
    fail_item:
        wf_decref(item);
        goto fail;
    }
    wf_decref(it);
    return wf_err_occurred() ? -1 : 0;
fail:
    wf_decref(it);
    return -1;
}

int wf_dict_update_arg(WfObject *d, WfObject *arg) {
    if (wf_dict_check_exact(arg))
        return wf_dict_merge(d, arg, 1);
    WfObject *func;
    int r = wf_object_lookup_attr(arg, WF_ID(keys), &func);
    if (r < 0)
        return -1;
    if (r > 0) {
        wf_decref(func);
        return wf_dict_merge(d, arg, 1);
    }
    return wf_dict_merge_from_seq2(d, arg, 1);
}

int wf_dict_update(WfObject *d, WfObject *other) {
    return wf_dict_update_arg(d, other);
}

WfObject *wf_dict_copy(WfObject *d) {
    if (d == NULL || !wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    WfDictObject *mp = (WfDictObject *)d;
    /* Without holes the keys table is cloned as a whole; otherwise presize.
     * (Only a hint, but read in the section: writers store these plainly.) */
    bool compact;
    wf_ssize_t used;
    WF_BEGIN_CRITICAL_SECTION(d);
    used = mp->ma_used;
    compact = mp->ma_keys->dk_nentries == used;
    WF_END_CRITICAL_SECTION();
    WfObject *copy = compact ? wf_dict_new() : wf_dict_new_presized(used);
    if (copy == NULL)
        return NULL;
    if (merge_from_dict((WfDictObject *)copy, mp, 1) < 0) {
        wf_decref(copy);
        return NULL;
    }
    return copy;
}

int wf_dict_next_hash(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value,
                      wf_hash_t *hash) {
    if (!wf_dict_check(d))
        return 0;
    WfDictKeys *dk = ((WfDictObject *)d)->ma_keys;
    wf_ssize_t i = *pos, n = dk->dk_nentries;
    if (i < 0)
        return 0;
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    while (i < n && ep[i].me_value == NULL)
        i++;
    if (i >= n)
        return 0;
    *pos = i + 1;
    if (key)
        *key = ep[i].me_key;
    if (value)
        *value = ep[i].me_value;
    if (hash)
        *hash = ep[i].me_hash;
    return 1;
}

int wf_dict_next(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value) {
    return wf_dict_next_hash(d, pos, key, value, NULL);
}

static WfObject *dict_to_list_lock_held(WfDictObject *mp, int what);

/* what: 0 keys, 1 values, 2 items. A list snapshot. */
static WfObject *dict_to_list(WfObject *d, int what) {
    if (d == NULL || !wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    WfDictObject *mp = (WfDictObject *)d;
    WfObject *list;
    /* A snapshot: the section is held while copying (no Python code runs). */
    WF_BEGIN_CRITICAL_SECTION(mp);
    list = dict_to_list_lock_held(mp, what);
    WF_END_CRITICAL_SECTION();
    return list;
}

static WfObject *dict_to_list_lock_held(WfDictObject *mp, int what) {
    WfObject *d = (WfObject *)mp;
    wf_ssize_t n = mp->ma_used;
    WfObject *list = wf_list_new(n);
    if (list == NULL)
        return NULL;
    if (what == 2) {
        /* Allocating the pairs may run the collector, never Python code,
         * so the dict cannot change while we fill them. */
        for (wf_ssize_t i = 0; i < n; i++) {
            WfObject *pair = wf_tuple_new(2);
            if (pair == NULL) {
                wf_decref(list);
                return NULL;
            }
            WF_TUPLE_SET_ITEM(pair, 0, NULL);
            WF_TUPLE_SET_ITEM(pair, 1, NULL);
            WF_LIST_SET_ITEM(list, i, pair);
        }
    }
    wf_ssize_t pos = 0, j = 0;
    WfObject *key, *value;
    while (j < n && wf_dict_next(d, &pos, &key, &value)) {
        if (what == 0) {
            WF_LIST_SET_ITEM(list, j, wf_newref(key));
        } else if (what == 1) {
            WF_LIST_SET_ITEM(list, j, wf_newref(value));
        } else {
            WfObject *pair = WF_LIST_ITEM(list, j);
            WF_TUPLE_SET_ITEM(pair, 0, wf_newref(key));
            WF_TUPLE_SET_ITEM(pair, 1, wf_newref(value));
        }
        j++;
    }
    return list;
}

WfObject *wf_dict_keys(WfObject *d) { return dict_to_list(d, 0); }
WfObject *wf_dict_values(WfObject *d) { return dict_to_list(d, 1); }
WfObject *wf_dict_items(WfObject *d) { return dict_to_list(d, 2); }

/* ---- slots -------------------------------------------------------------- */

static void dict_dealloc(WfObject *self) {
    if (!wf_trash_begin(self, dict_dealloc))
        return;
    WfDictObject *mp = (WfDictObject *)self;
    WfDictKeys *dk = mp->ma_keys;
    if (dk != EMPTY_KEYS) {
        drop_entries(self, dk);
        keys_free(dk);
    }
    wf_object_free(self);
    wf_trash_end();
}

static int dict_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfDictKeys *dk = ((WfDictObject *)self)->ma_keys;
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    for (wf_ssize_t i = 0, n = dk->dk_nentries; i < n; i++) {
        if (ep[i].me_value != NULL) {
            int r = visit(ep[i].me_key, arg);
            if (r == 0)
                r = visit(ep[i].me_value, arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

static int dict_tp_clear(WfObject *self) {
    wf_dict_clear(self);
    return 0;
}

static wf_ssize_t dict_length(WfObject *self) {
    return used_load((WfDictObject *)self);
}

static WfObject *dict_subscript(WfObject *self, WfObject *key) {
    wf_hash_t hash = wf_dict_key_hash(key);
    if (hash == -1)
        return NULL;
    WfObject *value;
    int r = dict_read((WfDictObject *)self, key, hash, &value, true);
    if (r < 0)
        return NULL;
    if (WF_LIKELY(r > 0))
        return value;
    if (!wf_dict_check_exact(self)) {
        WfObject *missing = wf_object_lookup_special(self, WF_ID(__missing__));
        if (missing != NULL) {
            WfObject *res = wf_object_call_one_arg(missing, key);
            wf_decref(missing);
            return res;
        }
        if (wf_err_occurred())
            return NULL;
    }
    set_key_error(key);
    return NULL;
}

static int dict_ass_subscript(WfObject *self, WfObject *key, WfObject *value) {
    if (value == NULL)
        return wf_dict_del_item(self, key);
    return wf_dict_set_item(self, key, value);
}

static int dict_sq_contains(WfObject *self, WfObject *key) {
    return wf_dict_contains(self, key);
}

/* The next live entry at or after *pos with new references to its key and
 * value (read in the section); 0 at the end. For loops that run Python code
 * between entries. */
int wf_dict_next_ref(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value,
                     wf_hash_t *hash) {
    int r;
    WfObject *k, *v;
    WF_BEGIN_CRITICAL_SECTION(d);
    r = wf_dict_next_hash(d, pos, &k, &v, hash);
    if (r) {
        *key = wf_newref(k);
        *value = wf_newref(v);
    }
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *dict_repr(WfObject *self) {
    if (used_load((WfDictObject *)self) == 0)
        return wf_str_from_cstr("{}");
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_cstr("{...}") : NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_utf8(&b, "{", 1);
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    bool first = true;
    while (wf_dict_next_ref(self, &pos, &key, &value, NULL)) {
        if (!first)
            wf_str_builder_append_utf8(&b, ", ", 2);
        first = false;
        WfObject *s = wf_object_repr(key);
        if (s != NULL) {
            wf_str_builder_append_str(&b, s);
            wf_decref(s);
            wf_str_builder_append_utf8(&b, ": ", 2);
            s = wf_object_repr(value);
        }
        wf_decref(key);
        wf_decref(value);
        if (s == NULL) {
            wf_str_builder_discard(&b);
            wf_repr_leave(self);
            return NULL;
        }
        wf_str_builder_append_str(&b, s);
        wf_decref(s);
    }
    wf_str_builder_append_utf8(&b, "}", 1);
    wf_repr_leave(self);
    return wf_str_builder_finish(&b);
}

/* 1 equal, 0 not, -1 error. */
static int dict_equal(WfDictObject *a, WfDictObject *b) {
    if (used_load(a) != used_load(b))
        return 0;
    wf_ssize_t pos = 0;
    WfObject *key = NULL, *aval = NULL;
    wf_hash_t hash;
    while (wf_dict_next_ref((WfObject *)a, &pos, &key, &aval, &hash)) {
        WfObject *bval;
        int r = wf_dict_get_item_known_hash_ref((WfObject *)b, key, hash, &bval);
        wf_decref(key);
        if (r <= 0) {
            wf_decref(aval);
            return r;
        }
        int cmp = wf_object_rich_compare_bool(aval, bval, WF_EQ);
        wf_decref(aval);
        wf_decref(bval);
        if (cmp <= 0)
            return cmp;
    }
    return 1;
}

static WfObject *dict_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_dict_check(v) || !wf_dict_check(w) || (op != WF_EQ && op != WF_NE))
        WF_RETURN_NOTIMPLEMENTED;
    int cmp = dict_equal((WfDictObject *)v, (WfDictObject *)w);
    if (cmp < 0)
        return NULL;
    return wf_bool_from_long((cmp == 1) == (op == WF_EQ));
}

static WfObject *dict_iter(WfObject *self) {
    return wf_dict_iter_new((WfDictObject *)self, &wf_dict_keyiter_type);
}

/* dict(**kw) and d.update(**kw) take only str keys, as CPython's
 * PyArg_ValidateKeywordArguments (kw may be the caller's own dict). */
static bool keywords_are_strings(WfObject *kwds) {
    wf_ssize_t pos = 0;
    WfObject *key = NULL, *value = NULL;
    bool ok = true;
    while (ok && wf_dict_next_ref(kwds, &pos, &key, &value, NULL)) {
        ok = wf_str_check(key);
        wf_decref(key);
        wf_decref(value);
    }
    if (!ok)
        wf_err_set_string(wf_exc_TypeError, "keywords must be strings");
    return ok;
}

static int dict_update_common(WfObject *self, WfObject *args, WfObject *kwds,
                              const char *methname) {
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (nargs > 1) {
        wf_err_format(wf_exc_TypeError, "%s expected at most 1 argument, got %zd", methname,
                      nargs);
        return -1;
    }
    if (nargs == 1 && wf_dict_update_arg(self, WF_TUPLE_ITEM(args, 0)) < 0)
        return -1;
    if (kwds != NULL && ((WfDictObject *)kwds)->ma_used > 0) {
        if (!keywords_are_strings(kwds))
            return -1;
        return wf_dict_merge(self, kwds, 1);
    }
    return 0;
}

static WfObject *dict_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return (WfObject *)dict_alloc(type);
}

static int dict_init(WfObject *self, WfObject *args, WfObject *kwds) {
    return dict_update_common(self, args, kwds, "dict");
}

static WfObject *dict_or(WfObject *self, WfObject *other) {
    if (!wf_dict_check(self) || !wf_dict_check(other))
        WF_RETURN_NOTIMPLEMENTED;
    WfObject *res = wf_dict_copy(self);
    if (res == NULL)
        return NULL;
    if (wf_dict_update_arg(res, other) < 0) {
        wf_decref(res);
        return NULL;
    }
    return res;
}

static WfObject *dict_ior(WfObject *self, WfObject *other) {
    if (wf_dict_update_arg(self, other) < 0)
        return NULL;
    return wf_newref(self);
}

/* ---- methods ------------------------------------------------------------ */

static WfObject *dict_get_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("get", nargs, 1, 2) < 0)
        return NULL;
    WfObject *value;
    int r = wf_dict_get_item_ref(self, args[0], &value);
    if (r < 0)
        return NULL;
    if (r == 0)
        return wf_newref(nargs > 1 ? args[1] : WF_NONE);
    return value;
}

static WfObject *dict_setdefault_method(WfObject *self, WfObject *const *args,
                                        wf_ssize_t nargs) {
    if (wf_arg_check_positional("setdefault", nargs, 1, 2) < 0)
        return NULL;
    WfObject *value;
    if (wf_dict_setdefault_ref(self, args[0], nargs > 1 ? args[1] : WF_NONE, &value) < 0)
        return NULL;
    return value;
}

static WfObject *dict_pop_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("pop", nargs, 1, 2) < 0)
        return NULL;
    WfObject *value;
    int r = wf_dict_pop(self, args[0], &value);
    if (r < 0)
        return NULL;
    if (r == 0) {
        if (nargs > 1)
            return wf_newref(args[1]);
        set_key_error(args[0]);
        return NULL;
    }
    return value;
}

static void dict_popitem_lock_held(WfDictObject *mp, WfObject *res);

static WfObject *dict_popitem(WfObject *self, WfObject *unused) {
    WfObject *res = wf_tuple_new(2);   /* before mutating: allocation may fail */
    if (res == NULL)
        return NULL;
    bool empty;
    WF_BEGIN_CRITICAL_SECTION(self);
    empty = ((WfDictObject *)self)->ma_used == 0;
    if (!empty)
        dict_popitem_lock_held((WfDictObject *)self, res);
    WF_END_CRITICAL_SECTION();
    if (empty) {
        wf_decref(res);
        wf_err_set_string(wf_exc_KeyError, "popitem(): dictionary is empty");
        return NULL;
    }
    /* The value's reference moved into res (lockfree.h point 4). */
    wf_container_hand_out_item(self, WF_TUPLE_ITEM(res, 1));
    return res;
}

/* Moves the last live entry's references into res (a fresh 2-tuple). The
 * entry slot is not reused (lock-free readers, dict_internal.h). */
static void dict_popitem_lock_held(WfDictObject *mp, WfObject *res) {
    WfDictKeys *dk = mp->ma_keys;
    WfDictEntry *ep0 = WF_DK_ENTRIES(dk);
    wf_ssize_t i = dk->dk_nentries - 1;
    while (i >= 0 && ep0[i].me_value == NULL)
        i--;
    wf_assert(i >= 0);
    WfDictEntry *ep = &ep0[i];
    size_t slot = lookup_index_slot(dk, ep->me_hash, i);
    dk_set_index(dk, slot, WF_DKIX_DUMMY);
    WF_TUPLE_SET_ITEM(res, 0, ep->me_key);     /* the entry's references move */
    WF_TUPLE_SET_ITEM(res, 1, ep->me_value);
    __atomic_store_n(&ep->me_key, NULL, __ATOMIC_RELAXED);
    __atomic_store_n(&ep->me_value, NULL, __ATOMIC_RELEASE);
    dk_invalidate_version(dk);
    used_store(mp, mp->ma_used - 1);
    mp->ma_version++;
}

static WfObject *dict_keys_method(WfObject *self, WfObject *unused) {
    return wf_dict_view_new(self, &wf_dict_keys_type);
}
static WfObject *dict_values_method(WfObject *self, WfObject *unused) {
    return wf_dict_view_new(self, &wf_dict_values_type);
}
static WfObject *dict_items_method(WfObject *self, WfObject *unused) {
    return wf_dict_view_new(self, &wf_dict_items_type);
}

static WfObject *dict_update_method(WfObject *self, WfObject *args, WfObject *kwds) {
    if (dict_update_common(self, args, kwds, "update") < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *dict_clear_method(WfObject *self, WfObject *unused) {
    wf_dict_clear(self);
    WF_RETURN_NONE;
}

static WfObject *dict_copy_method(WfObject *self, WfObject *unused) {
    return wf_dict_copy(self);
}

static WfObject *dict_reversed_method(WfObject *self, WfObject *unused) {
    return wf_dict_iter_new((WfDictObject *)self, &wf_dict_revkeyiter_type);
}

/* Fill an exact dict from a dict or set without calling __hash__ again.
 * d is fresh (private); the source's section is held while it is read. */
static int fromkeys_fast_lock_held(WfDictObject *mp, WfObject *iterable, WfObject *value) {
    WfObject *key, *old;
    wf_hash_t hash;
    wf_ssize_t pos = 0;
    if (wf_dict_check_exact(iterable)) {
        wf_ssize_t n = ((WfDictObject *)iterable)->ma_used;
        if (dictresize(mp, estimate_log2_keysize(n)) < 0)
            return -1;
        while (wf_dict_next_hash(iterable, &pos, &key, NULL, &hash)) {
            if (insertdict(mp, wf_newref(key), hash, wf_newref(value), &old) < 0)
                return -1;
            wf_xdecref(old);
        }
        return 0;
    }
    if (dictresize(mp, estimate_log2_keysize(wf_set_size(iterable))) < 0)
        return -1;
    while (wf_set_next_entry(iterable, &pos, &key, &hash)) {
        if (insertdict(mp, wf_newref(key), hash, wf_newref(value), &old) < 0)
            return -1;
        wf_xdecref(old);
    }
    return 0;
}

static int fromkeys_fast(WfObject *d, WfObject *iterable, WfObject *value) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(d, iterable);
    r = fromkeys_fast_lock_held((WfDictObject *)d, iterable, value);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *dict_fromkeys(WfObject *type, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("fromkeys", nargs, 1, 2) < 0)
        return NULL;
    WfObject *iterable = args[0], *value = nargs > 1 ? args[1] : WF_NONE;
    WfObject *d = wf_object_call_no_args(type);
    if (d == NULL)
        return NULL;
    if (wf_dict_check_exact(d) && ((WfDictObject *)d)->ma_used == 0 &&
        (wf_dict_check_exact(iterable) || wf_set_check_exact(iterable) ||
         wf_frozenset_check_exact(iterable))) {
        if (fromkeys_fast(d, iterable, value) < 0) {
            wf_decref(d);
            return NULL;
        }
        return d;
    }
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL) {
        wf_decref(d);
        return NULL;
    }
    bool exact = wf_dict_check_exact(d);
    WfObject *key;
    while ((key = wf_iter_next(it)) != NULL) {
        int r = exact ? wf_dict_set_item(d, key, value) : wf_object_setitem(d, key, value);
        wf_decref(key);
        if (r < 0)
            break;
    }
    wf_decref(it);
    if (wf_err_occurred()) {
        wf_decref(d);
        return NULL;
    }
    return d;
}

static WfMethodDef dict_methods[] = {
    {"get", (void *)dict_get_method, WF_METH_FASTCALL, NULL},
    {"setdefault", (void *)dict_setdefault_method, WF_METH_FASTCALL, NULL},
    {"pop", (void *)dict_pop_method, WF_METH_FASTCALL, NULL},
    {"popitem", (void *)dict_popitem, WF_METH_NOARGS, NULL},
    {"keys", (void *)dict_keys_method, WF_METH_NOARGS, NULL},
    {"items", (void *)dict_items_method, WF_METH_NOARGS, NULL},
    {"values", (void *)dict_values_method, WF_METH_NOARGS, NULL},
    {"update", (void *)dict_update_method, WF_METH_VARARGS | WF_METH_KEYWORDS, NULL},
    {"fromkeys", (void *)dict_fromkeys, WF_METH_FASTCALL | WF_METH_CLASS, NULL},
    {"clear", (void *)dict_clear_method, WF_METH_NOARGS, NULL},
    {"copy", (void *)dict_copy_method, WF_METH_NOARGS, NULL},
    {"__reversed__", (void *)dict_reversed_method, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_dict_type = {
    .tp_name = "dict",
    .tp_basicsize = sizeof(WfDictObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_DICT_SUBCLASS,
    .tp_doc = "dict() -> new empty dictionary",
    .tp_dealloc = dict_dealloc,
    .tp_repr = dict_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = dict_richcompare,
    .tp_iter = dict_iter,
    .tp_init = dict_init,
    .tp_new = dict_new,
    .tp_traverse = dict_traverse,
    .tp_clear = dict_tp_clear,
    .nb_or = dict_or,
    .nb_inplace_or = dict_ior,
    .sq_contains = dict_sq_contains,
    .mp_length = dict_length,
    .mp_subscript = dict_subscript,
    .mp_ass_subscript = dict_ass_subscript,
    .tp_methods = dict_methods,
};
