/* recursion_guards.c — the container repr guard (CPython's Py_ReprEnter)
 * and the dealloc trashcan (Py_TRASHCAN), used by list, dict, set, tuple
 * and friends. Moved out of list.c unchanged.
 *
 * Invariants: both keep per-thread state only (thread-local), so no
 * locking; see the comments below.
 */
#include <string.h>

#include "runtime/objects/objects.h"

/* ---- repr guard (CPython's Py_ReprEnter) ------------------------------- */

/* Objects whose repr this thread is building, innermost last. Thread-local:
 * no other thread reads it, so no locking. Deep nesting spills to the heap. */
#define REPR_INLINE 32
static _Thread_local WfObject *repr_inline[REPR_INLINE];
static _Thread_local WfObject **repr_heap;
static _Thread_local wf_ssize_t repr_depth, repr_heap_cap;

static WfObject **repr_slots(void) {
    return repr_heap ? repr_heap : repr_inline;
}

int wf_repr_enter(WfObject *o) {
    WfObject **slots = repr_slots();
    for (wf_ssize_t i = repr_depth - 1; i >= 0; i--)
        if (slots[i] == o)
            return 1;
    wf_ssize_t cap = repr_heap ? repr_heap_cap : REPR_INLINE;
    if (repr_depth == cap) {
        wf_ssize_t newcap = cap * 2;
        WfObject **grown = wf_mem_malloc((size_t)newcap * sizeof(WfObject *));
        if (grown == NULL) {
            wf_err_no_memory();
            return -1;
        }
        memcpy(grown, slots, (size_t)repr_depth * sizeof(WfObject *));
        wf_mem_free(repr_heap);
        repr_heap = grown;
        repr_heap_cap = newcap;
        slots = grown;
    }
    slots[repr_depth++] = o;
    return 0;
}

void wf_repr_leave(WfObject *o) {
    WfObject **slots = repr_slots();
    for (wf_ssize_t i = repr_depth - 1; i >= 0; i--) {
        if (slots[i] == o) {
            memmove(&slots[i], &slots[i + 1], (size_t)(repr_depth - i - 1) * sizeof(WfObject *));
            repr_depth--;
            break;
        }
    }
    if (repr_depth == 0 && repr_heap != NULL) {
        wf_mem_free(repr_heap);
        repr_heap = NULL;
        repr_heap_cap = 0;
    }
}

/* ---- trashcan (CPython's Py_TRASHCAN) ---------------------------------- */

/* Past this nesting of container deallocs, further ones are queued. */
#define TRASH_MAX_DEPTH 50

typedef struct {
    WfObject *op;
    wf_destructor dealloc;
} TrashEntry;

/* Per thread (thread-local, no locking): the dealloc nesting depth and the
 * deallocs queued until the outermost one returns. */
static _Thread_local int trash_depth;
static _Thread_local bool trash_draining;
static _Thread_local TrashEntry *trash_queue;
static _Thread_local wf_ssize_t trash_len, trash_cap;

static int trash_push(WfObject *op, wf_destructor dealloc) {
    if (trash_len == trash_cap) {
        wf_ssize_t cap = trash_cap ? trash_cap * 2 : 64;
        TrashEntry *grown = wf_mem_realloc(trash_queue, (size_t)cap * sizeof(TrashEntry));
        if (grown == NULL)
            return -1;
        trash_queue = grown;
        trash_cap = cap;
    }
    trash_queue[trash_len].op = op;
    trash_queue[trash_len].dealloc = dealloc;
    trash_len++;
    return 0;
}

bool wf_trash_begin(WfObject *op, wf_destructor dealloc) {
    /* Queued only when there is room: otherwise recursing is the fallback. */
    if (trash_depth >= TRASH_MAX_DEPTH && trash_push(op, dealloc) == 0)
        return false;
    trash_depth++;
    return true;
}

void wf_trash_end(void) {
    if (--trash_depth > 0 || trash_draining)
        return;
    /* The outermost dealloc returns: run the queued ones, each starting at
     * depth 0 again; what they queue is run by this same loop. */
    trash_draining = true;
    while (trash_len > 0) {
        TrashEntry e = trash_queue[--trash_len];
        e.dealloc(e.op);
    }
    trash_draining = false;
    wf_mem_free(trash_queue);
    trash_queue = NULL;
    trash_cap = 0;
}

