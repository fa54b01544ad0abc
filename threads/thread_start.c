/* thread_start.c — starting and ending Python threads (_thread.start_new_thread).
 *
 * Invariants:
 *  - thread_count counts threads between wf_thread_start's increment (before
 *    pthread_create) and the end of their thread state; _thread._count().
 *  - wf_objects_set_multithreaded() runs before the first pthread_create:
 *    that store happens-before everything the new thread does.
 *  - The boot block's references (callable, args, kwargs) are owned by the
 *    new thread once pthread_create succeeds; it drops them while attached,
 *    before its thread state goes away.
 *  - Threads are created detached: nothing joins them at the C level
 *    (threading.py joins through locks).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/frame.h"
#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"
#include "threads/bias.h"
#include "threads/threads.h"

typedef struct Boot {
    WfObject *func, *args, *kwargs;
} Boot;

/* Process-wide counters; atomics, no lock needed. */
static _Atomic(long) thread_count;
static _Atomic(size_t) stack_size_setting;   /* 0: WF_THREAD_STACK_SIZE */

long wf_thread_count(void) { return atomic_load_explicit(&thread_count, memory_order_relaxed); }

size_t wf_thread_get_stack_size(void) {
    return atomic_load_explicit(&stack_size_setting, memory_order_relaxed);
}

int wf_thread_set_stack_size(size_t size) {
    if (size != 0 && size < 32768) {
        wf_err_format(wf_exc_ValueError, "size not valid: %zd bytes", (wf_ssize_t)size);
        return -1;
    }
    atomic_store_explicit(&stack_size_setting, size, memory_order_relaxed);
    return 0;
}

/* CPython 3.11 reports an uncaught exception of a raw _thread function
 * through sys.unraisablehook: "Exception ignored in thread started by: ...". */
static void report_exception(WfObject *func) {
    if (wf_err_exception_matches(wf_exc_SystemExit)) {
        wf_err_clear();
        return;
    }
    WfObject *exc = wf_err_get_raised();
    WfObject *r = wf_object_repr(func);
    if (r == NULL)
        wf_err_clear();
    fflush(stdout);
    fprintf(stderr, "Exception ignored in thread started by: %s\n",
            r ? wf_str_as_utf8(r) : "<object repr() failed>");
    wf_xdecref(r);
    wf_err_display(exc, stderr);
    wf_decref(exc);
}

static void *thread_main(void *arg) {
    Boot *boot = arg;
    WfThreadState *ts = wf_tstate_new_current(&wf_main_interpreter);
    if (ts == NULL) {
        fputs("Fatal Python error: cannot allocate a thread state\n", stderr);
        abort();
    }
    WfObject *res = wf_object_call(boot->func, boot->args, boot->kwargs);
    if (res == NULL)
        report_exception(boot->func);
    else
        wf_decref(res);
    wf_decref(boot->func);
    wf_decref(boot->args);
    wf_xdecref(boot->kwargs);
    free(boot);
    wf_frame_datastack_free(ts);
    wf_tstate_delete_current();
    atomic_fetch_sub_explicit(&thread_count, 1, memory_order_release);
    return NULL;
}

bool wf_start_helper_thread(void *(*main_fn)(void *), const char *name) {
    pthread_t tid;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    bool ok = pthread_create(&tid, &attr, main_fn, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (ok)
        pthread_setname_np(tid, name);   /* helpers never exit: tid stays valid */
    return ok;
}

unsigned long wf_thread_start(WfObject *func, WfObject *args, WfObject *kwargs) {
    Boot *boot = malloc(sizeof(*boot));
    if (boot == NULL) {
        wf_err_no_memory();
        return 0;
    }
    boot->func = wf_newref(func);
    boot->args = wf_newref(args);
    boot->kwargs = wf_xnewref(kwargs);
    if (!wf_objects_are_shared()) {
        wf_bias_init();
        wf_objects_set_multithreaded();
        wf_critical_section_lock_skipped(wf_tstate_get());
    }

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    size_t size = wf_thread_get_stack_size();
    pthread_attr_setstacksize(&attr, size ? size : WF_THREAD_STACK_SIZE);
    atomic_fetch_add_explicit(&thread_count, 1, memory_order_relaxed);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, thread_main, boot);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        atomic_fetch_sub_explicit(&thread_count, 1, memory_order_relaxed);
        wf_decref(boot->func);
        wf_decref(boot->args);
        wf_xdecref(boot->kwargs);
        free(boot);
        wf_err_set_string(wf_exc_RuntimeError, "can't start new thread");
        return 0;
    }
    return (unsigned long)tid;
}
