/* list_internal.h — item-array helpers of list.c shared with list_sort.c.
 * Nothing outside list.c and list_sort.c includes it.
 *
 * Invariants: see list.c (ItemArray). The caller of publish holds the list's
 * critical section; the array it returns is retired (published arrays) or
 * freed (never published) by the caller.
 */
#ifndef WF_LIST_INTERNAL_H
#define WF_LIST_INTERNAL_H

#include "runtime/objects/objects.h"

/* n > 0 slots, [used, n) NULL; NULL with MemoryError. */
WfObject **wf_list_items_alloc(wf_ssize_t n, wf_ssize_t used);
void wf_list_items_free(WfObject **items);
void wf_list_items_retire(WfListObject *self, WfObject **items);
/* Installs items (size, allocated) and returns the old array. */
WfObject **wf_list_items_publish(WfListObject *self, WfObject **items, wf_ssize_t size,
                                 wf_ssize_t allocated);

#endif /* WF_LIST_INTERNAL_H */
