/* attach.c — attach / detach, stop-the-world and the eval-breaker hook.
 *
 * Invariants:
 *  - Only the thread itself moves its status out of ATTACHED (to DETACHED)
 *    or from DETACHED to ATTACHED; only a stop-the-world requester moves
 *    DETACHED -> SUSPENDED, and only start_the_world SUSPENDED -> DETACHED.
 *    Every transition is an atomic CAS/store with seq_cst order.
 *  - stw_requested is 1 from the moment a requester begins until
 *    start_the_world. The attach race is a Dekker pair: an attaching thread
 *    CASes itself ATTACHED and THEN loads stw_requested; the requester
 *    stores stw_requested and THEN loads each status (all seq_cst). So
 *    either the requester sees ATTACHED (and waits for the thread to
 *    suspend itself) or the thread sees the request (and backs off to
 *    DETACHED before touching anything).
 *  - At most one stop-the-world at a time (stw_mutex). Its holder never
 *    detaches while the world is stopped.
 *  - A requester is QSBR-offline while it waits, so a thread forcing a grace
 *    period (qsbr.c) and a requester never wait for each other.
 */
#include "runtime/objects/lockfree.h"
#include "threads/futex.h"
#include "threads/run_slots.h"
#include "threads/threads.h"

/* Process-wide by nature: one world to stop. stw_requested and stw_event
 * are futex words; stw_mutex serialises requesters. */
static WfMutex stw_mutex;
static _Atomic(uint32_t) stw_requested;
static _Atomic(uint32_t) stw_event;      /* bumped when a thread stops running */
static _Thread_local bool stw_holder;

/* The status word as a futex word (an int of the same size). */
static _Atomic(uint32_t) *status_word(WfThreadState *ts) {
    return (_Atomic(uint32_t) *)(void *)&ts->status;
}

static void notify_requester(void) {
    if (atomic_load_explicit(&stw_requested, memory_order_seq_cst)) {
        atomic_fetch_add_explicit(&stw_event, 1, memory_order_seq_cst);
        wf_futex_wake(&stw_event, INT_MAX);
    }
}

WfThreadState *wf_detach(void) {
    WfThreadState *ts = wf_tstate_current;
    if (ts == NULL)
        return NULL;
    wf_assert(atomic_load_explicit(&ts->status, memory_order_relaxed) == WF_THREAD_ATTACHED);
    if (ts->critical_section)
        wf_critical_section_suspend_all(ts);
    wf_qsbr_offline();
    atomic_store_explicit(&ts->status, WF_THREAD_DETACHED, memory_order_seq_cst);
    notify_requester();
    wf_run_slot_release(ts);
    return ts;
}

/* Moves ts DETACHED -> ATTACHED, waiting out any stop-the-world. */
static void attach_status(WfThreadState *ts) {
    for (;;) {
        if (atomic_load_explicit(&stw_requested, memory_order_seq_cst)) {
            wf_futex_wait(&stw_requested, 1, -1);
            continue;
        }
        int expected = WF_THREAD_DETACHED;
        if (atomic_compare_exchange_strong_explicit(&ts->status, &expected, WF_THREAD_ATTACHED,
                                                    memory_order_seq_cst,
                                                    memory_order_seq_cst)) {
            if (!atomic_load_explicit(&stw_requested, memory_order_seq_cst))
                return;
            /* A stop-the-world began between the two loads: back off. */
            atomic_store_explicit(&ts->status, WF_THREAD_DETACHED, memory_order_seq_cst);
            notify_requester();
            continue;
        }
        if (expected == WF_THREAD_SUSPENDED)
            wf_futex_wait(status_word(ts), WF_THREAD_SUSPENDED, -1);
    }
}

void wf_attach(WfThreadState *ts) {
    if (ts == NULL)
        return;
    wf_assert(ts == wf_tstate_current);
    wf_run_slot_acquire(ts);
    attach_status(ts);
    wf_qsbr_online();
    /* The ticker rests when no thread is attached (qsbr.c). */
    if (wf_objects_retired_refs_ready())
        wf_breaker_set(ts, WF_BREAKER_QSBR);
    if (ts->critical_section)
        wf_critical_section_resume(ts);
}

bool wf_world_is_stopped(void) { return stw_holder; }

void wf_stop_the_world(void) {
    WfThreadState *self = wf_tstate_current;
    wf_mutex_lock(&stw_mutex.v);          /* detaches while another requester works */
    wf_registry_lock();
    atomic_store_explicit(&stw_requested, 1, memory_order_seq_cst);
    wf_registry_unlock();
    stw_holder = true;
    wf_qsbr_offline();
    for (;;) {
        uint32_t seen = atomic_load_explicit(&stw_event, memory_order_seq_cst);
        int running = 0;
        wf_registry_lock();
        for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next) {
            if (t == self)
                continue;
            int s = atomic_load_explicit(&t->status, memory_order_seq_cst);
            if (s == WF_THREAD_DETACHED &&
                atomic_compare_exchange_strong_explicit(&t->status, &s, WF_THREAD_SUSPENDED,
                                                        memory_order_seq_cst,
                                                        memory_order_seq_cst))
                continue;
            if (s == WF_THREAD_ATTACHED) {
                wf_breaker_set(t, WF_BREAKER_STOP_THE_WORLD);
                running++;
            }
        }
        wf_registry_unlock();
        if (running == 0)
            break;
        wf_futex_wait(&stw_event, seen, 1000000);   /* 1 ms: re-poke threads that missed a bit */
    }
    if (self && atomic_load_explicit(&self->status, memory_order_relaxed) == WF_THREAD_ATTACHED)
        wf_qsbr_online();
}

void wf_start_the_world(void) {
    WfThreadState *self = wf_tstate_current;
    wf_assert(stw_holder);
    wf_registry_lock();
    atomic_store_explicit(&stw_requested, 0, memory_order_seq_cst);
    for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next) {
        int s = WF_THREAD_SUSPENDED;
        if (t != self &&
            atomic_compare_exchange_strong_explicit(&t->status, &s, WF_THREAD_DETACHED,
                                                    memory_order_seq_cst, memory_order_seq_cst))
            wf_futex_wake(status_word(t), INT_MAX);
    }
    wf_registry_unlock();
    wf_futex_wake(&stw_requested, INT_MAX);
    stw_holder = false;
    wf_mutex_unlock(&stw_mutex.v);
}

int wf_threads_handle_breaker(WfThreadState *ts) {
    uint32_t bits = atomic_fetch_and_explicit(&ts->eval_breaker, ~(uint32_t)WF_THREADS_BREAKER_BITS,
                                              memory_order_acquire);
    if (bits & WF_BREAKER_MERGE_REFS)
        wf_brc_merge(ts);
    if ((bits & WF_BREAKER_STOP_THE_WORLD) && !stw_holder &&
        atomic_load_explicit(&stw_requested, memory_order_seq_cst)) {
        /* Park: detaching lets the requester suspend us; attaching waits
         * until the world starts again. */
        wf_attach(wf_detach());
    }
    /* Another thread waits for a run slot and this one has run its switch
     * interval: to the back of the queue (run_slots.c). */
    if (bits & WF_BREAKER_RUN_SLOT)
        wf_run_slot_yield(ts);
    /* Every breaker check is a safe point: no C code below the eval loop
     * holds a pointer into retired memory here. */
    wf_qsbr_quiescent();
    return 0;
}
