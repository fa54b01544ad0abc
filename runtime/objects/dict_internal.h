/* dict_internal.h — the keys-table layout of dicts, shared by dict.c,
 * dict_views.c and (later) the specializer, which caches entry indices.
 *
 * Layout (CPython's compact dict): one allocation holds the header, then
 * 2**dk_log2_size indices of 1, 2, 4 or 8 bytes, then USABLE_FRACTION(size)
 * entries in insertion order.
 *
 * Invariants:
 *  - An index slot holds WF_DKIX_EMPTY, WF_DKIX_DUMMY (a deleted entry once
 *    lived there) or the position of an entry < dk_nentries.
 *  - A live entry has me_value != NULL; a deleted one has key and value NULL
 *    and its index slot is DUMMY. Entries are never moved except by a resize,
 *    which builds a new keys table (compacted) and replaces ma_keys.
 *  - dk_usable + dk_nentries <= USABLE_FRACTION(size); dk_usable reaching 0
 *    forces a resize before the next insertion of a new key.
 *  - dk_kind is WF_DICT_KEYS_STR while every key ever inserted is an exact
 *    str: lookups of exact str keys then never run Python code.
 *  - Threads (docs/containers-threads.md): every change runs in the dict's
 *    critical section; exact-str lookups in STR tables run lock-free
 *    (index slots and entry fields are loaded with acquire, a replaced
 *    table is retired through QSBR), everything else takes the section.
 *    An entry slot is never reused for another key while the table lives,
 *    so a lock-free reader that matched a key reads that key's value.
 *  - dk_version is 0 or a process-unique tag naming the current set of keys
 *    and their positions; inserting a new key or deleting one resets it to 0.
 *    Replacing a value keeps it (LOAD_GLOBAL re-reads the value anyway).
 *  - The shared empty keys table (dict.c) is never written: dk_usable is 0,
 *    so the first insertion resizes away from it.
 */
#ifndef WF_DICT_INTERNAL_H
#define WF_DICT_INTERNAL_H

#include "runtime/objects/objects.h"

#define WF_DKIX_EMPTY (-1)
#define WF_DKIX_DUMMY (-2)
#define WF_DKIX_ERROR (-3)

#define WF_DICT_KEYS_GENERAL 0
#define WF_DICT_KEYS_STR 1

typedef struct WfDictEntry {
    wf_hash_t me_hash;
    WfObject *me_key;
    WfObject *me_value;     /* NULL: deleted entry */
} WfDictEntry;

typedef struct WfDictKeys {
    uint8_t dk_log2_size;         /* 2**log2_size index slots */
    uint8_t dk_log2_index_bytes;  /* log2 of the size of the index array in bytes */
    uint8_t dk_kind;              /* WF_DICT_KEYS_* */
    _Atomic(uint32_t) dk_version; /* 0 = none assigned */
    wf_ssize_t dk_usable;         /* entries that can still be appended */
    wf_ssize_t dk_nentries;       /* entries used so far, deleted included */
    /* indices follow, then entries */
} WfDictKeys;

#define WF_DK_SIZE(dk) ((wf_ssize_t)1 << (dk)->dk_log2_size)
#define WF_DK_INDICES(dk) ((char *)((WfDictKeys *)(dk) + 1))
#define WF_DK_ENTRIES(dk) \
    ((WfDictEntry *)(WF_DK_INDICES(dk) + ((size_t)1 << (dk)->dk_log2_index_bytes)))

static inline wf_ssize_t wf_dk_get_index(const WfDictKeys *dk, size_t i) {
    const char *ix = WF_DK_INDICES(dk);
    int log2 = dk->dk_log2_size;
    /* Acquire: lock-free lookups then see the entry the index names
     * (partner: the release store in dict.c's dk_set_index). */
    if (log2 < 8)
        return __atomic_load_n(&((const int8_t *)ix)[i], __ATOMIC_ACQUIRE);
    if (log2 < 16)
        return __atomic_load_n(&((const int16_t *)ix)[i], __ATOMIC_ACQUIRE);
    if (log2 < 32)
        return __atomic_load_n(&((const int32_t *)ix)[i], __ATOMIC_ACQUIRE);
    return __atomic_load_n(&((const int64_t *)ix)[i], __ATOMIC_ACQUIRE);
}

/* Lookup without side effects: the index of the live entry whose key is
 * `key` (an exact str with hash `hash`), or WF_DKIX_EMPTY. Never runs Python
 * code; for dicts of kind WF_DICT_KEYS_STR only (globals, builtins, instance
 * dicts). The specializer calls this with the keys it validated. */
wf_ssize_t wf_dict_keys_lookup_str(WfDictKeys *dk, WfObject *key, wf_hash_t hash);
/* The keys version of d's current keys, assigning one when needed; 0 when
 * the version space is exhausted. */
uint32_t wf_dict_keys_get_version(WfDictKeys *dk);

/* The general lookup: entry index (value in *value, borrowed) or WF_DKIX_EMPTY
 * (*value NULL) or WF_DKIX_ERROR (exception set). May run __eq__. The
 * caller holds mp's critical section (or owns mp alone). */
wf_ssize_t wf_dict_lookup(WfDictObject *mp, WfObject *key, wf_hash_t hash, WfObject **value);

/* Hash of a key with the str fast path (cached hash). -1 on error. */
static inline wf_hash_t wf_dict_key_hash(WfObject *key) {
    if (WF_LIKELY(WF_TYPE(key) == &wf_str_type)) {
        wf_hash_t h = wf_str_cached_hash(key);   /* relaxed: see str.h */
        if (h != -1)
            return h;
    }
    return wf_object_hash(key);
}

/* d[key] = value, or del d[key] when value is NULL (KeyError when missing);
 * the replaced value's reference is moved to *old (NULL if none) for the
 * caller to drop. 0 or -1 (dict.c). */
int wf_dict_replace_item(WfObject *d, WfObject *key, WfObject *value, WfObject **old);

/* The next live entry at or after *pos, with NEW references to key and
 * value, read inside d's critical section; 0 at the end (dict.c). */
int wf_dict_next_ref(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value,
                     wf_hash_t *hash);

/* list(view) as one snapshot in the dict's section; NULL (no exception)
 * when o is not a dict keys/values/items view (dict_views.c). */
WfObject *wf_dict_view_snapshot(WfObject *o);

/* Iterators over dicts and views (dict_views.c). */
extern WfTypeObject wf_dict_keyiter_type, wf_dict_valueiter_type, wf_dict_itemiter_type,
    wf_dict_revkeyiter_type, wf_dict_revvalueiter_type, wf_dict_revitemiter_type;
WfObject *wf_dict_iter_new(WfDictObject *d, WfTypeObject *itertype);
/* A view of kind wf_dict_keys_type / values / items over d. */
WfObject *wf_dict_view_new(WfObject *d, WfTypeObject *viewtype);

#endif /* WF_DICT_INTERNAL_H */
