/* lockfree.h — what lock-free readers of containers rely on (DESIGN.md §3
 * rule 5, §7; the race argument is in docs/containers-threads.md).
 *
 * Lists, dicts and cells are read without their critical section: a reader
 * loads an item pointer from memory a writer may change at the same moment.
 * Two things keep that safe:
 *
 *  1. Buffers (list item arrays, dict keys tables, bytearray buffers) that a
 *     writer replaces are retired through QSBR (threads/qsbr.h) instead of
 *     freed, once the process is multi-threaded (wf_objects_retire_buffer).
 *
 *  2. Objects: an object stored into a container that other threads may
 *     read lock-free is PUBLISHED (wf_object_publish): it gets
 *     WF_GC_SHARED_ONCE and the shared-count state WF_REF_MAYBE_WEAKREF.
 *     - The memory of a published object is freed through QSBR once the
 *       process is multi-threaded (refcount.c, wf_object_free), so a reader
 *       that loaded its pointer may still read its header until its next
 *       quiescent state, even when the object died meanwhile.
 *     - wf_try_incref(op) takes a reference only while op is alive: it fails
 *       when the count is zero (local count 0 for the owner; shared word 0
 *       or MERGED-with-zero for the others). WF_REF_MAYBE_WEAKREF makes the
 *       shared word of an object whose references are all owner-local non
 *       zero, so other threads can still take references; the owner's last
 *       decrement then merges with a CAS instead of freeing at once, which
 *       settles the race with a concurrent try-incref (CPython's scheme).
 *     A reader: load the item (acquire), wf_try_incref, and on failure take
 *     the container's critical section and read again (the slow path).
 *
 *  3. Which containers are read lock-free by other threads: those marked
 *     WF_GC_SHARED_READ. A container starts unmarked and readable lock-free
 *     by its owner thread only; the first time another thread locks it
 *     (any critical section, wf_object_note_locked), that thread marks it
 *     and publishes what it holds (list items, dict keys and values) while
 *     it holds the lock. A non-owner reader of an unmarked container first
 *     locks it once (wf_container_prepare_read). From then on writers (in
 *     the section, where they see the mark) publish what they store and
 *     retire replaced buffers through QSBR. Unmarked containers - the
 *     thread-private lists and dicts of a parallel program - publish
 *     nothing and free everything at once: their owner is their only
 *     reader, and any other thread must pass through their lock, and so
 *     through the marking, before it can read or write them.
 *
 *  4. Borrowed reads: values read out of marked containers may be used
 *     without a reference until the reader's next quiescent state (see
 *     "borrowed reads" below, and docs/containers-threads.md).
 *
 * wf_objects_multithreaded is set once, by the thread that starts the second
 * thread, before it starts it (wf_objects_set_multithreaded, called by
 * threads/ before pthread_create: that is the happens-before edge). While it
 * is false there is no concurrent reader, and everything is freed at once:
 * single-threaded programs pay one predictable branch per free.
 */
#ifndef WF_LOCKFREE_H
#define WF_LOCKFREE_H

#include <stddef.h>

#include "runtime/objects/object.h"
#include "stackref/stackref.h"
#include "threads/qsbr.h"

/* Never cleared once set (refcount.c). Relaxed loads suffice: it is set
 * before the second thread exists, and every thread that can race with a
 * free was created after it was set. */
extern _Atomic(bool) wf_objects_multithreaded;

static inline bool wf_objects_are_shared(void) {
    return atomic_load_explicit(&wf_objects_multithreaded, memory_order_relaxed);
}

/* Called once before the second thread is started (threads/). */
void wf_objects_set_multithreaded(void);

/* Sets WF_GC_SHARED_ONCE and the MAYBE_WEAKREF state (atomically); on a
 * tuple, on its items too (nested tuples to a small depth). */
void wf_object_publish_slow(WfObject *op);

/* Mark op as readable lock-free by other threads. Cheap when already
 * marked. */
static inline void wf_object_publish(WfObject *op) {
    uint8_t bits = __atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED);
    /* wf_is_immortal: a relaxed load, since the owner may be changing
     * ob_ref_local at the same moment (object.h). */
    if (WF_LIKELY(bits & WF_GC_SHARED_ONCE) || wf_is_immortal(op))
        return;
    wf_object_publish_slow(op);
}

/* Whether a thread other than op's owner has locked op (point 3 above).
 * Acquire: partner of the release in wf_object_mark_shared, so a reader
 * that sees the mark also sees what the writers stored before it. */
static inline bool wf_object_is_shared_read(const WfObject *op) {
    return (__atomic_load_n(&op->ob_gc_bits, __ATOMIC_ACQUIRE) & WF_GC_SHARED_READ) != 0;
}

/* Whether the calling thread may read container c without its lock. */
static inline bool wf_container_readable_lockfree(const WfObject *c) {
    return wf_is_owned_by_current_thread(c) || wf_object_is_shared_read(c) ||
           !wf_objects_are_shared();
}

/* Marks op WF_GC_SHARED_READ and publishes its contents; the caller holds
 * op's critical section. */
void wf_object_mark_shared(WfObject *op);
/* Its helpers for the containers whose items are read lock-free (list.c,
 * dict.c): publish every item, key and value; the section is held. */
void wf_list_publish_items_lock_held(WfObject *l);
void wf_dict_publish_entries_lock_held(WfObject *d);

/* Called by every critical section that locks op (threads/): a thread
 * that is not op's owner marks it on its first lock. */
static inline void wf_object_note_locked(WfObject *op) {
    if (WF_UNLIKELY(!(__atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_READ)) &&
        !wf_is_owned_by_current_thread(op) && wf_objects_are_shared())
        wf_object_mark_shared(op);
}

/* Locks and unlocks c once, which marks it (out of line). */
void wf_container_mark_by_locking(WfObject *c);

/* Before a lock-free read of c: a non-owner makes sure c is marked. */
static inline void wf_container_prepare_read(WfObject *c) {
    if (WF_UNLIKELY(!wf_container_readable_lockfree(c)))
        wf_container_mark_by_locking(c);
}

/* Publishes v, about to be stored into container c, when other threads
 * may read c lock-free. The caller holds c's critical section (or the
 * process is single-threaded, when nothing is marked). */
static inline void wf_object_publish_into(const WfObject *c, WfObject *v) {
    if (WF_UNLIKELY(__atomic_load_n(&c->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_READ))
        wf_object_publish(v);
}

/* Shared-count part of wf_try_incref (refcount.c). */
bool wf_try_incref_shared(WfObject *op);

/* Takes a new reference to op if it is still alive; false when its count
 * already reached zero. op must be a published object read from a container
 * (or otherwise known not to be freed before the caller's next quiescent
 * state). Partner of the CAS in wf_merge_zero_local_refcount. */
static inline bool wf_try_incref(WfObject *op) {
    uint32_t local = __atomic_load_n(&op->ob_ref_local, __ATOMIC_RELAXED);
    if (local == WF_IMMORTAL_REFCNT)
        return true;
    if (wf_is_owned_by_current_thread(op)) {
        /* local == 0: the owner is freeing or merged it (ob_tid then 0). */
        if (local == 0)
            return false;
        __atomic_store_n(&op->ob_ref_local, local + 1, __ATOMIC_RELAXED);
        return true;
    }
    return wf_try_incref_shared(op);
}

/* Takes a reference to op, which the calling thread can reach now (it
 * holds a count, or read op borrowed within its grace period), so that op
 * outlives that grace period; false, taking nothing, when op is immortal or
 * the calling thread is freeing it (count zero: a deallocator's own
 * critical section, threads/critical_section.c). */
bool wf_object_hold_reachable(WfObject *op);

/* Frees a wf_mem_malloc'd buffer of container c that lock-free readers may
 * still hold: after a QSBR grace period when c is marked, else at once. */
void wf_objects_retire_buffer(const WfObject *c, void *p, size_t bytes);

/* Drops a reference after a QSBR grace period (at once while
 * single-threaded): for a value removed from a slot that other threads read
 * BORROWED (type dicts through wf_type_lookup, an instance's __dict__
 * pointer, the items of marked containers: point 4). Steals op; NULL is
 * ignored. Cheap: an append to a per-thread batch. */
void wf_object_retire_ref(WfObject *op);
/* Hands the calling thread's batch of retired references to QSBR (threads/
 * qsbr.c calls it before every quiescent report and offline transition). */
void wf_objects_submit_retired_refs(void);
/* Drops the references whose grace period has passed. May run __del__:
 * call it only at a safe point (the eval breaker, interpreter exit). */
void wf_objects_drain_retired_refs(void);
/* Whether some retired references wait for wf_objects_drain_retired_refs. */
bool wf_objects_retired_refs_ready(void);

/* ---- borrowed reads (point 4) ------------------------------------------------
 * The eval loop pushes the items it reads out of MARKED lists and dicts
 * (and marked globals) as borrowed StackRefs: no count, so threads that all
 * read the same values write nothing to them (DESIGN.md §3 rule 5). Such a
 * value stays alive until the reader's next quiescent state because
 *  - every reference a marked container drops (replaced, deleted, popped,
 *    cleared, or the container freed) is dropped through
 *    wf_object_retire_ref, one grace period later (wf_container_drop_item
 *    and friends below; list.c and dict.c use nothing else); and
 *  - before a thread reports a quiescent state or goes offline (threads/
 *    qsbr.c), it turns the borrowed references still in its frames into
 *    counted ones (stackref/roots.c, wf_roots_promote_thread); a generator
 *    does the same for its own frame when it suspends.
 * wf_objects_thread_borrowed says the calling thread may hold such
 * references (set by the readers, cleared by the promotion). */
extern _Thread_local bool wf_objects_thread_borrowed;

/* Whether a published object (point 2) may be read lock-free by others. */
static inline bool wf_object_is_published(const WfObject *op) {
    return (__atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE) != 0;
}

/* Whether value v, just read from container c, may be pushed borrowed: c
 * is marked or v is published (a value of a thread's private dict that
 * other threads share too: a module constant kept in an instance
 * attribute), and other threads run (alone, a thread gains nothing from
 * borrowing, and its drops can then run __del__ at once:
 * wf_container_retire_item). Either way every container's drop of v goes
 * through retirement (wf_container_drop_item). An unmarked container is
 * read lock-free by its owner only (point 3), so v is alive here. */
static inline bool wf_container_may_have_lent(const WfObject *c, const WfObject *v) {
    return wf_object_is_shared_read(c) || wf_object_is_published(v);
}
static inline bool wf_container_lends(const WfObject *c, const WfObject *v) {
    return wf_qsbr_other_threads() && wf_container_may_have_lent(c, v);
}

/* v as a lent (tagged, uncounted) stack reference; the thread now holds
 * borrowed references, which it promotes before its next quiescent state. */
static inline WfStackRef wf_stackref_lent(WfObject *v) {
    wf_objects_thread_borrowed = true;
    return wf_stackref_borrow(v);
}

/* A value v just loaded lock-free from container c, as a stack reference:
 * lent (wf_container_lends), borrowed when it needs no count (immortal,
 * deferred), else counted with try-incref. false when v died meanwhile:
 * the caller reads again in c's critical section. */
static inline bool wf_container_read_value(const WfObject *c, WfObject *v, WfStackRef *out) {
    if (wf_container_lends(c, v)) {
        *out = wf_stackref_lent(v);
        return true;
    }
    if (wf_stackref_skips_count(v)) {
        *out = wf_stackref_borrow(v);
        return true;
    }
    if (WF_LIKELY(wf_try_incref(v))) {
        *out = wf_stackref_steal(v);
        return true;
    }
    return false;
}

/* An item of a live tuple, which drops its items only when it dies
 * (tuple_dealloc): lent when published and other threads run, else a
 * counted reference. */
static inline WfStackRef wf_stackref_of_tuple_item(WfObject *v) {
    return wf_qsbr_other_threads() && wf_object_is_published(v) ? wf_stackref_lent(v)
                                                                 : wf_stackref_new(v);
}

/* Drops a container's reference to an item a reader may have borrowed:
 * through wf_object_retire_ref, except when the caller is the only thread
 * left: then it promotes what it still borrows (a drop may run __del__, so
 * every frame is spilled here, as at any decref) and drops at once, so
 * that __del__ runs when CPython would run it once a program's threads are
 * gone. */
void wf_container_retire_item(WfObject *v);

/* Drops the reference container c held to v (v NULL ignored), after the
 * section that removed it. c must still be alive (or being freed). A
 * reader may have borrowed v when c is marked or v is published
 * (wf_container_lends), so those drops wait for a grace period. */
static inline void wf_container_drop_item(const WfObject *c, WfObject *v) {
    if (v == NULL)
        return;
    if (WF_UNLIKELY(wf_container_may_have_lent(c, v)))
        wf_container_retire_item(v);
    else
        wf_decref(v);
}

/* The same for n items (NULLs skipped), last first as CPython drops them. */
void wf_container_drop_items_slow(const WfObject *c, WfObject **items, wf_ssize_t n);
static inline void wf_container_drop_items(const WfObject *c, WfObject **items, wf_ssize_t n) {
    if (WF_UNLIKELY(wf_object_is_shared_read(c))) {
        wf_container_drop_items_slow(c, items, n);
        return;
    }
    if (WF_LIKELY(!wf_objects_are_shared())) {   /* nothing is published yet */
        for (wf_ssize_t i = n - 1; i >= 0; i--)
            wf_xdecref(items[i]);
        return;
    }
    for (wf_ssize_t i = n - 1; i >= 0; i--) {
        WfObject *v = items[i];
        if (v == NULL)
            continue;
        if (WF_UNLIKELY(wf_object_is_published(v)))
            wf_container_retire_item(v);
        else
            wf_decref(v);
    }
}

/* v, removed from c, is handed to the caller (pop): the caller gets a
 * reference of its own and c's reference is dropped as above, since a
 * reader may have borrowed v from c. Returns v. */
static inline WfObject *wf_container_hand_out_item(const WfObject *c, WfObject *v) {
    if (v != NULL && WF_UNLIKELY(wf_container_may_have_lent(c, v))) {
        wf_incref(v);
        wf_container_retire_item(v);
    }
    return v;
}

/* A strong-reference field of `owner` that threads read and write (cell
 * contents, __slots__ members, ...): the same discipline as list items.
 * wf_field_get_ref returns a new reference or NULL (empty), lock-free
 * (acquire load + try-incref; falls back to owner's critical section).
 * wf_field_set steals value (NULL empties): in owner's section, when owner
 * is marked, publishes the new value and the old one (a lock-free reader
 * may hold the old one), stores with release; drops the old value after
 * the section.
 * Every store to the field must go through wf_field_set. */
WfObject *wf_field_get_ref(WfObject *owner, WfObject **field);
void wf_field_set(WfObject *owner, WfObject **field, WfObject *value);

/* A field that other threads read with one acquire load and no reference
 * of their own, using the value with no safe point before its last use
 * (an instance's __dict__, a function's __defaults__, an exception's args).
 * wf_field_exchange stores value (a reference handed over; NULL empties)
 * atomically and drops the old one after a grace period, so such a reader
 * holds a live object until its next quiescent state.
 * wf_field_dict_get_or_make returns the field's dict (borrowed), made on
 * first use with a CAS: two threads making it at once agree on one. */
void wf_field_exchange(WfObject **field, WfObject *value);
WfObject *wf_field_dict_get_or_make(WfObject **field);

#endif /* WF_LOCKFREE_H */
