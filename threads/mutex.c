/* mutex.c — the slow paths of the one-byte mutex, and the parking lot.
 *
 * Parking lot: waiters sleep on their own futex word, queued in one of
 * WF_PARK_BUCKETS buckets chosen by the address of the byte they wait on
 * (WebKit / CPython parking_lot.c style: any number of mutexes, no memory per
 * mutex beyond its byte).
 *
 * Invariants:
 *  - A waiter enqueues itself only after re-checking, under its bucket's lock,
 *    that the byte still has both LOCKED and HAS_PARKED set. An unlocker
 *    clears the byte (or wakes a waiter) under the same bucket lock. So a
 *    waiter cannot miss the unlock that should wake it.
 *  - A waiter's node lives on its C stack; the unlocker unlinks it and then
 *    stores 1 to its futex word with release order; the waiter leaves only
 *    after it reads 1 (acquire), so the node is never touched after return.
 *  - Timed-out waiters unlink themselves under the bucket lock; if an
 *    unlocker unlinked them first they consume that wake-up (it is harmless:
 *    the lock is free and they retry).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "threads/futex.h"
#include "threads/threads.h"

#define WF_PARK_BUCKETS 257
#define WF_SPIN_LIMIT 40      /* sched_yield()s before parking, as CPython */

typedef struct Waiter {
    struct Waiter *next, *prev;
    const void *addr;
    _Atomic(uint32_t) woken;
} Waiter;

typedef struct Bucket {
    pthread_mutex_t lock;
    Waiter *head, *tail;
} Bucket;

/* Global by nature: the lot is shared by every mutex of the process; each
 * bucket is guarded by its own lock. */
static Bucket buckets[WF_PARK_BUCKETS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void buckets_init(void) {
    for (int i = 0; i < WF_PARK_BUCKETS; i++)
        pthread_mutex_init(&buckets[i].lock, NULL);
}

static Bucket *bucket_for(const void *addr) {
    pthread_once(&buckets_once, buckets_init);
    return &buckets[((uintptr_t)addr >> 3) % WF_PARK_BUCKETS];
}

static void unlink_waiter(Bucket *b, Waiter *w) {
    if (w->prev) w->prev->next = w->next; else b->head = w->next;
    if (w->next) w->next->prev = w->prev; else b->tail = w->prev;
    w->next = w->prev = NULL;
}

static bool bucket_has_waiter(Bucket *b, const void *addr) {
    for (Waiter *w = b->head; w; w = w->next)
        if (w->addr == addr)
            return true;
    return false;
}

/* Sleeps while *m == expected (LOCKED|HAS_PARKED), until woken or the
 * deadline (absolute ns, < 0: none). */
static void park(uint8_t *m, uint8_t expected, int64_t deadline) {
    Bucket *b = bucket_for(m);
    Waiter w = {.addr = m};
    atomic_init(&w.woken, 0);
    pthread_mutex_lock(&b->lock);
    if (__atomic_load_n(m, __ATOMIC_RELAXED) != expected) {
        pthread_mutex_unlock(&b->lock);
        return;
    }
    w.prev = b->tail;
    if (b->tail) b->tail->next = &w; else b->head = &w;
    b->tail = &w;
    pthread_mutex_unlock(&b->lock);

    for (;;) {
        if (atomic_load_explicit(&w.woken, memory_order_acquire))
            return;
        if (deadline < 0) {
            wf_futex_wait(&w.woken, 0, -1);
            continue;
        }
        int64_t left = deadline - wf_monotonic_ns();
        if (left <= 0)
            break;
        wf_futex_wait(&w.woken, 0, left);
    }
    /* Timed out: leave the queue unless an unlocker already took us out. */
    pthread_mutex_lock(&b->lock);
    if (!atomic_load_explicit(&w.woken, memory_order_acquire)) {
        unlink_waiter(b, &w);
        if (!bucket_has_waiter(b, m))
            __atomic_fetch_and(m, (uint8_t)~WF_MUTEX_HAS_PARKED, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&b->lock);
        return;
    }
    pthread_mutex_unlock(&b->lock);
    /* An unlocker is about to (or did) store woken = 1; it unlinked us and
     * will not touch the node after its store, but wait for that store so the
     * node outlives its use. */
    while (!atomic_load_explicit(&w.woken, memory_order_acquire))
        sched_yield();
}

void wf_mutex_unlock_slow(uint8_t *m) {
    Bucket *b = bucket_for(m);
    pthread_mutex_lock(&b->lock);
    Waiter *w = b->head;
    while (w && w->addr != m)
        w = w->next;
    if (w)
        unlink_waiter(b, w);
    uint8_t v = (w && bucket_has_waiter(b, m)) ? WF_MUTEX_HAS_PARKED : 0;
    /* Release: the critical section's writes happen before the next owner's. */
    __atomic_store_n(m, v, __ATOMIC_RELEASE);
    if (w) {
        /* The waiter owns the node until it reads woken == 1: store, then
         * wake through the address only (the node may be gone after it). */
        _Atomic(uint32_t) *word = &w->woken;
        atomic_store_explicit(word, 1, memory_order_release);
        wf_futex_wake(word, 1);
    }
    pthread_mutex_unlock(&b->lock);
}

static bool lock_slow(uint8_t *m, int64_t timeout_ns, bool detach, int spin_limit) {
    int64_t deadline = timeout_ns < 0 ? -1 : wf_monotonic_ns() + timeout_ns;
    int spins = 0;
    for (;;) {
        uint8_t v = __atomic_load_n(m, __ATOMIC_RELAXED);
        if (!(v & WF_MUTEX_LOCKED)) {
            if (__atomic_compare_exchange_n(m, &v, (uint8_t)(v | WF_MUTEX_LOCKED), false,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return true;
            continue;
        }
        if (timeout_ns == 0 || (deadline >= 0 && wf_monotonic_ns() >= deadline))
            return false;
        if (!(v & WF_MUTEX_HAS_PARKED)) {
            if (spins < spin_limit) {
                spins++;
                sched_yield();
                continue;
            }
            if (!__atomic_compare_exchange_n(m, &v, (uint8_t)(v | WF_MUTEX_HAS_PARKED), false,
                                             __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                continue;
            v |= WF_MUTEX_HAS_PARKED;
        }
        WfThreadState *ts = detach ? wf_tstate_current : NULL;
        if (ts && atomic_load_explicit(&ts->status, memory_order_relaxed) == WF_THREAD_ATTACHED) {
            wf_detach();
            park(m, v, deadline);
            wf_attach(ts);
        } else {
            park(m, v, deadline);
        }
    }
}

void wf_mutex_lock(uint8_t *m) {
    if (WF_LIKELY(wf_mutex_trylock_fast(m)))
        return;
    lock_slow(m, -1, true, WF_SPIN_LIMIT);
}

void wf_mutex_lock_nodetach(uint8_t *m) {
    if (WF_LIKELY(wf_mutex_trylock_fast(m)))
        return;
    lock_slow(m, -1, false, WF_SPIN_LIMIT);
}

bool wf_mutex_lock_timed(uint8_t *m, int64_t timeout_ns, bool detach, bool spin) {
    if (wf_mutex_trylock(m))
        return true;
    return lock_slow(m, timeout_ns, detach, spin ? WF_SPIN_LIMIT : 0);
}
