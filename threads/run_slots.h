/* run_slots.h — the run-slot hooks of attach / detach (private to threads/;
 * the settings are in threads.h). */
#ifndef WF_THREADS_RUN_SLOTS_H
#define WF_THREADS_RUN_SLOTS_H

#include "threads/tstate.h"

/* wf_attach, before the thread becomes ATTACHED: takes a slot; a thread
 * that yielded waits (detached) for one, any other takes one at once. */
void wf_run_slot_acquire(WfThreadState *ts);
/* wf_detach, once the thread touches no object: gives its slot back, to the
 * first waiter when one waits and a slot is free. */
void wf_run_slot_release(WfThreadState *ts);
/* The eval breaker, when the keeper asked this thread to yield: while
 * threads still outnumber the slots or wait, detaches and attaches again,
 * waiting its turn as one that yielded (run_slots.c). */
void wf_run_slot_yield(WfThreadState *ts);

#endif /* WF_THREADS_RUN_SLOTS_H */
