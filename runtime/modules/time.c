/* time.c — the time module: clocks and sleep.
 * sleep() blocks, so it detaches the thread state while it sleeps (other
 * threads may stop the world meanwhile); it is interrupted by nothing but
 * its own end. */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "runtime/runtime.h"
#include "threads/threads.h"

static double clock_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static WfObject *clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return wf_int_from_int64((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

static WfObject *time_time(WfObject *self, WfObject *unused) {
    return wf_float_from_double(clock_seconds(CLOCK_REALTIME));
}
static WfObject *time_time_ns(WfObject *self, WfObject *unused) { return clock_ns(CLOCK_REALTIME); }
static WfObject *time_monotonic(WfObject *self, WfObject *unused) {
    return wf_float_from_double(clock_seconds(CLOCK_MONOTONIC));
}
static WfObject *time_monotonic_ns(WfObject *self, WfObject *unused) { return clock_ns(CLOCK_MONOTONIC); }
static WfObject *time_process_time(WfObject *self, WfObject *unused) {
    return wf_float_from_double(clock_seconds(CLOCK_PROCESS_CPUTIME_ID));
}
static WfObject *time_thread_time(WfObject *self, WfObject *unused) {
    return wf_float_from_double(clock_seconds(CLOCK_THREAD_CPUTIME_ID));
}

static WfObject *time_sleep(WfObject *self, WfObject *arg) {
    double secs = wf_float_as_double(arg);
    if (secs == -1.0 && wf_err_occurred())
        return NULL;
    if (isnan(secs))
        return wf_err_format(wf_exc_ValueError, "Invalid value NaN (not a number)");
    if (secs < 0)
        return wf_err_format(wf_exc_ValueError, "sleep length must be non-negative");
    struct timespec req = {.tv_sec = (time_t)secs, .tv_nsec = (long)((secs - floor(secs)) * 1e9)};
    WF_BEGIN_ALLOW_THREADS
    while (nanosleep(&req, &req) != 0 && errno == EINTR) {
    }
    WF_END_ALLOW_THREADS
    WF_RETURN_NONE;
}

static WfMethodDef time_methods[] = {
    {"time", (void *)time_time, WF_METH_NOARGS, "Seconds since the Epoch, as a float."},
    {"time_ns", (void *)time_time_ns, WF_METH_NOARGS, NULL},
    {"perf_counter", (void *)time_monotonic, WF_METH_NOARGS, "A monotonic clock for timing."},
    {"perf_counter_ns", (void *)time_monotonic_ns, WF_METH_NOARGS, NULL},
    {"monotonic", (void *)time_monotonic, WF_METH_NOARGS, NULL},
    {"monotonic_ns", (void *)time_monotonic_ns, WF_METH_NOARGS, NULL},
    {"process_time", (void *)time_process_time, WF_METH_NOARGS, NULL},
    {"thread_time", (void *)time_thread_time, WF_METH_NOARGS, NULL},
    {"sleep", (void *)time_sleep, WF_METH_O, "sleep(seconds)"},
    {NULL, NULL, 0, NULL},
};

WfObject *wf_time_init(void) {
    return wf_module_from_methods("time", time_methods, "Time access and conversions.");
}
