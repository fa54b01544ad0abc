/* qsbr.h — deferred freeing of memory read without locks (liburcu QSBR).
 *
 * Lock-free readers (list item reads, dict lookups, TLBC arrays) may load a
 * pointer to a buffer that a writer replaces at the same moment. The writer
 * must not free the old buffer at once: it RETIRES it, and the buffer is
 * freed after a grace period, i.e. once every thread that might still hold
 * the old pointer has passed a quiescent state.
 *
 * Contract:
 *  - Every thread that runs Python code is registered (wf_tstate_new_current
 *    does it; wf_tstate_delete_current unregisters). A registered thread is
 *    ONLINE while attached and OFFLINE while detached or suspended
 *    (attach.c), so a blocked thread never delays a grace period.
 *  - Before a thread reports a quiescent state or goes offline, it turns
 *    the borrowed references in its frames into counted ones and submits
 *    its retired references (runtime/objects/lockfree.h, point 4).
 *  - Quiescent states are reported at eval-breaker checks
 *    (wf_threads_handle_breaker), about every WF_QSBR_PERIOD checks, and at
 *    every detach. The read-side "critical section" is therefore everything
 *    an attached thread does between two safe points: a lock-free reader
 *    needs no marker, but it must not keep a pointer to retirable memory
 *    across anything that can reach a safe point (a call into Python code, a
 *    blocking call, wf_detach). Copy what you need, or take a reference
 *    (try-incref + re-check) before such a call.
 *  - Writers publish the new buffer with a release store (or under the
 *    object's critical section plus a release store) BEFORE retiring the old
 *    one; readers load the buffer pointer with an acquire (or consume) load.
 *  - Retirements are batched per thread and handed to the reclaimer thread
 *    one batch at a time (qsbr.c), so a retirement costs an array append.
 *  - free_fn runs later, on the reclaimer thread (or on a thread waiting in
 *    wf_qsbr_barrier when the reclaimer could not be started). It must only release raw
 *    memory: no Python objects, no decref, no thread state. Use wf_mem_free
 *    for wf_mem_malloc'd buffers.
 *  - Retired-but-unfreed bytes are bounded: once they pass
 *    WF_QSBR_FORCE_BYTES, the retiring thread waits for a grace period and
 *    the pending frees (wf_qsbr_barrier) at its next safe point (a
 *    retirement happens inside C code that may hold borrowed references,
 *    which must be promoted before the thread goes offline). It stays ATTACHED
 *    (it may hold critical sections), but goes QSBR-offline while it waits.
 *    A stop-the-world requester is offline while it waits too, so the two
 *    cannot wait on each other.
 *  - Retiring is legal from any registered thread, attached, in a critical
 *    section or not. From an unregistered thread (no thread state) the
 *    memory is freed after a synchronous grace period.
 */
#ifndef WF_QSBR_H
#define WF_QSBR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define WF_QSBR_FORCE_BYTES ((size_t)4 << 20)  /* force a grace period past 4 MiB retired */
#define WF_QSBR_PERIOD 16                     /* breaker checks between quiescent reports */

/* Defers free_fn(p) until every online thread has passed a quiescent state.
 * bytes is the size accounted against WF_QSBR_FORCE_BYTES. Never fails:
 * if the bookkeeping node cannot be allocated, waits for a grace period and
 * frees at once. */
void wf_qsbr_retire(void *p, size_t bytes, void (*free_fn)(void *));

/* The same for a batch of references to drop (runtime/objects/lockfree.c):
 * never freed before the retiring thread's own next quiescent state, even
 * when it is the only registered thread, since it may have borrowed them. */
void wf_qsbr_retire_refs(void *p, size_t bytes, void (*free_fn)(void *));

/* Whether the calling thread is the only registered one: nothing it
 * unpublished before the call can be read by another thread. */
bool wf_qsbr_only_thread(void);
/* Whether other threads may be running Python code now: a hint (relaxed),
 * for choosing a strategy, never for safety. */
extern _Atomic(long) wf_qsbr_registered_count;
static inline bool wf_qsbr_other_threads(void) {
    return atomic_load_explicit(&wf_qsbr_registered_count, memory_order_relaxed) > 1;
}

/* Thread registration (tstate.c calls these). */
void wf_qsbr_register(void);
void wf_qsbr_unregister(void);
/* Online/offline around detach and attach (attach.c). */
void wf_qsbr_offline(void);
void wf_qsbr_online(void);
/* Reports a quiescent state now (the calling thread holds no pointer to
 * retired memory). Cheap: one store and a load. */
void wf_qsbr_quiescent(void);
/* Waits until every retirement submitted before the call has been freed:
 * the calling thread's own batch, and the batches other threads handed
 * over (at their quiescent reports, offline transitions and exits; see
 * qsbr.c). Tests and the cycle collector; the caller may be online or
 * offline. */
void wf_qsbr_barrier(void);
/* Bytes retired and not yet freed (approximate; for tests and gc.get_stats). */
size_t wf_qsbr_pending_bytes(void);

#endif /* WF_QSBR_H */
