/* list.h — mutable sequences.
 *
 * Invariants (DESIGN.md §7):
 *  - ob_item points to an item array of `allocated` slots; ob_size are used.
 *  - Mutations run inside the list's critical section (threads/critical_section.h).
 *  - Readers may index without the lock through wf_list_get_item_ref (see
 *    list.c and docs/containers-threads.md): the item array is replaced,
 *    never shrunk in place, and an old array is retired through QSBR (not
 *    freed at once); items are taken with try-incref, never with a plain
 *    incref of a pointer read without the lock.
 *  - Whole-list operations (sort, reverse, slice assignment) build the new
 *    contents aside and publish them with one pointer store, so lock-free
 *    readers see before or after, never half.
 */
#ifndef WF_LIST_H
#define WF_LIST_H

#include "runtime/objects/object.h"

typedef struct WfListObject {
    WF_OBJECT_VAR_HEAD;                /* ob_size = number of items */
    WfObject **ob_item;
    wf_ssize_t allocated;
} WfListObject;

extern WfTypeObject wf_list_type;
#define wf_list_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_LIST_SUBCLASS)
#define wf_list_check_exact(o) (WF_TYPE(o) == &wf_list_type)
#define WF_LIST_ITEMS(o) (((WfListObject *)(o))->ob_item)
#define WF_LIST_ITEM(o, i) (((WfListObject *)(o))->ob_item[i])   /* borrowed; fresh lists or locked use; others: wf_list_get_item_ref */
#define WF_LIST_SET_ITEM(o, i, v) (((WfListObject *)(o))->ob_item[i] = (v)) /* fresh lists only; steals */
/* A relaxed atomic load: the size may be read without the list's critical
 * section (list.c stores it with release inside the section). */
#define WF_LIST_SIZE(o) __atomic_load_n(&((WfVarObject *)(o))->ob_size, __ATOMIC_RELAXED)

WfObject *wf_list_new(wf_ssize_t size);              /* size slots set to NULL: fill with WF_LIST_SET_ITEM */
wf_ssize_t wf_list_size(WfObject *l);
WfObject *wf_list_get_item_ref(WfObject *l, wf_ssize_t i); /* new ref or NULL+IndexError; thread-safe */
/* For the eval loop: borrowed from a marked list (lockfree.h point 4), else
 * counted; the NULL StackRef (no exception) when i is out of range. */
struct WfStackRef wf_list_get_item_stackref(WfObject *l, wf_ssize_t i);
int wf_list_set_item(WfObject *l, wf_ssize_t i, WfObject *v); /* steals v */
int wf_list_append(WfObject *l, WfObject *v);        /* does not steal */
/* Append to a list no other thread can reach (one a comprehension is
 * building on the value stack): no section, no bias. Does not steal. */
int wf_list_append_private(WfObject *l, WfObject *v);
/* New references to the n items of l in out[0..n), taken atomically (in l's
 * section); -1 (no exception) when l does not have exactly n items. */
#define WF_LIST_UNPACK_MAX 16
int wf_list_copy_exact(WfObject *l, wf_ssize_t n, WfObject **out);
int wf_list_insert(WfObject *l, wf_ssize_t i, WfObject *v);
int wf_list_extend(WfObject *l, WfObject *iterable);
int wf_list_sort(WfObject *l);
int wf_list_reverse(WfObject *l);
WfObject *wf_list_as_tuple(WfObject *l);
WfObject *wf_list_get_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi);
int wf_list_set_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi, WfObject *v); /* v NULL deletes */
/* list.sort(key=keyfunc, reverse=reverse); keyfunc may be NULL or None. 0 or -1. (list_sort.c) */
int wf_list_sort_impl(WfObject *l, WfObject *keyfunc, int reverse);

/* The list iterator (read inline by FOR_ITER_LIST) and the reversed one.
 * Once the process is multi-threaded it_index is claimed with a CAS and an
 * exhausted iterator keeps it_seq with it_index -1 (list.c). */
typedef struct WfListIterObject {
    WF_OBJECT_HEAD;
    wf_ssize_t it_index;       /* -1: exhausted */
    WfObject *it_seq;          /* the list; NULL when exhausted (single-threaded) */
} WfListIterObject;
extern WfTypeObject wf_list_iter_type, wf_list_reviter_type;
/* next() of a list iterator for FOR_ITER: borrowed from a marked list, else
 * counted; the NULL StackRef when exhausted (never an exception). */
struct WfStackRef wf_list_iter_next_stackref(WfObject *it);

#endif /* WF_LIST_H */
