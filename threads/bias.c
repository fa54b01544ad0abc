/* bias.c — the revocation side of biased leaf operations (bias.h). */
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "threads/bias.h"
#include "threads/threads.h"

bool wf_bias_enabled;

static long membarrier(int cmd) { return syscall(__NR_membarrier, cmd, 0, 0); }

static void bias_init_once(void) {
    long cmds = membarrier(MEMBARRIER_CMD_QUERY);
    if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
        return;
    if (membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) != 0)
        return;
    wf_bias_enabled = true;
}

void wf_bias_init(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, bias_init_once);
}

/* Partner of wf_bias_revoke's checks (bias.h): the flag is set, and a
 * fencing thread announces op, before the bits are read, all seq_cst. */
bool wf_bias_enter_slow(WfThreadState *ts, WfObject *op) {
    if (!(__atomic_load_n(&op->ob_flags, __ATOMIC_RELAXED) & WF_OBJ_FLAG_BIASED))
        __atomic_fetch_or(&op->ob_flags, (uint16_t)WF_OBJ_FLAG_BIASED, __ATOMIC_SEQ_CST);
    uint8_t mode = __atomic_load_n(&ts->bias_mode, __ATOMIC_RELAXED);
    if (mode == WF_BIAS_FENCE_REQUESTED) {
        /* No biased operation of ours is under way: from here on all are fenced. */
        __atomic_store_n(&ts->bias_mode, (uint8_t)WF_BIAS_FENCED, __ATOMIC_SEQ_CST);
        mode = WF_BIAS_FENCED;
    }
    if (mode == WF_BIAS_FENCED)
        (void)__atomic_exchange_n(&ts->biased_object, op, __ATOMIC_SEQ_CST);
    else
        __atomic_store_n(&ts->biased_object, op, __ATOMIC_RELAXED);
    if (__atomic_load_n(&op->ob_gc_bits, __ATOMIC_SEQ_CST) & (WF_GC_REVOKING | WF_GC_SHARED_READ)) {
        __atomic_store_n(&ts->biased_object, NULL, __ATOMIC_RELEASE);
        return false;
    }
    return true;
}

void wf_bias_revoke(WfObject *op) {
    if (!wf_bias_enabled)
        return;
    uintptr_t owner = __atomic_load_n(&op->ob_tid, __ATOMIC_RELAXED);
    if (owner == 0)
        return;   /* no owner: nobody may take the biased path */
    /* WF_GC_REVOKING was set seq_cst: an owner that has not set the flag
     * yet will see it (bias.h). */
    if (!(__atomic_load_n(&op->ob_flags, __ATOMIC_SEQ_CST) & WF_OBJ_FLAG_BIASED))
        return;
    /* The registry lock keeps the owner's thread state alive while we look
     * at it; a leaf operation never needs it. */
    wf_registry_lock();
    for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next) {
        if (t->thread_id != owner || t == wf_tstate_current)
            continue;
        uint8_t mode = __atomic_load_n(&t->bias_mode, __ATOMIC_SEQ_CST);
        if (mode != WF_BIAS_FENCED) {
            /* Whatever the owner's status: it needs no argument about
             * attach's ordering. */
            if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0) {
                /* Cannot fail once registered (its errors are EINVAL/EPERM). */
                fprintf(stderr, "weft: fatal: membarrier failed after registration\n");
                abort();
            }
            if (mode == WF_BIAS_PLAIN && ++t->bias_revocations >= WF_BIAS_FENCE_AFTER)
                __atomic_store_n(&t->bias_mode, (uint8_t)WF_BIAS_FENCE_REQUESTED, __ATOMIC_RELAXED);
        }
        /* FENCED: the owner's announcement and our REVOKING are both
         * seq_cst, so this load sees an operation that missed REVOKING. */
        while (__atomic_load_n(&t->biased_object, __ATOMIC_SEQ_CST) == op)
            sched_yield();
        break;
    }
    wf_registry_unlock();
}
