/* brc.c — biased reference counting: the merge queues (DESIGN.md §3 rule 1).
 *
 * When a non-owner drops a reference to an object whose shared count is
 * exactly zero, the reference it drops is one that the owner's local count
 * holds. wf_decref_shared (refcount.c) then marks the object QUEUED without
 * subtracting and calls wf_brc_queue_object: the queue now holds that
 * reference. The owner merges (wf_explicit_merge_refcount(op, -1): fold the
 * local count into the shared one, give up ownership, drop the queue's
 * reference) at its next eval-breaker check, and frees the object if the
 * total is zero.
 *
 * Tables: WF_BRC_BUCKETS buckets keyed by thread id (ob_tid), each with a
 * mutex guarding the chain of thread states in it and their queues.
 *
 * Race argument.
 *  1. Exactly one -1. The QUEUED transition is a CAS from count 0 with flag
 *     INIT or MAYBE_WEAKREF; while QUEUED that CAS cannot succeed again, and
 *     the merge leaves the object MERGED for good. So an object is queued at
 *     most once and the queue's -1 is applied once: by the owner
 *     (wf_brc_merge / wf_brc_unregister), or by the queuing thread when the
 *     owner is gone (3), or as an ordinary shared decrement when the owner
 *     is merging at that very moment (ob_tid already 0: wf_decref_shared on
 *     a QUEUED/MERGED word only subtracts, and of the owner's CAS to MERGED
 *     and our subtraction, whichever comes second sees the zero and frees —
 *     CPython's _Py_brc_queue_object does the same).
 *  2. No early free while queued. True count = ob_ref_local + shared count,
 *     the queue's reference included. If the owner's local count reaches 0
 *     first, wf_merge_zero_local_refcount sees a shared count >= 1 (the
 *     queue's) and only sets MERGED; other threads decrementing a MERGED
 *     object stop at 1 (the queue's reference), so only the queue's -1 can
 *     reach zero. One free.
 *  3. Owner lookup vs owner exit. A thread removes itself from its bucket
 *     (wf_brc_unregister, under the bucket lock) only when its queue is
 *     empty, and it performs no refcount operation afterwards (tstate.c).
 *     A queuing thread looks the owner up under the same lock: found, the
 *     object goes into a queue that will be merged (the owner drains it
 *     before it can leave); not found, the owner has made its last local
 *     update before releasing the lock we now hold (happens-before), so the
 *     queuing thread may read and reset ob_ref_local itself.
 *  4. Thread-id reuse. ob_tid is the TLS address, which glibc reuses for a
 *     new thread. A new thread with the same id registers in the same bucket
 *     under the same lock before it runs any code that touches objects, so
 *     the direct merge of 3 (done while holding the bucket lock) completes
 *     before the new thread can see ob_tid == its id; afterwards ob_tid is 0.
 *     If the new thread registered first, it simply is the owner: it
 *     inherits the local count (only it writes it) and merges the queue.
 *  5. The owner merges outside the bucket lock (deallocation runs arbitrary
 *     code that may queue more objects, even to this same bucket).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "threads/threads.h"

#define WF_BRC_BUCKETS 257

typedef struct BrcBucket {
    pthread_mutex_t lock;
    WfThreadState *head;     /* chained through brc_next */
} BrcBucket;

/* Process-wide: one table for all threads; each bucket has its lock. */
static BrcBucket brc_buckets[WF_BRC_BUCKETS];
static pthread_once_t brc_once = PTHREAD_ONCE_INIT;

static void brc_init(void) {
    for (int i = 0; i < WF_BRC_BUCKETS; i++)
        pthread_mutex_init(&brc_buckets[i].lock, NULL);
}

static BrcBucket *bucket_of(uintptr_t tid) {
    pthread_once(&brc_once, brc_init);
    return &brc_buckets[(tid >> 12) % WF_BRC_BUCKETS];
}

void wf_brc_register(WfThreadState *ts) {
    BrcBucket *b = bucket_of(ts->thread_id);
    pthread_mutex_lock(&b->lock);
    ts->brc_next = b->head;
    b->head = ts;
    ts->brc_registered = true;
    pthread_mutex_unlock(&b->lock);
}

static void queue_push(WfThreadState *ts, WfObject *op) {
    if (ts->brc_len == ts->brc_cap) {
        size_t cap = ts->brc_cap ? ts->brc_cap * 2 : 32;
        WfObject **items = realloc(ts->brc_queue, cap * sizeof(*items));
        if (items == NULL) {
            /* Cannot drop the reference (the owner may be using its local
             * count right now) and cannot wait: out of memory here is fatal. */
            fputs("Fatal Python error: out of memory in the refcount merge queue\n", stderr);
            abort();
        }
        ts->brc_queue = items;
        ts->brc_cap = cap;
    }
    ts->brc_queue[ts->brc_len++] = op;
}

void wf_brc_queue_object(WfObject *op) {
    uintptr_t tid = __atomic_load_n(&op->ob_tid, __ATOMIC_RELAXED);
    wf_ssize_t refcnt = -1;
    if (tid != 0) {
        BrcBucket *b = bucket_of(tid);
        pthread_mutex_lock(&b->lock);
        WfThreadState *owner = b->head;
        while (owner && owner->thread_id != tid)
            owner = owner->brc_next;
        if (owner) {
            queue_push(owner, op);
            wf_breaker_set(owner, WF_BREAKER_MERGE_REFS);
        } else {
            refcnt = wf_explicit_merge_refcount(op, -1);   /* owner gone: see 3, 4 */
        }
        pthread_mutex_unlock(&b->lock);
    } else {
        /* The owner is giving up ownership right now (its local count hit
         * zero): never merge concurrently with it (both would free); drop the
         * queue's reference as a plain shared decrement instead (see 1). */
        wf_decref_shared(op);
        return;
    }
    if (refcnt == 0)
        wf_dealloc(op);
}

/* Takes the queue out of ts (under its bucket lock); NULL when empty. When
 * `leave` is set and the queue is empty, removes ts from its bucket. */
static WfObject **take_queue(WfThreadState *ts, size_t *len, bool leave) {
    BrcBucket *b = bucket_of(ts->thread_id);
    pthread_mutex_lock(&b->lock);
    WfObject **items = ts->brc_queue;
    *len = ts->brc_len;
    if (*len) {
        ts->brc_queue = NULL;
        ts->brc_len = ts->brc_cap = 0;
    } else {
        items = NULL;
        if (leave && ts->brc_registered) {
            WfThreadState **pp = &b->head;
            while (*pp != ts)
                pp = &(*pp)->brc_next;
            *pp = ts->brc_next;
            ts->brc_registered = false;
        }
    }
    pthread_mutex_unlock(&b->lock);
    return items;
}

static void merge_items(WfObject **items, size_t len) {
    for (size_t i = 0; i < len; i++) {
        WfObject *op = items[i];
        if (wf_explicit_merge_refcount(op, -1) == 0)
            wf_dealloc(op);
    }
    free(items);
}

void wf_brc_merge(WfThreadState *ts) {
    size_t len;
    WfObject **items = take_queue(ts, &len, false);
    if (items)
        merge_items(items, len);
}

void wf_brc_unregister(WfThreadState *ts) {
    for (;;) {
        size_t len;
        WfObject **items = take_queue(ts, &len, true);
        if (items == NULL)
            return;
        merge_items(items, len);
    }
}
