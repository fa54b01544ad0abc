/* bias.h — biased leaf operations: the owner of a container that no other
 * thread has touched runs short operations on it without its mutex.
 *
 * Contract:
 *  - A LEAF operation (list item store, append, atomic copy) runs no Python
 *    code, never blocks or detaches and never nests another biased
 *    operation. Only leaf operations may use the biased path:
 *
 *        if (wf_bias_enter(ts, op)) { ...body...; wf_bias_exit(ts); }
 *        else { WF_BEGIN_CRITICAL_SECTION(op); ...body...; WF_END_CRITICAL_SECTION(); }
 *
 *  - Only lists, dicts, sets (wf_list_check / wf_dict_check /
 *    wf_anyset_check) and instances with inline attributes (tp_inline_size,
 *    runtime/objects/inline_attrs.c) may be biased: marking revokes the
 *    bias of those only.
 *  - wf_bias_enter succeeds only for the owner thread (ob_tid), while op is
 *    neither marked WF_GC_SHARED_READ nor being marked (WF_GC_REVOKING).
 *    The owner's thread state is in the registry, so wf_bias_revoke finds it
 *    (a thread without one never biases).
 *    It announces op in ts->biased_object with a plain store and then
 *    reads op's bits with a plain load: no atomic read-modify-write, no
 *    fence. The owner's first biased operation on op first sets
 *    WF_OBJ_FLAG_BIASED in ob_flags (a seq_cst read-modify-write, then a
 *    seq_cst load of the bits).
 *  - A thread that is not the owner reaches op only through op's mutex, and
 *    its first lock marks op (lockfree.h point 3). Marking first sets
 *    WF_GC_REVOKING, then calls wf_bias_revoke: if the owner is attached,
 *    membarrier(PRIVATE_EXPEDITED) makes every running thread execute a
 *    full barrier (asymmetric Dekker, as liburcu's memb flavour), after
 *    which either the owner's announcement is visible or its next bits
 *    load sees REVOKING; the marker then waits until the owner's
 *    biased_object is no longer op (acquire, partner of wf_bias_exit's
 *    release). From then on the owner takes the mutex like everyone else.
 *  - The marker skips the membarrier when op lacks WF_OBJ_FLAG_BIASED
 *    (seq_cst load after its seq_cst REVOKING): by the store-buffering rule
 *    for seq_cst operations, either it sees the flag or the owner's first
 *    bits load sees REVOKING, and every later load of the owner's too. So
 *    containers handed to another thread before their owner biased them
 *    (literals, comprehensions) cost no membarrier: on a VM its IPIs cost
 *    about 20 µs.
 *  - A thread whose objects keep being marked (a producer handing out the
 *    lists it filled) would pay that on every hand-over. After
 *    WF_BIAS_FENCE_AFTER membarriers for its objects, a marker sets its
 *    bias_mode to WF_BIAS_FENCE_REQUESTED; the thread itself, at its next
 *    biased operation, stores WF_BIAS_FENCED (seq_cst) and from then on
 *    announces with an exchange (seq_cst) and reads the bits seq_cst: the
 *    plain Dekker, one barrier per operation. A marker that reads FENCED
 *    (seq_cst) needs no membarrier: every operation the owner began
 *    before its store has ended (the owner is one thread), and every later
 *    one is fenced.
 *  - Without a working membarrier (old kernels, seccomp), wf_bias_enabled
 *    stays false and every operation takes the mutex.
 */
#ifndef WF_BIAS_H
#define WF_BIAS_H

#include "runtime/objects/object.h"
#include "threads/tstate.h"

extern bool wf_bias_enabled;   /* written once, before the second thread starts */

/* ts->bias_mode */
#define WF_BIAS_PLAIN          0
#define WF_BIAS_FENCE_REQUESTED 1
#define WF_BIAS_FENCED         2
#define WF_BIAS_FENCE_AFTER    8   /* membarriers for one thread's objects before it fences */

/* Registers the process for expedited membarriers (idempotent); called
 * before the second thread starts. */
void wf_bias_init(void);

/* Marker side: op's mutex is held, WF_GC_REVOKING is set (seq_cst). Waits
 * until op's owner is not inside a biased operation on op. */
void wf_bias_revoke(WfObject *op);

/* The owner's first biased operation on op (sets WF_OBJ_FLAG_BIASED), and
 * every operation of a thread that fences. */
bool wf_bias_enter_slow(WfThreadState *ts, WfObject *op);

static inline bool wf_bias_enter(WfThreadState *ts, WfObject *op) {
    if (!wf_bias_enabled || ts == NULL || !wf_is_owned_by_current_thread(op))
        return false;
    if (WF_UNLIKELY(!(__atomic_load_n(&op->ob_flags, __ATOMIC_RELAXED) & WF_OBJ_FLAG_BIASED) ||
                    __atomic_load_n(&ts->bias_mode, __ATOMIC_RELAXED) != WF_BIAS_PLAIN))
        return wf_bias_enter_slow(ts, op);
    __atomic_store_n(&ts->biased_object, op, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);   /* compiler order only: membarrier does the rest */
    if (WF_UNLIKELY(__atomic_load_n(&op->ob_gc_bits, __ATOMIC_RELAXED) &
                    (WF_GC_REVOKING | WF_GC_SHARED_READ))) {
        __atomic_store_n(&ts->biased_object, NULL, __ATOMIC_RELEASE);
        return false;
    }
    return true;
}

static inline void wf_bias_exit(WfThreadState *ts) {
    __atomic_store_n(&ts->biased_object, NULL, __ATOMIC_RELEASE);
}

/* Debug: whether the calling thread is inside a biased operation on op. */
static inline bool wf_bias_held(WfObject *op) {
    WfThreadState *ts = wf_tstate_current;
    return ts != NULL && __atomic_load_n(&ts->biased_object, __ATOMIC_RELAXED) == op;
}

#endif /* WF_BIAS_H */
