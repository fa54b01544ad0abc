/* type_refs.c — the references instances hold to their class, counted per
 * thread (DESIGN.md §3 rule 5: creating an instance of a class that every
 * thread shares writes nothing to the class).
 *
 * Invariants:
 *  - Every class made by a class statement is deferred (type_new.c) and
 *    gets a nonzero tp_instance_ref_id; only such classes are counted here.
 *    A deferred object is freed only by the collector, so the references
 *    its instances hold do not have to be in its own count to keep it alive.
 *  - While the process has one thread, instances count their class in its
 *    ordinary count (a local, non-atomic increment). Once threads exist,
 *    they count it in the creating / freeing thread's array
 *    (ts->type_refs[id]), with plain increments: only that thread touches
 *    its array. An instance made before the switch and freed after it
 *    leaves its +1 in the ordinary count and a -1 in an array: the ordinary
 *    count over-counts, which is safe (the class lives longer, never
 *    shorter); the sum of the ordinary count and every array is exact.
 *  - A thread that exits adds its array into `orphan_counts` (under
 *    orphan_lock), so the sum stays exact for the collector, which will
 *    merge both into the classes with the world stopped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "threads/tstate.h"

static _Atomic(uint32_t) next_id = 1;

static pthread_mutex_t orphan_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t *orphan_counts;   /* guarded by orphan_lock */
static uint32_t orphan_len;

void wf_type_refs_assign_id(WfTypeObject *type) {
    uint32_t id = atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed);
    if (id != 0)   /* 2^32 classes: later ones are counted the ordinary way */
        type->tp_instance_ref_id = id;
}

/* Room for index id in *counts (length *len); false when out of memory. */
static bool grow(int64_t **counts, uint32_t *len, uint32_t id) {
    uint32_t n = *len ? *len : 64;
    while (n <= id)
        n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
    if (n <= id)
        return false;
    int64_t *p = realloc(*counts, (size_t)n * sizeof(int64_t));
    if (p == NULL)
        return false;
    memset(p + *len, 0, (size_t)(n - *len) * sizeof(int64_t));
    *counts = p;
    *len = n;
    return true;
}

/* The calling thread's slot for type, or NULL: count it the ordinary way. */
static inline int64_t *thread_slot(WfTypeObject *type) {
    uint32_t id = type->tp_instance_ref_id;
    WfThreadState *ts = wf_tstate_current;
    if (id == 0 || ts == NULL || !wf_objects_are_shared())
        return NULL;
    if (WF_UNLIKELY(id >= ts->type_refs_len) && !grow(&ts->type_refs, &ts->type_refs_len, id))
        return NULL;
    return &ts->type_refs[id];
}

void wf_type_instance_incref(WfTypeObject *type) {
    int64_t *slot = thread_slot(type);
    if (slot)
        (*slot)++;
    else
        wf_incref((WfObject *)type);
}

void wf_type_instance_decref(WfTypeObject *type) {
    int64_t *slot = thread_slot(type);
    if (slot)
        (*slot)--;
    else if (type->tp_instance_ref_id == 0 || !wf_objects_are_shared())
        wf_decref((WfObject *)type);
    /* else: out of memory for the array; keeping the count is the safe side */
}

void wf_type_refs_thread_exit(WfThreadState *ts) {
    if (ts->type_refs == NULL)
        return;
    pthread_mutex_lock(&orphan_lock);
    for (uint32_t id = 0; id < ts->type_refs_len; id++) {
        if (ts->type_refs[id] == 0)
            continue;
        if (id >= orphan_len && !grow(&orphan_counts, &orphan_len, id))
            break;   /* out of memory: the classes stay over-counted, never under */
        orphan_counts[id] += ts->type_refs[id];
    }
    pthread_mutex_unlock(&orphan_lock);
    free(ts->type_refs);
    ts->type_refs = NULL;
    ts->type_refs_len = 0;
}
