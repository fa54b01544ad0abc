/* set.c — set and frozenset: CPython's open-addressing table, so that
 * iteration order matches CPython exactly (sets of small ints print sorted).
 *
 * Invariants:
 *  - table has mask+1 entries (a power of two, at least SET_MINSIZE); small
 *    sets use the inline smalltable.
 *  - An entry is unused (key NULL, hash 0), active (key, its hash), or a
 *    dummy (key == &set_dummy, hash -1) left by a deletion so that probe
 *    chains stay intact. fill counts active + dummy, used counts active.
 *  - fill*5 < mask*3 after every insertion (resize otherwise).
 *  - Probing: LINEAR_PROBES neighbours in a row while they stay inside the
 *    table, then the perturbed jump i = i*5 + 1 + perturb. set_add_entry
 *    reuses the last dummy seen on the chain (as CPython 3.11 does).
 *  - A lookup whose __eq__ changed the table restarts.
 *  - hash is -1 or a frozenset's cached hash; sets never compute it.
 *  - Mutation happens only in set_add_entry, set_discard_entry,
 *    set_table_resize, set_clear_internal, set_swap_bodies and set_pop_impl,
 *    always inside the set's critical section: the entry points go through
 *    the locking layer (*_locked), which also locks `other` when it is read
 *    in place. Sets have no lock-free reads (docs/containers-threads.md):
 *    `in`, len() aside (a relaxed load), take the section too.
 *  - Biased leaf operations (threads/bias.h): the owner of a set no other
 *    thread has touched runs `in`, add and discard without the mutex when
 *    no comparison can run Python code: the probe key and every key the set
 *    may hold are exact int, bool, float or str. SET_FLAG_OPAQUE_KEYS (in
 *    ob_flags, relaxed atomics) records that some other key was ever
 *    stored; only clear() resets it.
 */
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "threads/bias.h"
#include "threads/critical_section.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct {
    WfObject *key;
    wf_hash_t hash;
} SetEntry;

typedef struct {
    WF_OBJECT_HEAD;
    wf_ssize_t fill;
    wf_ssize_t used;
    wf_ssize_t mask;
    SetEntry *table;
    wf_hash_t hash;
    wf_ssize_t finger;     /* where pop() looks first */
    SetEntry smalltable[SET_MINSIZE];
} WfSetObject;

#define SET(o) ((WfSetObject *)(o))

#define SET_FLAG_OPAQUE_KEYS 0x1   /* ob_flags: a key whose __eq__ may be Python code */

/* Keys whose comparisons with each other are C code that runs nothing else. */
static inline bool leaf_key(WfObject *key) {
    WfTypeObject *t = WF_TYPE(key);
    return t == &wf_int_type || t == &wf_str_type || t == &wf_float_type || t == &wf_bool_type;
}

static inline uint16_t set_flags(WfSetObject *so) {
    return __atomic_load_n(&so->ob_base.ob_flags, __ATOMIC_RELAXED);
}

/* Read-modify-writes: the owner may set WF_OBJ_FLAG_BIASED meanwhile. */
static inline void set_flags_add(WfSetObject *so, uint16_t flags) {
    __atomic_fetch_or(&so->ob_base.ob_flags, flags, __ATOMIC_RELAXED);
}

static inline void set_flags_remove(WfSetObject *so, uint16_t flags) {
    __atomic_fetch_and(&so->ob_base.ob_flags, (uint16_t)~flags, __ATOMIC_RELAXED);
}

/* Before key goes into so's table (section held, or biased). */
static inline void note_key(WfSetObject *so, WfObject *key) {
    if (!leaf_key(key) && !(set_flags(so) & SET_FLAG_OPAQUE_KEYS))
        set_flags_add(so, SET_FLAG_OPAQUE_KEYS);
}

/* The deleted-entry marker. Immortal and never handed to Python code;
 * shared read-only by all threads. */
static WfObject set_dummy_struct = {.ob_ref_local = WF_IMMORTAL_REFCNT};
#define DUMMY (&set_dummy_struct)

static inline bool is_set(WfObject *o) {
    return WF_TYPE(o) == &wf_set_type || wf_type_is_subtype(WF_TYPE(o), &wf_set_type);
}
static inline bool is_frozen_base(WfTypeObject *t) {
    return t == &wf_frozenset_type || wf_type_is_subtype(t, &wf_frozenset_type);
}
static inline bool anyset_check_exact(WfObject *o) {
    return WF_TYPE(o) == &wf_set_type || WF_TYPE(o) == &wf_frozenset_type;
}

static inline wf_hash_t key_hash(WfObject *key) {
    if (WF_LIKELY(WF_TYPE(key) == &wf_str_type)) {
        wf_hash_t h = wf_str_cached_hash(key);   /* relaxed: see str.h */
        if (h != -1)
            return h;
    }
    return wf_object_hash(key);
}

/* ---- the table ------------------------------------------------------------ */

static int set_table_resize(WfSetObject *so, wf_ssize_t minused);

/* len() reads `used` without the section: stored with a relaxed atomic. */
static inline void used_store(WfSetObject *so, wf_ssize_t n) {
    __atomic_store_n(&so->used, n, __ATOMIC_RELAXED);
}

/* Insert into a table known to hold no dummies and not this key. */
static void set_insert_clean(SetEntry *table, size_t mask, WfObject *key, wf_hash_t hash) {
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &table[i];
        if (entry->key == NULL)
            goto found_null;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL)
                    goto found_null;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found_null:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

/* The entry holding key, or the unused entry that ends its chain; NULL on error. */
static SetEntry *set_lookkey(WfSetObject *so, WfObject *key, wf_hash_t hash) {
restart:;
    size_t perturb = (size_t)hash;
    size_t mask = (size_t)so->mask;
    size_t i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return entry;
            if (entry->hash == hash) {
                WfObject *startkey = entry->key;
                if (startkey == key)
                    return entry;
                if (WF_TYPE(startkey) == &wf_str_type && WF_TYPE(key) == &wf_str_type) {
                    if (wf_str_equal(startkey, key))
                        return entry;
                } else {
                    SetEntry *table = so->table;
                    wf_incref(startkey);
                    int cmp = wf_object_rich_compare_bool(startkey, key, WF_EQ);
                    wf_decref(startkey);
                    if (cmp < 0)
                        return NULL;
                    if (table != so->table || entry->key != startkey)
                        goto restart;
                    if (cmp > 0)
                        return entry;
                    mask = (size_t)so->mask;
                }
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Add key (not stolen). 0 or -1. */
static int set_add_entry(WfSetObject *so, WfObject *key, wf_hash_t hash) {
    /* Own a reference across the comparisons: __eq__ may drop the caller's. */
    wf_incref(key);
restart:;
    size_t mask = (size_t)so->mask;
    size_t i = (size_t)hash & mask;
    size_t perturb = (size_t)hash;
    SetEntry *freeslot = NULL, *entry;
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused_or_dummy;
            if (entry->hash == hash) {
                WfObject *startkey = entry->key;
                if (startkey == key)
                    goto found_active;
                if (WF_TYPE(startkey) == &wf_str_type && WF_TYPE(key) == &wf_str_type) {
                    if (wf_str_equal(startkey, key))
                        goto found_active;
                } else {
                    SetEntry *table = so->table;
                    wf_incref(startkey);
                    int cmp = wf_object_rich_compare_bool(startkey, key, WF_EQ);
                    wf_decref(startkey);
                    if (cmp > 0)
                        goto found_active;
                    if (cmp < 0) {
                        wf_decref(key);
                        return -1;
                    }
                    if (table != so->table || entry->key != startkey)
                        goto restart;
                    mask = (size_t)so->mask;
                }
            } else if (entry->hash == -1) {
                freeslot = entry;   /* the last dummy seen wins, as in CPython 3.11 */
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    /* An __eq__ run since may have filled the dummy we remembered (a nested
     * add): look again rather than overwrite its key (CPython 3.11 does). */
    if (freeslot != NULL && freeslot->hash != -1)
        goto restart;
    note_key(so, key);
    if (freeslot != NULL) {
        used_store(so, so->used + 1);
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    used_store(so, so->used + 1);
    entry->key = key;
    entry->hash = hash;
    if ((size_t)so->fill * 5 < mask * 3)
        return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
    wf_decref(key);
    return 0;
}

static int set_table_resize(WfSetObject *so, wf_ssize_t minused) {
    SetEntry small_copy[SET_MINSIZE];
    size_t newsize = SET_MINSIZE;
    while (newsize <= (size_t)minused)
        newsize <<= 1;
    SetEntry *oldtable = so->table;
    size_t oldmask = (size_t)so->mask;
    bool old_malloced = oldtable != so->smalltable;
    SetEntry *newtable;
    if (newsize == SET_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used)
                return 0;   /* no dummies: nothing to gain */
            memcpy(small_copy, oldtable, sizeof(small_copy));
            oldtable = small_copy;
        }
    } else {
        if (newsize > SIZE_MAX / sizeof(SetEntry) ||
            (newtable = wf_mem_malloc(newsize * sizeof(SetEntry))) == NULL) {
            wf_err_no_memory();
            return -1;
        }
    }
    memset(newtable, 0, newsize * sizeof(SetEntry));
    so->mask = (wf_ssize_t)newsize - 1;
    so->table = newtable;
    bool has_dummies = so->fill != so->used;
    so->fill = so->used;
    for (SetEntry *e = oldtable; e <= oldtable + oldmask; e++) {
        if (e->key != NULL && (!has_dummies || e->key != DUMMY))
            set_insert_clean(newtable, newsize - 1, e->key, e->hash);
    }
    if (old_malloced)
        wf_mem_free(oldtable);
    return 0;
}

static int set_contains_entry(WfSetObject *so, WfObject *key, wf_hash_t hash) {
    SetEntry *entry = set_lookkey(so, key, hash);
    if (entry == NULL)
        return -1;
    return entry->key != NULL;
}

/* 1 found and removed, 0 not found, -1 error. */
static int set_discard_entry(WfSetObject *so, WfObject *key, wf_hash_t hash) {
    SetEntry *entry = set_lookkey(so, key, hash);
    if (entry == NULL)
        return -1;
    if (entry->key == NULL)
        return 0;
    WfObject *old_key = entry->key;
    entry->key = DUMMY;
    entry->hash = -1;
    used_store(so, so->used - 1);
    wf_decref(old_key);
    return 1;
}

static int set_add_key(WfSetObject *so, WfObject *key) {
    wf_hash_t hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_add_entry(so, key, hash);
}

static int set_contains_key(WfSetObject *so, WfObject *key) {
    wf_hash_t hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_contains_entry(so, key, hash);
}

static int set_discard_key(WfSetObject *so, WfObject *key) {
    wf_hash_t hash = key_hash(key);
    if (hash == -1)
        return -1;
    return set_discard_entry(so, key, hash);
}

static void set_empty_to_minsize(WfSetObject *so) {
    if (set_flags(so) & SET_FLAG_OPAQUE_KEYS)
        set_flags_remove(so, SET_FLAG_OPAQUE_KEYS);
    memset(so->smalltable, 0, sizeof(so->smalltable));
    so->fill = 0;
    used_store(so, 0);
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

static int set_clear_internal(WfSetObject *so) {
    SetEntry small_copy[SET_MINSIZE];
    SetEntry *table = so->table;
    wf_ssize_t fill = so->fill;
    bool malloced = table != so->smalltable;
    if (malloced) {
        set_empty_to_minsize(so);
    } else if (fill > 0) {
        memcpy(small_copy, table, sizeof(small_copy));
        table = small_copy;
        set_empty_to_minsize(so);
    }
    /* The set is empty before any key's __del__ can run. */
    for (SetEntry *e = table; fill > 0; e++) {
        if (e->key != NULL) {
            fill--;
            if (e->key != DUMMY)
                wf_decref(e->key);
        }
    }
    if (malloced)
        wf_mem_free(table);
    return 0;
}

/* The next active entry at or after *pos. */
static int set_next(WfSetObject *so, wf_ssize_t *pos, SetEntry **entry_out) {
    wf_ssize_t i = *pos, mask = so->mask;
    SetEntry *entry = &so->table[i];
    while (i <= mask && (entry->key == NULL || entry->key == DUMMY)) {
        i++;
        entry++;
    }
    *pos = i + 1;
    if (i > mask)
        return 0;
    *entry_out = entry;
    return 1;
}

static int set_merge(WfSetObject *so, WfSetObject *other) {
    if (so == other || other->used == 0)
        return 0;
    if (set_flags(other) & SET_FLAG_OPAQUE_KEYS)   /* the fast copies below skip note_key */
        set_flags_add(so, SET_FLAG_OPAQUE_KEYS);
    /* One big resize up front; expect few overlapping keys. */
    if ((so->fill + other->used) * 5 >= so->mask * 3 &&
        set_table_resize(so, (so->used + other->used) * 2) != 0)
        return -1;
    SetEntry *so_entry = so->table, *other_entry = other->table;
    /* Empty, same size, no dummies to drop: copy the entries as they are. */
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (wf_ssize_t i = 0; i <= other->mask; i++, so_entry++, other_entry++) {
            if (other_entry->key != NULL) {
                so_entry->key = wf_newref(other_entry->key);
                so_entry->hash = other_entry->hash;
            }
        }
        so->fill = other->fill;
        used_store(so, other->used);
        return 0;
    }
    /* Empty: no duplicates are possible, insert without comparing. */
    if (so->fill == 0) {
        so->fill = other->used;
        used_store(so, other->used);
        for (wf_ssize_t i = other->mask + 1; i > 0; i--, other_entry++) {
            WfObject *key = other_entry->key;
            if (key != NULL && key != DUMMY)
                set_insert_clean(so->table, (size_t)so->mask, wf_newref(key), other_entry->hash);
        }
        return 0;
    }
    for (wf_ssize_t i = 0; i <= other->mask; i++) {
        other_entry = &other->table[i];
        WfObject *key = other_entry->key;
        if (key != NULL && key != DUMMY && set_add_entry(so, key, other_entry->hash) < 0)
            return -1;
    }
    return 0;
}

static int set_update_internal(WfSetObject *so, WfObject *other) {
    if (wf_anyset_check(other))
        return set_merge(so, SET(other));
    if (wf_dict_check_exact(other)) {
        wf_ssize_t dictsize = wf_dict_size(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3 &&
            set_table_resize(so, (so->used + dictsize) * 2) != 0)
            return -1;
        wf_ssize_t pos = 0;
        WfObject *key;
        wf_hash_t hash;
        while (wf_dict_next_hash(other, &pos, &key, NULL, &hash)) {
            if (set_add_entry(so, key, hash) < 0)
                return -1;
        }
        return 0;
    }
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL)
        return -1;
    WfObject *key;
    while ((key = wf_iter_next(it)) != NULL) {
        int r = set_add_key(so, key);
        wf_decref(key);
        if (r < 0) {
            wf_decref(it);
            return -1;
        }
    }
    wf_decref(it);
    return wf_err_occurred() ? -1 : 0;
}

static WfObject *make_new_set_nolock(WfTypeObject *type, WfObject *iterable) {
    WfSetObject *so;
    if (type == &wf_set_type || type == &wf_frozenset_type)
        so = (WfSetObject *)wf_object_alloc(type);
    else
        so = (WfSetObject *)wf_type_generic_alloc(type, 0);
    if (so == NULL)
        return NULL;
    set_empty_to_minsize(so);
    so->finger = 0;
    if (iterable != NULL && set_update_internal(so, iterable) < 0) {
        wf_decref((WfObject *)so);
        return NULL;
    }
    return (WfObject *)so;
}

/* A new set or frozenset: the built-in base of type. */
static WfObject *make_new_set_basetype(WfTypeObject *type, WfObject *iterable) {
    if (type != &wf_set_type && type != &wf_frozenset_type)
        type = wf_type_is_subtype(type, &wf_set_type) ? &wf_set_type : &wf_frozenset_type;
    return make_new_set_nolock(type, iterable);
}

static void set_swap_bodies(WfSetObject *a, WfSetObject *b) {
    uint16_t opaque = (set_flags(a) | set_flags(b)) & SET_FLAG_OPAQUE_KEYS;
    if (opaque) {   /* either may now hold the other's keys */
        set_flags_add(a, opaque);
        set_flags_add(b, opaque);
    }
    wf_ssize_t t;
    t = a->fill; a->fill = b->fill; b->fill = t;
    t = a->used; used_store(a, b->used); used_store(b, t);
    t = a->mask; a->mask = b->mask; b->mask = t;
    SetEntry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        SetEntry tab[SET_MINSIZE];
        memcpy(tab, a->smalltable, sizeof(tab));
        memcpy(a->smalltable, b->smalltable, sizeof(tab));
        memcpy(b->smalltable, tab, sizeof(tab));
    }
    if (is_frozen_base(WF_TYPE(a)) && is_frozen_base(WF_TYPE(b))) {
        wf_hash_t h = a->hash;
        a->hash = b->hash;
        b->hash = h;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
}

/* ---- set algebra ------------------------------------------------------------ */

static WfObject *set_copy_impl(WfObject *so) {
    return make_new_set_basetype(WF_TYPE(so), so);
}

static WfObject *set_intersection_impl(WfSetObject *so, WfObject *other) {
    if ((WfObject *)so == other)
        return set_copy_impl((WfObject *)so);
    WfSetObject *result = SET(make_new_set_basetype(WF_TYPE(so), NULL));
    if (result == NULL)
        return NULL;
    if (wf_anyset_check(other)) {
        if (SET(other)->used > so->used) {
            WfSetObject *tmp = so;
            so = SET(other);
            other = (WfObject *)tmp;
        }
        wf_ssize_t pos = 0;
        SetEntry *entry;
        while (set_next(SET(other), &pos, &entry)) {
            WfObject *key = wf_newref(entry->key);
            wf_hash_t hash = entry->hash;
            int rv = set_contains_entry(so, key, hash);
            if (rv > 0)
                rv = set_add_entry(result, key, hash);
            wf_decref(key);
            if (rv < 0) {
                wf_decref((WfObject *)result);
                return NULL;
            }
        }
        return (WfObject *)result;
    }
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL) {
        wf_decref((WfObject *)result);
        return NULL;
    }
    WfObject *key;
    while ((key = wf_iter_next(it)) != NULL) {
        wf_hash_t hash = key_hash(key);
        int rv = hash == -1 ? -1 : set_contains_entry(so, key, hash);
        if (rv > 0)
            rv = set_add_entry(result, key, hash);
        wf_decref(key);
        if (rv < 0)
            break;
    }
    wf_decref(it);
    if (wf_err_occurred()) {
        wf_decref((WfObject *)result);
        return NULL;
    }
    return (WfObject *)result;
}

static int set_difference_update_internal(WfSetObject *so, WfObject *other) {
    if ((WfObject *)so == other)
        return set_clear_internal(so);
    if (wf_anyset_check(other)) {
        /* A much larger other: only the common keys matter. */
        if ((SET(other)->used >> 3) > so->used) {
            other = set_intersection_impl(so, other);
            if (other == NULL)
                return -1;
        } else {
            wf_incref(other);
        }
        wf_ssize_t pos = 0;
        SetEntry *entry;
        while (set_next(SET(other), &pos, &entry)) {
            WfObject *key = wf_newref(entry->key);
            int rv = set_discard_entry(so, key, entry->hash);
            wf_decref(key);
            if (rv < 0) {
                wf_decref(other);
                return -1;
            }
        }
        wf_decref(other);
    } else {
        WfObject *it = wf_object_get_iter(other);
        if (it == NULL)
            return -1;
        WfObject *key;
        while ((key = wf_iter_next(it)) != NULL) {
            int rv = set_discard_key(so, key);
            wf_decref(key);
            if (rv < 0)
                break;
        }
        wf_decref(it);
        if (wf_err_occurred())
            return -1;
    }
    /* More than a quarter dummies: resize them away. */
    if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4)
        return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static WfObject *set_copy_and_difference(WfSetObject *so, WfObject *other) {
    WfObject *result = set_copy_impl((WfObject *)so);
    if (result != NULL && set_difference_update_internal(SET(result), other) < 0)
        WF_CLEAR(result);
    return result;
}

static WfObject *set_difference_impl(WfSetObject *so, WfObject *other) {
    wf_ssize_t other_size;
    if (wf_anyset_check(other))
        other_size = SET(other)->used;
    else if (wf_dict_check_exact(other))
        other_size = wf_dict_size(other);
    else
        return set_copy_and_difference(so, other);
    /* Much bigger than other: copying and deleting is cheaper. */
    if ((so->used >> 2) > other_size)
        return set_copy_and_difference(so, other);
    WfSetObject *result = SET(make_new_set_basetype(WF_TYPE(so), NULL));
    if (result == NULL)
        return NULL;
    bool other_is_dict = wf_dict_check_exact(other);
    wf_ssize_t pos = 0;
    SetEntry *entry;
    while (set_next(so, &pos, &entry)) {
        WfObject *key = wf_newref(entry->key);
        wf_hash_t hash = entry->hash;
        int rv = other_is_dict ? wf_dict_contains_known_hash(other, key, hash)
                               : set_contains_entry(SET(other), key, hash);
        if (rv == 0)
            rv = set_add_entry(result, key, hash);
        wf_decref(key);
        if (rv < 0) {
            wf_decref((WfObject *)result);
            return NULL;
        }
    }
    return (WfObject *)result;
}

static int set_symmetric_difference_update_impl(WfSetObject *so, WfObject *other) {
    if ((WfObject *)so == other)
        return set_clear_internal(so);
    WfObject *key;
    wf_hash_t hash;
    wf_ssize_t pos = 0;
    if (wf_dict_check_exact(other)) {
        WfObject *value;
        while (wf_dict_next_hash(other, &pos, &key, &value, &hash)) {
            wf_incref(key);
            int rv = set_discard_entry(so, key, hash);
            if (rv == 0)
                rv = set_add_entry(so, key, hash);
            wf_decref(key);
            if (rv < 0)
                return -1;
        }
        return 0;
    }
    WfObject *otherset = wf_anyset_check(other) ? wf_newref(other)
                                                : make_new_set_basetype(WF_TYPE(so), other);
    if (otherset == NULL)
        return -1;
    SetEntry *entry;
    while (set_next(SET(otherset), &pos, &entry)) {
        key = wf_newref(entry->key);
        hash = entry->hash;
        int rv = set_discard_entry(so, key, hash);
        if (rv == 0)
            rv = set_add_entry(so, key, hash);
        wf_decref(key);
        if (rv < 0) {
            wf_decref(otherset);
            return -1;
        }
    }
    wf_decref(otherset);
    return 0;
}

static WfObject *set_symmetric_difference_impl(WfSetObject *so, WfObject *other) {
    WfObject *otherset = make_new_set_basetype(WF_TYPE(so), other);
    if (otherset == NULL)
        return NULL;
    if (set_symmetric_difference_update_impl(SET(otherset), (WfObject *)so) < 0) {
        wf_decref(otherset);
        return NULL;
    }
    return otherset;
}

/* 1, 0 or -1. */
static int set_issubset_impl(WfSetObject *so, WfObject *other) {
    if (!wf_anyset_check(other)) {
        WfObject *tmp = make_new_set_nolock(&wf_set_type, other);
        if (tmp == NULL)
            return -1;
        int r = set_issubset_impl(so, tmp);
        wf_decref(tmp);
        return r;
    }
    if (so->used > SET(other)->used)
        return 0;
    wf_ssize_t pos = 0;
    SetEntry *entry;
    while (set_next(so, &pos, &entry)) {
        WfObject *key = wf_newref(entry->key);
        int rv = set_contains_entry(SET(other), key, entry->hash);
        wf_decref(key);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

static int set_issuperset_impl(WfSetObject *so, WfObject *other) {
    if (wf_anyset_check(other))
        return set_issubset_impl(SET(other), (WfObject *)so);
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL)
        return -1;
    WfObject *key;
    int result = 1;
    while ((key = wf_iter_next(it)) != NULL) {
        int rv = set_contains_key(so, key);
        wf_decref(key);
        if (rv <= 0) {
            result = rv;
            break;
        }
    }
    wf_decref(it);
    if (result == 1 && wf_err_occurred())
        result = -1;
    return result;
}

static int set_isdisjoint_impl(WfSetObject *so, WfObject *other) {
    if ((WfObject *)so == other)
        return so->used == 0;
    if (anyset_check_exact(other)) {
        if (SET(other)->used > so->used) {
            WfSetObject *tmp = so;
            so = SET(other);
            other = (WfObject *)tmp;
        }
        wf_ssize_t pos = 0;
        SetEntry *entry;
        while (set_next(SET(other), &pos, &entry)) {
            WfObject *key = wf_newref(entry->key);
            int rv = set_contains_entry(so, key, entry->hash);
            wf_decref(key);
            if (rv != 0)
                return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL)
        return -1;
    WfObject *key;
    int result = 1;
    while ((key = wf_iter_next(it)) != NULL) {
        int rv = set_contains_key(so, key);
        wf_decref(key);
        if (rv != 0) {
            result = rv < 0 ? -1 : 0;
            break;
        }
    }
    wf_decref(it);
    if (result == 1 && wf_err_occurred())
        result = -1;
    return result;
}

/* ---- the locking layer --------------------------------------------------------
 * Everything above runs with the critical sections of the sets (and the
 * dict) it reads held, or on sets nobody else can see yet (a fresh result).
 * The functions below are the entry points' way in: they take the section
 * of the set and, when the operation reads `other` in place (a set,
 * frozenset or exact dict), of other too, in one two-object section (no
 * nested acquisition that could suspend the first). Iterating a generic
 * iterable runs Python code inside the set's section, which is allowed:
 * the section is suspended if that code blocks (critical_section.h), and
 * the code above re-reads the table after every call that can run Python.
 * ------------------------------------------------------------------------------ */

/* The second object to lock with so: other when it is read in place. */
static inline WfObject *lock_partner(WfSetObject *so, WfObject *other) {
    return wf_anyset_check(other) || wf_dict_check_exact(other) ? other : (WfObject *)so;
}

/* Whether `in` / add / discard of key is a leaf operation (see the top):
 * no comparison can run Python code and a discarded key has no finalizer. */
static inline bool set_leaf_operation(WfSetObject *so, WfObject *key) {
    return leaf_key(key) && !(set_flags(so) & SET_FLAG_OPAQUE_KEYS);
}

typedef int (*set_entry_op)(WfSetObject *so, WfObject *key, wf_hash_t hash);

/* Inlined into each caller, so op is a direct call. */
static inline __attribute__((always_inline)) int set_run_locked(WfSetObject *so, WfObject *key,
                                                                set_entry_op op) {
    wf_hash_t hash = key_hash(key);
    if (hash == -1)
        return -1;
    int r;
    if (set_leaf_operation(so, key)) {
        /* Alone, a leaf operation has nothing to exclude: it cannot start
         * a thread, so not even a skipped section is needed. */
        if (!wf_objects_are_shared())
            return op(so, key, hash);
        WfThreadState *ts = wf_tstate_current;
        if (wf_bias_enter(ts, (WfObject *)so)) {
            r = op(so, key, hash);
            wf_bias_exit(ts);
            return r;
        }
    }
    WF_BEGIN_CRITICAL_SECTION(so);
    r = op(so, key, hash);
    WF_END_CRITICAL_SECTION();
    return r;
}

static int set_add_locked(WfSetObject *so, WfObject *key) {
    return set_run_locked(so, key, set_add_entry);
}

static int set_contains_locked(WfSetObject *so, WfObject *key) {
    return set_run_locked(so, key, set_contains_entry);
}

static int set_discard_locked(WfSetObject *so, WfObject *key) {
    return set_run_locked(so, key, set_discard_entry);
}

static int set_update_locked(WfSetObject *so, WfObject *other) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_update_internal(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *make_new_set(WfTypeObject *type, WfObject *iterable) {
    WfObject *so = make_new_set_nolock(type, NULL);
    if (so != NULL && iterable != NULL && set_update_locked(SET(so), iterable) < 0)
        WF_CLEAR(so);
    return so;
}

static WfObject *set_copy_locked(WfObject *so) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(so);
    r = set_copy_impl(so);
    WF_END_CRITICAL_SECTION();
    return r;
}

static int set_clear_locked(WfSetObject *so) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(so);
    r = set_clear_internal(so);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *set_pop_locked(WfSetObject *so);

/* so op= other, or a new set so op other: one two-object section. */
static WfObject *set_intersection_locked(WfSetObject *so, WfObject *other) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_intersection_impl(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *set_difference_locked(WfSetObject *so, WfObject *other) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_difference_impl(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static int set_difference_update_locked(WfSetObject *so, WfObject *other) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_difference_update_internal(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static WfObject *set_symmetric_difference_locked(WfSetObject *so, WfObject *other) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_symmetric_difference_impl(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

static int set_symmetric_difference_update_locked(WfSetObject *so, WfObject *other) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = set_symmetric_difference_update_impl(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

/* which: 0 subset, 1 superset, 2 disjoint. */
static int set_relation_locked(WfSetObject *so, WfObject *other, int which) {
    int r;
    WF_BEGIN_CRITICAL_SECTION2(so, lock_partner(so, other));
    r = which == 0 ? set_issubset_impl(so, other)
        : which == 1 ? set_issuperset_impl(so, other)
                     : set_isdisjoint_impl(so, other);
    WF_END_CRITICAL_SECTION2();
    return r;
}

/* a takes b's contents (b is a private result). */
static void set_swap_bodies_locked(WfSetObject *a, WfSetObject *b) {
    WF_BEGIN_CRITICAL_SECTION2(a, b);
    set_swap_bodies(a, b);
    WF_END_CRITICAL_SECTION2();
}

static inline wf_ssize_t used_load(WfSetObject *so) {
    return __atomic_load_n(&so->used, __ATOMIC_RELAXED);
}

/* ---- public API ---------------------------------------------------------- */

WfObject *wf_set_new(WfObject *iterable) {
    return make_new_set(&wf_set_type, iterable);
}

WfObject *wf_frozenset_new(WfObject *iterable) {
    return make_new_set(&wf_frozenset_type, iterable);
}

int wf_set_add(WfObject *set, WfObject *key) {
    if (!wf_anyset_check(set)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return set_add_locked(SET(set), key);
}

int wf_set_discard(WfObject *set, WfObject *key) {
    if (!is_set(set)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return set_discard_locked(SET(set), key);
}

int wf_set_contains(WfObject *set, WfObject *key) {
    return set_contains_locked(SET(set), key);
}

wf_ssize_t wf_set_size(WfObject *set) {
    if (!wf_anyset_check(set)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return used_load(SET(set));
}

int wf_set_update(WfObject *set, WfObject *iterable) {
    return set_update_locked(SET(set), iterable);
}

int wf_set_next_entry(WfObject *set, wf_ssize_t *pos, WfObject **key, wf_hash_t *hash) {
    SetEntry *entry;
    if (!set_next(SET(set), pos, &entry))
        return 0;
    *key = entry->key;
    if (hash)
        *hash = entry->hash;
    return 1;
}

int wf_set_difference_update(WfObject *set, WfObject *other) {
    return set_difference_update_locked(SET(set), other);
}

int wf_set_symmetric_difference_update(WfObject *set, WfObject *other) {
    return set_symmetric_difference_update_locked(SET(set), other);
}

WfObject *wf_set_intersection(WfObject *set, WfObject *other) {
    return set_intersection_locked(SET(set), other);
}

static WfObject *set_pop_impl(WfSetObject *so) {
    if (so->used == 0) {
        wf_err_set_string(wf_exc_KeyError, "pop from an empty set");
        return NULL;
    }
    SetEntry *entry = so->table + (so->finger & so->mask);
    SetEntry *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == DUMMY) {
        entry++;
        if (entry > limit)
            entry = so->table;
    }
    WfObject *key = entry->key;   /* the table's reference moves to the caller */
    entry->key = DUMMY;
    entry->hash = -1;
    used_store(so, so->used - 1);
    so->finger = entry - so->table + 1;
    return key;
}

static WfObject *set_pop_locked(WfSetObject *so) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(so);
    r = set_pop_impl(so);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfObject *wf_set_pop(WfObject *set) {
    return set_pop_locked(SET(set));
}

int wf_set_clear(WfObject *set) {
    return set_clear_locked(SET(set));
}


/* ---- slots ----------------------------------------------------------------- */

static void set_dealloc(WfObject *self) {
    if (!wf_trash_begin(self, set_dealloc))
        return;
    WfSetObject *so = SET(self);
    wf_ssize_t used = so->used;
    for (SetEntry *e = so->table; used > 0; e++) {
        if (e->key != NULL && e->key != DUMMY) {
            used--;
            wf_decref(e->key);
        }
    }
    if (so->table != so->smalltable)
        wf_mem_free(so->table);
    wf_object_free(self);
    wf_trash_end();
}

static int set_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    wf_ssize_t pos = 0;
    SetEntry *entry;
    while (set_next(SET(self), &pos, &entry)) {
        int r = visit(entry->key, arg);
        if (r != 0)
            return r;
    }
    return 0;
}

static int set_tp_clear(WfObject *self) {
    return set_clear_locked(SET(self));
}

static wf_ssize_t set_len(WfObject *self) {
    return used_load(SET(self));
}

/* `key in so`, where an unhashable set key is looked up as a frozenset. */
static int set_sq_contains(WfObject *self, WfObject *key) {
    int rv = set_contains_locked(SET(self), key);
    if (rv < 0 && is_set(key) && wf_err_exception_matches(wf_exc_TypeError)) {
        wf_err_clear();
        WfObject *tmp = make_new_set(&wf_frozenset_type, key);
        if (tmp == NULL)
            return -1;
        rv = set_contains_locked(SET(self), tmp);
        wf_decref(tmp);
    }
    return rv;
}

static WfObject *set_repr(WfObject *self) {
    const char *name = wf_type_name(WF_TYPE(self));
    if (used_load(SET(self)) == 0)
        return wf_str_from_format("%s()", name);
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_format("%s(...)", name) : NULL;
    /* Snapshot the keys (in the section): a key's __repr__ may change the set. */
    WfObject *keys;
    WfObject *result = NULL;
    wf_ssize_t j = 0;
    WF_BEGIN_CRITICAL_SECTION(self);
    keys = wf_list_new(SET(self)->used);
    if (keys != NULL) {
        wf_ssize_t pos = 0;
        SetEntry *entry;
        while (j < WF_LIST_SIZE(keys) && set_next(SET(self), &pos, &entry))
            WF_LIST_SET_ITEM(keys, j++, wf_newref(entry->key));
    }
    WF_END_CRITICAL_SECTION();
    if (keys == NULL)
        goto done;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    if (!wf_set_check_exact(self)) {
        wf_str_builder_append_cstr(&b, name);
        wf_str_builder_append_utf8(&b, "(", 1);
    }
    wf_str_builder_append_utf8(&b, "{", 1);
    for (wf_ssize_t i = 0; i < j; i++) {
        if (i > 0)
            wf_str_builder_append_utf8(&b, ", ", 2);
        WfObject *s = wf_object_repr(WF_LIST_ITEM(keys, i));
        if (s == NULL) {
            wf_str_builder_discard(&b);
            goto done;
        }
        wf_str_builder_append_str(&b, s);
        wf_decref(s);
    }
    wf_str_builder_append_cstr(&b, wf_set_check_exact(self) ? "}" : "})");
    result = wf_str_builder_finish(&b);
done:
    wf_xdecref(keys);
    wf_repr_leave(self);
    return result;
}

static uint64_t shuffle_bits(uint64_t h) {
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* CPython's frozenset hash: order-independent, spreads nested patterns. */
static wf_hash_t frozenset_hash(WfObject *self) {
    WfSetObject *so = SET(self);
    /* Frozensets never change: threads racing here store the same value. */
    wf_hash_t cached = __atomic_load_n(&so->hash, __ATOMIC_RELAXED);
    if (cached != -1)
        return cached;
    uint64_t hash = 0;
    wf_ssize_t pos = 0;
    SetEntry *entry;
    while (set_next(so, &pos, &entry))
        hash ^= shuffle_bits((uint64_t)entry->hash);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    __atomic_store_n(&so->hash, (wf_hash_t)hash, __ATOMIC_RELAXED);
    return (wf_hash_t)hash;
}

/* -2: not implemented (op), else as set_issubset_impl. Both sections held. */
static int set_compare_lock_held(WfSetObject *so, WfSetObject *wo, int op) {
    WfObject *w = (WfObject *)wo;
    int r;
    switch (op) {
    case WF_EQ:
    case WF_NE:
        if (so->used != wo->used)
            r = 0;
        else if (so->hash != -1 && wo->hash != -1 && so->hash != wo->hash)
            r = 0;
        else
            r = set_issubset_impl(so, w);
        if (r >= 0 && op == WF_NE)
            r = !r;
        break;
    case WF_LE:
        r = set_issubset_impl(so, w);
        break;
    case WF_GE:
        r = set_issuperset_impl(so, w);
        break;
    case WF_LT:
        r = so->used < wo->used ? set_issubset_impl(so, w) : 0;
        break;
    case WF_GT:
        r = so->used > wo->used ? set_issuperset_impl(so, w) : 0;
        break;
    default:
        r = -2;
    }
    return r;
}

static WfObject *set_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_anyset_check(w))
        WF_RETURN_NOTIMPLEMENTED;
    int r;
    WF_BEGIN_CRITICAL_SECTION2(v, w);
    r = set_compare_lock_held(SET(v), SET(w), op);
    WF_END_CRITICAL_SECTION2();
    if (r == -2)
        WF_RETURN_NOTIMPLEMENTED;
    if (r < 0)
        return NULL;
    return wf_bool_from_long(r);
}

static WfObject *set_or(WfObject *a, WfObject *b) {
    if (!wf_anyset_check(a) || !wf_anyset_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    WfObject *result = set_copy_locked(a);
    if (result == NULL || a == b)
        return result;
    if (set_update_locked(SET(result), b) < 0) {
        wf_decref(result);
        return NULL;
    }
    return result;
}

static WfObject *set_and(WfObject *a, WfObject *b) {
    if (!wf_anyset_check(a) || !wf_anyset_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    return set_intersection_locked(SET(a), b);
}

static WfObject *set_sub(WfObject *a, WfObject *b) {
    if (!wf_anyset_check(a) || !wf_anyset_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    return set_difference_locked(SET(a), b);
}

static WfObject *set_xor(WfObject *a, WfObject *b) {
    if (!wf_anyset_check(a) || !wf_anyset_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    return set_symmetric_difference_locked(SET(a), b);
}

static WfObject *set_ior(WfObject *self, WfObject *other) {
    if (!wf_anyset_check(other))
        WF_RETURN_NOTIMPLEMENTED;
    if (set_update_locked(SET(self), other) < 0)
        return NULL;
    return wf_newref(self);
}

static WfObject *set_iand(WfObject *self, WfObject *other) {
    if (!wf_anyset_check(other))
        WF_RETURN_NOTIMPLEMENTED;
    WfObject *tmp = set_intersection_locked(SET(self), other);
    if (tmp == NULL)
        return NULL;
    set_swap_bodies_locked(SET(self), SET(tmp));
    wf_decref(tmp);
    return wf_newref(self);
}

static WfObject *set_isub(WfObject *self, WfObject *other) {
    if (!wf_anyset_check(other))
        WF_RETURN_NOTIMPLEMENTED;
    if (set_difference_update_locked(SET(self), other) < 0)
        return NULL;
    return wf_newref(self);
}

static WfObject *set_ixor(WfObject *self, WfObject *other) {
    if (!wf_anyset_check(other))
        WF_RETURN_NOTIMPLEMENTED;
    if (set_symmetric_difference_update_locked(SET(self), other) < 0)
        return NULL;
    return wf_newref(self);
}

static WfObject *set_iter(WfObject *self);

static WfObject *set_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (type == &wf_set_type && wf_arg_no_keywords("set", kwds) < 0)
        return NULL;
    return make_new_set(type, NULL);
}

static int set_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords("set", kwds) < 0)
        return -1;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional(wf_type_name(WF_TYPE(self)), nargs, 0, 1) < 0)
        return -1;
    set_clear_locked(SET(self));
    if (nargs == 0)
        return 0;
    return set_update_locked(SET(self), WF_TUPLE_ITEM(args, 0));
}

static WfObject *frozenset_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if ((type == &wf_frozenset_type || type->tp_init == wf_frozenset_type.tp_init) &&
        wf_arg_no_keywords("frozenset", kwds) < 0)
        return NULL;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional(wf_type_name(type), nargs, 0, 1) < 0)
        return NULL;
    WfObject *iterable = nargs ? WF_TUPLE_ITEM(args, 0) : NULL;
    if (type == &wf_frozenset_type && iterable != NULL && wf_frozenset_check_exact(iterable))
        return wf_newref(iterable);
    return make_new_set(type, iterable);
}

/* ---- methods ------------------------------------------------------------- */

static WfObject *set_add_method(WfObject *self, WfObject *key) {
    if (set_add_locked(SET(self), key) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *set_clear_method(WfObject *self, WfObject *unused) {
    set_clear_locked(SET(self));
    WF_RETURN_NONE;
}

static WfObject *set_copy_method(WfObject *self, WfObject *unused) {
    return set_copy_locked(self);
}

static WfObject *frozenset_copy_method(WfObject *self, WfObject *unused) {
    if (wf_frozenset_check_exact(self))
        return wf_newref(self);
    return make_new_set(&wf_frozenset_type, self);
}

/* discard/remove: 1 found, 0 not, -1 error; a set key is tried as a frozenset. */
static int set_discard_with_set_key(WfObject *self, WfObject *key) {
    int rv = set_discard_locked(SET(self), key);
    if (rv < 0 && is_set(key) && wf_err_exception_matches(wf_exc_TypeError)) {
        wf_err_clear();
        WfObject *tmp = make_new_set(&wf_frozenset_type, key);
        if (tmp == NULL)
            return -1;
        rv = set_discard_locked(SET(self), tmp);
        wf_decref(tmp);
    }
    return rv;
}

static WfObject *set_discard_method(WfObject *self, WfObject *key) {
    if (set_discard_with_set_key(self, key) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *set_remove_method(WfObject *self, WfObject *key) {
    int rv = set_discard_with_set_key(self, key);
    if (rv < 0)
        return NULL;
    if (rv == 0) {
        WfObject *args = wf_tuple_pack(1, key);
        if (args != NULL) {
            wf_err_set_object(wf_exc_KeyError, args);
            wf_decref(args);
        }
        return NULL;
    }
    WF_RETURN_NONE;
}

static WfObject *set_pop_method(WfObject *self, WfObject *unused) {
    return set_pop_locked(SET(self));
}

static WfObject *set_union_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfObject *result = set_copy_locked(self);
    if (result == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < nargs; i++) {
        if (args[i] == self)
            continue;
        if (set_update_locked(SET(result), args[i]) < 0) {
            wf_decref(result);
            return NULL;
        }
    }
    return result;
}

static WfObject *set_update_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    for (wf_ssize_t i = 0; i < nargs; i++)
        if (set_update_locked(SET(self), args[i]) < 0)
            return NULL;
    WF_RETURN_NONE;
}

static WfObject *set_intersection_multi(WfObject *self, WfObject *const *args,
                                        wf_ssize_t nargs) {
    if (nargs == 0)
        return set_copy_locked(self);
    WfObject *result = wf_newref(self);
    for (wf_ssize_t i = 0; i < nargs; i++) {
        WfObject *next = set_intersection_locked(SET(result), args[i]);
        wf_decref(result);
        if (next == NULL)
            return NULL;
        result = next;
    }
    return result;
}

static WfObject *set_intersection_update_method(WfObject *self, WfObject *const *args,
                                                wf_ssize_t nargs) {
    WfObject *tmp = set_intersection_multi(self, args, nargs);
    if (tmp == NULL)
        return NULL;
    set_swap_bodies_locked(SET(self), SET(tmp));
    wf_decref(tmp);
    WF_RETURN_NONE;
}

static WfObject *set_difference_multi(WfObject *self, WfObject *const *args,
                                      wf_ssize_t nargs) {
    if (nargs == 0)
        return set_copy_locked(self);
    WfObject *result = set_difference_locked(SET(self), args[0]);
    for (wf_ssize_t i = 1; result != NULL && i < nargs; i++)
        if (set_difference_update_locked(SET(result), args[i]) < 0)
            WF_CLEAR(result);
    return result;
}

static WfObject *set_difference_update_method(WfObject *self, WfObject *const *args,
                                              wf_ssize_t nargs) {
    for (wf_ssize_t i = 0; i < nargs; i++)
        if (set_difference_update_locked(SET(self), args[i]) < 0)
            return NULL;
    WF_RETURN_NONE;
}

static WfObject *set_symmetric_difference_method(WfObject *self, WfObject *other) {
    return set_symmetric_difference_locked(SET(self), other);
}

static WfObject *set_symmetric_difference_update_method(WfObject *self, WfObject *other) {
    if (set_symmetric_difference_update_locked(SET(self), other) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *bool_result(int r) {
    return r < 0 ? NULL : wf_bool_from_long(r);
}

static WfObject *set_issubset_method(WfObject *self, WfObject *other) {
    return bool_result(set_relation_locked(SET(self), other, 0));
}

static WfObject *set_issuperset_method(WfObject *self, WfObject *other) {
    return bool_result(set_relation_locked(SET(self), other, 1));
}

static WfObject *set_isdisjoint_method(WfObject *self, WfObject *other) {
    return bool_result(set_relation_locked(SET(self), other, 2));
}

static WfMethodDef set_methods[] = {
    {"add", (void *)set_add_method, WF_METH_O, NULL},
    {"clear", (void *)set_clear_method, WF_METH_NOARGS, NULL},
    {"copy", (void *)set_copy_method, WF_METH_NOARGS, NULL},
    {"discard", (void *)set_discard_method, WF_METH_O, NULL},
    {"difference", (void *)set_difference_multi, WF_METH_FASTCALL, NULL},
    {"difference_update", (void *)set_difference_update_method, WF_METH_FASTCALL, NULL},
    {"intersection", (void *)set_intersection_multi, WF_METH_FASTCALL, NULL},
    {"intersection_update", (void *)set_intersection_update_method, WF_METH_FASTCALL, NULL},
    {"isdisjoint", (void *)set_isdisjoint_method, WF_METH_O, NULL},
    {"issubset", (void *)set_issubset_method, WF_METH_O, NULL},
    {"issuperset", (void *)set_issuperset_method, WF_METH_O, NULL},
    {"pop", (void *)set_pop_method, WF_METH_NOARGS, NULL},
    {"remove", (void *)set_remove_method, WF_METH_O, NULL},
    {"symmetric_difference", (void *)set_symmetric_difference_method, WF_METH_O, NULL},
    {"symmetric_difference_update", (void *)set_symmetric_difference_update_method,
     WF_METH_O, NULL},
    {"union", (void *)set_union_method, WF_METH_FASTCALL, NULL},
    {"update", (void *)set_update_method, WF_METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static WfMethodDef frozenset_methods[] = {
    {"copy", (void *)frozenset_copy_method, WF_METH_NOARGS, NULL},
    {"difference", (void *)set_difference_multi, WF_METH_FASTCALL, NULL},
    {"intersection", (void *)set_intersection_multi, WF_METH_FASTCALL, NULL},
    {"isdisjoint", (void *)set_isdisjoint_method, WF_METH_O, NULL},
    {"issubset", (void *)set_issubset_method, WF_METH_O, NULL},
    {"issuperset", (void *)set_issuperset_method, WF_METH_O, NULL},
    {"symmetric_difference", (void *)set_symmetric_difference_method, WF_METH_O, NULL},
    {"union", (void *)set_union_method, WF_METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_set_type = {
    .tp_name = "set",
    .tp_basicsize = sizeof(WfSetObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Build an unordered collection of unique elements.",
    .tp_dealloc = set_dealloc,
    .tp_repr = set_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = set_richcompare,
    .tp_iter = set_iter,
    .tp_init = set_init,
    .tp_new = set_new,
    .tp_traverse = set_traverse,
    .tp_clear = set_tp_clear,
    .nb_subtract = set_sub,
    .nb_and = set_and,
    .nb_xor = set_xor,
    .nb_or = set_or,
    .nb_inplace_subtract = set_isub,
    .nb_inplace_and = set_iand,
    .nb_inplace_xor = set_ixor,
    .nb_inplace_or = set_ior,
    .sq_length = set_len,
    .sq_contains = set_sq_contains,
    .tp_methods = set_methods,
};

WfTypeObject wf_frozenset_type = {
    .tp_name = "frozenset",
    .tp_basicsize = sizeof(WfSetObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Build an immutable unordered collection of unique elements.",
    .tp_dealloc = set_dealloc,
    .tp_repr = set_repr,
    .tp_hash = frozenset_hash,
    .tp_richcompare = set_richcompare,
    .tp_iter = set_iter,
    .tp_new = frozenset_new,
    .tp_traverse = set_traverse,
    .tp_clear = set_tp_clear,
    .nb_subtract = set_sub,
    .nb_and = set_and,
    .nb_xor = set_xor,
    .nb_or = set_or,
    .sq_length = set_len,
    .sq_contains = set_sq_contains,
    .tp_methods = frozenset_methods,
};

/* ---- iterator ----------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    WfSetObject *si_set;     /* NULL when exhausted */
    wf_ssize_t si_used;
    wf_ssize_t si_pos;
    wf_ssize_t len;
} SetIterObject;

static WfObject *set_iter(WfObject *self) {
    SetIterObject *si = (SetIterObject *)wf_object_alloc(&wf_set_iter_type);
    if (si == NULL)
        return NULL;
    si->si_set = SET(wf_newref(self));
    si->si_pos = 0;
    WF_BEGIN_CRITICAL_SECTION(self);
    si->si_used = SET(self)->used;
    si->len = SET(self)->used;
    WF_END_CRITICAL_SECTION();
    return (WfObject *)si;
}

static void setiter_dealloc(WfObject *self) {
    wf_xdecref((WfObject *)((SetIterObject *)self)->si_set);
    wf_object_free(self);
}

static int setiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *s = (WfObject *)((SetIterObject *)self)->si_set;
    return s ? visit(s, arg) : 0;
}

static int setiter_clear(WfObject *self) {
    WF_CLEAR(((SetIterObject *)self)->si_set);
    return 0;
}

static WfObject *setiter_self(WfObject *self) {
    return wf_newref(self);
}

/* Each step runs in the set's section, which also guards the iterator's
 * fields (an iterator shared by threads). Once threads exist an exhausted
 * iterator keeps its set (si_pos -1) until it dies. */
static WfObject *setiter_next_lock_held(SetIterObject *si, WfSetObject *so, WfSetObject **drop) {
    if (si->si_pos < 0)
        return NULL;
    if (si->si_used != so->used) {
        wf_err_set_string(wf_exc_RuntimeError, "Set changed size during iteration");
        si->si_used = -1;   /* make this state sticky */
        return NULL;
    }
    wf_ssize_t i = si->si_pos, mask = so->mask;
    SetEntry *table = so->table;
    while (i <= mask && (table[i].key == NULL || table[i].key == DUMMY))
        i++;
    si->si_pos = i + 1;
    if (i > mask) {
        si->si_pos = -1;
        if (!wf_objects_are_shared()) {
            si->si_set = NULL;
            *drop = so;
        }
        return NULL;
    }
    si->len--;
    return wf_newref(table[i].key);
}

static WfObject *setiter_next(WfObject *self) {
    SetIterObject *si = (SetIterObject *)self;
    WfSetObject *so = __atomic_load_n(&si->si_set, __ATOMIC_ACQUIRE);
    if (so == NULL)
        return NULL;
    WfSetObject *drop = NULL;
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(so);
    r = setiter_next_lock_held(si, so, &drop);
    WF_END_CRITICAL_SECTION();
    wf_xdecref((WfObject *)drop);
    return r;
}

static WfObject *setiter_length_hint(WfObject *self, WfObject *unused) {
    SetIterObject *si = (SetIterObject *)self;
    WfSetObject *so = __atomic_load_n(&si->si_set, __ATOMIC_ACQUIRE);
    wf_ssize_t n = 0;
    if (so != NULL) {
        WF_BEGIN_CRITICAL_SECTION(so);
        if (si->si_pos >= 0 && si->si_used == so->used)
            n = si->len;
        WF_END_CRITICAL_SECTION();
    }
    return wf_int_from_ssize(n);
}

static WfMethodDef setiter_methods[] = {
    {"__length_hint__", (void *)setiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_set_iter_type = {
    .tp_name = "set_iterator",
    .tp_basicsize = sizeof(SetIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = setiter_dealloc,
    .tp_traverse = setiter_traverse,
    .tp_clear = setiter_clear,
    .tp_iter = setiter_self,
    .tp_iternext = setiter_next,
    .tp_methods = setiter_methods,
};
