/* lockfree.c — support for lock-free container reads (lockfree.h): the
 * multi-threaded switch, publication, try-incref and buffer retirement.
 * The deferred free of published objects is in refcount.c (wf_object_free).
 *
 * Invariants: see lockfree.h; the race argument is in
 * docs/containers-threads.md.
 */
#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "threads/bias.h"
#include "threads/critical_section.h"
#include "threads/qsbr.h"

/* ---- lock-free container reads (lockfree.h) -------------------------------- */

/* Global, written once (false -> true) before the second thread starts;
 * see lockfree.h for why relaxed reads are enough. */
_Atomic(bool) wf_objects_multithreaded;

void wf_objects_set_multithreaded(void) {
    atomic_store_explicit(&wf_objects_multithreaded, true, memory_order_seq_cst);
}

/* Publication: the bit with an atomic OR (the owner may be setting other
 * gc bits), then the MAYBE_WEAKREF state so that non-owners can try-incref
 * an object whose references are all owner-local. */
void wf_object_publish_slow(WfObject *op) {
    __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_SHARED_ONCE, __ATOMIC_RELAXED);
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed);
    while ((shared & WF_REF_SHARED_FLAG_MASK) == WF_REF_SHARED_INIT) {
        if (atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared,
                                                  shared | WF_REF_MAYBE_WEAKREF,
                                                  memory_order_relaxed, memory_order_relaxed))
            break;
    }
}

/* Fails on 0 (the owner holds every reference and may free without a CAS)
 * and on MERGED with count 0 (dead). Partners: the CAS of
 * wf_merge_zero_local_refcount and of wf_decref_shared. */
bool wf_try_incref_shared(WfObject *op) {
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed);
    for (;;) {
        if (shared == 0 || shared == WF_REF_MERGED)
            return false;
        if (atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared,
                                                  shared + ((intptr_t)1 << WF_SHARED_SHIFT),
                                                  memory_order_relaxed, memory_order_relaxed))
            return true;
    }
}

/* The first lock by a thread other than the owner (lockfree.h point 3).
 * The contents are published before the mark is visible (release), so a
 * reader that sees the mark finds every item published; writers, which
 * check the mark inside the section, publish from then on. */
void wf_object_mark_shared(WfObject *op) {
    /* Only lists and dicts run biased operations (threads/bias.h): for
     * them, stop new ones, wait for the current one (a membarrier), then
     * publish. Other objects need neither the barrier nor publishing. */
    bool list = wf_list_check(op), dict = !list && wf_dict_check(op);
    if (list || dict) {
        __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_REVOKING, __ATOMIC_SEQ_CST);
        wf_bias_revoke(op);
    }
    if (list)
        wf_list_publish_items_lock_held(op);
    else if (dict)
        wf_dict_publish_entries_lock_held(op);
    __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_SHARED_READ, __ATOMIC_RELEASE);
}

void wf_container_mark_by_locking(WfObject *c) {
    if (!wf_objects_are_shared())
        return;
    WF_BEGIN_CRITICAL_SECTION(c);
    WF_END_CRITICAL_SECTION();
}

static void buffer_free_cb(void *p) { wf_mem_free(p); }

void wf_objects_retire_buffer(const WfObject *c, void *p, size_t bytes) {
    if (p == NULL)
        return;
    if (wf_object_is_shared_read(c))
        wf_qsbr_retire(p, bytes, buffer_free_cb);
    else
        wf_mem_free(p);
}

/* ---- references dropped after a grace period --------------------------------
 * wf_object_retire_ref: a node per reference is retired through
 * wf_qsbr_retire, whose free callback (which may not touch objects) only
 * pushes the node onto a lock-free stack of ready nodes; the next
 * wf_object_retire_ref on any thread pops them all and drops the
 * references. Global state, safe because the stack is a Treiber stack
 * (push: CAS; pop: exchange of the whole list, so no ABA) and each node is
 * owned by one party at a time. */
typedef struct RetiredRef {
    struct RetiredRef *next;
    WfObject *obj;
} RetiredRef;

static _Atomic(RetiredRef *) retired_refs_ready;

static void retired_ref_ready_cb(void *p) {
    RetiredRef *n = p;
    RetiredRef *head = atomic_load_explicit(&retired_refs_ready, memory_order_relaxed);
    do {
        n->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&retired_refs_ready, &head, n,
                                                    memory_order_release, memory_order_relaxed));
}

void wf_objects_drain_retired_refs(void) {
    if (atomic_load_explicit(&retired_refs_ready, memory_order_relaxed) == NULL)
        return;
    /* Acquire: partner of the release push, so the node's fields are seen. */
    RetiredRef *n = atomic_exchange_explicit(&retired_refs_ready, NULL, memory_order_acquire);
    while (n != NULL) {
        RetiredRef *next = n->next;
        wf_decref(n->obj);
        wf_mem_free(n);
        n = next;
    }
}

void wf_object_retire_ref(WfObject *op) {
    if (op == NULL)
        return;
    if (!wf_objects_are_shared()) {
        wf_decref(op);
        return;
    }
    wf_objects_drain_retired_refs();
    RetiredRef *n = wf_mem_malloc(sizeof(*n));
    if (n == NULL)
        return;   /* keeping the object alive is the safe choice */
    n->next = NULL;
    n->obj = op;
    wf_qsbr_retire(n, sizeof(*n), retired_ref_ready_cb);
}

/* ---- shared object fields --------------------------------------------------- */

/* The marking of an owner publishes nothing (a field's owner can be any
 * type), so the value read here is published: the next lock-free read of
 * it can then try-incref, and a later replacement retires it through QSBR. */
static WF_NOINLINE WfObject *field_get_ref_locked(WfObject *owner, WfObject **field) {
    WfObject *v;
    WF_BEGIN_CRITICAL_SECTION(owner);
    v = *field;
    if (v != NULL) {
        wf_incref(v);
        wf_object_publish_into(owner, v);
    }
    WF_END_CRITICAL_SECTION();
    return v;
}

WfObject *wf_field_get_ref(WfObject *owner, WfObject **field) {
    wf_container_prepare_read(owner);
    WfObject *v = __atomic_load_n(field, __ATOMIC_ACQUIRE);
    if (v == NULL || WF_LIKELY(wf_try_incref(v)))
        return v;
    return field_get_ref_locked(owner, field);
}

/* The old value is published too: it was stored before the owner was
 * marked, perhaps, and a lock-free reader may have loaded it. */
void wf_field_set(WfObject *owner, WfObject **field, WfObject *value) {
    WfObject *old;
    WF_BEGIN_CRITICAL_SECTION(owner);
    old = *field;
    if (value != NULL)
        wf_object_publish_into(owner, value);
    if (old != NULL)
        wf_object_publish_into(owner, old);
    __atomic_store_n(field, value, __ATOMIC_RELEASE);
    WF_END_CRITICAL_SECTION();
    wf_xdecref(old);   /* after the section: __del__ may run */
}
