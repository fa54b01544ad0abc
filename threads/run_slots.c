/* run_slots.c — computing threads take turns when they outnumber the cores.
 *
 * Why: with more computing threads than cores, the kernel switches between
 * them every millisecond or two, and each switch starts a thread on caches
 * full of another thread's data: four CPU-bound workers on two cores used
 * 2.35-2.6 times the CPU time of two for twice the work, and 2.05-2.3 times
 * with turns (docs/threads.md, "Run slots"). Here, past `slots` attached threads, a thread that has computed
 * for a while gives its place up at a safe point and waits, detached, until
 * one is free; those that run then run for tens of milliseconds.
 *
 * Only threads that yielded ever wait. A thread back from a blocking call
 * (a lock, a queue, sleep, I/O) or a new thread attaches at once, even past
 * the count: waiting there would put a wake-up on every lock and queue
 * hand-off, and the kernel already runs such threads well. So `running` may
 * exceed `slots` for a while; yielded threads then wait longer.
 *
 * Invariants:
 *  - running = the number of threads holding a slot: every ATTACHED thread
 *    holds one from wf_run_slot_acquire (in wf_attach, before it becomes
 *    ATTACHED) to wf_run_slot_release (in wf_detach, once it touches no
 *    object). A waiter is DETACHED: stop-the-world and QSBR grace periods
 *    never wait for it, and it holds no critical section.
 *  - A waiter takes a slot only by raising running from below `slots`
 *    (a CAS): for itself when no one waits ahead of it, or from a granter
 *    that pops it, both under queue_mutex: FIFO among waiters.
 *  - Liveness: a releaser that brings running below `slots` while threads
 *    wait grants slots, and so does the keeper thread, which looks at least
 *    every 100 ms while none is over the count and every few ms while some
 *    are: a wake-up missed by the relaxed counters (below) delays a waiter,
 *    never strands it.
 *  - A waiter's node lives on its stack: a granter unlinks it under
 *    queue_mutex, then stores granted = 1 and wakes the address only.
 *  - slots is set once, before the first thread attaches; 0 = no limit (the
 *    unit tests and embedders that never configure it).
 */
#include <pthread.h>
#include <sched.h>

#include "threads/futex.h"
#include "threads/run_slots.h"
#include "threads/threads.h"

typedef struct SlotWaiter {
    struct SlotWaiter *next;
    _Atomic(uint32_t) granted;
} SlotWaiter;

/* Process-wide by nature: the cores are the process's. running and queued
 * are counters and change with relaxed read-modify-writes: they publish
 * nothing (and an acquire/release pair on every attach and detach would
 * also hide real races from ThreadSanitizer). */
static int slots;
static _Atomic(long) running;
static _Atomic(long) queued;                          /* changed under queue_mutex */
static pthread_mutex_t queue_mutex = PTHREAD_MUTEX_INITIALIZER;
static SlotWaiter *queue_head;
static SlotWaiter **queue_tail = &queue_head;
static _Atomic(int64_t) switch_interval_us = 5000;    /* CPython's default, 5 ms */

/* A holder runs this many switch intervals (50 ms by default) before a
 * waiter may take its place. Long turns are the point: at 5 ms, turns
 * changed hands about as often as the kernel switches threads and saved
 * nothing (docs/threads.md, "Run slots"). */
#define WF_RUN_TURN_INTERVALS 10

/* While threads outnumber the slots, the keeper looks at least this often. */
#define WF_RUN_POLL_NS 1000000

void wf_run_slots_configure(int count) {
    slots = count > 0 ? count : 0;
}

int wf_run_slots_count(void) { return slots; }

int wf_run_slots_default(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

bool wf_run_slots_all_held(void) {
    return slots > 0 && atomic_load_explicit(&running, memory_order_relaxed) >= slots;
}

int64_t wf_switch_interval_us(void) {
    return atomic_load_explicit(&switch_interval_us, memory_order_relaxed);
}

void wf_set_switch_interval_us(int64_t us) {
    atomic_store_explicit(&switch_interval_us, us, memory_order_relaxed);
}

static int64_t turn_ns(void) {
    int64_t interval = wf_switch_interval_us() * 1000;
    return interval > INT64_MAX / WF_RUN_TURN_INTERVALS ? INT64_MAX
                                                        : interval * WF_RUN_TURN_INTERVALS;
}

/* Raises running by one if it is below slots. */
static bool take_free_slot(void) {
    long r = atomic_load_explicit(&running, memory_order_relaxed);
    while (r < slots) {
        if (atomic_compare_exchange_weak_explicit(&running, &r, r + 1, memory_order_relaxed,
                                                  memory_order_relaxed))
            return true;
    }
    return false;
}

/* queue_mutex held: pops the first waiter, which has its slot. */
static void grant_first(void) {
    SlotWaiter *w = queue_head;
    queue_head = w->next;
    if (queue_head == NULL)
        queue_tail = &queue_head;
    atomic_fetch_sub_explicit(&queued, 1, memory_order_relaxed);
    atomic_store_explicit(&w->granted, 1, memory_order_release);
    wf_futex_wake(&w->granted, 1);
}

/* Asks up to n holders that have run a whole turn, longest first, to yield
 * (the bit makes each yield at its next breaker check); returns how long to
 * sleep before looking again. Holders already asked are skipped: one in a
 * long C call cannot be hurried, another one can. */
static int64_t request_yields(long n) {
    int64_t turn = turn_ns();
    int64_t wait = turn;
    wf_registry_lock();
    int64_t now = wf_monotonic_ns();
    for (; n > 0; n--) {
        WfThreadState *oldest = NULL;
        int64_t oldest_since = INT64_MAX;
        for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next) {
            int64_t since = atomic_load_explicit(&t->run_slot_since, memory_order_relaxed);
            if (since == 0 || since >= oldest_since ||
                (atomic_load_explicit(&t->eval_breaker, memory_order_relaxed) & WF_BREAKER_RUN_SLOT))
                continue;
            oldest = t;
            oldest_since = since;
        }
        if (oldest == NULL)
            break;
        if (now - oldest_since < turn) {
            wait = oldest_since + turn - now;
            break;
        }
        wf_breaker_set(oldest, WF_BREAKER_RUN_SLOT);
    }
    wf_registry_unlock();
    if (wait > WF_RUN_POLL_NS * 20)
        wait = WF_RUN_POLL_NS * 20;   /* the interval may change meanwhile */
    return wait > 100000 ? wait : 100000;
}

/* ---- the turn keeper ------------------------------------------------------
 * One helper thread (no thread state; it touches no object), started the
 * first time threads outnumber the slots. While they do, or threads wait,
 * it asks holders that have run a turn to yield and grants free slots; then
 * it sleeps until woken again. */
static pthread_mutex_t keeper_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t keeper_cond = PTHREAD_COND_INITIALIZER;
static bool keeper_started;
static _Atomic(bool) keeper_busy;     /* it is looking; no need to wake it */

static bool oversubscribed(void) {
    return atomic_load_explicit(&running, memory_order_relaxed) > slots ||
           atomic_load_explicit(&queued, memory_order_relaxed) > 0;
}

static void grant_waiters(void);

static void *keeper_main(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&keeper_mutex);
        while (!oversubscribed()) {
            atomic_store_explicit(&keeper_busy, false, memory_order_seq_cst);
            /* A thread that made us oversubscribed after our check saw
             * keeper_busy set and did not signal: look once more. */
            if (oversubscribed())
                break;
            /* Timed: a wake-up lost to the relaxed counters costs a delay. */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 100000000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&keeper_cond, &keeper_mutex, &until);
        }
        atomic_store_explicit(&keeper_busy, true, memory_order_seq_cst);
        pthread_mutex_unlock(&keeper_mutex);
        long excess = atomic_load_explicit(&running, memory_order_relaxed) - slots;
        long waiting = atomic_load_explicit(&queued, memory_order_relaxed);
        int64_t sleep_ns = WF_RUN_POLL_NS;
        if (waiting > 0 && excess < 0)
            grant_waiters();              /* a release's grant went missing */
        else if (excess + (waiting > 0) > 0)
            sleep_ns = request_yields(excess + (waiting > 0));
        struct timespec rel = {(time_t)(sleep_ns / 1000000000), (long)(sleep_ns % 1000000000)};
        nanosleep(&rel, NULL);
    }
    return NULL;
}

/* Called when threads may outnumber the slots: makes sure the keeper looks. */
static void wake_keeper(void) {
    if (atomic_load_explicit(&keeper_busy, memory_order_seq_cst))
        return;
    pthread_mutex_lock(&keeper_mutex);
    if (!keeper_started)
        keeper_started = wf_start_helper_thread(keeper_main, "weft-keeper");
    pthread_cond_signal(&keeper_cond);
    pthread_mutex_unlock(&keeper_mutex);
}

/* A thread that yielded: waits its turn, FIFO; the keeper or a releaser
 * grants it. */
static void wait_for_slot(void) {
    SlotWaiter w = {.next = NULL};
    pthread_mutex_lock(&queue_mutex);
    if (queue_head == NULL && take_free_slot()) {
        pthread_mutex_unlock(&queue_mutex);
        return;
    }
    *queue_tail = &w;
    queue_tail = &w.next;
    atomic_fetch_add_explicit(&queued, 1, memory_order_relaxed);
    pthread_mutex_unlock(&queue_mutex);
    wake_keeper();
    while (!atomic_load_explicit(&w.granted, memory_order_acquire))
        wf_futex_wait(&w.granted, 0, -1);
}

/* Grants free slots to waiters, first come first served. */
static void grant_waiters(void) {
    pthread_mutex_lock(&queue_mutex);
    while (queue_head && take_free_slot())
        grant_first();
    pthread_mutex_unlock(&queue_mutex);
}

void wf_run_slot_acquire(WfThreadState *ts) {
    bool yielded = ts->run_slot_yielded;
    ts->run_slot_yielded = false;
    if (slots == 0)
        return;
    wf_assert(!ts->holds_run_slot);
    if (yielded)
        wait_for_slot();
    else if (atomic_fetch_add_explicit(&running, 1, memory_order_relaxed) >= slots)
        wake_keeper();
    ts->holds_run_slot = true;
    atomic_store_explicit(&ts->run_slot_since, wf_monotonic_ns(), memory_order_relaxed);
}

void wf_run_slot_release(WfThreadState *ts) {
    if (!ts->holds_run_slot)
        return;
    ts->holds_run_slot = false;
    atomic_store_explicit(&ts->run_slot_since, 0, memory_order_relaxed);
    /* A request to yield is for this turn only (a load first: detaching
     * is frequent, requests are rare). */
    if (atomic_load_explicit(&ts->eval_breaker, memory_order_relaxed) & WF_BREAKER_RUN_SLOT)
        atomic_fetch_and_explicit(&ts->eval_breaker, ~(uint32_t)WF_BREAKER_RUN_SLOT,
                                  memory_order_relaxed);
    long now_running = atomic_fetch_sub_explicit(&running, 1, memory_order_relaxed) - 1;
    if (now_running < slots && atomic_load_explicit(&queued, memory_order_relaxed) > 0)
        grant_waiters();
}

void wf_run_slot_yield(WfThreadState *ts) {
    if (slots == 0 || !oversubscribed())
        return;   /* nobody waits and nobody is over the count (any more) */
    if (wf_world_is_stopped())
        return;   /* its holder never detaches (and exit stops it for good) */
    /* A request that raced with this thread's last release and attach. */
    int64_t since = atomic_load_explicit(&ts->run_slot_since, memory_order_relaxed);
    if (wf_monotonic_ns() - since < turn_ns())
        return;
    ts->run_slot_yielded = true;
    wf_attach(wf_detach());
}
