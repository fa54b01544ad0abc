/* tstate.c — thread states, the interpreter state and the C stack guard.
 *
 * Invariants:
 *  - wf_tstate_current is set for every thread that runs Python code, from
 *    wf_tstate_new_current() until wf_tstate_delete_current().
 *  - The registry (interp->threads) lists every live thread state; it is
 *    changed only under registry_mutex (thread start and exit are rare).
 *    A state enters it DETACHED and leaves it DETACHED (or SUSPENDED), so
 *    stop-the-world (attach.c) only ever sees states that follow the
 *    attach protocol.
 *  - A thread touches no object after wf_brc_unregister() in
 *    wf_tstate_delete_current(): from then on other threads may merge the
 *    objects it still owns (brc.c).
 *  - c_stack_limit is the lowest address the C stack may reach before
 *    wf_enter_recursive_call() refuses with RecursionError, leaving a margin
 *    large enough for the deepest non-recursive C path (printing, errors).
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/objects/objects.h"
#include "threads/bias.h"
#include "threads/futex.h"
#include "threads/threads.h"

_Thread_local WfThreadState *wf_tstate_current;
WfInterpreter wf_main_interpreter;

static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Keep this much C stack free for the work done after the guard trips. */
#define WF_C_STACK_MARGIN (256 * 1024)

static char *compute_c_stack_limit(void) {
    pthread_attr_t attr;
    void *stack_addr = NULL;
    size_t stack_size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &stack_addr, &stack_size);
        pthread_attr_destroy(&attr);
    }
    if (stack_addr == NULL || stack_size <= 2 * WF_C_STACK_MARGIN)
        return NULL; /* unknown: rely on the Python recursion limit alone */
    return (char *)stack_addr + WF_C_STACK_MARGIN;
}

void wf_registry_lock(void) { pthread_mutex_lock(&registry_mutex); }
void wf_registry_unlock(void) { pthread_mutex_unlock(&registry_mutex); }

/* Thread states are added DETACHED (SUSPENDED while a stop-the-world is in
 * progress, attach.c), so a stop-the-world requester never waits for a
 * thread that has not started running yet. */
static void registry_add(WfInterpreter *interp, WfThreadState *ts) {
    pthread_mutex_lock(&registry_mutex);
    /* A second thread state means a second thread: from now on critical
     * sections lock. Threads started by wf_thread_start have done this
     * already (locking the sections their creator is inside); this covers
     * C code that attaches a thread of its own, which must not be inside a
     * critical section when it does. */
    if (interp->threads != NULL && !wf_objects_are_shared()) {
        wf_bias_init();
        wf_objects_set_multithreaded();
    }
    /* Under the registry lock: wf_threads_set_recursion_limit adjusts every
     * registered thread under it, so none starts with a stale limit. */
    ts->recursion_remaining = __atomic_load_n(&interp->recursion_limit, __ATOMIC_RELAXED);
    ts->next = interp->threads;
    ts->prev = NULL;
    if (interp->threads)
        interp->threads->prev = ts;
    interp->threads = ts;
    pthread_mutex_unlock(&registry_mutex);
}

void wf_threads_set_recursion_limit(int limit) {
    WfInterpreter *interp = &wf_main_interpreter;
    bool stop = wf_objects_are_shared();
    if (stop)
        wf_stop_the_world();
    pthread_mutex_lock(&registry_mutex);
    int old = __atomic_load_n(&interp->recursion_limit, __ATOMIC_RELAXED);
    for (WfThreadState *t = interp->threads; t; t = t->next)
        t->recursion_remaining = limit - (old - t->recursion_remaining);
    __atomic_store_n(&interp->recursion_limit, limit, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&registry_mutex);
    if (stop)
        wf_start_the_world();
}

/* Bumped after each thread state leaves the registry. */
static _Atomic(uint32_t) exit_epoch;

static void registry_remove(WfThreadState *ts) {
    WfInterpreter *interp = ts->interp;
    pthread_mutex_lock(&registry_mutex);
    if (ts->prev)
        ts->prev->next = ts->next;
    else
        interp->threads = ts->next;
    if (ts->next)
        ts->next->prev = ts->prev;
    pthread_mutex_unlock(&registry_mutex);
    /* Wakes wf_tstate_wait_gone's waiters (a futex word). */
    atomic_fetch_add_explicit(&exit_epoch, 1, memory_order_seq_cst);
    wf_futex_wake(&exit_epoch, INT_MAX);
}

static bool serial_registered(uint64_t serial) {
    bool found = false;
    pthread_mutex_lock(&registry_mutex);
    for (WfThreadState *t = wf_main_interpreter.threads; t && !found; t = t->next)
        found = t->serial == serial;
    pthread_mutex_unlock(&registry_mutex);
    return found;
}

bool wf_tstate_wait_gone(uint64_t serial, bool blocking) {
    for (;;) {
        uint32_t epoch = atomic_load_explicit(&exit_epoch, memory_order_seq_cst);
        if (!serial_registered(serial))
            return true;
        if (!blocking)
            return false;
        WfThreadState *ts = wf_detach();
        wf_futex_wait(&exit_epoch, epoch, -1);
        wf_attach(ts);
    }
}

/* Serial numbers are never reused (unlike thread ids and TLS addresses). */
static _Atomic(uint64_t) next_serial = 1;

WfThreadState *wf_tstate_new_current(WfInterpreter *interp) {
    WfThreadState *ts = calloc(1, sizeof(*ts));
    if (ts == NULL)
        return NULL;
    ts->thread_id = wf_thread_id();
    ts->interp = interp;
    if (__atomic_load_n(&interp->recursion_limit, __ATOMIC_RELAXED) <= 0)
        __atomic_store_n(&interp->recursion_limit, WF_DEFAULT_RECURSION_LIMIT, __ATOMIC_RELAXED);
    ts->recursion_remaining = __atomic_load_n(&interp->recursion_limit, __ATOMIC_RELAXED);
    ts->c_stack_limit = compute_c_stack_limit();
    ts->exc_info = &ts->exc_state;
    ts->serial = atomic_fetch_add_explicit(&next_serial, 1, memory_order_relaxed);
    ts->ident = (unsigned long)pthread_self();
    ts->native_id = (unsigned long)gettid();
    atomic_store_explicit(&ts->status, WF_THREAD_DETACHED, memory_order_relaxed);
    wf_tstate_current = ts;
    wf_brc_register(ts);
    wf_qsbr_register();
    wf_qsbr_offline();       /* online again when it attaches */
    registry_add(interp, ts);
    wf_attach(ts);
    return ts;
}

void wf_tstate_delete_current(void) {
    WfThreadState *ts = wf_tstate_current;
    if (ts == NULL)
        return;
    /* Everything that touches objects happens while attached. */
    WF_CLEAR(ts->current_exception);
    WF_CLEAR(ts->exc_state.exc_value);
    wf_thread_local_clear_current(ts);
    wf_thread_refs_thread_exit(ts);
#ifdef WF_DEBUG
    wf_debug_report_shared_refs();
#endif
    wf_brc_unregister(ts);   /* merges its queue; no refcount work after this */
    WfThreadState *saved = wf_detach();
    (void)saved;
    wf_qsbr_unregister();
    registry_remove(ts);
    wf_tstate_current = NULL;
    free(ts->brc_queue);
    free(ts);
}

int wf_enter_recursive_call(const char *where) {
    WfThreadState *ts = wf_tstate_current;
    char here;
    if (ts && ts->c_stack_limit && (uintptr_t)&here < (uintptr_t)ts->c_stack_limit) {
        /* Raising the RecursionError calls into the exception type, which
         * comes back here: let that nested work through (the margin below
         * the limit is sized for it) instead of recursing without end. */
        if (ts->recursion_headroom > 0)
            return 0;
        ts->recursion_headroom++;
        wf_err_format(wf_exc_RecursionError, "maximum recursion depth exceeded%s", where ? where : "");
        ts->recursion_headroom--;
        return -1;
    }
    return 0;
}

void wf_leave_recursive_call(void) {}
