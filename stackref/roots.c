/* roots.c — the root walker: yields every live StackRef of a thread's
 * frames to the collector. See roots.h for the contract. It reads frames
 * only; it never changes a count (that is the collector's decision).
 */
#include <stdio.h>
#include <stdlib.h>

#include "stackref/roots.h"
#include "runtime/frame.h"

void wf_roots_visit_frame(WfFrame *f, wf_stackref_visitor visit, void *arg) {
    /* The exactness rule: a frame being walked has its top spilled. */
    wf_assert(f->stackpointer != NULL);
    if (!wf_stackref_is_null(f->f_executable))
        visit(&f->f_executable, arg);
    if (!wf_stackref_is_null(f->f_funcobj))
        visit(&f->f_funcobj, arg);
    for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++)
        if (!wf_stackref_is_null(*p))
            visit(p, arg);
}

int wf_roots_visit_thread(WfThreadState *ts, wf_stackref_visitor visit, void *arg) {
    int n = 0;
    for (WfFrame *f = ts->current_frame; f != NULL; f = f->previous) {
        wf_roots_visit_frame(f, visit, arg);
        n++;
    }
    return n;
}

static void check_slot(WfStackRef *ref, void *arg) {
    WfObject *o = wf_stackref_borrow_obj(*ref);
    WfFrame *f = arg;
    /* A closed slot left below the top would point at freed or reused memory:
     * a missing type or a zero count is the cheap symptom. */
    if (o->ob_type == NULL || wf_refcount(o) <= 0) {
        fprintf(stderr, "weft: bad root %p in frame %p (slot %td, type %s, count %zd)\n",
                (void *)o, (void *)f, ref - f->localsplus,
                o->ob_type ? o->ob_type->tp_name : "?", (size_t)wf_refcount(o));
        abort();
    }
}

void wf_roots_check_thread(WfThreadState *ts) {
    for (WfFrame *f = ts->current_frame; f != NULL; f = f->previous) {
        if (f->stackpointer == NULL) {
            fprintf(stderr, "weft: frame %p has no spilled stack pointer\n", (void *)f);
            abort();
        }
        wf_roots_visit_frame(f, check_slot, f);
    }
}

/* ---- promotion of borrowed references (runtime/objects/lockfree.h) ---------- */

/* A borrowed slot whose object is neither immortal nor deferred holds a
 * value lent by a marked container, alive only until this thread's next
 * quiescent state, or a copy of a local (WF_STACKREF_LOCAL): give it a
 * count of its own. */
static inline void promote_slot(WfStackRef *p) {
    uintptr_t bits = p->bits;
    if (!(bits & WF_STACKREF_BORROW) || (bits & ~WF_STACKREF_TAG_MASK) == 0)
        return;
    WfObject *o = (WfObject *)(bits & ~WF_STACKREF_TAG_MASK);
    if (wf_stackref_skips_count(o)) {
        p->bits = (uintptr_t)o | WF_STACKREF_BORROW;
        return;
    }
    wf_incref(o);
    p->bits = (uintptr_t)o;
}

void wf_roots_promote_frame(WfFrame *f) {
    wf_assert(f->stackpointer != NULL);
    for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++)
        promote_slot(p);
}

void wf_roots_promote_thread(WfThreadState *ts) {
    for (WfFrame *f = ts->current_frame; f != NULL; f = f->previous)
        wf_roots_promote_frame(f);
}
