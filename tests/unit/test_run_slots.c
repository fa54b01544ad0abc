/* test_run_slots.c — run slots (threads/run_slots.c) at the C level, with
 * two slots: once computing threads have run a turn, no more than two are
 * attached at once and all make progress, taking turns at their safe points;
 * a detached thread (a blocking call) leaves its slot to another; a thread
 * back from a blocking call attaches at once, even past the count.
 *
 * Threads are raw pthreads with their own thread states; a "safe point" is
 * what the eval loop does: check the eval breaker, handle it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "runtime/runtime.h"
#include "threads/threads.h"
#include "tests/tap.h"

#define SLOTS 2

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void safe_point(WfThreadState *ts) {
    if (atomic_load_explicit(&ts->eval_breaker, memory_order_relaxed))
        wf_handle_eval_breaker(ts);
}

/* Threads between two safe points: attached the whole time. */
static _Atomic(int) inside;
static _Atomic(int) most_inside;

static void enter_work(void) {
    int n = atomic_fetch_add(&inside, 1) + 1;
    int seen = atomic_load(&most_inside);
    while (n > seen && !atomic_compare_exchange_weak(&most_inside, &seen, n)) {
    }
}

static void leave_work(void) { atomic_fetch_sub(&inside, 1); }

static void busy_for(int64_t ns) {
    int64_t end = now_ns() + ns;
    while (now_ns() < end) {
    }
}

static void run_threads(int n, void *(*fn)(void *), long *args) {
    pthread_t t[16];
    /* The main thread joins detached: its slot is free meanwhile. */
    WfThreadState *saved = wf_detach();
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, fn, &args[i]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    wf_attach(saved);
}

/* ---- 1. more computing threads than slots ------------------------------- */

#define COMPUTE_THREADS 6
#define COMPUTE_ROUNDS 1200         /* x 0.25 ms of work each */
#define SETTLE_NS 150000000         /* 3 turns of 50 ms: the excess has yielded */

static int64_t compute_start;

static long rounds_done[COMPUTE_THREADS];
static _Atomic(long) turns;        /* times a thread found itself resumed after a wait */

static void *compute_main(void *arg) {
    long id = *(long *)arg;
    WfThreadState *ts = wf_tstate_new_current(&wf_main_interpreter);
    for (long r = 0; r < COMPUTE_ROUNDS; r++) {
        bool settled = now_ns() - compute_start > SETTLE_NS;
        if (settled)
            enter_work();
        busy_for(250000);
        if (settled)
            leave_work();
        int64_t before = now_ns();
        safe_point(ts);
        if (now_ns() - before > 1000000)
            atomic_fetch_add(&turns, 1);
        rounds_done[id]++;
    }
    wf_tstate_delete_current();
    return NULL;
}

static void test_compute(void) {
    atomic_store(&most_inside, 0);
    long ids[COMPUTE_THREADS];
    for (int i = 0; i < COMPUTE_THREADS; i++)
        ids[i] = i;
    compute_start = now_ns();
    run_threads(COMPUTE_THREADS, compute_main, ids);
    double secs = (double)(now_ns() - compute_start) / 1e9;
    ok(atomic_load(&most_inside) <= SLOTS,
       "after a few turns, at most %d of %d computing threads attached at once (saw %d)",
       SLOTS, COMPUTE_THREADS, atomic_load(&most_inside));
    ok(atomic_load(&most_inside) == SLOTS, "and both slots were used");
    long total = 0;
    for (int i = 0; i < COMPUTE_THREADS; i++)
        total += rounds_done[i];
    is_int(total, (long)COMPUTE_THREADS * COMPUTE_ROUNDS, "every thread finished its rounds");
    /* 6 threads x 0.3 s of work on 2 slots: about 0.9 s when they take turns;
     * a thread that never got a slot back would hang instead. */
    ok(atomic_load(&turns) >= COMPUTE_THREADS, "threads took turns at safe points (%ld resumes, %.2f s)",
       atomic_load(&turns), secs);
}

/* ---- 2. a blocked thread leaves its slot --------------------------------- */

static _Atomic(int) sleepers_asleep;
static _Atomic(int) workers_done;

static void *sleeper_main(void *arg) {
    (void)arg;
    WfThreadState *ts = wf_tstate_new_current(&wf_main_interpreter);
    (void)ts;
    WF_BEGIN_ALLOW_THREADS
    atomic_fetch_add(&sleepers_asleep, 1);
    while (atomic_load(&workers_done) < 2)
        usleep(1000);
    WF_END_ALLOW_THREADS
    wf_tstate_delete_current();
    return NULL;
}

static void *worker_main(void *arg) {
    (void)arg;
    WfThreadState *ts = wf_tstate_new_current(&wf_main_interpreter);
    (void)ts;
    enter_work();
    /* Both workers attached at once, while two sleepers hold no slot. */
    int64_t end = now_ns() + 2000000000;
    while (atomic_load(&inside) < 2 && now_ns() < end) {
    }
    leave_work();
    atomic_fetch_add(&workers_done, 1);
    wf_tstate_delete_current();
    return NULL;
}

static void test_detached_leaves_slot(void) {
    atomic_store(&most_inside, 0);
    long ids[4] = {0, 1, 2, 3};
    WfThreadState *saved = wf_detach();
    pthread_t t[4];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, sleeper_main, &ids[i]);
    while (atomic_load(&sleepers_asleep) < 2)
        usleep(1000);
    for (int i = 2; i < 4; i++)
        pthread_create(&t[i], NULL, worker_main, &ids[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    wf_attach(saved);
    is_int(atomic_load(&most_inside), SLOTS, "two workers ran at once while two threads slept detached");
}

/* ---- 3. a thread back from a blocking call does not wait ---------------- */

static _Atomic(int) hog_started;
static _Atomic(int) hog_stop;

static void *hog_main(void *arg) {
    (void)arg;
    WfThreadState *ts = wf_tstate_new_current(&wf_main_interpreter);
    atomic_fetch_add(&hog_started, 1);
    while (!atomic_load(&hog_stop)) {
        busy_for(100000);
        safe_point(ts);
    }
    wf_tstate_delete_current();
    return NULL;
}

static void test_woken_attaches(void) {
    atomic_store(&hog_started, 0);
    atomic_store(&hog_stop, 0);
    WfThreadState *main_ts = wf_detach();
    long ids[2] = {0, 1};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, hog_main, &ids[i]);
    while (atomic_load(&hog_started) < 2)
        usleep(1000);
    ok(wf_run_slots_all_held(), "two computing threads hold both slots");
    int64_t before = now_ns();
    wf_attach(main_ts);
    int64_t waited = now_ns() - before;
    main_ts = wf_detach();
    atomic_store(&hog_stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    wf_attach(main_ts);
    /* It would wait a turn (50 ms) for a slot; a loaded machine may delay
     * it a little without that. */
    ok(waited < 40000000, "a thread back from a blocking call attached at once (%.2f ms)",
       (double)waited / 1e6);
}

int main(void) {
    wf_run_slots_configure(SLOTS);
    if (wf_runtime_init() < 0)
        bail_out("runtime init failed");
    plan(8);
    is_int(wf_run_slots_count(), SLOTS, "two slots");
    test_compute();
    test_detached_leaves_slot();
    test_woken_attaches();
    return done_testing();
}
