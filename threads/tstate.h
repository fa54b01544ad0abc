/* tstate.h — the per-thread state and the interpreter state.
 *
 * Invariants:
 *  - wf_tstate_current is the calling thread's state while it is attached;
 *    only that thread reads or writes its fields, except eval_breaker (atomic)
 *    and the state word (atomic), which stop-the-world requests touch.
 *  - current_exception holds the raised exception instance (a strong
 *    reference) or NULL. There is no "unnormalized" form: raising creates the
 *    instance immediately (errors.c).
 *  - exc_info is the innermost handled-exception slot ("except" blocks and
 *    generators push one); sys.exc_info() and bare `raise` read it.
 */
#ifndef WF_TSTATE_H
#define WF_TSTATE_H

#include "runtime/objects/object.h"

typedef struct WfFrame WfFrame;           /* runtime/frame.h */
typedef struct WfInterpreter WfInterpreter;

/* A handled exception: an entry of the stack of exceptions being handled. */
typedef struct WfErrStackItem {
    WfObject *exc_value;                  /* strong, or NULL (None) */
    struct WfErrStackItem *previous_item;
} WfErrStackItem;

/* eval_breaker bits: a set bit makes the eval loop call wf_handle_eval_breaker() */
#define WF_BREAKER_STOP_THE_WORLD  0x1
#define WF_BREAKER_GC_SCHEDULED    0x2
#define WF_BREAKER_ASYNC_EXC       0x4
#define WF_BREAKER_MERGE_REFS      0x8
#define WF_BREAKER_SIGNALS         0x10
#define WF_BREAKER_QSBR            0x20   /* report a quiescent state (threads/qsbr.c's ticker) */
#define WF_BREAKER_RUN_SLOT        0x40   /* yield the run slot to a waiter (threads/run_slots.c) */

enum WfThreadStatus { WF_THREAD_DETACHED = 0, WF_THREAD_ATTACHED = 1, WF_THREAD_SUSPENDED = 2 };

typedef struct WfThreadState {
    uintptr_t thread_id;                  /* wf_thread_id() of the owning thread */
    WfInterpreter *interp;
    struct WfThreadState *next, *prev;    /* registry of live threads (interp->threads) */
    _Atomic(int) status;                  /* enum WfThreadStatus */
    _Atomic(uint32_t) eval_breaker;       /* WF_BREAKER_* */

    WfFrame *current_frame;               /* innermost executing frame */
    WfObject *current_exception;          /* raised, not yet caught; strong */
    WfErrStackItem *exc_info;             /* innermost handled exception */
    WfErrStackItem exc_state;             /* the bottom item */

    int recursion_remaining;              /* Python-level calls left before RecursionError */
    int recursion_headroom;               /* >0 while handling a RecursionError */
    char *c_stack_limit;                  /* lowest safe C stack address */

    /* Frames live in chunks of a per-thread data stack (frame.c). */
    struct WfDataStackChunk *datastack_chunk;
    char *datastack_top;
    char *datastack_limit;

    int tlbc_index;                       /* thread-local bytecode index (specialize/tlbc.c); 0 = main copy */
    void *stats;                          /* specialize/stats.c, when -X stats */
    void *thread_object;                  /* threading.Thread, when started by threading */

    /* threads/: the innermost critical section (a WfCriticalSection on the C
     * stack, critical_section.h); only the owning thread touches it. */
    void *critical_section;
    /* Biased refcount merge queue (brc.c): objects other threads dropped
     * while this thread owns them. Guarded by the brc bucket mutex of
     * thread_id; brc_next chains the bucket. */
    WfObject **brc_queue;
    size_t brc_len, brc_cap;
    struct WfThreadState *brc_next;
    bool brc_registered;                  /* in its brc bucket */
    bool qsbr_registered;                 /* urcu_qsbr_register_thread done */
    /* References this thread took (+) or dropped (-) to shared deferred
     * objects, by their id (runtime/objects/thread_refs.c); only this thread
     * touches them. */
    int64_t *thread_refs;
    uint32_t thread_refs_len;
    /* The container this thread runs a biased leaf operation on, or NULL
     * (threads/bias.h); read by the thread marking it. */
    WfObject *biased_object;
    /* WF_BIAS_PLAIN, WF_BIAS_FENCE_REQUESTED (set by a marker) or
     * WF_BIAS_FENCED (set by this thread): threads/bias.h. */
    uint8_t bias_mode;
    uint32_t bias_revocations;            /* membarriers run for this thread's objects (registry lock) */
    /* Run slots (run_slots.c): whether this thread holds one and whether it
     * is giving it up because a waiter asked (only it touches these), and
     * since when it holds one (monotonic ns, 0 = none; read by waiters
     * choosing whom to ask to yield). */
    bool holds_run_slot;
    bool run_slot_yielded;
    _Atomic(int64_t) run_slot_since;
    uint64_t serial;                      /* unique per thread state, never reused (_thread._local keys) */
    unsigned long ident;                  /* _thread.get_ident(): pthread_self() */
    unsigned long native_id;              /* _thread.get_native_id(): gettid() */
} WfThreadState;

/* Interpreter-wide state: one per process. */
struct WfInterpreter {
    WfObject *modules;        /* dict name -> module (sys.modules) */
    WfObject *builtins;       /* dict: the builtins module's namespace */
    WfObject *builtins_module;
    WfObject *sys_module;
    WfObject *main_module;
    int recursion_limit;      /* sys.getrecursionlimit() */
    bool tlbc_enabled;        /* -X tlbc / PYTHON_TLBC */
    bool stats_enabled;       /* -X stats */
    bool dis_enabled;         /* -X dis */
    WfThreadState *threads;   /* registry head; guarded by threads_mutex */
    void *threads_mutex;      /* threads/registry.c */
};

extern _Thread_local WfThreadState *wf_tstate_current;
extern WfInterpreter wf_main_interpreter;

static inline WfThreadState *wf_tstate_get(void) { return wf_tstate_current; }

/* Creates the calling thread's state, registers it (registry, QSBR, BRC)
 * and attaches it: it waits while a stop-the-world is in progress. */
WfThreadState *wf_tstate_new_current(WfInterpreter *interp);
/* Releases the calling thread's state (thread exit): clears its exception
 * state, merges its refcount queue, detaches, unregisters and frees it. The
 * thread must not touch objects afterwards. */
void wf_tstate_delete_current(void);

/* The registry lock (guards interp->threads and each state's next/prev).
 * Held only over short loops that never block or touch objects. */
/* Whether the thread state with this serial number is gone: deleted, so
 * unregistered from QSBR and running no more Python code. With blocking,
 * waits (detached) until it is. For threading.Thread.join, which returns
 * only then, as CPython's does. */
bool wf_tstate_wait_gone(uint64_t serial, bool blocking);
void wf_registry_lock(void);
void wf_registry_unlock(void);

/* C stack guard: -1 with RecursionError set when the C stack is nearly full.
 * Call at every recursive C entry (eval, repr, compare, parser). */
int wf_enter_recursive_call(const char *where);
void wf_leave_recursive_call(void);

#endif /* WF_TSTATE_H */
