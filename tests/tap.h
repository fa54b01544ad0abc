/* tap.h — a tiny TAP producer for weft's C unit tests (no Debian package has one).
 *
 *   int main(void) { plan(2); ok(1 + 1 == 2, "adds"); is_int(3, 3, "three"); return done_testing(); }
 *
 * done_testing() returns 1 on any failure or plan mismatch, so ctest (which
 * reads only the exit status) fails too. */
#ifndef WF_TAP_H
#define WF_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_planned = -1, tap_run = 0, tap_failed = 0, tap_todo = 0;

static inline void plan(int n) { tap_planned = n; printf("1..%d\n", n); fflush(stdout); }

static inline void diag(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    printf("# ");
    vprintf(fmt, va);
    printf("\n");
    va_end(va);
}

static inline int ok_at(int cond, const char *file, int line, const char *fmt, ...) {
    va_list va;
    tap_run++;
    printf("%sok %d - ", cond ? "" : "not ", tap_run);
    va_start(va, fmt);
    vprintf(fmt, va);
    va_end(va);
    if (tap_todo)
        printf(" # TODO");
    printf("\n");
    if (!cond) {
        printf("#   failed at %s:%d\n", file, line);
        if (!tap_todo)
            tap_failed++;
    }
    fflush(stdout);
    return cond;
}
#define ok(cond, ...) ok_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                             \
    do {                                                                                   \
        long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                   \
        if (!ok(tap_g_ == tap_w_, __VA_ARGS__))                                            \
            diag("    got: %lld, expected: %lld", tap_g_, tap_w_);                         \
    } while (0)
#define is_str(got, want, ...)                                                             \
    do {                                                                                   \
        const char *tap_g_ = (got), *tap_w_ = (want);                                      \
        if (!ok(tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0, __VA_ARGS__))              \
            diag("    got: '%s', expected: '%s'", tap_g_ ? tap_g_ : "(null)", tap_w_);     \
    } while (0)

static inline void skip(int n, const char *why) {
    for (int i = 0; i < n; i++)
        printf("ok %d # skip %s\n", ++tap_run, why);
}
static inline void todo_start(void) { tap_todo = 1; }
static inline void todo_end(void) { tap_todo = 0; }
static inline void bail_out(const char *why) { printf("Bail out! %s\n", why); exit(255); }

static inline int done_testing(void) {
    if (tap_planned < 0)
        printf("1..%d\n", tap_run);
    else if (tap_planned != tap_run)
        diag("planned %d tests but ran %d", tap_planned, tap_run);
    return (tap_failed > 0 || (tap_planned >= 0 && tap_planned != tap_run)) ? 1 : 0;
}

#endif /* WF_TAP_H */
