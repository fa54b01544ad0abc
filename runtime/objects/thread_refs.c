/* thread_refs.c — references to shared deferred objects, counted per thread
 * (DESIGN.md §3 rule 5: making an instance of a class, or a function, that
 * every thread shares writes nothing to the class, the code object or the
 * module's globals).
 *
 * What is counted here:
 *  - the reference an instance holds to its class (every class made by a
 *    class statement gets an id when it is made, type_new.c);
 *  - the references a function holds to its code object and to its globals
 *    and builtins dicts, when those are a code object or a module's dict
 *    (both deferred). Those get an id the first time a function is made
 *    from them once threads exist: lambdas, comprehensions and nested
 *    functions made in a loop in every thread.
 *
 * Invariants:
 *  - Only deferred objects get an id. A deferred object is freed only by the
 *    collector, so the references counted here do not have to be in its own
 *    count to keep it alive.
 *  - While the process has one thread, references go in the ordinary count
 *    (a local, non-atomic increment). Once threads exist, a reference to an
 *    object with an id goes in the taking / dropping thread's array
 *    (ts->thread_refs[id]), with plain increments: only that thread touches
 *    its array. A reference taken before the switch (or before the id was
 *    given) and dropped after it leaves +1 in the ordinary count and -1 in an
 *    array: the ordinary count over-counts, which is safe (the object lives
 *    longer, never shorter); the sum of the ordinary count and every array
 *    is exact.
 *  - An id, once given, never changes; NO_ID marks an object that could not
 *    get one (ids exhausted) and is counted the ordinary way for good.
 *  - A thread that exits adds its array into `orphan_counts` (under
 *    orphan_lock), so the sum stays exact for the collector, which will
 *    merge both into the objects with the world stopped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "threads/tstate.h"

#define NO_ID UINT32_MAX        /* code objects and classes: counted the ordinary way */
#define DICT_ID_MASK 0x7FFF     /* module dicts keep their id in ob_flags (15 bits) */
#define NO_DICT_ID DICT_ID_MASK
_Static_assert((DICT_ID_MASK & WF_OBJ_FLAG_BIASED) == 0, "a dict id leaves the bias flag alone");

static _Atomic(uint32_t) next_id = 1;

static pthread_mutex_t orphan_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t *orphan_counts;   /* guarded by orphan_lock */
static uint32_t orphan_len;

/* A fresh id, or NO_ID once 2^32 - 2 have been given. */
static uint32_t new_id(void) {
    uint32_t id = atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed);
    return id == 0 || id == NO_ID ? NO_ID : id;
}

void wf_type_refs_assign_id(WfTypeObject *type) {
    uint32_t id = new_id();
    type->tp_instance_ref_id = id == NO_ID ? 0 : id;
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

/* The calling thread's slot for id, or NULL: count it the ordinary way. */
static inline int64_t *thread_slot(uint32_t id) {
    WfThreadState *ts = wf_tstate_current;
    if (id == 0 || id == NO_ID || ts == NULL || !wf_objects_are_shared())
        return NULL;
    if (WF_UNLIKELY(id >= ts->thread_refs_len) &&
        !grow(&ts->thread_refs, &ts->thread_refs_len, id))
        return NULL;
    return &ts->thread_refs[id];
}

/* Taking a reference: in the slot when there is one. */
static inline void count_in(WfObject *o, uint32_t id) {
    int64_t *slot = thread_slot(id);
    if (slot)
        (*slot)++;
    else
        wf_incref(o);
}

/* Dropping one: in the slot when there is one; in the ordinary count when the
 * object has no id or threads never started; else (no memory for the array)
 * the reference is kept, which is the safe side. */
static inline void count_out(WfObject *o, uint32_t id) {
    int64_t *slot = thread_slot(id);
    if (slot)
        (*slot)--;
    else if (id == 0 || id == NO_ID || !wf_objects_are_shared())
        wf_decref(o);
}

void wf_type_instance_incref(WfTypeObject *type) {
    count_in((WfObject *)type, type->tp_instance_ref_id);
}

void wf_type_instance_decref(WfTypeObject *type) {
    count_out((WfObject *)type, type->tp_instance_ref_id);
}

/* ---- code objects and module dicts (function.c) ------------------------- */

/* The id of o (deferred), or 0 when o is not counted here; `give` assigns
 * one on first use (only once threads exist, so a one-thread program takes
 * no ids). */
static uint32_t shared_ref_id(WfObject *o, bool give) {
    if (wf_code_check(o)) {
        uint32_t *field = &((WfCodeObject *)o)->co_thread_ref_id;
        uint32_t id = __atomic_load_n(field, __ATOMIC_RELAXED);
        if (id != 0 || !give)
            return id;
        uint32_t fresh = new_id(), expected = 0;
        /* A losing racer's fresh id is simply never used. */
        if (!__atomic_compare_exchange_n(field, &expected, fresh, false, __ATOMIC_RELAXED,
                                         __ATOMIC_RELAXED))
            return expected;
        return fresh;
    }
    if (wf_dict_check_exact(o)) {
        /* The id takes ob_flags' low 15 bits; the top one is
         * WF_OBJ_FLAG_BIASED, which the owner may set meanwhile. */
        uint16_t *field = &o->ob_flags;
        uint16_t flags = __atomic_load_n(field, __ATOMIC_RELAXED);
        uint16_t id = flags & DICT_ID_MASK;
        if (id != 0 || !give)
            return id == NO_DICT_ID ? NO_ID : id;
        uint32_t fresh = new_id();
        uint16_t stored = fresh < NO_DICT_ID ? (uint16_t)fresh : NO_DICT_ID;
        while (!__atomic_compare_exchange_n(field, &flags, (uint16_t)(flags | stored), false,
                                            __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
            if (flags & DICT_ID_MASK) {   /* another thread gave one first */
                stored = flags & DICT_ID_MASK;
                break;
            }
        }
        return stored == NO_DICT_ID ? NO_ID : stored;
    }
    return 0;
}

WfObject *wf_shared_ref_new(WfObject *o) {
    if (o == NULL)
        return NULL;
    if (!wf_objects_are_shared() || !wf_is_deferred(o)) {
        wf_incref(o);
        return o;
    }
    count_in(o, shared_ref_id(o, true));
    return o;
}

void wf_shared_ref_drop(WfObject *o) {
    if (o == NULL)
        return;
    if (!wf_objects_are_shared() || !wf_is_deferred(o)) {
        wf_decref(o);
        return;
    }
    count_out(o, shared_ref_id(o, false));
}

void wf_thread_refs_thread_exit(WfThreadState *ts) {
    if (ts->thread_refs == NULL)
        return;
    pthread_mutex_lock(&orphan_lock);
    for (uint32_t id = 0; id < ts->thread_refs_len; id++) {
        if (ts->thread_refs[id] == 0)
            continue;
        if (id >= orphan_len && !grow(&orphan_counts, &orphan_len, id))
            break;   /* out of memory: the objects stay over-counted, never under */
        orphan_counts[id] += ts->thread_refs[id];
    }
    pthread_mutex_unlock(&orphan_lock);
    free(ts->thread_refs);
    ts->thread_refs = NULL;
    ts->thread_refs_len = 0;
}

/* What the arrays of exited threads hold for id: part of the exact count of
 * the object with that id, which the collector will merge. */
int64_t wf_thread_refs_orphan_count(uint32_t id) {
    pthread_mutex_lock(&orphan_lock);
    int64_t n = id < orphan_len ? orphan_counts[id] : 0;
    pthread_mutex_unlock(&orphan_lock);
    return n;
}
