/* refcount.c — biased reference counting, allocation, immortal and deferred objects.
 *
 * Invariants (DESIGN.md §3):
 *  - The owner thread changes ob_ref_local with plain stores; everyone else
 *    changes ob_ref_shared with atomics. The true count is
 *    ob_ref_local + (ob_ref_shared >> WF_SHARED_SHIFT).
 *  - When the owner's local count drops to zero it gives up ownership:
 *    the local count is folded into the shared word (state MERGED) and from
 *    then on every thread uses the shared count; the object is freed when
 *    the merged count reaches zero.
 *  - A non-owner that drops a reference when the shared count is exactly
 *    zero (the owner's local count holds it) marks the object QUEUED
 *    without subtracting and pushes it on the owner's merge queue
 *    (threads/brc.c), which then holds that reference; the owner merges at
 *    its next safe point or at exit; if the owner has exited, the queuing
 *    thread merges at once. True count = ob_ref_local + shared count, the
 *    queue's reference included; the merge subtracts it.
 *  - Objects are allocated with a GC pre-header when their type has
 *    WF_TPFLAGS_HAVE_GC (two words for the collector's lists), so freeing
 *    must know the type: wf_object_free reads ob_type before releasing.
 *  - Once the process is multi-threaded (wf_objects_multithreaded), the
 *    memory of a published object (WF_GC_SHARED_ONCE: it was stored into a
 *    container read lock-free) is freed after a QSBR grace period, with its
 *    header left as the dealloc left it (count zero), so a lock-free reader
 *    that still holds its pointer sees a dead object: wf_try_incref fails.
 *    See lockfree.h and docs/containers-threads.md.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "threads/qsbr.h"
#include "threads/threads.h"

#ifndef WF_SYSTEM_MALLOC
#include <mimalloc.h>
#define wf_raw_malloc mi_malloc
#define wf_raw_calloc mi_calloc
#define wf_raw_realloc mi_realloc
#define wf_raw_free mi_free
#else
#define wf_raw_malloc malloc
#define wf_raw_calloc calloc
#define wf_raw_realloc realloc
#define wf_raw_free free
#endif

#ifdef WF_DEBUG
_Thread_local uint64_t wf_debug_shared_increfs;
#endif

/* The collector's pre-header, in front of GC-tracked objects. */
typedef struct WfGCHead {
    uintptr_t gc_next, gc_prev;
} WfGCHead;

static inline bool type_has_gc(const WfTypeObject *type) {
    return (type->tp_flags & WF_TPFLAGS_HAVE_GC) != 0;
}

/* ---- raw memory ---------------------------------------------------------- */

void *wf_mem_malloc(size_t n) { return wf_raw_malloc(n ? n : 1); }
void *wf_mem_calloc(size_t count, size_t n) { return wf_raw_calloc(count ? count : 1, n ? n : 1); }
void *wf_mem_realloc(void *p, size_t n) { return wf_raw_realloc(p, n ? n : 1); }
void wf_mem_free(void *p) { wf_raw_free(p); }

/* ---- object allocation ----------------------------------------------------- */

static void init_header(WfObject *op, WfTypeObject *type) {
    op->ob_tid = wf_thread_id();
    op->ob_flags = 0;
    op->ob_mutex = 0;
    op->ob_gc_bits = 0;
    op->ob_ref_local = 1;
    atomic_init(&op->ob_ref_shared, 0);
    op->ob_type = type;
    /* Heap types are counted by their instances, as in CPython (per thread
     * once threads exist: thread_refs.c). */
    if (type->tp_flags & WF_TPFLAGS_HEAPTYPE)
        wf_type_instance_incref(type);
}

#ifdef WF_DEBUG
bool wf_debug_static_types_ready;
#endif

static WfObject *alloc_bytes(WfTypeObject *type, size_t size) {
    wf_assert(!wf_debug_static_types_ready ||
              (__atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE) & WF_TPFLAGS_READY));
    size_t pre = type_has_gc(type) ? sizeof(WfGCHead) : 0;
    char *mem = wf_raw_calloc(1, pre + size);
    if (mem == NULL) {
        wf_err_no_memory();
        return NULL;
    }
    WfObject *op = (WfObject *)(mem + pre);
    init_header(op, type);
    return op;
}

WfObject *wf_object_alloc(WfTypeObject *type) {
    /* calloc: an inline attribute region (inline_attrs.c) starts empty */
    return alloc_bytes(type, (size_t)type->tp_basicsize + (size_t)type->tp_inline_size);
}

WfObject *wf_object_alloc_var(WfTypeObject *type, wf_ssize_t nitems) {
    if (nitems < 0 || (type->tp_itemsize && (size_t)nitems > (SIZE_MAX / 2) / (size_t)type->tp_itemsize)) {
        wf_err_no_memory();
        return NULL;
    }
    size_t size = (size_t)type->tp_basicsize + (size_t)nitems * (size_t)type->tp_itemsize;
    /* round up to a word so inline items stay aligned */
    size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
    WfObject *op = alloc_bytes(type, size);
    if (op)
        WF_SET_SIZE(op, nitems);
    return op;
}

static void raw_free_cb(void *mem) { wf_raw_free(mem); }

void wf_object_free(void *p) {
    WfObject *op = p;
    WfTypeObject *type = op->ob_type;
    char *mem = (char *)op - (type_has_gc(type) ? sizeof(WfGCHead) : 0);
    if (WF_UNLIKELY(__atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE) &&
        wf_objects_are_shared())
        wf_qsbr_retire(mem, (size_t)type->tp_basicsize, raw_free_cb);
    else
        wf_raw_free(mem);
    if (type->tp_flags & WF_TPFLAGS_HEAPTYPE)
        wf_type_instance_decref(type);
}

void wf_object_init_static(WfObject *op, WfTypeObject *type) {
    op->ob_tid = 0;
    /* ob_flags keeps per-type bits preset in the static initializer. */
    op->ob_mutex = 0;
    op->ob_ref_local = WF_IMMORTAL_REFCNT;
    atomic_store_explicit(&op->ob_ref_shared, 0, memory_order_relaxed);
    op->ob_type = type;
}

/* ---- immortal and deferred ------------------------------------------------- */

void wf_set_immortal(WfObject *op) {
    op->ob_ref_local = WF_IMMORTAL_REFCNT;
    op->ob_tid = 0;
    atomic_store_explicit(&op->ob_ref_shared, 0, memory_order_relaxed);
}

/* A deferred object keeps one extra shared reference that only the cycle
 * collector drops, so its count cannot reach zero through stack traffic
 * that it does not see (tagged StackRefs count nothing). */
void wf_set_deferred(WfObject *op) {
    if (wf_is_immortal(op) || wf_is_deferred(op))
        return;
    op->ob_gc_bits |= WF_GC_DEFERRED;
    atomic_fetch_add_explicit(&op->ob_ref_shared, (intptr_t)1 << WF_SHARED_SHIFT,
                              memory_order_relaxed);
}

wf_ssize_t wf_refcount(const WfObject *op) {
    if (wf_is_immortal(op))
        return (wf_ssize_t)WF_IMMORTAL_REFCNT;
    intptr_t shared = atomic_load_explicit(&((WfObject *)op)->ob_ref_shared, memory_order_relaxed);
    uint32_t local = __atomic_load_n(&op->ob_ref_local, __ATOMIC_RELAXED);
    return (wf_ssize_t)local + (wf_ssize_t)(shared >> WF_SHARED_SHIFT);
}

/* ---- the slow paths of wf_decref ------------------------------------------- */

void wf_dealloc(WfObject *op) {
    wf_destructor dealloc = WF_TYPE(op)->tp_dealloc;
    wf_assert(dealloc != NULL);
    dealloc(op);
}

/* Owner's local count reached zero: merge with the shared count.
 *
 * A QUEUED object (in this thread's merge queue, brc.c) is never freed here:
 * the queue holds one reference that is still counted in ob_ref_shared (the
 * queuing thread did not subtract it), so with ob_ref_local == 0 the shared
 * count is >= 1. It becomes MERGED with that count; the queue's later
 * wf_explicit_merge_refcount(op, -1) drops the queue's reference and frees
 * it exactly once, when that reaches zero. */
void wf_merge_zero_local_refcount(WfObject *op) {
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_acquire);
    if (shared == 0) {
        /* Nobody else ever took a reference: the fast, common case. */
        wf_dealloc(op);
        return;
    }
    /* Give up ownership: from now on only the shared count is used. The
     * relaxed store pairs with the relaxed ob_tid loads of wf_incref/decref:
     * other threads see either the old owner or 0, never their own id, so
     * they keep using the shared count either way. */
    __atomic_store_n(&op->ob_tid, (uintptr_t)0, __ATOMIC_RELAXED);
    intptr_t desired;
    do {
        desired = (shared & ~(intptr_t)WF_REF_SHARED_FLAG_MASK) | WF_REF_MERGED;
    } while (!atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared, desired,
                                                    memory_order_acq_rel, memory_order_acquire));
    if (desired == WF_REF_MERGED)   /* merged count zero */
        wf_dealloc(op);
}

/* Folds the local count into the shared one (state MERGED), gives up
 * ownership and returns the total plus `extra`. Called by the owner (its
 * merge queue) or, when the owner has exited, by the thread that queued op
 * while it holds op's brc bucket lock (brc.c: no thread can own op then). */
wf_ssize_t wf_explicit_merge_refcount(WfObject *op, wf_ssize_t extra) {
    wf_assert(!wf_is_immortal(op));
    /* Give up ownership BEFORE the CAS that publishes MERGED: once it is
     * visible, another thread may drop the count to zero and free (or
     * finalize) op, and its writes to these fields must not race with ours
     * (its CAS reads from ours: release/acquire orders the stores first).
     * Only the owner changes the local count, so it is read once. */
    intptr_t local = (intptr_t)__atomic_load_n(&op->ob_ref_local, __ATOMIC_RELAXED);
    __atomic_store_n(&op->ob_ref_local, (uint32_t)0, __ATOMIC_RELAXED);
    __atomic_store_n(&op->ob_tid, (uintptr_t)0, __ATOMIC_RELAXED);
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed);
    intptr_t refcnt, desired;
    do {
        refcnt = (shared >> WF_SHARED_SHIFT) + local + extra;
        desired = (intptr_t)((uintptr_t)refcnt << WF_SHARED_SHIFT) | WF_REF_MERGED;
    } while (!atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared, desired,
                                                    memory_order_acq_rel, memory_order_relaxed));
    return (wf_ssize_t)refcnt;
}

/* A non-owner drops a reference (CPython's _Py_DecRefShared).
 *  - MERGED: plain atomic decrement; the thread that reaches zero frees.
 *  - not merged, shared count exactly zero: the owner's local count holds
 *    the reference being dropped, and subtracting would hide from the owner
 *    that the object may now be garbage. Instead mark it QUEUED without
 *    subtracting (the owner's merge queue now holds that reference) and hand
 *    it to the owner (brc.c), who merges and frees it if nothing is left.
 *  - otherwise (already QUEUED, or a positive count): subtract; the count may
 *    go negative while QUEUED, the merge settles it. */
void wf_decref_shared(WfObject *op) {
#ifdef WF_DEBUG
    wf_debug_note_shared_ref(op, false);
#endif
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed);
    intptr_t desired;
    bool queue;
    do {
        queue = shared == WF_REF_SHARED_INIT || shared == WF_REF_MAYBE_WEAKREF;
        desired = queue ? WF_REF_QUEUED : shared - ((intptr_t)1 << WF_SHARED_SHIFT);
    } while (!atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared, desired,
                                                    memory_order_acq_rel, memory_order_relaxed));
    if (queue)
        wf_brc_queue_object(op);
    else if (desired == WF_REF_MERGED)
        wf_dealloc(op);
}

