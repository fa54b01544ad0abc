/* critical_section.c — the slow paths of per-object critical sections.
 *
 * Invariants (see critical_section.h for the contract):
 *  - tstate->critical_section heads a stack of WfCriticalSection structs that
 *    live on the C stack of their thread; only that thread reads or writes it.
 *  - The ACTIVE sections (suspended == false) form a prefix of the stack
 *    starting at its top: suspend_all suspends from the top down to the first
 *    already-suspended section; resume re-activates only the top one, and a
 *    section's end resumes its (suspended) predecessor.
 *  - An active section holds exactly the mutexes recorded in it; a section
 *    being acquired records NULL until it holds them all (so a detach while
 *    it waits releases nothing it does not hold, and resuming it locks
 *    nothing).
 *  - Deadlock freedom: a thread waits (parks) for a section mutex only with
 *    all its other section mutexes released (parking detaches, and detaching
 *    suspends every active section), except the first mutex of a two-object
 *    section waiting for its second: those are taken in address order, so no
 *    cycle can form.
 */
#include <stddef.h>

#include "threads/bias.h"
#include "threads/threads.h"

static bool section_holds(const WfCriticalSection *c, const uint8_t *m) {
    return c->mutex == m || c->mutex2 == m;
}

/* Does an active section of ts hold m? */
static bool held_by_thread(WfThreadState *ts, const uint8_t *m) {
    for (WfCriticalSection *c = ts->critical_section; c && !c->suspended; c = c->prev)
        if (section_holds(c, m))
            return true;
    return false;
}

/* The object whose ob_mutex is m: sections lock only object headers. */
static WfObject *mutex_object(uint8_t *m) {
    return (WfObject *)(void *)((char *)m - offsetof(WfObject, ob_mutex));
}

/* The section's first and second mutex, whether held or still wanted
 * (mutex is NULL only while the section acquires, and wanted is then set). */
static uint8_t *section_first(const WfCriticalSection *c) {
    return c->mutex ? c->mutex : c->wanted;
}
static uint8_t *section_second(const WfCriticalSection *c) {
    return c->mutex ? c->mutex2 : c->wanted2;
}

/* The section ends: the counts wf_critical_section_hold_objects took are
 * dropped after a grace period, not now, because the caller may go on
 * reading the objects borrowed until its next quiescent state, as it did
 * before it locked them. */
static void release_objects(WfCriticalSection *c) {
    if (c->counted & WF_SECTION_COUNTED_FIRST)
        wf_object_retire_ref(mutex_object(section_first(c)));
    if (c->counted & WF_SECTION_COUNTED_SECOND)
        wf_object_retire_ref(mutex_object(section_second(c)));
    c->counted = 0;
}

static uint8_t hold_object(uint8_t *m, uint8_t bit, uint8_t counted) {
    if (m == NULL || (counted & bit))
        return 0;
    return wf_object_hold_reachable(mutex_object(m)) ? bit : 0;
}

/* A thread's grace period protects what it read borrowed only until its
 * next quiescent state; a section object read that way (an instance's
 * __dict__ out of its slot) would be freed under a thread that waits for
 * its lock offline, sits suspended, or runs Python code in the section.
 * Counting it here, once, before the thread stops protecting it, closes
 * that for every section at once. Deallocators' sections lock objects
 * whose count is already zero: those are not counted (the caller is
 * freeing them, nobody else can). */
void wf_critical_section_hold_objects(WfThreadState *ts) {
    for (WfCriticalSection *c = ts->critical_section; c; c = c->prev) {
        if (c->skipped)
            continue;
        c->counted |= hold_object(section_first(c), WF_SECTION_COUNTED_FIRST, c->counted);
        c->counted |= hold_object(section_second(c), WF_SECTION_COUNTED_SECOND, c->counted);
    }
}

/* A section about to wait for m1 (and m2): it records them in wanted, so
 * that wf_critical_section_hold_objects finds its objects while mutex is
 * still NULL. */
static void push_pending(WfThreadState *ts, WfCriticalSection *c, uint8_t *m1, uint8_t *m2) {
    c->skipped = false;
    c->mutex = NULL;
    c->mutex2 = NULL;
    c->wanted = m1;
    c->wanted2 = m2;
    c->counted = 0;
    c->suspended = false;
    c->pushed = true;
    c->prev = ts->critical_section;
    ts->critical_section = c;
}

void wf_critical_section_begin_slow(WfCriticalSection *c, uint8_t *m) {
    WfThreadState *ts = wf_tstate_current;
    c->skipped = false;
    if (ts == NULL) {            /* start-up and unit tests without a thread state */
        wf_mutex_lock_nodetach(m);
        c->mutex = m;
        c->mutex2 = NULL;
        c->pushed = false;
        c->suspended = false;
        c->prev = NULL;
        return;
    }
    WfCriticalSection *top = ts->critical_section;
    if (top && !top->suspended && section_holds(top, m)) {
        /* Recursive use of the innermost object: a no-op section. */
        c->mutex = c->mutex2 = NULL;
        c->pushed = false;
        c->suspended = false;
        c->prev = NULL;
        return;
    }
    bool self_held = held_by_thread(ts, m);
    push_pending(ts, c, m, NULL);
    if (self_held)               /* an outer section holds m: waiting would be for ourselves */
        wf_critical_section_suspend_all(ts);
    wf_mutex_lock(m);
    c->mutex = m;
    c->suspended = false;
}

/* Both objects locked (in address order); wf_critical_section2_begin marks
 * them afterwards. */
static void section2_lock(WfCriticalSection *c, WfObject *a, WfObject *b) {
    uint8_t *m1 = &a->ob_mutex, *m2 = &b->ob_mutex;
    c->skipped = false;
    if (m1 == m2) {
        wf_critical_section_begin(c, a);
        return;
    }
    if (m2 < m1) {               /* address order */
        uint8_t *t = m1;
        m1 = m2;
        m2 = t;
    }
    WfThreadState *ts = wf_tstate_current;
    if (ts == NULL) {
        wf_mutex_lock_nodetach(m1);
        wf_mutex_lock_nodetach(m2);
        c->mutex = m1;
        c->mutex2 = m2;
        c->pushed = false;
        c->suspended = false;
        c->prev = NULL;
        return;
    }
    if (wf_mutex_trylock_fast(m1)) {
        if (wf_mutex_trylock_fast(m2)) {
            push_pending(ts, c, m1, m2);
            c->mutex = m1;
            c->mutex2 = m2;
            return;
        }
        wf_mutex_unlock(m1);
    }
    bool self_held = held_by_thread(ts, m1) || held_by_thread(ts, m2);
    push_pending(ts, c, m1, m2);
    if (self_held)
        wf_critical_section_suspend_all(ts);
    wf_mutex_lock(m1);
    wf_mutex_lock(m2);
    c->mutex = m1;
    c->mutex2 = m2;
    c->suspended = false;
}

void wf_critical_section2_begin(WfCriticalSection *c, WfObject *a, WfObject *b) {
    section2_lock(c, a, b);
    wf_object_note_locked(a);
    wf_object_note_locked(b);
}

void wf_critical_section_end_slow(WfCriticalSection *c) {
    if (!c->pushed) {            /* no-op section, or no thread state */
        if (c->mutex2)
            wf_mutex_unlock(c->mutex2);
        if (c->mutex)
            wf_mutex_unlock(c->mutex);
        return;
    }
    WfThreadState *ts = wf_tstate_current;
    wf_assert(ts->critical_section == c);
    ts->critical_section = c->prev;
    if (!c->suspended && !c->skipped) {
        if (c->mutex2)
            wf_mutex_unlock(c->mutex2);
        if (c->mutex)
            wf_mutex_unlock(c->mutex);
    }
    if (c->counted)
        release_objects(c);
    if (c->prev && c->prev->suspended)
        wf_critical_section_resume(ts);
}

void wf_critical_section_suspend_all(WfThreadState *ts) {
    for (WfCriticalSection *c = ts->critical_section; c && !c->suspended; c = c->prev) {
        if (!c->skipped) {
            if (c->mutex2)
                wf_mutex_unlock(c->mutex2);
            if (c->mutex)
                wf_mutex_unlock(c->mutex);
        }
        c->suspended = true;
    }
}

void wf_critical_section_resume(WfThreadState *ts) {
    WfCriticalSection *c = ts->critical_section;
    if (c == NULL || !c->suspended)
        return;
    if (c->skipped) {            /* never locked: nothing to take back */
        c->suspended = false;
        return;
    }
    uint8_t *m1 = c->mutex, *m2 = c->mutex2;
    /* Pending while we wait: a detach inside wf_mutex_lock suspends it with
     * nothing to release, and the nested resume locks nothing. */
    if (m1 != NULL) {            /* a pending section keeps what it wanted */
        c->wanted = m1;
        c->wanted2 = m2;
    }
    c->mutex = c->mutex2 = NULL;
    c->suspended = false;
    if (m1)
        wf_mutex_lock(m1);
    if (m2)
        wf_mutex_lock(m2);
    c->mutex = m1;
    c->mutex2 = m2;
    c->suspended = false;
}

bool wf_critical_section_is_held(WfObject *op) {
    WfThreadState *ts = wf_tstate_current;
    if (wf_bias_held(op))
        return true;   /* a biased leaf operation holds it in effect (bias.h) */
    if (ts == NULL)
        return wf_mutex_is_locked(&op->ob_mutex);
    return held_by_thread(ts, &op->ob_mutex);
}

/* The only thread is about to start a second one: every section it skipped
 * becomes a real one. Its mutexes are free (no other thread ever existed),
 * so locking cannot wait. Suspended skipped sections are re-locked by
 * wf_critical_section_resume like any other once they are marked unskipped. */
void wf_critical_section_lock_skipped(WfThreadState *ts) {
    if (ts == NULL)
        return;
    for (WfCriticalSection *c = ts->critical_section; c; c = c->prev) {
        if (!c->skipped)
            continue;
        if (!c->suspended && c->mutex)
            wf_mutex_lock_nodetach(c->mutex);
        c->skipped = false;
    }
}
