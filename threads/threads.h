/* threads.h — the public header of threads/ (DESIGN.md §7).
 *
 * Other folders include only this header. It gathers:
 *  - tstate.h            thread states, the registry, eval-breaker bits
 *  - mutex.h             one-byte locks with parking
 *  - critical_section.h  WF_BEGIN_CRITICAL_SECTION / WF_END_CRITICAL_SECTION
 *  - qsbr.h              wf_qsbr_retire and friends
 * and declares attach/detach, stop-the-world, biased-refcount merging and
 * thread start.
 *
 * Thread state machine (status word, attach.c):
 *   ATTACHED  the thread runs Python / touches objects; only it moves itself
 *             out of ATTACHED.
 *   DETACHED  blocked or in C code that touches no object.
 *   SUSPENDED parked by a stop-the-world; only the requester moves a thread
 *             DETACHED -> SUSPENDED -> DETACHED.
 * Every blocking call detaches:
 *
 *     WF_BEGIN_ALLOW_THREADS
 *     n = read(fd, buf, size);          // no object may be touched here
 *     WF_END_ALLOW_THREADS
 *
 * Detaching suspends the thread's critical sections (their objects may change
 * while it is detached) and takes it QSBR-offline; attaching waits for any
 * stop-the-world in progress, then resumes the innermost critical section.
 */
#ifndef WF_THREADS_H
#define WF_THREADS_H

#include "threads/tstate.h"
#include "threads/mutex.h"
#include "threads/critical_section.h"
#include "threads/qsbr.h"

#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds: deadlines of waits and run-slot turns. */
static inline int64_t wf_monotonic_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Starts a detached helper thread named `name` (no thread state: it touches
 * no object): the QSBR reclaimer and ticker, the run-slot keeper. false if
 * it cannot be created. */
bool wf_start_helper_thread(void *(*main_fn)(void *), const char *name);

/* ---- attach / detach (attach.c) ----------------------------------------- */

/* Detaches the calling thread; returns its state (NULL when it has none, in
 * which case wf_attach(NULL) does nothing). */
WfThreadState *wf_detach(void);
/* Re-attaches; waits while a stop-the-world is in progress. */
void wf_attach(WfThreadState *ts);

#define WF_BEGIN_ALLOW_THREADS { WfThreadState *wf_saved_ts_ = wf_detach();
#define WF_END_ALLOW_THREADS   wf_attach(wf_saved_ts_); }

/* ---- run slots (run_slots.c) --------------------------------------------
 * Past `slots` attached threads (one per CPU by default), computing threads
 * take turns, as Go's GOMAXPROCS: a helper asks threads that have run a turn
 * (ten switch intervals, sys.setswitchinterval) to yield at their next
 * eval-breaker check, and they wait, detached, until a slot is free. A
 * thread back from a blocking call attaches at once. */
/* Before the first thread attaches; 0 = no limit (the default when never
 * called: unit tests). */
void wf_run_slots_configure(int slots);
int wf_run_slots_count(void);                 /* 0 = no limit */
int wf_run_slots_default(void);               /* CPUs this process may run on */
/* Whether every slot is held: attaching now would go past the count. */
bool wf_run_slots_all_held(void);
/* The switch interval in microseconds, as CPython keeps it. */
int64_t wf_switch_interval_us(void);
void wf_set_switch_interval_us(int64_t us);

/* ---- stop-the-world (attach.c) -------------------------------------------
 * Returns when every other thread is DETACHED or SUSPENDED and none can
 * attach; the caller is then the only thread touching objects. Only one
 * stop-the-world at a time (a second requester waits, detached). Between
 * the two calls the caller must not detach or block on other threads.
 * Works from a thread without a thread state too (then it waits for all). */
void wf_stop_the_world(void);
void wf_start_the_world(void);
/* true while the calling thread holds the world stopped. */
bool wf_world_is_stopped(void);

/* sys.setrecursionlimit: every thread keeps its depth under the new limit,
 * as in CPython (each one's remaining count moves by the change). The
 * world is stopped: threads change their own counts without atomics. */
void wf_threads_set_recursion_limit(int limit);

/* ---- the eval breaker ----------------------------------------------------
 * Handles this folder's bits (WF_THREADS_BREAKER_BITS) and clears them;
 * leaves the other bits set for their owners. 0, or -1 with an
 * exception set. Called from wf_handle_eval_breaker (runtime/eval_call.c). */
int wf_threads_handle_breaker(WfThreadState *ts);
#define WF_THREADS_BREAKER_BITS \
    (WF_BREAKER_STOP_THE_WORLD | WF_BREAKER_MERGE_REFS | WF_BREAKER_QSBR | WF_BREAKER_RUN_SLOT)
/* Sets bits on a thread's eval breaker (atomic OR). */
static inline void wf_breaker_set(WfThreadState *ts, uint32_t bits) {
    atomic_fetch_or_explicit(&ts->eval_breaker, bits, memory_order_relaxed);
}

/* ---- biased reference counting (brc.c) ---------------------------------- */

/* wf_brc_queue_object(op) and wf_explicit_merge_refcount(op, extra) are
 * declared in runtime/objects/object.h (refcount.c calls the first). */
/* Merges ts's queue: the calling thread's own (eval breaker), or any
 * thread's while the world is stopped (the cycle collector merges every
 * queue inside its pause, as CPython does). */
void wf_brc_merge(WfThreadState *ts);
/* Registry hooks (tstate.c). */
void wf_brc_register(WfThreadState *ts);
void wf_brc_unregister(WfThreadState *ts);   /* merges what is queued first */

/* ---- threads (thread_start.c) ------------------------------------------- */

/* Starts a thread that calls callable(*args, **kwargs) (kwargs may be NULL).
 * Returns its ident (the value _thread.get_ident() returns in it), or 0 with
 * an exception set. */
unsigned long wf_thread_start(WfObject *callable, WfObject *args, WfObject *kwargs);
/* Number of threads started by wf_thread_start still running (_thread._count). */
long wf_thread_count(void);
/* Stack size for new threads (_thread.stack_size); 0 = the default. */
size_t wf_thread_get_stack_size(void);
int wf_thread_set_stack_size(size_t size);   /* -1 with ValueError set */
/* Default stack size of threads started by weft (16 MiB, as deep recursion
 * needs; the C stack guard measures it with pthread_getattr_np). */
#define WF_THREAD_STACK_SIZE ((size_t)16 << 20)

/* Thread-local storage objects (_thread._local, thread_module.c): drop the
 * calling thread's dicts at exit. */
void wf_thread_local_clear_current(WfThreadState *ts);

#endif /* WF_THREADS_H */
