/* list.c — mutable sequences and their iterators.
 *
 * Invariants (list.h; the race table is in docs/containers-threads.md):
 *  - ob_item has `allocated` slots, the first ob_size hold owned references.
 *    The array carries its own capacity (ItemArray) and slots past the size
 *    are NULL or stale pointers to published objects, never garbage.
 *  - Every mutation runs inside the list's critical section (the
 *    *_lock_held helpers assert it). Items stored are published
 *    (lockfree.h). Items dropped are decref'd after the section ends,
 *    because a decref may run __del__, which may look at the list.
 *  - Item reads (indexing, iteration, `in`, count, index, repr, comparison)
 *    take no lock: list_get_item_ref loads size, array and slot with
 *    acquire and takes the item with try-incref, falling back to the
 *    section. Copies (slices, copy(), tuple(), +, *) take the section, so
 *    they are snapshots.
 *  - An item array is never shrunk or reallocated in place: a resize builds a
 *    new array, copies, publishes it with one pointer store (items_publish)
 *    and retires the old one through QSBR (items_retire).
 *  - Growth fills new slots before the size is raised (size_store, release);
 *    whole-list operations (slice assignment, extended slices, reverse,
 *    sort, repeat in place) build the new contents aside and publish them
 *    with one store, so lock-free readers see before or after, never half.
 *    The exception is slice assignment to an unmarked list, which only its
 *    owner (the caller) reads lock-free: it is done in place, as CPython
 *    does (ass_slice_in_place).
 *  - Single-item moves (insert, pop from the middle) shift pointers one word
 *    at a time (items_shift), so a racing reader sees some item, never a torn
 *    pointer.
 */
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/dict_internal.h"
#include "runtime/objects/list_internal.h"
#include "runtime/objects/lockfree.h"
#include "stackref/stackref.h"
#include "threads/bias.h"
#include "threads/critical_section.h"

/* ---- item arrays ---------------------------------------------------------- */

/* Items a slice assignment removes are kept on the C stack up to this many. */
#define WF_LIST_RECYCLE 8

#define LIST(o) ((WfListObject *)(o))

/* An item array carries its capacity in front of the slots, so that a
 * lock-free reader can bound-check an index against the very array it
 * loaded (the list's `allocated` may already describe another one).
 * ob_item points at slots[0]. Slots at or beyond the size the array was
 * published with are NULL or hold a stale pointer to a published object
 * (a popped item), never garbage. */
typedef struct ItemArray {
    wf_ssize_t cap;
    WfObject *slots[];
} ItemArray;

static inline ItemArray *array_of(WfObject **items) {
    return (ItemArray *)((char *)items - offsetof(ItemArray, slots));
}

static inline size_t array_bytes(wf_ssize_t cap) {
    return sizeof(ItemArray) + (size_t)cap * sizeof(WfObject *);
}

/* A fresh array of n > 0 slots, slots [used, n) set to NULL. */
static WfObject **items_alloc(wf_ssize_t n, wf_ssize_t used) {
    if ((size_t)n > (SIZE_MAX - sizeof(ItemArray)) / sizeof(WfObject *)) {
        wf_err_no_memory();
        return NULL;
    }
    ItemArray *a = wf_mem_malloc(array_bytes(n));
    if (a == NULL) {
        wf_err_no_memory();
        return NULL;
    }
    a->cap = n;
    memset(&a->slots[used], 0, (size_t)(n - used) * sizeof(WfObject *));
    return a->slots;
}

/* An array that was never published (or whose list is dying). */
static void items_free(WfObject **items) {
    if (items != NULL)
        wf_mem_free(array_of(items));
}

/* The one exit of a replaced item array: lock-free readers may still be
 * reading it, so it waits for a QSBR grace period once another thread has
 * locked the list (lockfree.h point 3). Its slots own no references any
 * more. */
static void items_retire(WfListObject *self, WfObject **items) {
    if (items != NULL)
        wf_objects_retire_buffer((WfObject *)self, array_of(items), array_bytes(array_of(items)->cap));
}

/* Relaxed/acquire accessors for the fields lock-free readers load; writers
 * (inside the critical section) store with release so a reader that sees a
 * size or array also sees what was written before it. */
static inline wf_ssize_t size_load(WfListObject *self) {
    return __atomic_load_n(&self->ob_base.ob_size, __ATOMIC_ACQUIRE);
}
static inline void size_store(WfListObject *self, wf_ssize_t n) {
    __atomic_store_n(&self->ob_base.ob_size, n, __ATOMIC_RELEASE);
}
static inline WfObject **array_load(WfListObject *self) {
    return __atomic_load_n(&self->ob_item, __ATOMIC_ACQUIRE);
}
static inline void slot_store(WfObject **items, wf_ssize_t i, WfObject *v) {
    __atomic_store_n(&items[i], v, __ATOMIC_RELEASE);
}
static inline WfObject *slot_load(WfObject **items, wf_ssize_t i) {
    return __atomic_load_n(&items[i], __ATOMIC_ACQUIRE);
}

/* Install a new array holding `size` items; the old array is returned to the
 * caller (it still holds whatever the caller has not moved out). Growing
 * publishes the array before the size, shrinking the size first, so a reader
 * that checks an index against ob_size finds it in whichever array it loads
 * (and every reader also checks the array's own capacity). */
static WfObject **items_publish(WfListObject *self, WfObject **items, wf_ssize_t size,
                                wf_ssize_t allocated) {
    wf_critical_section_assert_held(self);
    WfObject **old = self->ob_item;
    if (size >= WF_SIZE(self)) {
        __atomic_store_n(&self->ob_item, items, __ATOMIC_RELEASE);
        self->allocated = allocated;
        size_store(self, size);
    } else {
        size_store(self, size);
        __atomic_store_n(&self->ob_item, items, __ATOMIC_RELEASE);
        self->allocated = allocated;
    }
    return old;
}

/* Shift n pointers from src to dst (overlapping) one word at a time, so a
 * racing reader sees some item, never a torn pointer. */
static void items_shift(WfObject **dst, WfObject **src, wf_ssize_t n) {
    if (dst < src) {
        for (wf_ssize_t i = 0; i < n; i++)
            slot_store(dst, i, src[i]);
    } else {
        for (wf_ssize_t i = n - 1; i >= 0; i--)
            slot_store(dst, i, src[i]);
    }
}

/* CPython's growth policy: ~12.5% headroom plus a little, rounded to 4. */
static wf_ssize_t grow_capacity(wf_ssize_t oldsize, wf_ssize_t newsize) {
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    if (newsize - oldsize > (wf_ssize_t)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    return (wf_ssize_t)new_allocated;
}

/* Replace the array by one of `cap` slots holding the first `keep` items;
 * the size becomes `keep`. */
static int items_realloc(WfListObject *self, wf_ssize_t cap, wf_ssize_t keep) {
    WfObject **items = NULL;
    if (cap > 0) {
        items = items_alloc(cap, keep);
        if (items == NULL)
            return -1;
        if (keep > 0)
            memcpy(items, self->ob_item, (size_t)keep * sizeof(WfObject *));
    }
    items_retire(self, items_publish(self, items, keep, cap));
    return 0;
}

/* Room for n items without changing the size (growth, CPython's policy).
 * The new slots are filled by the caller, and only then is the size raised
 * (size_store): a reader never sees a slot inside the size unfilled. */
static int list_reserve(WfListObject *self, wf_ssize_t n) {
    wf_critical_section_assert_held(self);
    if (self->allocated >= n)
        return 0;
    return items_realloc(self, grow_capacity(WF_SIZE(self), n), WF_SIZE(self));
}

/* After items were removed: the size drops to n (the caller already moved
 * or dropped the items beyond it); the array is compacted when less than
 * half used, as CPython does. Never fails: a failed compaction keeps the
 * bigger array. */
static void list_shrink(WfListObject *self, wf_ssize_t n) {
    wf_critical_section_assert_held(self);
    wf_ssize_t allocated = self->allocated;
    size_store(self, n);
    if (n >= (allocated >> 1))
        return;
    if (items_realloc(self, grow_capacity(n, n), n) < 0)
        wf_err_clear();
}

/* Empty the list; returns the old array and its size through the out
 * parameters: the caller drops the items (last first, as CPython) after the
 * critical section, since a decref may run __del__. */
static WfObject **list_detach_items_lock_held(WfListObject *self, wf_ssize_t *n) {
    *n = WF_SIZE(self);
    return items_publish(self, NULL, 0, 0);
}

static void drop_detached(WfListObject *self, WfObject **old, wf_ssize_t n) {
    wf_container_drop_items((WfObject *)self, old, n);
    items_retire(self, old);
}

static void list_clear_items(WfListObject *self) {
    WfObject **old;
    wf_ssize_t n;
    WF_BEGIN_CRITICAL_SECTION(self);
    old = list_detach_items_lock_held(self, &n);
    WF_END_CRITICAL_SECTION();
    drop_detached(self, old, n);
}

/* For list_sort.c (list_internal.h). */
WfObject **wf_list_items_alloc(wf_ssize_t n, wf_ssize_t used) {
    return items_alloc(n, used);
}
void wf_list_items_free(WfObject **items) { items_free(items); }
void wf_list_items_retire(WfListObject *self, WfObject **items) { items_retire(self, items); }

/* The list is being marked (lockfree.h point 3): its items become readable
 * lock-free by other threads. */
void wf_list_publish_items_lock_held(WfObject *l) {
    WfListObject *self = LIST(l);
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++)
        if (self->ob_item[i] != NULL)
            wf_object_publish(self->ob_item[i]);
}
WfObject **wf_list_items_publish(WfListObject *self, WfObject **items, wf_ssize_t size,
                                 wf_ssize_t allocated) {
    return items_publish(self, items, size, allocated);
}

/* ---- lock-free reads -------------------------------------------------------- */

/* Item i as a new reference, or NULL (no exception) when i is out of range.
 * The fast path takes no lock (see lockfree.h): size, array and slot are
 * loaded with acquire, the item is taken with try-incref; anything unusual
 * (a concurrent resize, a dying item, an item another thread owns that was
 * stored before threads existed) goes to the locked path. */
static WF_NOINLINE WfObject *get_item_ref_locked(WfListObject *self, wf_ssize_t i) {
    WfObject *v = NULL;
    WF_BEGIN_CRITICAL_SECTION(self);
    if ((size_t)i < (size_t)WF_SIZE(self)) {
        v = self->ob_item[i];
        wf_incref(v);
    }
    WF_END_CRITICAL_SECTION();
    return v;
}

/* The lock-free load both readers below share (the caller has prepared
 * the read): false when i is out of range; else *v is the slot's item, or
 * NULL when the locked path must decide (a concurrent resize or pop). */
static inline bool slot_peek(WfListObject *self, wf_ssize_t i, WfObject **v) {
    *v = NULL;
    if ((size_t)i >= (size_t)size_load(self))
        return false;
    WfObject **items = array_load(self);
    if (WF_LIKELY(items != NULL && i < array_of(items)->cap))
        *v = slot_load(items, i);
    return true;
}

static inline WfObject *list_get_item_ref(WfListObject *self, wf_ssize_t i) {
    WfObject *v;
    wf_container_prepare_read((WfObject *)self);
    if (!slot_peek(self, i, &v))
        return NULL;
    if (WF_LIKELY(v != NULL && wf_try_incref(v)))
        return v;
    return get_item_ref_locked(self, i);
}

/* Item i for the eval loop: from a marked list, the item borrowed (no
 * count: lockfree.h point 4); otherwise a counted reference. NULL (no
 * exception) when i is out of range. */
WfStackRef wf_list_get_item_stackref(WfObject *l, wf_ssize_t i) {
    WfListObject *self = LIST(l);
    WfObject *v;
    wf_container_prepare_read(l);
    if (!slot_peek(self, i, &v))
        return WF_STACKREF_NULL;
    if (WF_LIKELY(v != NULL)) {
        if (wf_container_lends(l, v))
            return wf_stackref_lent(v);
        if (WF_LIKELY(wf_try_incref(v)))
            return wf_stackref_steal(v);
    }
    return wf_stackref_steal_or_null(get_item_ref_locked(self, i));
}

/* ---- public API ------------------------------------------------------------ */

static WfListObject *list_alloc(WfTypeObject *type) {
    WfListObject *op;
    if (type == &wf_list_type)
        op = (WfListObject *)wf_object_alloc(&wf_list_type);
    else
        op = (WfListObject *)wf_type_generic_alloc(type, 0);
    if (op == NULL)
        return NULL;
    WF_SET_SIZE(op, 0);
    op->ob_item = NULL;
    op->allocated = 0;
    return op;
}

WfObject *wf_list_new(wf_ssize_t size) {
    if (size < 0) {
        wf_err_bad_internal_call();
        return NULL;
    }
    WfListObject *op = list_alloc(&wf_list_type);
    if (op == NULL)
        return NULL;
    if (size > 0) {
        WfObject **items = items_alloc(size, 0);
        if (items == NULL) {
            wf_decref((WfObject *)op);
            return NULL;
        }
        op->ob_item = items;
        op->allocated = size;
        WF_SET_SIZE(op, size);
    }
    return (WfObject *)op;
}

wf_ssize_t wf_list_size(WfObject *l) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return size_load(LIST(l));
}

static void index_error(void) {
    wf_err_set_string(wf_exc_IndexError, "list index out of range");
}

WfObject *wf_list_get_item_ref(WfObject *l, wf_ssize_t i) {
    WfObject *v = list_get_item_ref(LIST(l), i);
    if (v == NULL)
        index_error();
    return v;
}

/* A leaf operation (threads/bias.h): the section, or the owner's bias. */
static int set_item_lock_held(WfObject *l, wf_ssize_t i, WfObject *v, WfObject **old) {
    if ((size_t)i >= (size_t)WF_SIZE(l)) {
        *old = v;
        return -1;
    }
    if (v != NULL)
        wf_object_publish_into(l, v);
    *old = LIST(l)->ob_item[i];
    slot_store(LIST(l)->ob_item, i, v);
    return 0;
}

int wf_list_set_item(WfObject *l, wf_ssize_t i, WfObject *v) {
    WfObject *old = NULL;
    int r;
    WfThreadState *ts = wf_tstate_current;
    if (wf_bias_enter(ts, l)) {
        r = set_item_lock_held(l, i, v, &old);
        wf_bias_exit(ts);
    } else {
        WF_BEGIN_CRITICAL_SECTION(l);
        r = set_item_lock_held(l, i, v, &old);
        WF_END_CRITICAL_SECTION();
    }
    /* After the section: the decref may run __del__. On failure old is v,
     * which the list never held. */
    if (r < 0) {
        wf_xdecref(old);
        wf_err_set_string(wf_exc_IndexError, "list assignment index out of range");
    } else {
        wf_container_drop_item(l, old);
    }
    return r;
}

static int copy_exact_lock_held(WfObject *l, wf_ssize_t n, WfObject **out) {
    if (WF_SIZE(l) != n)
        return -1;
    for (wf_ssize_t i = 0; i < n; i++)
        out[i] = wf_newref(LIST(l)->ob_item[i]);
    return 0;
}

int wf_list_copy_exact(WfObject *l, wf_ssize_t n, WfObject **out) {
    int r;
    WfThreadState *ts = wf_tstate_current;
    if (wf_bias_enter(ts, l)) {
        r = copy_exact_lock_held(l, n, out);
        wf_bias_exit(ts);
    } else {
        WF_BEGIN_CRITICAL_SECTION(l);
        r = copy_exact_lock_held(l, n, out);
        WF_END_CRITICAL_SECTION();
    }
    return r;
}

/* Append inside the section (or to a private list); v is a new reference
 * the list takes. */
static int list_append_unlocked(WfListObject *self, WfObject *v) {
    wf_ssize_t n = WF_SIZE(self);
    if (WF_UNLIKELY(n >= self->allocated) && list_reserve(self, n + 1) < 0)
        return -1;
    wf_object_publish_into((WfObject *)self, v);
    slot_store(self->ob_item, n, v);   /* the slot first, then the size */
    size_store(self, n + 1);
    return 0;
}

static int list_append_lock_held(WfListObject *self, WfObject *v) {
    wf_critical_section_assert_held(self);
    return list_append_unlocked(self, v);
}

int wf_list_append_private(WfObject *l, WfObject *v) {
    wf_assert(wf_list_check_exact(l) && !wf_object_is_shared_read(l));
    wf_incref(v);
#ifdef WF_DEBUG
    /* Announced as a biased operation only for the section assertions
     * (wf_critical_section_is_held): no other thread can reach l, so none
     * will revoke anything. Release builds have neither. */
    WfThreadState *ts = wf_tstate_current;
    if (ts)
        __atomic_store_n(&ts->biased_object, l, __ATOMIC_RELAXED);
    int r = list_append_unlocked(LIST(l), v);
    if (ts)
        wf_bias_exit(ts);
#else
    int r = list_append_unlocked(LIST(l), v);
#endif
    if (r < 0)
        wf_decref(v);
    return r;
}

int wf_list_append(WfObject *l, WfObject *v) {
    int r;
    wf_incref(v);
    WfThreadState *ts = wf_tstate_current;
    if (wf_bias_enter(ts, l)) {   /* a leaf operation (threads/bias.h) */
        r = list_append_lock_held(LIST(l), v);
        wf_bias_exit(ts);
    } else {
        WF_BEGIN_CRITICAL_SECTION(l);
        r = list_append_lock_held(LIST(l), v);
        WF_END_CRITICAL_SECTION();
    }
    if (r < 0)
        wf_decref(v);
    return r;
}

static int list_insert_lock_held(WfListObject *self, wf_ssize_t where, WfObject *v) {
    wf_ssize_t n = WF_SIZE(self);
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    if (list_reserve(self, n + 1) < 0)
        return -1;
    WfObject **items = self->ob_item;
    items_shift(&items[where + 1], &items[where], n - where);
    wf_object_publish_into((WfObject *)self, v);
    slot_store(items, where, wf_newref(v));
    size_store(self, n + 1);
    return 0;
}

static int list_insert_at(WfListObject *self, wf_ssize_t where, WfObject *v) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = list_insert_lock_held(self, where, v);
    WF_END_CRITICAL_SECTION();
    return r;
}

int wf_list_insert(WfObject *l, wf_ssize_t i, WfObject *v) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return list_insert_at(LIST(l), i, v);
}

/* Extend from a list or tuple (which may be self); both sections held. */
static int list_extend_fast_lock_held(WfListObject *self, WfObject *seq) {
    wf_ssize_t n = WF_SIZE(seq);
    if (n == 0)
        return 0;
    wf_ssize_t m = WF_SIZE(self);
    if (m > WF_SSIZE_T_MAX - n) {
        wf_err_no_memory();
        return -1;
    }
    if (list_reserve(self, m + n) < 0)
        return -1;
    /* Read the source after the resize: when seq is self its array moved. */
    WfObject **src = wf_list_check(seq) ? LIST(seq)->ob_item : WF_TUPLE_ITEMS(seq);
    WfObject **dest = self->ob_item + m;
    for (wf_ssize_t i = 0; i < n; i++) {
        wf_object_publish_into((WfObject *)self, src[i]);
        slot_store(dest, i, wf_newref(src[i]));
    }
    size_store(self, m + n);
    return 0;
}

static int list_extend_fast(WfListObject *self, WfObject *seq) {
    int r;
    if (wf_tuple_check_exact(seq)) {
        WF_BEGIN_CRITICAL_SECTION(self);
        r = list_extend_fast_lock_held(self, seq);
        WF_END_CRITICAL_SECTION();
    } else {
        /* Both lists locked (in address order): the copy is atomic. */
        WF_BEGIN_CRITICAL_SECTION2(self, seq);
        r = list_extend_fast_lock_held(self, seq);
        WF_END_CRITICAL_SECTION2();
    }
    return r;
}

/* Generic iterables: each item is appended atomically; the iteration runs
 * Python code, so the whole extend is not (as in CPython). */
static int list_extend_iter(WfListObject *self, WfObject *iterable) {
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL)
        return -1;
    wf_ssize_t hint = wf_object_length_hint(iterable, 8);
    if (hint < 0) {
        wf_decref(it);
        return -1;
    }
    if (hint > 0) {
        WF_BEGIN_CRITICAL_SECTION(self);
        /* Room for the expected items, keeping the size as it is. */
        wf_ssize_t m = WF_SIZE(self);
        if (m <= WF_SSIZE_T_MAX - hint && list_reserve(self, m + hint) < 0)
            wf_err_clear();
        WF_END_CRITICAL_SECTION();
    }
    WfObject *item;
    int r = 0;
    while ((item = wf_iter_next(it)) != NULL) {
        WF_BEGIN_CRITICAL_SECTION(self);
        r = list_append_lock_held(self, item);
        WF_END_CRITICAL_SECTION();
        if (r < 0) {
            wf_decref(item);
            break;
        }
    }
    wf_decref(it);
    if (r < 0 || wf_err_occurred())
        return -1;
    WF_BEGIN_CRITICAL_SECTION(self);
    if (WF_SIZE(self) < self->allocated)
        list_shrink(self, WF_SIZE(self));
    WF_END_CRITICAL_SECTION();
    return 0;
}

/* The items of a set, taken in its section. */
static WfObject *set_snapshot(WfObject *s) {
    WfObject *list;
    WF_BEGIN_CRITICAL_SECTION(s);
    wf_ssize_t n = wf_set_size(s), j = 0, pos = 0;
    list = wf_list_new(n);
    if (list != NULL) {
        WfObject *key;
        while (j < n && wf_set_next_entry(s, &pos, &key, NULL))
            LIST(list)->ob_item[j++] = wf_newref(key);
        WF_SET_SIZE(list, j);
    }
    WF_END_CRITICAL_SECTION();
    return list;
}

/* list(d), list(d.items()), list(s), ...: one snapshot taken in the
 * container's section, as CPython's list_extend fast paths, so that the
 * usual idiom against "changed size during iteration" stays atomic. NULL
 * without an exception when iterable is none of those containers. */
static WfObject *container_snapshot(WfObject *iterable) {
    if (wf_dict_check_exact(iterable))
        return wf_dict_keys(iterable);
    if (wf_set_check_exact(iterable) || wf_frozenset_check_exact(iterable))
        return set_snapshot(iterable);
    return wf_dict_view_snapshot(iterable);
}

int wf_list_extend(WfObject *l, WfObject *iterable) {
    /* Itself too, when a subclass (L.extend(L), L += L): iterating it while
     * appending would never end. */
    if (wf_list_check_exact(iterable) || wf_tuple_check_exact(iterable) || iterable == l)
        return list_extend_fast(LIST(l), iterable);
    WfObject *snap = container_snapshot(iterable);
    if (snap != NULL) {
        int r = list_extend_fast(LIST(l), snap);
        wf_decref(snap);
        return r;
    }
    if (wf_err_occurred())
        return -1;
    return list_extend_iter(LIST(l), iterable);
}

/* Reversed into a new array, published with one store. */
static int list_reverse_lock_held(WfListObject *self) {
    wf_ssize_t n = WF_SIZE(self);
    if (n < 2)
        return 0;
    WfObject **items = items_alloc(self->allocated, n);
    if (items == NULL)
        return -1;
    WfObject **src = self->ob_item;
    for (wf_ssize_t i = 0; i < n; i++)
        items[i] = src[n - 1 - i];
    items_retire(self, items_publish(self, items, n, self->allocated));
    return 0;
}

int wf_list_reverse(WfObject *l) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(l);
    r = list_reverse_lock_held(LIST(l));
    WF_END_CRITICAL_SECTION();
    return r;
}

int wf_list_sort(WfObject *l) {
    if (l == NULL || !wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return wf_list_sort_impl(l, NULL, 0);
}

WfObject *wf_list_as_tuple(WfObject *l) {
    WfObject *t;
    WF_BEGIN_CRITICAL_SECTION(l);
    t = wf_tuple_from_array(LIST(l)->ob_item, WF_SIZE(l));
    WF_END_CRITICAL_SECTION();
    return t;
}

/* A new list of a[ilow:ihigh] (clamped by the caller), section held: the
 * copy is a consistent snapshot. */
static WfObject *list_slice_lock_held(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh) {
    if (ihigh > WF_SIZE(a))
        ihigh = WF_SIZE(a);
    wf_ssize_t len = ihigh - ilow;
    if (len <= 0)
        return wf_list_new(0);
    WfObject *np = wf_list_new(len);
    if (np == NULL)
        return NULL;
    WfObject **src = a->ob_item + ilow, **dest = LIST(np)->ob_item;
    for (wf_ssize_t i = 0; i < len; i++)
        dest[i] = wf_newref(src[i]);
    return np;
}

static WfObject *list_slice(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh) {
    WfObject *np;
    WF_BEGIN_CRITICAL_SECTION(a);
    np = list_slice_lock_held(a, ilow, ihigh);
    WF_END_CRITICAL_SECTION();
    return np;
}

WfObject *wf_list_get_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    WfObject *np;
    WF_BEGIN_CRITICAL_SECTION(l);
    wf_ssize_t n = WF_SIZE(l);
    if (lo < 0)
        lo = 0;
    else if (lo > n)
        lo = n;
    if (hi < lo)
        hi = lo;
    else if (hi > n)
        hi = n;
    np = list_slice_lock_held(LIST(l), lo, hi);
    WF_END_CRITICAL_SECTION();
    return np;
}

/* v as a list or tuple (a new reference), or NULL with TypeError(msg). A
 * list is copied (under its section): another thread may change it while
 * we read it. */
static WfObject *sequence_fast(WfObject *v, const char *msg) {
    if (wf_tuple_check_exact(v))
        return wf_newref(v);
    if (wf_list_check_exact(v))
        return list_slice(LIST(v), 0, WF_SSIZE_T_MAX);
    WfObject *it = wf_object_get_iter(v);
    if (it == NULL) {
        if (wf_err_exception_matches(wf_exc_TypeError)) {
            wf_err_clear();
            wf_err_set_string(wf_exc_TypeError, msg);
        }
        return NULL;
    }
    WfObject *list = wf_list_new(0);
    if (list != NULL && list_extend_iter(LIST(list), it) < 0)
        WF_CLEAR(list);
    wf_decref(it);
    return list;
}

static WfObject **seq_items(WfObject *seq) {
    return wf_list_check_exact(seq) ? LIST(seq)->ob_item : WF_TUPLE_ITEMS(seq);
}

/* a[ilow:ihigh] = seq's items (seq NULL deletes; seq is private: a tuple or
 * a fresh list), built aside and published at once. The dropped items are
 * returned in *garbage (a private array) for the caller to decref after
 * the section. */
/* Slice assignment in place, as CPython does it, for a list that no other
 * thread reads lock-free: an unmarked list is read without its lock only by
 * its owner, and the owner is the caller (another thread's first lock marks
 * the list). The removed items are moved to `garbage` first; the slots
 * vacated by a shrink are cleared, so no slot beyond the size points at an
 * item this list has dropped. */
static int ass_slice_in_place(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh, WfObject **src,
                              wf_ssize_t n, WfObject **garbage) {
    wf_ssize_t size = WF_SIZE(a), norig = ihigh - ilow, d = n - norig;
    if (d > 0 && list_reserve(a, size + d) < 0)
        return -1;
    WfObject **items = a->ob_item;
    if (norig > 0)
        memcpy(garbage, items + ilow, (size_t)norig * sizeof(WfObject *));
    if (d != 0)
        memmove(items + ihigh + d, items + ihigh, (size_t)(size - ihigh) * sizeof(WfObject *));
    for (wf_ssize_t i = 0; i < n; i++)
        items[ilow + i] = wf_newref(src[i]);
    if (d > 0) {
        size_store(a, size + d);
    } else if (d < 0) {
        memset(items + size + d, 0, (size_t)(-d) * sizeof(WfObject *));
        list_shrink(a, size + d);
    }
    return 0;
}

/* *garbage is set to recycle (room for WF_LIST_RECYCLE items) when the removed
 * items fit there, else to an allocated array. */
static int list_ass_slice_lock_held(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh,
                                    WfObject *seq, WfObject **recycle, WfObject ***garbage,
                                    wf_ssize_t *ngarbage) {
    wf_ssize_t n = seq ? WF_SIZE(seq) : 0;
    wf_ssize_t size = WF_SIZE(a);
    *garbage = NULL;
    *ngarbage = 0;
    if (ilow < 0)
        ilow = 0;
    else if (ilow > size)
        ilow = size;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > size)
        ihigh = size;
    wf_ssize_t norig = ihigh - ilow;
    wf_ssize_t newsize = size - norig + n;
    if (norig == 0 && n == 0)
        return 0;
    WfObject **src = seq ? seq_items(seq) : NULL;
    if (!wf_object_is_shared_read((WfObject *)a)) {
        WfObject **g = recycle;
        if (norig > WF_LIST_RECYCLE && (g = wf_mem_malloc((size_t)norig * sizeof(WfObject *))) == NULL) {
            wf_err_no_memory();
            return -1;
        }
        if (ass_slice_in_place(a, ilow, ihigh, src, n, g) < 0) {
            if (g != recycle)
                wf_mem_free(g);
            return -1;
        }
        *garbage = g;
        *ngarbage = norig;
        return 0;
    }
    wf_ssize_t cap = a->allocated;
    if (!(cap >= newsize && newsize >= (cap >> 1)))
        cap = grow_capacity(size, newsize);
    WfObject **items = NULL;
    if (cap > 0 && (items = items_alloc(cap, newsize)) == NULL)
        return -1;
    WfObject **old = a->ob_item;
    if (norig > 0) {
        WfObject **g = wf_mem_malloc((size_t)norig * sizeof(WfObject *));
        if (g == NULL) {
            items_free(items);
            wf_err_no_memory();
            return -1;
        }
        memcpy(g, old + ilow, (size_t)norig * sizeof(WfObject *));
        *garbage = g;
        *ngarbage = norig;
    }
    if (ilow > 0)
        memcpy(items, old, (size_t)ilow * sizeof(WfObject *));
    for (wf_ssize_t i = 0; i < n; i++) {
        wf_object_publish_into((WfObject *)a, src[i]);
        items[ilow + i] = wf_newref(src[i]);
    }
    if (size > ihigh)
        memcpy(items + ilow + n, old + ihigh, (size_t)(size - ihigh) * sizeof(WfObject *));
    items_retire(a, items_publish(a, items, newsize, cap));
    return 0;
}

static void drop_garbage(WfListObject *self, WfObject **garbage, wf_ssize_t n,
                         WfObject **recycle) {
    wf_container_drop_items((WfObject *)self, garbage, n);
    if (garbage != recycle)
        wf_mem_free(garbage);
}

/* a[ilow:ihigh] = v (v NULL deletes). */
static int list_ass_slice(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh, WfObject *v) {
    WfObject *seq = NULL;
    if (v != NULL && v != (WfObject *)a && wf_list_check_exact(v) &&
        wf_object_has_one_counted_ref(v)) {
        /* No other thread can reach v (the usual temporary, as in
         * a[:k] = a[k::-1]), so it cannot change meanwhile: no snapshot. */
        seq = wf_newref(v);
    } else if (v != NULL) {
        seq = sequence_fast(v, "can only assign an iterable");
        if (seq == NULL)
            return -1;
    }
    WfObject *recycle[WF_LIST_RECYCLE];
    WfObject **garbage;
    wf_ssize_t ngarbage;
    int r;
    WF_BEGIN_CRITICAL_SECTION(a);
    r = list_ass_slice_lock_held(a, ilow, ihigh, seq, recycle, &garbage, &ngarbage);
    WF_END_CRITICAL_SECTION();
    if (r == 0)
        drop_garbage(a, garbage, ngarbage, recycle);
    wf_xdecref(seq);
    return r;
}

int wf_list_set_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi, WfObject *v) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return list_ass_slice(LIST(l), lo, hi, v);
}

/* Remove and return item i (0 <= i < size), new reference. */
static WfObject *list_pop_lock_held(WfListObject *self, wf_ssize_t i) {
    wf_ssize_t n = WF_SIZE(self);
    WfObject **items = self->ob_item;
    WfObject *v = items[i];
    if (i < n - 1)
        items_shift(&items[i], &items[i + 1], n - 1 - i);
    /* The vacated slot: a reader that loaded the old size finds the item
     * that was last, or NULL and the locked path. */
    list_shrink(self, n - 1);
    if (self->ob_item == items)
        slot_store(items, n - 1, NULL);
    return v;
}

/* ---- slots ---------------------------------------------------------------- */

static void list_dealloc(WfObject *self) {
    if (!wf_trash_begin(self, list_dealloc))
        return;
    WfListObject *op = LIST(self);
    if (op->ob_item != NULL) {
        /* A marked list's items may be borrowed (lockfree.h point 4); the
         * array itself is read by no one without a reference or a borrow
         * of the list, so it goes at once. */
        wf_container_drop_items(self, op->ob_item, WF_SIZE(op));
        items_free(op->ob_item);
    }
    wf_object_free(self);
    wf_trash_end();
}

static int list_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    for (wf_ssize_t i = WF_SIZE(self) - 1; i >= 0; i--) {
        WfObject *v = LIST(self)->ob_item[i];
        if (v != NULL) {
            int r = visit(v, arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

static int list_tp_clear(WfObject *self) {
    list_clear_items(LIST(self));
    return 0;
}

/* Item by item, each read lock-free with a reference (repr runs Python). */
static WfObject *list_repr(WfObject *self) {
    if (size_load(LIST(self)) == 0)
        return wf_str_from_cstr("[]");
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_cstr("[...]") : NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_utf8(&b, "[", 1);
    WfObject *item;
    for (wf_ssize_t i = 0; (item = list_get_item_ref(LIST(self), i)) != NULL; i++) {
        if (i > 0)
            wf_str_builder_append_utf8(&b, ", ", 2);
        WfObject *s = wf_object_repr(item);
        wf_decref(item);
        if (s == NULL) {
            wf_str_builder_discard(&b);
            wf_repr_leave(self);
            return NULL;
        }
        wf_str_builder_append_str(&b, s);
        wf_decref(s);
    }
    wf_str_builder_append_utf8(&b, "]", 1);
    wf_repr_leave(self);
    return wf_str_builder_finish(&b);
}

static wf_ssize_t list_length(WfObject *self) {
    return size_load(LIST(self));
}

static WfObject *list_item(WfObject *self, wf_ssize_t i) {
    WfObject *v = list_get_item_ref(LIST(self), i);
    if (v == NULL)
        index_error();
    return v;
}

static int list_ass_item(WfObject *self, wf_ssize_t i, WfObject *v) {
    if (v != NULL)
        return wf_list_set_item(self, i, wf_newref(v));
    WfObject *old = NULL;
    WF_BEGIN_CRITICAL_SECTION(self);
    if ((size_t)i < (size_t)WF_SIZE(self))
        old = list_pop_lock_held(LIST(self), i);
    WF_END_CRITICAL_SECTION();
    if (old == NULL) {
        wf_err_set_string(wf_exc_IndexError, "list assignment index out of range");
        return -1;
    }
    wf_container_drop_item(self, old);
    return 0;
}

static int list_contains(WfObject *self, WfObject *el) {
    WfObject *item;
    for (wf_ssize_t i = 0; (item = list_get_item_ref(LIST(self), i)) != NULL; i++) {
        int cmp = item == el ? 1 : wf_object_rich_compare_bool(item, el, WF_EQ);
        wf_decref(item);
        if (cmp != 0)
            return cmp;
    }
    return 0;
}

static WfObject *list_concat_lock_held(WfObject *a, WfObject *b) {
    wf_ssize_t na = WF_SIZE(a), nb = WF_SIZE(b);
    if (na > WF_SSIZE_T_MAX - nb)
        return wf_err_no_memory();
    WfObject *np = wf_list_new(na + nb);
    if (np == NULL)
        return NULL;
    WfObject **dest = LIST(np)->ob_item;
    for (wf_ssize_t i = 0; i < na; i++)
        dest[i] = wf_newref(LIST(a)->ob_item[i]);
    for (wf_ssize_t i = 0; i < nb; i++)
        dest[na + i] = wf_newref(LIST(b)->ob_item[i]);
    return np;
}

static WfObject *list_concat(WfObject *a, WfObject *b) {
    if (!wf_list_check(b)) {
        wf_err_format(wf_exc_TypeError, "can only concatenate list (not \"%s\") to list",
                      wf_type_name(WF_TYPE(b)));
        return NULL;
    }
    WfObject *np;
    WF_BEGIN_CRITICAL_SECTION2(a, b);
    np = list_concat_lock_held(a, b);
    WF_END_CRITICAL_SECTION2();
    return np;
}

static WfObject *list_repeat_lock_held(WfObject *a, wf_ssize_t n) {
    wf_ssize_t size = WF_SIZE(a);
    if (n < 0)
        n = 0;
    if (n > 0 && size > WF_SSIZE_T_MAX / n)
        return wf_err_no_memory();
    WfObject *np = wf_list_new(size * n);
    if (np == NULL)
        return NULL;
    WfObject **dest = LIST(np)->ob_item, **src = LIST(a)->ob_item;
    for (wf_ssize_t k = 0; k < n; k++)
        for (wf_ssize_t i = 0; i < size; i++)
            *dest++ = wf_newref(src[i]);
    return np;
}

static WfObject *list_repeat(WfObject *a, wf_ssize_t n) {
    WfObject *np;
    WF_BEGIN_CRITICAL_SECTION(a);
    np = list_repeat_lock_held(a, n);
    WF_END_CRITICAL_SECTION();
    return np;
}

static WfObject *list_inplace_concat(WfObject *self, WfObject *other) {
    if (wf_list_extend(self, other) < 0)
        return NULL;
    return wf_newref(self);
}

/* 0, or -1 with an exception. n >= 2, size > 0. */
static int list_inplace_repeat_lock_held(WfListObject *self, wf_ssize_t n) {
    wf_ssize_t size = WF_SIZE(self);
    if (size > WF_SSIZE_T_MAX / n) {
        wf_err_no_memory();
        return -1;
    }
    WfObject **items = items_alloc(size * n, size * n);
    if (items == NULL)
        return -1;
    WfObject **src = self->ob_item;
    for (wf_ssize_t k = 0; k < n; k++)
        for (wf_ssize_t i = 0; i < size; i++)
            items[k * size + i] = k == 0 ? src[i] : wf_newref(src[i]);
    items_retire(self, items_publish(self, items, size * n, size * n));
    return 0;
}

static WfObject *list_inplace_repeat(WfObject *self, wf_ssize_t n) {
    if (n < 1) {
        list_clear_items(LIST(self));
        return wf_newref(self);
    }
    int r = 0;
    WF_BEGIN_CRITICAL_SECTION(self);
    if (WF_SIZE(self) > 0 && n > 1)
        r = list_inplace_repeat_lock_held(LIST(self), n);
    WF_END_CRITICAL_SECTION();
    return r < 0 ? NULL : wf_newref(self);
}

/* Compared item by item, each read lock-free with a reference: the
 * comparisons run Python code and may mutate either list. */
static WfObject *list_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_list_check(v) || !wf_list_check(w))
        WF_RETURN_NOTIMPLEMENTED;
    if (size_load(LIST(v)) != size_load(LIST(w)) && (op == WF_EQ || op == WF_NE))
        return wf_bool_from_long(op == WF_NE);
    /* The first index where the items differ. */
    wf_ssize_t i = 0;
    for (;; i++) {
        WfObject *vi = list_get_item_ref(LIST(v), i);
        WfObject *wi = list_get_item_ref(LIST(w), i);
        int k = vi == NULL || wi == NULL ? 0
                : vi == wi ? 1 : wf_object_rich_compare_bool(vi, wi, WF_EQ);
        wf_xdecref(vi);
        wf_xdecref(wi);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    /* As CPython: __eq__ may have changed both lists, so the answer comes
     * from the items now at i, or from the sizes if either ran out. */
    WfObject *vi = list_get_item_ref(LIST(v), i);
    WfObject *wi = list_get_item_ref(LIST(w), i);
    WfObject *res;
    if (vi == NULL || wi == NULL)
        res = wf_richcompare_from_order(wf_order_ssize(size_load(LIST(v)), size_load(LIST(w))), op);
    else if (op == WF_EQ || op == WF_NE)
        res = wf_bool_from_long(op == WF_NE);
    else
        res = wf_object_rich_compare(vi, wi, op);
    wf_xdecref(vi);
    wf_xdecref(wi);
    return res;
}

static WfObject *list_iter(WfObject *seq);

static WfObject *list_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return (WfObject *)list_alloc(type);
}

static int list_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_list_check_exact(self) && wf_arg_no_keywords("list", kwds) < 0)
        return -1;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional("list", nargs, 0, 1) < 0)
        return -1;
    if (size_load(LIST(self)) > 0 || array_load(LIST(self)) != NULL)
        list_clear_items(LIST(self));
    if (nargs == 1)
        return wf_list_extend(self, WF_TUPLE_ITEM(args, 0));
    return 0;
}

/* An index argument (int or __index__): 0, or -1 with IndexError/TypeError. */
static int subscript_index(WfObject *item, wf_ssize_t *pi) {
    if (wf_int_check_exact(item) && wf_int_is_compact(item)) {
        *pi = (wf_ssize_t)wf_int_compact_value(item);
        return 0;
    }
    wf_ssize_t i = wf_number_as_ssize(item, wf_exc_IndexError);
    if (i == -1 && wf_err_occurred())
        return -1;
    *pi = i;
    return 0;
}

/* self[start:stop:step] for a step != 1, section held. */
static WfObject *list_extended_slice_lock_held(WfListObject *self, wf_ssize_t start,
                                               wf_ssize_t stop, wf_ssize_t step) {
    wf_ssize_t len = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
    WfObject *res = wf_list_new(len > 0 ? len : 0);
    if (res == NULL)
        return NULL;
    WfObject **src = self->ob_item, **dest = LIST(res)->ob_item;
    for (wf_ssize_t cur = start, i = 0; i < len; cur += step, i++)
        dest[i] = wf_newref(src[cur]);
    return res;
}

static WfObject *list_subscript(WfObject *self, WfObject *item) {
    if (wf_index_check(item)) {
        wf_ssize_t i;
        if (subscript_index(item, &i) < 0)
            return NULL;
        if (i < 0)
            i += size_load(LIST(self));
        return list_item(self, i);
    }
    if (wf_slice_check(item)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(item, &start, &stop, &step) < 0)
            return NULL;
        /* The indices are adjusted to the size inside the section. */
        WfObject *res;
        WF_BEGIN_CRITICAL_SECTION(self);
        if (step == 1) {
            wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
            res = list_slice_lock_held(LIST(self), start, stop);
        } else {
            res = list_extended_slice_lock_held(LIST(self), start, stop, step);
        }
        WF_END_CRITICAL_SECTION();
        return res;
    }
    wf_err_format(wf_exc_TypeError, "list indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return NULL;
}

/* Delete an extended slice: the kept items go to a new array, the removed
 * ones to *garbage (decref'd by the caller after the section). */
static int list_del_extended_lock_held(WfListObject *self, wf_ssize_t start, wf_ssize_t stop,
                                       wf_ssize_t step, WfObject ***garbage,
                                       wf_ssize_t *ngarbage) {
    wf_ssize_t slicelen = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
    *garbage = NULL;
    *ngarbage = 0;
    if (slicelen <= 0)
        return 0;
    if (step < 0) {
        stop = start + 1;
        start = stop + step * (slicelen - 1) - 1;
        step = -step;
    }
    wf_ssize_t n = WF_SIZE(self), newsize = n - slicelen;
    WfObject **g = wf_mem_malloc((size_t)slicelen * sizeof(WfObject *));
    WfObject **items = newsize ? items_alloc(newsize, newsize) : NULL;
    if (g == NULL || (newsize && items == NULL)) {
        wf_mem_free(g);
        items_free(items);
        if (!wf_err_occurred())
            wf_err_no_memory();
        return -1;
    }
    WfObject **old = self->ob_item;
    wf_ssize_t k = 0, gi = 0;
    for (wf_ssize_t i = 0; i < n; i++) {
        if (i >= start && (i - start) % step == 0 && gi < slicelen)
            g[gi++] = old[i];
        else
            items[k++] = old[i];
    }
    items_retire(self, items_publish(self, items, newsize, newsize));
    *garbage = g;
    *ngarbage = slicelen;
    return 0;
}

/* Assign seq (a private tuple or list) to an extended slice. */
static int list_ass_extended_lock_held(WfListObject *self, wf_ssize_t start, wf_ssize_t stop,
                                       wf_ssize_t step, WfObject *seq, WfObject ***garbage,
                                       wf_ssize_t *ngarbage) {
    wf_ssize_t slicelen = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
    *garbage = NULL;
    *ngarbage = 0;
    if (WF_SIZE(seq) != slicelen) {
        wf_err_format(wf_exc_ValueError,
                      "attempt to assign sequence of size %zd to extended slice of size %zd",
                      WF_SIZE(seq), slicelen);
        return -1;
    }
    if (slicelen == 0)
        return 0;
    wf_ssize_t n = WF_SIZE(self);
    WfObject **g = wf_mem_malloc((size_t)slicelen * sizeof(WfObject *));
    WfObject **items = items_alloc(self->allocated, n);
    if (g == NULL || items == NULL) {
        wf_mem_free(g);
        items_free(items);
        if (!wf_err_occurred())
            wf_err_no_memory();
        return -1;
    }
    memcpy(items, self->ob_item, (size_t)n * sizeof(WfObject *));
    WfObject **src = seq_items(seq);
    for (wf_ssize_t cur = start, i = 0; i < slicelen; cur += step, i++) {
        g[i] = items[cur];
        wf_object_publish_into((WfObject *)self, src[i]);
        items[cur] = wf_newref(src[i]);
    }
    items_retire(self, items_publish(self, items, n, self->allocated));
    *garbage = g;
    *ngarbage = slicelen;
    return 0;
}

static int list_ass_extended(WfListObject *self, wf_ssize_t start, wf_ssize_t stop,
                             wf_ssize_t step, WfObject *value) {
    WfObject *seq = NULL;
    if (value != NULL) {
        seq = sequence_fast(value, "must assign iterable to extended slice");
        if (seq == NULL)
            return -1;
    }
    WfObject **garbage;
    wf_ssize_t ngarbage;
    int r;
    WF_BEGIN_CRITICAL_SECTION(self);
    if (seq == NULL)
        r = list_del_extended_lock_held(self, start, stop, step, &garbage, &ngarbage);
    else
        r = list_ass_extended_lock_held(self, start, stop, step, seq, &garbage, &ngarbage);
    WF_END_CRITICAL_SECTION();
    if (r == 0 && garbage != NULL)
        drop_garbage(self, garbage, ngarbage, NULL);
    wf_xdecref(seq);
    return r;
}

static int list_ass_subscript(WfObject *self, WfObject *item, WfObject *value) {
    if (wf_index_check(item)) {
        wf_ssize_t i;
        if (subscript_index(item, &i) < 0)
            return -1;
        if (i < 0)
            i += size_load(LIST(self));
        return list_ass_item(self, i, value);
    }
    if (wf_slice_check(item)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(item, &start, &stop, &step) < 0)
            return -1;
        if (step == 1) {
            /* list_ass_slice clamps start/stop itself; negative indices are
             * resolved against the size it sees. */
            if (start < 0 || stop < 0) {
                wf_ssize_t n = size_load(LIST(self));
                wf_slice_adjust_indices(n, &start, &stop, step);
            }
            return list_ass_slice(LIST(self), start, stop, value);
        }
        return list_ass_extended(LIST(self), start, stop, step, value);
    }
    wf_err_format(wf_exc_TypeError, "list indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return -1;
}

/* ---- methods ------------------------------------------------------------- */

static WfObject *list_append_method(WfObject *self, WfObject *v) {
    if (wf_list_append(self, v) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_extend_method(WfObject *self, WfObject *iterable) {
    if (wf_list_extend(self, iterable) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_insert_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("insert", nargs, 2, 2) < 0)
        return NULL;
    wf_ssize_t i = wf_number_as_ssize(args[0], wf_exc_OverflowError);
    if (i == -1 && wf_err_occurred())
        return NULL;
    if (list_insert_at(LIST(self), i, args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_pop_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("pop", nargs, 0, 1) < 0)
        return NULL;
    wf_ssize_t i = -1;
    if (nargs == 1) {
        i = wf_number_as_ssize(args[0], wf_exc_OverflowError);
        if (i == -1 && wf_err_occurred())
            return NULL;
    }
    WfObject *v = NULL;
    const char *err = NULL;
    WF_BEGIN_CRITICAL_SECTION(self);
    wf_ssize_t n = WF_SIZE(self);
    if (i < 0)
        i += n;
    if (n == 0)
        err = "pop from empty list";
    else if ((size_t)i >= (size_t)n)
        err = "pop index out of range";
    else
        v = list_pop_lock_held(LIST(self), i);
    WF_END_CRITICAL_SECTION();
    if (err != NULL)
        wf_err_set_string(wf_exc_IndexError, err);
    return wf_container_hand_out_item(self, v);
}

/* 1 found at *where, 0 not found, -1 error. Searches [start, stop), each
 * item read lock-free with a reference (the comparisons run Python code). */
static int list_find(WfObject *self, WfObject *value, wf_ssize_t start, wf_ssize_t stop,
                     wf_ssize_t *where) {
    WfObject *obj;
    for (wf_ssize_t i = start; i < stop && (obj = list_get_item_ref(LIST(self), i)) != NULL;
         i++) {
        int cmp = obj == value ? 1 : wf_object_rich_compare_bool(obj, value, WF_EQ);
        wf_decref(obj);
        if (cmp != 0) {
            *where = i;
            return cmp;
        }
    }
    return 0;
}

/* The whole search-and-remove runs in the section (as CPython), so two
 * threads removing equal items remove two of them. */
static WfObject *list_remove_method(WfObject *self, WfObject *value) {
    wf_ssize_t i = 0;
    int r;
    WfObject *removed = NULL;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = list_find(self, value, 0, WF_SSIZE_T_MAX, &i);
    /* __eq__ may have changed the list: remove whatever is at i now, as
     * CPython does. */
    if (r > 0 && i < WF_SIZE(self))
        removed = list_pop_lock_held(LIST(self), i);
    WF_END_CRITICAL_SECTION();
    wf_container_drop_item(self, removed);
    if (r < 0)
        return NULL;
    if (r == 0) {
        wf_err_set_string(wf_exc_ValueError, "list.remove(x): x not in list");
        return NULL;
    }
    WF_RETURN_NONE;
}

/* A start/stop argument of index(): clamped, negative counted from the end. */
/* A start or stop argument of index(), converted (its __index__ may run
 * Python code that resizes the list: the caller adjusts negative values
 * only after converting both, against the size then, as CPython). */
static int index_bound(WfObject *arg, wf_ssize_t *out) {
    if (arg == WF_NONE) {
        wf_err_set_string(wf_exc_TypeError,
                          "slice indices must be integers or have an __index__ method");
        return -1;
    }
    return wf_slice_index(arg, out);
}

static wf_ssize_t index_adjust(wf_ssize_t i, wf_ssize_t size) {
    if (i < 0 && (i += size) < 0)
        i = 0;
    return i;
}

static WfObject *list_index_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("index", nargs, 1, 3) < 0)
        return NULL;
    wf_ssize_t start = 0, stop = WF_SSIZE_T_MAX;
    if ((nargs > 1 && index_bound(args[1], &start) < 0) ||
        (nargs > 2 && index_bound(args[2], &stop) < 0))
        return NULL;
    wf_ssize_t size = size_load(LIST(self));
    start = index_adjust(start, size);
    stop = index_adjust(stop, size);
    wf_ssize_t i;
    int r = list_find(self, args[0], start, stop, &i);
    if (r < 0)
        return NULL;
    if (r == 0)
        return wf_err_format(wf_exc_ValueError, "%R is not in list", args[0]);
    return wf_int_from_ssize(i);
}

static WfObject *list_count_method(WfObject *self, WfObject *value) {
    wf_ssize_t count = 0;
    WfObject *obj;
    for (wf_ssize_t i = 0; (obj = list_get_item_ref(LIST(self), i)) != NULL; i++) {
        int cmp = obj == value ? 1 : wf_object_rich_compare_bool(obj, value, WF_EQ);
        wf_decref(obj);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return wf_int_from_ssize(count);
}

static WfObject *list_reverse_method(WfObject *self, WfObject *unused) {
    if (wf_list_reverse(self) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_copy_method(WfObject *self, WfObject *unused) {
    return list_slice(LIST(self), 0, WF_SSIZE_T_MAX);
}

static WfObject *list_clear_method(WfObject *self, WfObject *unused) {
    list_clear_items(LIST(self));
    WF_RETURN_NONE;
}

/* sort(*, key=None, reverse=False) */
static WfObject *list_sort_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                  WfObject *kwnames) {
    if (nargs > 0) {
        wf_err_set_string(wf_exc_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    WfObject *keyfunc = NULL;
    int reverse = 0;
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    for (wf_ssize_t i = 0; i < nkw; i++) {
        WfObject *name = WF_TUPLE_ITEM(kwnames, i), *value = args[nargs + i];
        if (wf_str_equal_cstr(name, "key")) {
            keyfunc = value;
        } else if (wf_str_equal_cstr(name, "reverse")) {
            /* CPython takes an int here (bool(accept={int})). */
            WfObject *ix = wf_number_index(value);
            if (ix == NULL)
                return NULL;
            reverse = wf_object_is_true(ix);
            wf_decref(ix);
            if (reverse < 0)
                return NULL;
        } else {
            return wf_err_format(wf_exc_TypeError,
                                 "'%U' is an invalid keyword argument for sort()", name);
        }
    }
    if (wf_list_sort_impl(self, keyfunc, reverse) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_reversed_method(WfObject *self, WfObject *unused);

static WfMethodDef list_methods[] = {
    {"__reversed__", (void *)list_reversed_method, WF_METH_NOARGS, NULL},
    {"append", (void *)list_append_method, WF_METH_O, NULL},
    {"extend", (void *)list_extend_method, WF_METH_O, NULL},
    {"insert", (void *)list_insert_method, WF_METH_FASTCALL, NULL},
    {"pop", (void *)list_pop_method, WF_METH_FASTCALL, NULL},
    {"remove", (void *)list_remove_method, WF_METH_O, NULL},
    {"index", (void *)list_index_method, WF_METH_FASTCALL, NULL},
    {"count", (void *)list_count_method, WF_METH_O, NULL},
    {"reverse", (void *)list_reverse_method, WF_METH_NOARGS, NULL},
    {"sort", (void *)list_sort_method, WF_METH_FASTCALL | WF_METH_KEYWORDS, NULL},
    {"copy", (void *)list_copy_method, WF_METH_NOARGS, NULL},
    {"clear", (void *)list_clear_method, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_list_type = {
    .tp_name = "list",
    .tp_basicsize = sizeof(WfListObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_LIST_SUBCLASS,
    .tp_doc = "Built-in mutable sequence.",
    .tp_dealloc = list_dealloc,
    .tp_repr = list_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = list_richcompare,
    .tp_iter = list_iter,
    .tp_init = list_init,
    .tp_new = list_new,
    .tp_traverse = list_traverse,
    .tp_clear = list_tp_clear,
    .sq_length = list_length,
    .sq_concat = list_concat,
    .sq_repeat = list_repeat,
    .sq_item = list_item,
    .sq_ass_item = list_ass_item,
    .sq_contains = list_contains,
    .sq_inplace_concat = list_inplace_concat,
    .sq_inplace_repeat = list_inplace_repeat,
    .mp_length = list_length,
    .mp_subscript = list_subscript,
    .mp_ass_subscript = list_ass_subscript,
    .tp_methods = list_methods,
};

/* ---- iterators ------------------------------------------------------------ */

/* An iterator may be shared between threads: next() claims an index with
 * a CAS (iter_claim), so each item goes to one caller; items are read with
 * list_get_item_ref, never freed under the reader. Once threads
 * exist an exhausted iterator keeps its list until it dies (it_index -1), as
 * free-threaded CPython does; single-threaded it drops it at once (it_seq
 * NULL), as CPython 3.11 does. */
static WfObject *listiter_new(WfTypeObject *type, WfObject *seq, wf_ssize_t index) {
    WfListIterObject *it = (WfListIterObject *)wf_object_alloc(type);
    if (it == NULL)
        return NULL;
    it->it_index = index;
    it->it_seq = wf_newref(seq);
    return (WfObject *)it;
}

static WfObject *list_iter(WfObject *seq) {
    return listiter_new(&wf_list_iter_type, seq, 0);
}

static WfObject *list_reversed_method(WfObject *self, WfObject *unused) {
    return listiter_new(&wf_list_reviter_type, self, size_load(LIST(self)) - 1);
}

static void listiter_dealloc(WfObject *self) {
    wf_xdecref(((WfListIterObject *)self)->it_seq);
    wf_object_free(self);
}

static int listiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *seq = ((WfListIterObject *)self)->it_seq;
    return seq ? visit(seq, arg) : 0;
}

static int listiter_clear(WfObject *self) {
    WF_CLEAR(((WfListIterObject *)self)->it_seq);
    return 0;
}

static WfObject *listiter_self(WfObject *self) {
    return wf_newref(self);
}

static inline WfObject *iter_seq_load(WfListIterObject *it) {
    return __atomic_load_n(&it->it_seq, __ATOMIC_ACQUIRE);
}
static inline wf_ssize_t iter_index_load(WfListIterObject *it) {
    return __atomic_load_n(&it->it_index, __ATOMIC_RELAXED);
}
static inline void iter_index_store(WfListIterObject *it, wf_ssize_t i) {
    __atomic_store_n(&it->it_index, i, __ATOMIC_RELAXED);
}

static void listiter_exhaust(WfListIterObject *it) {
    iter_index_store(it, -1);
    if (!wf_objects_are_shared()) {
        WfObject *seq = it->it_seq;
        it->it_seq = NULL;
        wf_decref(seq);
    }
}

/* Claims index i for this next(): single-threaded a plain store; once
 * threads exist a CAS, so that an iterator shared by threads hands out each
 * item once (a lost CAS retries with the index the winner left). */
static inline bool iter_claim(WfListIterObject *it, wf_ssize_t i, wf_ssize_t next) {
    if (!wf_objects_are_shared()) {
        iter_index_store(it, next);
        return true;
    }
    return __atomic_compare_exchange_n(&it->it_index, &i, next, false, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
}

/* Claims the next index and reads its item: borrowed from a marked list
 * (lockfree.h point 4), else counted. The NULL StackRef when exhausted. */
static WfStackRef listiter_step_ref(WfObject *self, wf_ssize_t delta) {
    WfListIterObject *it = (WfListIterObject *)self;
    WfObject *seq = iter_seq_load(it);
    if (seq == NULL)
        return WF_STACKREF_NULL;
    for (;;) {
        wf_ssize_t i = iter_index_load(it);
        if (i < 0)
            return WF_STACKREF_NULL;
        WfStackRef r = wf_list_get_item_stackref(seq, i);
        if (wf_stackref_is_null(r)) {
            listiter_exhaust(it);
            return WF_STACKREF_NULL;
        }
        if (iter_claim(it, i, i + delta))
            return r;
        wf_stackref_close(r);
    }
}

/* For C callers: a counted reference. */
static WfObject *listiter_step(WfObject *self, wf_ssize_t delta) {
    WfStackRef r = listiter_step_ref(self, delta);
    return wf_stackref_is_null(r) ? NULL : wf_stackref_to_obj_steal(r);
}

static WfObject *listiter_next(WfObject *self) {
    return listiter_step(self, 1);
}

/* next() for the eval loop's FOR_ITER: an item of a marked list is borrowed
 * (lockfree.h point 4). The NULL StackRef when exhausted; never an
 * exception. */
WfStackRef wf_list_iter_next_stackref(WfObject *self) {
    return listiter_step_ref(self, 1);
}

static WfObject *listreviter_next(WfObject *self) {
    return listiter_step(self, -1);
}

static WfObject *listiter_length_hint(WfObject *self, WfObject *unused) {
    WfListIterObject *it = (WfListIterObject *)self;
    WfObject *seq = iter_seq_load(it);
    wf_ssize_t n = 0, i = iter_index_load(it);
    if (seq != NULL && i >= 0) {
        n = size_load(LIST(seq)) - i;
        if (n < 0)
            n = 0;
    }
    return wf_int_from_ssize(n);
}

static WfObject *listreviter_length_hint(WfObject *self, WfObject *unused) {
    WfListIterObject *it = (WfListIterObject *)self;
    WfObject *seq = iter_seq_load(it);
    wf_ssize_t n = 0, i = iter_index_load(it);
    if (seq != NULL && i >= 0 && i < size_load(LIST(seq)))
        n = i + 1;
    return wf_int_from_ssize(n);
}

static WfMethodDef listiter_methods[] = {
    {"__length_hint__", (void *)listiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static WfMethodDef listreviter_methods[] = {
    {"__length_hint__", (void *)listreviter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_list_iter_type = {
    .tp_name = "list_iterator",
    .tp_basicsize = sizeof(WfListIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = listiter_dealloc,
    .tp_traverse = listiter_traverse,
    .tp_clear = listiter_clear,
    .tp_iter = listiter_self,
    .tp_iternext = listiter_next,
    .tp_methods = listiter_methods,
};

WfTypeObject wf_list_reviter_type = {
    .tp_name = "list_reverseiterator",
    .tp_basicsize = sizeof(WfListIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = listiter_dealloc,
    .tp_traverse = listiter_traverse,
    .tp_clear = listiter_clear,
    .tp_iter = listiter_self,
    .tp_iternext = listreviter_next,
    .tp_methods = listreviter_methods,
};
