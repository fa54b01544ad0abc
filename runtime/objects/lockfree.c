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
#include "threads/threads.h"
#include "stackref/roots.h"

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
static void publish_one(WfObject *op) {
    __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_SHARED_ONCE, __ATOMIC_RELAXED);
    intptr_t shared = atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed);
    while ((shared & WF_REF_SHARED_FLAG_MASK) == WF_REF_SHARED_INIT) {
        if (atomic_compare_exchange_weak_explicit(&op->ob_ref_shared, &shared,
                                                  shared | WF_REF_MAYBE_WEAKREF,
                                                  memory_order_relaxed, memory_order_relaxed))
            break;
    }
}

/* A published tuple's items are published too, so that `x, y = POINTS[i]`
 * lends them (tuple.h). Nested tuples to a small depth: publication only
 * enables lending, so an item left unpublished is merely counted. */
#define PUBLISH_TUPLE_DEPTH 4

static void publish_with_items(WfObject *op, int depth) {
    publish_one(op);
    if (!wf_tuple_check_exact(op) || depth >= PUBLISH_TUPLE_DEPTH)
        return;
    for (wf_ssize_t i = 0, n = WF_TUPLE_SIZE(op); i < n; i++) {
        WfObject *v = WF_TUPLE_ITEM(op, i);
        if (v != NULL && !(__atomic_load_n(&v->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE) &&
            !wf_is_immortal(v))
            publish_with_items(v, depth + 1);
    }
}

void wf_object_publish_slow(WfObject *op) { publish_with_items(op, 0); }

/* Fails on 0 (the owner holds every reference and may free without a CAS)
 * and on MERGED with count 0 (dead). Partners: the CAS of
 * wf_merge_zero_local_refcount and of wf_decref_shared. */
bool wf_try_incref_shared(WfObject *op) {
#ifdef WF_DEBUG
    wf_debug_note_shared_ref(op, true);
#endif
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

/* Unlike wf_try_incref, a non-owner may add to a shared count of zero: op
 * cannot be freed by its owner meanwhile, since whatever lets the caller
 * reach op holds a count (a retired reference waits for our grace period).
 * Only the freeing thread sees zero: its own local count, or MERGED zero. */
bool wf_object_hold_reachable(WfObject *op) {
    uint32_t local = wf_ref_local_load(op);
    if (local == WF_IMMORTAL_REFCNT)
        return false;
    if (wf_is_owned_by_current_thread(op)) {
        if (local == 0)
            return false;
    } else if (atomic_load_explicit(&op->ob_ref_shared, memory_order_relaxed) == WF_REF_MERGED) {
        return false;
    }
    wf_incref(op);
    return true;
}

/* The first lock by a thread other than the owner (lockfree.h point 3).
 * The contents are published before the mark is visible (release), so a
 * reader that sees the mark finds every item published; writers, which
 * check the mark inside the section, publish from then on. */
void wf_object_mark_shared(WfObject *op) {
    /* Only lists, dicts, sets and instances with inline attributes run
     * biased operations (threads/bias.h): for them, stop new ones, wait for
     * the current one (a membarrier), then publish (lists and dicts: sets
     * have no lock-free readers, and an instance's readers lend or
     * try-incref what they read). Other objects need neither. */
    bool list = wf_list_check(op), dict = !list && wf_dict_check(op);
    if (list || dict || wf_anyset_check(op) || WF_TYPE(op)->tp_inline_size) {
        __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_REVOKING, __ATOMIC_SEQ_CST);
        wf_bias_revoke(op);
    }
    if (list)
        wf_list_publish_items_lock_held(op);
    else if (dict)
        wf_dict_publish_entries_lock_held(op);
    __atomic_fetch_or(&op->ob_gc_bits, (uint8_t)WF_GC_SHARED_READ, __ATOMIC_RELEASE);
}

/* The caller may have read c borrowed (an instance's __dict__ out of its
 * slot) and reads it again after this call. Taking the lock may block, and
 * a blocked thread is offline: the section then holds c counted until it
 * ends, and that count is dropped after a grace period, when the caller has
 * stopped reading c (wf_critical_section_hold_objects). */
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
 * wf_object_retire_ref appends to the calling thread's RefBatch (no
 * atomics). A full batch, or a partial one at the thread's next quiescent
 * report, offline transition or exit (wf_objects_submit_retired_refs,
 * called by threads/qsbr.c), is retired through wf_qsbr_retire as one
 * unit. Its free callback, which may not touch objects, only pushes the
 * batch onto a lock-free stack of ready batches; a thread at a safe point
 * (wf_objects_drain_retired_refs, from the eval breaker) pops them all and
 * drops the references, running any __del__ there. The stack is a Treiber
 * stack (push: CAS; pop: exchange of the whole list, so no ABA) and each
 * batch is owned by one party at a time. */
#define REF_BATCH_ITEMS 254

typedef struct RefBatch {
    struct RefBatch *next;
    size_t n;
    WfObject *refs[REF_BATCH_ITEMS];
} RefBatch;

static _Thread_local RefBatch *ref_batch;     /* this thread's unsubmitted references */
static _Atomic(RefBatch *) ready_batches;

_Thread_local bool wf_objects_thread_borrowed;

static void ref_batch_ready_cb(void *p) {
    RefBatch *b = p;
    RefBatch *head = atomic_load_explicit(&ready_batches, memory_order_relaxed);
    do {
        b->next = head;
    } while (!atomic_compare_exchange_weak_explicit(&ready_batches, &head, b,
                                                    memory_order_release, memory_order_relaxed));
}

bool wf_objects_retired_refs_ready(void) {
    return atomic_load_explicit(&ready_batches, memory_order_relaxed) != NULL;
}

/* A drop here may run __del__, whose safe points call this again: the
 * nested call returns at once and the outer loop takes what became ready
 * meanwhile, so a chain of finalizers never nests drains (it reached the
 * recursion limit in stress/borrowed_refs). */
static _Thread_local bool draining;

void wf_objects_drain_retired_refs(void) {
    if (draining || atomic_load_explicit(&ready_batches, memory_order_relaxed) == NULL)
        return;
    draining = true;
    /* Acquire: partner of the release push, so the batch's items are seen. */
    RefBatch *b;
    while ((b = atomic_exchange_explicit(&ready_batches, NULL, memory_order_acquire)) != NULL) {
        while (b != NULL) {
            RefBatch *next = b->next;
            for (size_t i = 0; i < b->n; i++)
                wf_decref(b->refs[i]);
            wf_mem_free(b);
            b = next;
        }
    }
    draining = false;
}

void wf_objects_submit_retired_refs(void) {
    RefBatch *b = ref_batch;
    if (b == NULL || b->n == 0)
        return;
    ref_batch = NULL;
    wf_qsbr_retire_refs(b, sizeof(*b), ref_batch_ready_cb);
    /* No other thread registered: the batch is ready at once, and no
     * ticker will poke us; drain at our own next safe point. */
    WfThreadState *ts = wf_tstate_current;
    if (ts != NULL && wf_objects_retired_refs_ready())
        wf_breaker_set(ts, WF_BREAKER_QSBR);
}

void wf_object_retire_ref(WfObject *op) {
    if (op == NULL)
        return;
    if (!wf_objects_are_shared()) {
        wf_decref(op);
        return;
    }
    if (wf_is_immortal(op))
        return;
    RefBatch *b = ref_batch;
    if (b == NULL) {
        b = wf_mem_malloc(sizeof(*b));
        if (b == NULL)
            return;   /* keeping the object alive is the safe choice */
        b->n = 0;
        ref_batch = b;
    }
    b->refs[b->n++] = op;
    if (b->n == REF_BATCH_ITEMS)
        wf_objects_submit_retired_refs();
}

/* Alone, no other thread holds a borrowed reference; our own become
 * counted. */
static bool may_drop_at_once(void) {
    /* The relaxed hint first: while threads run, skip the fence of the
     * exact check (retiring is always safe). */
    if (wf_qsbr_other_threads() || !wf_qsbr_only_thread())
        return false;
    if (wf_objects_thread_borrowed) {
        WfThreadState *ts = wf_tstate_current;
        if (ts != NULL)
            wf_roots_promote_thread(ts);
        wf_objects_thread_borrowed = false;
    }
    return true;
}

void wf_container_retire_item(WfObject *v) {
    if (may_drop_at_once())
        wf_decref(v);
    else
        wf_object_retire_ref(v);
}

void wf_container_drop_items_slow(const WfObject *c, WfObject **items, wf_ssize_t n) {
    bool retire = wf_object_is_shared_read(c) && !may_drop_at_once();
    for (wf_ssize_t i = n - 1; i >= 0; i--) {
        if (items[i] == NULL)
            continue;
        if (retire)
            wf_object_retire_ref(items[i]);
        else
            wf_decref(items[i]);
    }
}

/* ---- shared object fields --------------------------------------------------- */

/* The marking of an owner publishes nothing (a field's owner can be any
 * type), so the value read here is published: the next lock-free read of
 * it can then try-incref, and a later replacement retires it through QSBR. */
static WF_NOINLINE WfObject *field_get_ref_locked(WfObject *owner, WfObject **field) {
    WfObject *v;
    WF_BEGIN_CRITICAL_SECTION(owner);
    /* Atomic: a field changed by wf_field_exchange has writers outside the
     * section (a property's accessors, read through their members). */
    v = __atomic_load_n(field, __ATOMIC_ACQUIRE);
    if (v != NULL) {
        wf_incref(v);
        wf_object_publish_into(owner, v);
    }
    WF_END_CRITICAL_SECTION();
    return v;
}

void wf_field_exchange(WfObject **field, WfObject *value) {
    wf_object_retire_ref(__atomic_exchange_n(field, value, __ATOMIC_ACQ_REL));
}

WfObject *wf_field_dict_get_or_make(WfObject **field) {
    WfObject *dict = __atomic_load_n(field, __ATOMIC_ACQUIRE);
    if (dict)
        return dict;
    WfObject *fresh = wf_dict_new();
    if (!fresh)
        return NULL;
    /* Release: the dict's contents are visible before the pointer (partner:
     * the acquire load above). */
    WfObject *expected = NULL;
    if (__atomic_compare_exchange_n(field, &expected, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    wf_decref(fresh);
    return expected;
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
