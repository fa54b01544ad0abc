/* critical_section.h — per-object critical sections (DESIGN.md §7).
 *
 * A critical section locks an object's one-byte ob_mutex for the duration of
 * a block of C code. It is the way built-in containers make each operation
 * atomic without a global lock:
 *
 *     WF_BEGIN_CRITICAL_SECTION(self);
 *     ... read and mutate self's fields; may call other C functions ...
 *     WF_END_CRITICAL_SECTION();
 *
 *     WF_BEGIN_CRITICAL_SECTION2(a, b);      // two objects (a may equal b)
 *     ...
 *     WF_END_CRITICAL_SECTION2();
 *
 * Rules for callers:
 *  - BEGIN and END are a brace pair: never `return`, `break` or `goto` out of
 *    the block. Compute a result into a local and return after END.
 *  - The section protects the object only while the thread does not block:
 *    a thread that detaches (a blocking call, a contended lock) or that waits
 *    for another object's mutex RELEASES its sections and re-takes them
 *    before it continues (CPython semantics). So a section is atomic only
 *    across code that does not run arbitrary Python code or block: when the
 *    body calls back into Python (__eq__, __hash__, __repr__, a key
 *    function), re-check the object's state afterwards (size, version,
 *    "changed size during iteration") instead of trusting earlier reads.
 *  - Nesting is allowed and cannot deadlock: entering a section whose mutex
 *    is contended first suspends the enclosing sections; the enclosing one
 *    is resumed (re-locked) when the inner one ends. Entering a section on
 *    the object already locked by the innermost active section is free
 *    (recursive repr of l = [l]).
 *  - Two objects are locked in address order, so WF_BEGIN_CRITICAL_SECTION2
 *    cannot deadlock against another thread locking the same pair.
 *  - Lock-free readers (list indexing, dict lookup) do not take the section;
 *    writers inside the section publish with release stores and retire old
 *    memory through wf_qsbr_retire (threads/qsbr.h). Every lock taken by a
 *    thread other than the object's owner marks the object as read by
 *    other threads (wf_object_note_locked, lockfree.h point 3).
 *  - Immortal objects and objects that are not shared can be locked too;
 *    the uncontended cost is one CAS and one store.
 *  - While the process has only ever had one thread (wf_objects_are_shared()
 *    is false), a one-object section is pushed but SKIPPED: no atomic, no
 *    lock, since no other thread can exist. Before the second thread starts,
 *    the starting thread locks every skipped section it is inside
 *    (wf_critical_section_lock_skipped), so from then on they are ordinary
 *    sections. Single-threaded programs pay no atomics for containers.
 *  - In debug builds wf_critical_section_assert_held(op) aborts unless the
 *    calling thread's active sections hold op's mutex; name helpers that
 *    need the lock `..._lock_held` and assert it at their top.
 *
 * Implementation (critical_section.c): the sections of a thread form a
 * stack threaded through the WfCriticalSection structs on the C stack,
 * headed by tstate->critical_section. wf_detach() suspends every active
 * section (unlocks its mutexes); wf_attach() re-locks only the innermost one;
 * the others are re-locked as the inner ones end.
 */
#ifndef WF_CRITICAL_SECTION_H
#define WF_CRITICAL_SECTION_H

#include "runtime/objects/lockfree.h"
#include "runtime/objects/object.h"
#include "threads/mutex.h"
#include "threads/tstate.h"

typedef struct WfCriticalSection {
    struct WfCriticalSection *prev; /* enclosing section of this thread, or NULL */
    uint8_t *mutex;                 /* first mutex held, NULL while acquiring or when skipped */
    uint8_t *mutex2;                /* second mutex (the 2-object form), or NULL */
    bool suspended;                 /* mutexes released by a detach or by nesting */
    bool pushed;                    /* on the thread's stack (false: recursive no-op) */
    bool skipped;                   /* single-threaded: mutex recorded but not locked */
    uint8_t counted;                /* WF_SECTION_COUNTED_*: the section holds its objects counted */
    uint8_t *wanted;                /* slow paths only: the mutexes the section is for, */
    uint8_t *wanted2;               /* valid also while mutex is NULL (acquiring) */
} WfCriticalSection;

#define WF_SECTION_COUNTED_FIRST  0x1
#define WF_SECTION_COUNTED_SECOND 0x2

/* Out-of-line paths (critical_section.c). */
void wf_critical_section_begin_slow(WfCriticalSection *c, uint8_t *m);
void wf_critical_section2_begin(WfCriticalSection *c, WfObject *a, WfObject *b);
void wf_critical_section_end_slow(WfCriticalSection *c);
/* Called by wf_detach / wf_attach (attach.c) for the calling thread. */
void wf_critical_section_suspend_all(WfThreadState *ts);
void wf_critical_section_resume(WfThreadState *ts);
/* The calling thread is about to report a quiescent state or go offline
 * (threads/qsbr.c): every object of its sections, active, suspended or being
 * acquired, is counted once, and the count is retired when the section ends.
 * So a section's object stays alive until the section ends even when the
 * caller read it borrowed and the thread waits for the lock, is suspended,
 * or runs Python code inside the section. */
void wf_critical_section_hold_objects(WfThreadState *ts);
/* 1 when the calling thread holds op's mutex through an active section. */
bool wf_critical_section_is_held(WfObject *op);
/* The calling thread is about to start the process's second thread: lock
 * the sections it skipped while it was the only one. */
void wf_critical_section_lock_skipped(WfThreadState *ts);

static inline void wf_critical_section_begin(WfCriticalSection *c, WfObject *op) {
    WfThreadState *ts = wf_tstate_current;
    uint8_t *m = &op->ob_mutex;
    c->skipped = false;
    if (WF_LIKELY(ts != NULL) && !wf_objects_are_shared()) {
        c->skipped = true;   /* the only thread: nothing to exclude */
    } else if (!(WF_LIKELY(ts != NULL && wf_mutex_trylock_fast(m)))) {
        wf_critical_section_begin_slow(c, m);
        wf_object_note_locked(op);
        return;
    } else {
        wf_object_note_locked(op);
    }
    c->mutex = m;
    c->mutex2 = NULL;
    c->suspended = false;
    c->pushed = true;
    c->counted = 0;
    c->prev = (WfCriticalSection *)ts->critical_section;
    ts->critical_section = c;
}

static inline void wf_critical_section_end(WfCriticalSection *c) {
    /* Fast path: a one-mutex section that holds no count and whose
     * enclosing section (if any) is still active, so nothing needs resuming. */
    if (WF_LIKELY(c->pushed && !c->suspended && c->mutex != NULL && c->mutex2 == NULL &&
                  !c->counted && (c->prev == NULL || !c->prev->suspended))) {
        wf_tstate_current->critical_section = c->prev;
        if (!c->skipped)
            wf_mutex_unlock(c->mutex);
        return;
    }
    wf_critical_section_end_slow(c);
}

#define WF_BEGIN_CRITICAL_SECTION(op)                                        \
    {                                                                        \
        WfCriticalSection wf_cs_;                                            \
        wf_critical_section_begin(&wf_cs_, (WfObject *)(op))
#define WF_END_CRITICAL_SECTION()                                            \
        wf_critical_section_end(&wf_cs_);                                    \
    }

#define WF_BEGIN_CRITICAL_SECTION2(a, b)                                     \
    {                                                                        \
        WfCriticalSection wf_cs2_;                                           \
        wf_critical_section2_begin(&wf_cs2_, (WfObject *)(a), (WfObject *)(b))
#define WF_END_CRITICAL_SECTION2()                                           \
        wf_critical_section_end_slow(&wf_cs2_);                              \
    }

#ifdef WF_DEBUG
#define wf_critical_section_assert_held(op) wf_assert(wf_critical_section_is_held((WfObject *)(op)))
#else
#define wf_critical_section_assert_held(op) ((void)0)
#endif

#endif /* WF_CRITICAL_SECTION_H */
