/* dict.h — insertion-ordered hash tables.
 *
 * Invariants (DESIGN.md §7):
 *  - Entries are kept in insertion order in a keys table; an index array maps
 *    hashes to entry positions (CPython's compact dict layout).
 *  - Mutations run inside the dict's critical section. Lookups may be
 *    lock-free: a keys table that is replaced is retired through QSBR.
 *  - ma_version changes on every mutation; dk_version (keys object) lets the
 *    specializer cache an index for LOAD_GLOBAL / LOAD_ATTR.
 *  - The *_ref lookups return a new reference (safe under threads); the
 *    borrowed variants are for single-owner use (module init, compiler).
 */
#ifndef WF_DICT_H
#define WF_DICT_H

#include "runtime/objects/object.h"

typedef struct WfDictObject {
    WF_OBJECT_HEAD;
    wf_ssize_t ma_used;                /* number of items */
    uint64_t ma_version;               /* bumped on each mutation */
    struct WfDictKeys *ma_keys;        /* dict.c owns the layout */
} WfDictObject;

extern WfTypeObject wf_dict_type;
#define wf_dict_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_DICT_SUBCLASS)
#define wf_dict_check_exact(o) (WF_TYPE(o) == &wf_dict_type)

WfObject *wf_dict_new(void);
WfObject *wf_dict_new_presized(wf_ssize_t n);
wf_ssize_t wf_dict_size(WfObject *d);
/* 1 found (*result = new ref), 0 missing (*result = NULL, no error), -1 error (unhashable key...) */
int wf_dict_get_item_ref(WfObject *d, WfObject *key, WfObject **result);
int wf_dict_get_item_str_ref(WfObject *d, const char *key, WfObject **result);
/* For the eval loop: *out gets a tagged (uncounted) StackRef for immortal and
 * deferred values, a counted one otherwise (dict.c explains why it is safe). */
struct WfStackRef;
/* d may be read borrowed (an instance's __dict__ out of its slot) when key
 * is an exact str: its hash runs no code, and a lookup that may run code (a
 * stored key's __eq__) or wait holds d counted. */
int wf_dict_get_item_stackref(WfObject *d, WfObject *key, struct WfStackRef *out);
int wf_dict_get_item_known_hash_ref(WfObject *d, WfObject *key, wf_hash_t hash, WfObject **result);
WfObject *wf_dict_get_item_with_error(WfObject *d, WfObject *key); /* borrowed; NULL = missing or error */
WfObject *wf_dict_get_item_str(WfObject *d, const char *key);     /* borrowed; NULL = missing, errors cleared */
int wf_dict_set_item(WfObject *d, WfObject *key, WfObject *value);  /* does not steal */
int wf_dict_set_item_str(WfObject *d, const char *key, WfObject *value);
int wf_dict_set_item_known_hash(WfObject *d, WfObject *key, WfObject *value, wf_hash_t hash);
int wf_dict_del_item(WfObject *d, WfObject *key);                 /* KeyError when missing */
int wf_dict_del_item_str(WfObject *d, const char *key);
int wf_dict_pop(WfObject *d, WfObject *key, WfObject **result);   /* 1 removed (*result new ref), 0 missing, -1 error */
int wf_dict_contains(WfObject *d, WfObject *key);
int wf_dict_setdefault_ref(WfObject *d, WfObject *key, WfObject *dflt, WfObject **result);
void wf_dict_clear(WfObject *d);
WfObject *wf_dict_copy(WfObject *d);
int wf_dict_update(WfObject *d, WfObject *other);                 /* dict.update(other) (mapping or pairs) */
int wf_dict_merge(WfObject *d, WfObject *other, int override);    /* override 0: keep existing; 2: raise on dup (for f(**a, **b)) */
WfObject *wf_dict_keys(WfObject *d);                              /* list */
WfObject *wf_dict_values(WfObject *d);                            /* list */
WfObject *wf_dict_items(WfObject *d);                             /* list of 2-tuples */
/* Iterate: *pos starts at 0; 1 with borrowed key/value, 0 at the end.
 * Single-owner use, or hold the dict's critical section. */
int wf_dict_next(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value);
/* As wf_dict_next, also giving the stored hash of the key (hash may be NULL). */
int wf_dict_next_hash(WfObject *d, wf_ssize_t *pos, WfObject **key, WfObject **value,
                      wf_hash_t *hash);
/* `key in d` when the hash is known: 1, 0, or -1 with an exception. */
int wf_dict_contains_known_hash(WfObject *d, WfObject *key, wf_hash_t hash);
/* dict.update(arg) semantics: a mapping when arg has keys(), else pairs. */
int wf_dict_update_arg(WfObject *d, WfObject *arg);
/* Merge an iterable of 2-item iterables (dict(pairs)); override as wf_dict_merge. */
int wf_dict_merge_from_seq2(WfObject *d, WfObject *seq2, int override);

#endif /* WF_DICT_H */
