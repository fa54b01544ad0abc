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

void wf_bias_revoke(WfObject *op) {
    if (!wf_bias_enabled)
        return;
    uintptr_t owner = __atomic_load_n(&op->ob_tid, __ATOMIC_RELAXED);
    if (owner == 0)
        return;   /* no owner: nobody may take the biased path */
    /* The registry lock keeps the owner's thread state alive while we look
     * at it; a leaf operation never needs it. */
    wf_registry_lock();
    for (WfThreadState *t = wf_main_interpreter.threads; t; t = t->next) {
        if (t->thread_id != owner || t == wf_tstate_current)
            continue;
        /* Whatever the owner's status: cheap enough for a once-per-object
         * event, and it needs no argument about attach's ordering. */
        if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0) {
            /* Cannot fail once registered (its errors are EINVAL/EPERM). */
            fprintf(stderr, "weft: fatal: membarrier failed after registration\n");
            abort();
        }
        while (__atomic_load_n(&t->biased_object, __ATOMIC_ACQUIRE) == op)
            sched_yield();
        break;
    }
    wf_registry_unlock();
}
