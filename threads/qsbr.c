/* qsbr.c — the liburcu QSBR glue: registration, quiescent states, retire.
 *
 * Invariants:
 *  - A thread is registered with liburcu from wf_tstate_new_current until
 *    wf_tstate_delete_current, online exactly while ATTACHED (attach.c).
 *  - registered_count counts the threads registered through this file. When
 *    it is 1 and that thread is the retiring one, no other thread can hold a
 *    pointer to the retired memory, so it is freed at once: the retiring
 *    thread unpublished the memory before retiring it, and a thread that
 *    registers later reads the container only after its seq_cst increment;
 *    the retirer's seq_cst fence + load of the count pairs with it (Dekker):
 *    either the retirer sees 2 or the new thread sees the new pointer.
 *  - Retirements are batched per thread (CPython's design): a thread
 *    appends to its own batch (no atomics) and hands a full batch to
 *    call_rcu as one callback. A partial batch is handed over at the
 *    thread's next quiescent report, offline transition or exit, so it
 *    waits at most until then; submitting later only delays the grace
 *    period, which is always safe.
 *  - pending_bytes counts retired-but-unfreed bytes of submitted batches;
 *    the callback subtracts. pending_items counts submitted batches.
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
    struct rcu_head head;   /* first: the callback casts back */
    size_t n;
    size_t bytes;
    struct {
        void *p;
        void (*free_fn)(void *);
    } items[BATCH_ITEMS];
} RetiredBatch;

static _Atomic(long) registered_count;
static _Atomic(size_t) pending_bytes;
static _Atomic(long) pending_items;
static _Thread_local bool registered;
static _Thread_local RetiredBatch *batch;   /* this thread's unsubmitted retirements */
static void submit_batch(void);

/* The ticker: one process-wide helper thread, started on first use; its
 * mutex/condvar guard only `ticker_started` and the wake-up. */
static pthread_mutex_t ticker_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ticker_cond = PTHREAD_COND_INITIALIZER;
static bool ticker_started;

void wf_qsbr_register(void) {
    if (registered)
        return;
    urcu_qsbr_register_thread();   /* registers online */
    registered = true;
    atomic_fetch_add_explicit(&registered_count, 1, memory_order_seq_cst);
}

void wf_qsbr_unregister(void) {
    if (!registered)
        return;
    submit_batch();
    atomic_fetch_sub_explicit(&registered_count, 1, memory_order_seq_cst);
    TSAN_RELEASE();
    /* liburcu requires unregistering from the online state. */
    if (!urcu_qsbr_read_ongoing())
        urcu_qsbr_thread_online();
    urcu_qsbr_unregister_thread();
    registered = false;
}

void wf_qsbr_offline(void) {
    if (registered && urcu_qsbr_read_ongoing()) {
        submit_batch();
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
        submit_batch();
        TSAN_RELEASE();
        urcu_qsbr_quiescent_state();
    }
}

size_t wf_qsbr_pending_bytes(void) {
    return atomic_load_explicit(&pending_bytes, memory_order_relaxed);
}

static void free_batch(struct rcu_head *head) {
    RetiredBatch *b = (RetiredBatch *)head;
    TSAN_ACQUIRE();
    for (size_t i = 0; i < b->n; i++)
        b->items[i].free_fn(b->items[i].p);
    atomic_fetch_sub_explicit(&pending_bytes, b->bytes, memory_order_relaxed);
    atomic_fetch_sub_explicit(&pending_items, 1, memory_order_release);
    free(b);
}

static void ticker_wake(void);
void wf_qsbr_barrier(void);

/* Hands the calling thread's batch to liburcu (one callback for all). */
static void submit_batch(void) {
    RetiredBatch *b = batch;
    if (b == NULL || b->n == 0)
        return;
    batch = NULL;
    long before_items = atomic_fetch_add_explicit(&pending_items, 1, memory_order_release);
    size_t total = atomic_fetch_add_explicit(&pending_bytes, b->bytes, memory_order_relaxed) + b->bytes;
    urcu_qsbr_call_rcu(&b->head, free_batch);
    if (before_items == 0)
        ticker_wake();
    if (total > WF_QSBR_FORCE_BYTES)
        wf_qsbr_barrier();
}

/* Pokes every attached thread so that it reports a quiescent state soon. */
static void poke_attached_threads(void) {
    wf_registry_lock();
    for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next)
        if (atomic_load_explicit(&t->status, memory_order_relaxed) == WF_THREAD_ATTACHED)
            wf_breaker_set(t, WF_BREAKER_QSBR);
    wf_registry_unlock();
}

static void *ticker_main(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&ticker_mutex);
        while (atomic_load_explicit(&pending_items, memory_order_acquire) == 0)
            pthread_cond_wait(&ticker_cond, &ticker_mutex);
        pthread_mutex_unlock(&ticker_mutex);
        poke_attached_threads();
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return NULL;
}

static void ticker_wake(void) {
    pthread_mutex_lock(&ticker_mutex);
    if (!ticker_started) {
        pthread_t tid;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&tid, &attr, ticker_main, NULL) == 0)
            ticker_started = true;
        pthread_attr_destroy(&attr);
    }
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
    if (registered && batch != NULL && batch->n > 0 && urcu_qsbr_read_ongoing())
        submit_batch();   /* re-enters wf_qsbr_barrier only past the byte limit: bounded */
    wait_offline(urcu_qsbr_barrier);
}

void wf_qsbr_retire(void *p, size_t bytes, void (*free_fn)(void *)) {
    if (p == NULL)
        return;
    atomic_thread_fence(memory_order_seq_cst);
    long n = atomic_load_explicit(&registered_count, memory_order_seq_cst);
    if (n == 0 || (n == 1 && registered)) {
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
        submit_batch();
}
