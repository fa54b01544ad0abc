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
 *  - Only lists, dicts and sets (wf_list_check / wf_dict_check /
 *    wf_anyset_check) may be biased: marking revokes the bias of those
 *    types only.
 *  - wf_bias_enter succeeds only for the owner thread (ob_tid), while op is
 *    neither marked WF_GC_SHARED_READ nor being marked (WF_GC_REVOKING).
 *    The owner's thread state is in the registry, so wf_bias_revoke finds it
 *    (a thread without one never biases).
 *    It announces op in ts->biased_object with a plain store and then
 *    reads op's bits with a plain load: no atomic read-modify-write, no
 *    fence.
 *  - A thread that is not the owner reaches op only through op's mutex, and
 *    its first lock marks op (lockfree.h point 3). Marking first sets
 *    WF_GC_REVOKING, then calls wf_bias_revoke: if the owner is attached,
 *    membarrier(PRIVATE_EXPEDITED) makes every running thread execute a
 *    full barrier (asymmetric Dekker, as liburcu's memb flavour), after
 *    which either the owner's announcement is visible or its next bits
 *    load sees REVOKING; the marker then waits until the owner's
 *    biased_object is no longer op (acquire, partner of wf_bias_exit's
 *    release). From then on the owner takes the mutex like everyone else.
 *  - Without a working membarrier (old kernels, seccomp), wf_bias_enabled
 *    stays false and every operation takes the mutex.
 */
#ifndef WF_BIAS_H
#define WF_BIAS_H

#include "runtime/objects/object.h"
#include "threads/tstate.h"

extern bool wf_bias_enabled;   /* written once, before the second thread starts */

/* Registers the process for expedited membarriers (idempotent); called
 * before the second thread starts. */
void wf_bias_init(void);

/* Marker side: op's mutex is held, WF_GC_REVOKING is set (seq_cst). Waits
 * until op's owner is not inside a biased operation on op. */
void wf_bias_revoke(WfObject *op);

static inline bool wf_bias_enter(WfThreadState *ts, WfObject *op) {
    if (!wf_bias_enabled || ts == NULL || !wf_is_owned_by_current_thread(op))
        return false;
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
