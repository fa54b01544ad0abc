/* roots.h — the collector's exact roots: every live StackRef of a thread's
 * frames (DESIGN.md §4).
 *
 * Contract:
 *  - A frame's live slots are localsplus[0 .. stackpointer): locals, cells,
 *    free variables and the value stack up to the spilled top. Its code and
 *    function (f_executable, f_funcobj) are StackRefs too and are visited.
 *  - Walking a thread is valid only while that thread cannot run (it is
 *    stopped at a safe point or is the caller): the exactness rule then
 *    guarantees every frame's stackpointer is spilled. Debug builds assert it.
 *  - Tagged slots (wf_stackref_is_tagged) hold deferred or immortal objects
 *    without a count: the collector adds one reference per tagged slot it is
 *    shown; untagged slots are ordinary counted references.
 *  - Suspended generator frames are not on any thread's chain: the collector
 *    walks them with wf_roots_visit_frame when it traverses the generator.
 */
#ifndef WF_ROOTS_H
#define WF_ROOTS_H

#include "stackref/stackref.h"
#include "threads/tstate.h"

typedef struct WfFrame WfFrame;

/* Called for each non-NULL slot; may not modify the slot. */
typedef void (*wf_stackref_visitor)(WfStackRef *ref, void *arg);

/* Visits f's code, function, locals and value stack. */
void wf_roots_visit_frame(WfFrame *f, wf_stackref_visitor visit, void *arg);
/* Visits every frame on ts's chain, innermost first; returns how many. */
int wf_roots_visit_thread(WfThreadState *ts, wf_stackref_visitor visit, void *arg);

/* Checks the exactness rule on the calling thread: walks every frame
 * (asserting each stack pointer is spilled) and aborts with a message if a
 * live slot holds something that is not a live object. For debugging and for
 * WF_STRESS_ROOTS builds, where the eval loop runs it before every escaping
 * call. */
void wf_roots_check_thread(WfThreadState *ts);

/* Borrowed references lent by marked containers (runtime/objects/
 * lockfree.h, "borrowed reads") become counted ones: in f, or in every
 * frame of ts's chain. Called by the thread itself, with every frame's
 * stack pointer spilled, before it reports a quiescent state or goes
 * offline (threads/qsbr.c), and by a generator that suspends. */
void wf_roots_promote_frame(WfFrame *f);
void wf_roots_promote_thread(WfThreadState *ts);

#endif /* WF_ROOTS_H */
