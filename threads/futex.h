/* futex.h — futex waits and wakes, for threads/ only (private: not part
 * of threads.h).
 *
 * A futex wait returns early on a wake-up, a signal or a changed word:
 * callers always re-check their condition in a loop.
 */
#ifndef WF_THREADS_FUTEX_H
#define WF_THREADS_FUTEX_H

#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleeps while *word == expected, at most timeout_ns (-1: no limit). */
static inline void wf_futex_wait(_Atomic(uint32_t) *word, uint32_t expected, int64_t timeout_ns) {
    struct timespec rel = {(time_t)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000)};
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, expected,
            timeout_ns >= 0 ? &rel : NULL, NULL, 0);
}

/* Wakes up to n sleepers on word (INT_MAX: all). */
static inline void wf_futex_wake(_Atomic(uint32_t) *word, int n) {
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

#endif /* WF_THREADS_FUTEX_H */
