/* mutex.h — a lock in one byte, with parking (CPython's PyMutex).
 *
 * Any uint8_t can be a mutex: objects use their header's ob_mutex (through
 * critical sections), other code embeds a WfMutex. Bits: WF_MUTEX_LOCKED,
 * WF_MUTEX_HAS_PARKED (some thread sleeps in the parking lot on this byte).
 *
 * Invariants:
 *  - The byte is changed only with atomic read-modify-writes (GCC __atomic
 *    builtins, since the header field is a plain uint8_t); locking is an
 *    acquire, unlocking a release.
 *  - HAS_PARKED is set only by a waiter, under the parking-lot bucket lock of
 *    the byte's address, and cleared only by an unlocker under the same
 *    bucket lock, when it finds no more waiters. So an unlock that sees
 *    HAS_PARKED always finds (or races harmlessly with) a sleeper to wake.
 *  - No hand-off: a woken waiter competes for the lock again. That costs
 *    fairness but means a thread never owns a lock while it sleeps or while it
 *    is suspended by a stop-the-world (the deadlock of CPython gh-144513).
 *  - wf_mutex_lock() spins briefly, then parks. When the calling thread is
 *    attached it DETACHES while parked (wf_detach: its critical sections are
 *    suspended, a stop-the-world may proceed) and re-attaches before it
 *    retries. wf_mutex_lock_nodetach() parks without detaching: only for locks
 *    held over short code that never blocks or runs Python (registries).
 */
#ifndef WF_MUTEX_H
#define WF_MUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include "wfconfig.h"

#define WF_MUTEX_LOCKED     0x1
#define WF_MUTEX_HAS_PARKED 0x2

typedef struct WfMutex {
    uint8_t v;                  /* zero-initialised = unlocked */
} WfMutex;

/* Blocks until locked (see the header comment about detaching). */
void wf_mutex_lock(uint8_t *m);
/* Same, but never detaches while waiting. */
void wf_mutex_lock_nodetach(uint8_t *m);
/* Waits at most timeout_ns (< 0: forever; 0: try once), detaching while parked
 * when `detach` is true. true when locked. `spin`: yield the CPU a few times
 * before parking, for a holder about to unlock; a caller that already waited
 * one slice passes false (its holder is a long one, and each sched_yield on a
 * busy machine takes a turn from a thread with work). */
bool wf_mutex_lock_timed(uint8_t *m, int64_t timeout_ns, bool detach, bool spin);
/* Unlocks; wakes one waiter if any is parked. The caller must hold the lock
 * (not checked: any thread may unlock, as _thread.lock allows). */
void wf_mutex_unlock_slow(uint8_t *m);

static inline bool wf_mutex_trylock_fast(uint8_t *m) {
    uint8_t expected = 0;
    return __atomic_compare_exchange_n(m, &expected, WF_MUTEX_LOCKED, false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

/* Takes the lock if it is free, even when waiters are parked. */
static inline bool wf_mutex_trylock(uint8_t *m) {
    uint8_t v = __atomic_load_n(m, __ATOMIC_RELAXED);
    while (!(v & WF_MUTEX_LOCKED)) {
        if (__atomic_compare_exchange_n(m, &v, (uint8_t)(v | WF_MUTEX_LOCKED), false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return true;
    }
    return false;
}

static inline void wf_mutex_unlock(uint8_t *m) {
    uint8_t expected = WF_MUTEX_LOCKED;
    if (WF_LIKELY(__atomic_compare_exchange_n(m, &expected, 0, false, __ATOMIC_RELEASE,
                                              __ATOMIC_RELAXED)))
        return;
    wf_mutex_unlock_slow(m);
}

static inline bool wf_mutex_is_locked(const uint8_t *m) {
    return (__atomic_load_n(m, __ATOMIC_RELAXED) & WF_MUTEX_LOCKED) != 0;
}

#endif /* WF_MUTEX_H */
