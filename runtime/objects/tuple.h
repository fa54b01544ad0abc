/* tuple.h — immutable sequences. Items are inline; the empty tuple is an
 * immortal singleton. A tuple is never mutated after it has been handed out
 * (WF_TUPLE_SET_ITEM is for filling a fresh tuple only). */
#ifndef WF_TUPLE_H
#define WF_TUPLE_H

#include "runtime/objects/object.h"

typedef struct WfTupleObject {
    WF_OBJECT_VAR_HEAD;
    wf_hash_t hash_cache;      /* -1 until computed */
    WfObject *ob_item[];
} WfTupleObject;

extern WfTypeObject wf_tuple_type;
#define wf_tuple_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_TUPLE_SUBCLASS)
#define wf_tuple_check_exact(o) (WF_TYPE(o) == &wf_tuple_type)
#define WF_TUPLE_ITEMS(o) (((WfTupleObject *)(o))->ob_item)
#define WF_TUPLE_ITEM(o, i) (((WfTupleObject *)(o))->ob_item[i])
#define WF_TUPLE_SET_ITEM(o, i, v) (((WfTupleObject *)(o))->ob_item[i] = (v)) /* steals v */
#define WF_TUPLE_SIZE(o) WF_SIZE(o)

WfObject *wf_tuple_new(wf_ssize_t size);                    /* items NULL; fill with WF_TUPLE_SET_ITEM */
WfObject *wf_tuple_pack(wf_ssize_t n, ...);                 /* new refs taken to the args */
WfObject *wf_tuple_from_array(WfObject *const *items, wf_ssize_t n);  /* increfs items */
WfObject *wf_tuple_from_array_steal(WfObject *const *items, wf_ssize_t n);
WfObject *wf_tuple_get_slice(WfObject *t, wf_ssize_t lo, wf_ssize_t hi);
wf_ssize_t wf_tuple_size(WfObject *t);
WfObject *wf_tuple_get_item(WfObject *t, wf_ssize_t i);     /* borrowed, IndexError checked */
/* The next item of a tuple iterator for the eval loop, lent when published
 * as `t[i]` and `x, y = t` lend theirs (lockfree.h,
 * wf_stackref_of_tuple_item); the NULL StackRef when exhausted (never an
 * exception). */
struct WfStackRef wf_tuple_iter_next_stackref(WfObject *it);
extern WfObject *wf_tuple_empty;                             /* () immortal */
/* Creates wf_tuple_empty; called by wf_types_init() before any tuple is made. */
int wf_tuple_init(void);

#endif /* WF_TUPLE_H */
