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
 *  2. Objects: an object stored into a container is PUBLISHED
 *     (wf_object_publish): it gets WF_GC_SHARED_ONCE, and, once the process
 *     is multi-threaded, the shared-count state WF_REF_MAYBE_WEAKREF.
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

/* Never cleared once set (refcount.c). Relaxed loads suffice: it is set
 * before the second thread exists, and every thread that can race with a
 * free was created after it was set. */
extern _Atomic(bool) wf_objects_multithreaded;

static inline bool wf_objects_are_shared(void) {
    return atomic_load_explicit(&wf_objects_multithreaded, memory_order_relaxed);
}

/* Called once before the second thread is started (threads/). */
void wf_objects_set_multithreaded(void);

/* Slow path of wf_object_publish: atomic marking once threads exist. */
void wf_object_publish_slow(WfObject *op);

/* Mark op as stored into a container that is read lock-free. Cheap when
 * already marked; a plain store while single-threaded. */
static inline void wf_object_publish(WfObject *op) {
    uint8_t bits = __atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED);
    if (WF_LIKELY(bits & WF_GC_SHARED_ONCE) || op->ob_ref_local == WF_IMMORTAL_REFCNT)
        return;
    if (!wf_objects_are_shared()) {
        /* One thread: no other writer of ob_gc_bits can run now. */
        __atomic_store_n(&op->ob_gc_bits, (uint8_t)(bits | WF_GC_SHARED_ONCE), __ATOMIC_RELAXED);
        return;
    }
    wf_object_publish_slow(op);
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

/* Frees a wf_mem_malloc'd buffer that lock-free readers may still hold:
 * at once while single-threaded, else after a QSBR grace period. */
void wf_objects_retire_buffer(void *p, size_t bytes);

/* Drops a reference after a QSBR grace period (at once while
 * single-threaded): for a value removed from a slot that other threads read
 * BORROWED (type dicts through wf_type_lookup, an instance's __dict__
 * pointer). Steals op; NULL is ignored. */
void wf_object_retire_ref(WfObject *op);
/* Drops the references whose grace period has passed (also done by every
 * wf_object_retire_ref). */
void wf_objects_drain_retired_refs(void);

/* A strong-reference field of `owner` that threads read and write (cell
 * contents, __slots__ members, ...): the same discipline as list items.
 * wf_field_get_ref returns a new reference or NULL (empty), lock-free
 * (acquire load + try-incref; falls back to owner's critical section).
 * wf_field_set steals value (NULL empties): publishes it, stores it with
 * release in owner's section and drops the old value after the section.
 * Every store to the field must go through wf_field_set. */
WfObject *wf_field_get_ref(WfObject *owner, WfObject **field);
void wf_field_set(WfObject *owner, WfObject **field, WfObject *value);

#endif /* WF_LOCKFREE_H */
