/* qsbr.c — the liburcu QSBR glue: registration, quiescent states, retire.
 *
 * Invariants:
 *  - A thread is registered with liburcu from wf_tstate_new_current until
 *    wf_tstate_delete_current, online exactly while ATTACHED (attach.c).
 *  - wf_qsbr_registered_count counts the threads registered through this file. When
 *    it is 1 and that thread is the retiring one, no other thread can hold a
 *    pointer to the retired memory, so it is freed at once: the retiring
 *    thread unpublished the memory before retiring it, and a thread that
 *    registers later reads the container only after its seq_cst increment;
 *    the retirer's seq_cst fence + load of the count pairs with it (Dekker):
 *    either the retirer sees 2 or the new thread sees the new pointer.
 *  - Retirements are batched per thread (CPython's design): a thread
 *    appends to its own batch (no atomics) and hands a full batch to the
 *    reclaimer. A partial batch is handed over at the thread's next
 *    quiescent report, offline transition or exit, so it waits at most
 *    until then; submitting later only delays the grace period, which is
 *    always safe.
 *  - The reclaimer (one helper thread) takes every submitted batch at once,
 *    waits for one grace period (urcu_qsbr_synchronize_rcu) and frees them.
 *    It is weft's own, not liburcu's call_rcu worker: that one sleeps 10 ms
 *    after every wake-up to gather callbacks, which put 10 ms on every
 *    barrier (20 ms on the exit of every program that started a thread).
 *    Here a round lasts one grace period, which the ticker's pokes bound.
 *  - reclaim_submitted / reclaim_completed count batches under
 *    reclaim_mutex; a round frees exactly the batches submitted before it
 *    took the queue, so "completed >= n" means the first n are freed.
 *  - pending_bytes counts retired-but-unfreed bytes of submitted batches;
 *    the reclaimer subtracts. pending_items counts submitted batches.
 *  - Grace periods only end when online threads report quiescent states.
 *    Attached threads report them at the eval breaker; the ticker thread
 *    sets WF_BREAKER_QSBR on every attached thread about every millisecond
 *    while retirements are pending, so a thread spinning in Python code
 *    cannot stall reclamation.
 */
/* The inline fast paths (quiescent state: a store and a load), except
 * under ThreadSanitizer, which must not see liburcu's own plain accesses. */
#if !defined(__SANITIZE_THREAD__)
#define _LGPL_SOURCE 1
#endif
#include <urcu/urcu-qsbr.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "runtime/objects/lockfree.h"
#include "stackref/roots.h"
#include "threads/threads.h"

/* ThreadSanitizer cannot see liburcu's grace periods (asm atomics, futexes),
 * so it would report every deferred free as racing with the readers'
 * earlier loads. Tell it the happens-before edge the grace period provides:
 * each thread releases qsbr_hb when it reports a quiescent state or goes
 * offline; the free callback acquires it (it runs after every online thread
 * has done so since the retirement). */
#if defined(__SANITIZE_THREAD__)
#define WF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WF_TSAN 1
#endif
#endif
#ifdef WF_TSAN
#include <sanitizer/tsan_interface.h>
static char qsbr_hb;
#define TSAN_RELEASE() __tsan_release(&qsbr_hb)
#define TSAN_ACQUIRE() __tsan_acquire(&qsbr_hb)
#else
#define TSAN_RELEASE() ((void)0)
#define TSAN_ACQUIRE() ((void)0)
#endif

#define BATCH_ITEMS 128

typedef struct RetiredBatch {
    struct RetiredBatch *next;   /* in the reclaimer's queue */
    size_t n;
    size_t bytes;
    struct {
        void *p;
        void (*free_fn)(void *);
    } items[BATCH_ITEMS];
} RetiredBatch;

/* Exported read-only for wf_qsbr_other_threads (qsbr.h). */
_Atomic(long) wf_qsbr_registered_count;
static _Atomic(size_t) pending_bytes;
static _Atomic(long) pending_items;
static _Thread_local bool registered;
static _Thread_local RetiredBatch *batch;   /* this thread's unsubmitted retirements */
static _Thread_local bool force_pending;    /* past WF_QSBR_FORCE_BYTES: wait at the next safe point */
static void submit_batch(bool at_safe_point);

/* The calling thread is about to stop protecting what it read lock-free
 * (a quiescent report, going offline): the borrowed references still in
 * its frames become counted (runtime/objects/lockfree.h, point 4), so do
 * the objects of its critical sections (critical_section.h), and its
 * retired references join its batch. Every frame's stack pointer is
 * spilled here (the exactness rule: these are safe points). */
static void prepare_quiescent(void) {
    WfThreadState *ts = wf_tstate_current;
    if (wf_objects_thread_borrowed) {
        if (ts != NULL)
            wf_roots_promote_thread(ts);
        wf_objects_thread_borrowed = false;
    }
    if (ts != NULL && ts->critical_section != NULL)
        wf_critical_section_hold_objects(ts);
    wf_objects_submit_retired_refs();
}

/* The ticker: one process-wide helper thread, started on first use; its
 * mutex/condvar guard only `ticker_started` and the wake-up. */
static pthread_mutex_t ticker_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ticker_cond = PTHREAD_COND_INITIALIZER;
static bool ticker_started;
static bool ticker_idle;   /* the ticker's own: its last poke found no attached thread */

void wf_qsbr_register(void) {
    if (registered)
        return;
    urcu_qsbr_register_thread();   /* registers online */
    registered = true;
    atomic_fetch_add_explicit(&wf_qsbr_registered_count, 1, memory_order_seq_cst);
}

void wf_qsbr_unregister(void) {
    if (!registered)
        return;
    prepare_quiescent();
    submit_batch(true);
    atomic_fetch_sub_explicit(&wf_qsbr_registered_count, 1, memory_order_seq_cst);
    TSAN_RELEASE();
    /* liburcu requires unregistering from the online state. */
    if (!urcu_qsbr_read_ongoing())
        urcu_qsbr_thread_online();
    urcu_qsbr_unregister_thread();
    registered = false;
}

void wf_qsbr_offline(void) {
    if (registered && urcu_qsbr_read_ongoing()) {
        prepare_quiescent();
        submit_batch(true);
        TSAN_RELEASE();
        urcu_qsbr_thread_offline();
    }
}

void wf_qsbr_online(void) {
    if (registered && !urcu_qsbr_read_ongoing())
        urcu_qsbr_thread_online();
}

void wf_qsbr_quiescent(void) {
    if (registered && urcu_qsbr_read_ongoing()) {
        prepare_quiescent();
        submit_batch(true);
        TSAN_RELEASE();
        urcu_qsbr_quiescent_state();
        if (force_pending) {
            force_pending = false;
            wf_qsbr_barrier();
        }
    }
}

size_t wf_qsbr_pending_bytes(void) {
    return atomic_load_explicit(&pending_bytes, memory_order_relaxed);
}

static void ticker_wake(void);
void wf_qsbr_barrier(void);

static void free_batch(RetiredBatch *b) {
    for (size_t i = 0; i < b->n; i++)
        b->items[i].free_fn(b->items[i].p);
    atomic_fetch_sub_explicit(&pending_bytes, b->bytes, memory_order_relaxed);
    atomic_fetch_sub_explicit(&pending_items, 1, memory_order_release);
    free(b);
}

/* The reclaimer's queue and counters (see the top of the file). */
static pthread_mutex_t reclaim_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reclaim_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t reclaim_round_done = PTHREAD_COND_INITIALIZER;
static RetiredBatch *reclaim_queue;
static unsigned long reclaim_submitted;
static unsigned long reclaim_completed;
static bool reclaimer_started;
static pthread_mutex_t reclaim_round_mutex = PTHREAD_MUTEX_INITIALIZER;

/* One round: takes every queued batch, waits for a grace period, frees
 * them. Rounds run one at a time (reclaim_round_mutex), so the completed
 * count only grows, a prefix at a time. The caller is not a registered
 * online thread (it would hold up its own grace period). */
static void reclaim_round(void) {
    pthread_mutex_lock(&reclaim_round_mutex);
    pthread_mutex_lock(&reclaim_mutex);
    RetiredBatch *round = reclaim_queue;
    unsigned long upto = reclaim_submitted;
    reclaim_queue = NULL;
    pthread_mutex_unlock(&reclaim_mutex);
    if (round == NULL) {
        pthread_mutex_unlock(&reclaim_round_mutex);
        return;
    }
    urcu_qsbr_synchronize_rcu();
    TSAN_ACQUIRE();
    while (round != NULL) {
        RetiredBatch *next = round->next;
        free_batch(round);
        round = next;
    }
    pthread_mutex_lock(&reclaim_mutex);
    reclaim_completed = upto;
    pthread_cond_broadcast(&reclaim_round_done);
    pthread_mutex_unlock(&reclaim_mutex);
    pthread_mutex_unlock(&reclaim_round_mutex);
}

static void *reclaimer_main(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&reclaim_mutex);
        while (reclaim_queue == NULL)
            pthread_cond_wait(&reclaim_work, &reclaim_mutex);
        pthread_mutex_unlock(&reclaim_mutex);
        reclaim_round();
    }
    return NULL;
}

/* Queues b for the reclaimer, starting it on first use. If it cannot be
 * started, b waits in the queue for a later start or for a barrier, which
 * then runs the round itself. */
static void reclaim_submit(RetiredBatch *b) {
    pthread_mutex_lock(&reclaim_mutex);
    if (!reclaimer_started)
        reclaimer_started = wf_start_helper_thread(reclaimer_main, "weft-reclaim");
    b->next = reclaim_queue;
    reclaim_queue = b;
    reclaim_submitted++;
    pthread_cond_signal(&reclaim_work);
    pthread_mutex_unlock(&reclaim_mutex);
}

/* Waits until every batch submitted before the call has been freed. */
static void reclaim_wait_all(void) {
    pthread_mutex_lock(&reclaim_mutex);
    if (!reclaimer_started && reclaim_queue != NULL)
        reclaimer_started = wf_start_helper_thread(reclaimer_main, "weft-reclaim");
    bool helper = reclaimer_started;
    unsigned long target = reclaim_submitted;
    pthread_mutex_unlock(&reclaim_mutex);
    if (!helper) {
        reclaim_round();
        return;
    }
    pthread_mutex_lock(&reclaim_mutex);
    while (reclaim_completed < target)
        pthread_cond_wait(&reclaim_round_done, &reclaim_mutex);
    pthread_mutex_unlock(&reclaim_mutex);
}

/* Hands the calling thread's batch to the reclaimer.
 * Past WF_QSBR_FORCE_BYTES it waits for the frees, but only at a safe
 * point: elsewhere the caller may hold borrowed references that waiting
 * offline would leave unprotected, so the wait moves to the next breaker
 * check. */
static void submit_batch(bool at_safe_point) {
    RetiredBatch *b = batch;
    if (b == NULL || b->n == 0)
        return;
    batch = NULL;
    long before_items = atomic_fetch_add_explicit(&pending_items, 1, memory_order_release);
    size_t total = atomic_fetch_add_explicit(&pending_bytes, b->bytes, memory_order_relaxed) + b->bytes;
    if (before_items == 0)
        ticker_wake();
    reclaim_submit(b);
    if (total > WF_QSBR_FORCE_BYTES) {
        if (at_safe_point) {
            wf_qsbr_barrier();
        } else if (wf_tstate_current != NULL) {
            force_pending = true;
            wf_breaker_set(wf_tstate_current, WF_BREAKER_QSBR);
        }
    }
}

/* Pokes every attached thread so that it reports a quiescent state soon
 * (and drops the ready retired references); returns how many it poked. */
static int poke_attached_threads(void) {
    int n = 0;
    wf_registry_lock();
    for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next)
        if (atomic_load_explicit(&t->status, memory_order_relaxed) == WF_THREAD_ATTACHED) {
            wf_breaker_set(t, WF_BREAKER_QSBR);
            n++;
        }
    wf_registry_unlock();
    return n;
}

static void *ticker_main(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&ticker_mutex);
        while (atomic_load_explicit(&pending_items, memory_order_acquire) == 0 &&
               !(wf_objects_retired_refs_ready() && !ticker_idle))
            pthread_cond_wait(&ticker_cond, &ticker_mutex);
        pthread_mutex_unlock(&ticker_mutex);
        /* Ready references wait for an attached thread to drop them at its
         * next breaker check; with none attached, rest until the next
         * retirement (wf_attach pokes the attaching thread itself). */
        ticker_idle = poke_attached_threads() == 0;
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return NULL;
}

static void ticker_wake(void) {
    pthread_mutex_lock(&ticker_mutex);
    if (!ticker_started)
        ticker_started = wf_start_helper_thread(ticker_main, "weft-ticker");
    pthread_cond_signal(&ticker_cond);
    pthread_mutex_unlock(&ticker_mutex);
}

/* Waits offline (a registered online waiter would hold up its own grace
 * period); the ticker keeps the other threads reporting meanwhile. */
static void wait_offline(void (*wait)(void)) {
    bool was_online = registered && urcu_qsbr_read_ongoing();
    if (was_online) {
        TSAN_RELEASE();
        urcu_qsbr_thread_offline();
    }
    wait();
    TSAN_ACQUIRE();
    if (was_online)
        urcu_qsbr_thread_online();
}

void wf_qsbr_barrier(void) {
    if (registered && urcu_qsbr_read_ongoing()) {
        prepare_quiescent();
        if (batch != NULL && batch->n > 0)
            submit_batch(false);   /* (false: no recursion into this barrier) */
    }
    wait_offline(reclaim_wait_all);
    force_pending = false;
}

/* shortcut: free at once when no other thread is registered. Not for
 * retired references: the retiring thread itself may have borrowed the
 * object, and a thread started before its next safe point could drop it. */
static void retire(void *p, size_t bytes, void (*free_fn)(void *), bool shortcut) {
    if (p == NULL)
        return;
    atomic_thread_fence(memory_order_seq_cst);
    long n = atomic_load_explicit(&wf_qsbr_registered_count, memory_order_seq_cst);
    if (n == 0 || (shortcut && n == 1 && registered)) {
        free_fn(p);                /* no other reader can exist (see top) */
        return;
    }
    if (!registered) {
        urcu_qsbr_synchronize_rcu();
        TSAN_ACQUIRE();
        free_fn(p);
        return;
    }
    if (batch == NULL) {
        batch = malloc(sizeof(*batch));
        if (batch == NULL) {
            /* Waiting offline would leave borrowed references unprotected
             * (see submit_batch): then keeping p is the safe choice. */
            if (wf_objects_thread_borrowed)
                return;
            wait_offline(urcu_qsbr_synchronize_rcu);
            free_fn(p);
            return;
        }
        batch->n = 0;
        batch->bytes = 0;
    }
    batch->items[batch->n].p = p;
    batch->items[batch->n].free_fn = free_fn;
    batch->n++;
    batch->bytes += bytes;
    if (batch->n == BATCH_ITEMS || batch->bytes > WF_QSBR_FORCE_BYTES / 4)
        submit_batch(false);
}

void wf_qsbr_retire(void *p, size_t bytes, void (*free_fn)(void *)) {
    retire(p, bytes, free_fn, true);
}

/* The fence pairs with a registering thread's seq_cst increment, as in
 * retire(): either we see it, or it sees what we unpublished before. */
bool wf_qsbr_only_thread(void) {
    if (!registered)
        return false;
    atomic_thread_fence(memory_order_seq_cst);
    return atomic_load_explicit(&wf_qsbr_registered_count, memory_order_seq_cst) == 1;
}

void wf_qsbr_retire_refs(void *p, size_t bytes, void (*free_fn)(void *)) {
    retire(p, bytes, free_fn, false);
}
