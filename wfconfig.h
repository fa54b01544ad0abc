/* wfconfig.h — build-wide switches, in one place (Wren's wren_common.h style).
 *
 * WF_DEBUG         set by CMake for -DCMAKE_BUILD_TYPE=Debug: every cheap
 *                  invariant is asserted (wf_assert), and the eval loop clears
 *                  frame->stackpointer while it holds the stack top in a
 *                  register so the root walker can assert it was spilled.
 * WF_SYSTEM_MALLOC set by CMake for sanitizer builds: objects come from plain
 *                  malloc so ASan/TSan see them (DEPENDENCIES.md, mimalloc).
 * WF_STRESS_ROOTS  (-DWF_STRESS_ROOTS) walk the thread's exact roots before
 *                  every call that can run Python code (stackref/roots.c): a
 *                  frame whose stack pointer was not spilled fails an assertion.
 * WF_STRESS_GC     (later) collect at every safe point, to prove exactness.
 */
#ifndef WF_CONFIG_H
#define WF_CONFIG_H

#include <assert.h>

#define WF_VERSION "3.12.0"          /* the Python language version weft follows */
#define WF_IMPL_VERSION "0.1.0"      /* weft's own version */
#define WF_DEFAULT_RECURSION_LIMIT 1000

#ifdef WF_DEBUG
#define wf_assert(cond) assert(cond)
#else
#define wf_assert(cond) ((void)0)
#endif

#if defined(__GNUC__)
#define WF_LIKELY(x) __builtin_expect(!!(x), 1)
#define WF_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WF_NOINLINE __attribute__((noinline))
#define WF_UNUSED __attribute__((unused))
#else
#define WF_LIKELY(x) (x)
#define WF_UNLIKELY(x) (x)
#define WF_NOINLINE
#define WF_UNUSED
#endif

#endif /* WF_CONFIG_H */
