/* test_stackref.c — StackRef semantics (stackref/stackref.h) and the root
 * walker (stackref/roots.c): tagging, new/steal/dup/close counts for
 * ordinary, deferred and immortal objects, and the exact slots a frame
 * walk yields.
 *
 * The StackRef layer sits below the runtime, so this test uses a private
 * type with a dealloc counter and hand-made frames; it needs no runtime
 * initialisation.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/frame.h"
#include "stackref/roots.h"
#include "tests/tap.h"

static int deallocs;

static void t_dealloc(WfObject *o) {
    deallocs++;
    wf_object_free(o);
}

static WfTypeObject test_type = {
    .tp_name = "stackref_test",
    .tp_basicsize = sizeof(WfObject),
    .tp_dealloc = t_dealloc,
};

static WfObject *new_obj(void) { return wf_object_alloc(&test_type); }

static void test_null(void) {
    WfStackRef r = WF_STACKREF_NULL;
    ok(wf_stackref_is_null(r), "NULL is null");
    ok(!wf_stackref_is_tagged(r), "NULL is not tagged");
    ok(wf_stackref_steal_or_null(NULL).bits == 0, "steal_or_null(NULL) is NULL");
    wf_stackref_xclose(r); /* must not crash */
    WfStackRef d = wf_stackref_dup(r);
    ok(wf_stackref_is_null(d), "dup of NULL is NULL");
}

static void test_ordinary(void) {
    WfObject *o = new_obj();
    is_int(wf_refcount(o), 1, "fresh object has one reference");
    WfStackRef r = wf_stackref_new(o);
    ok(!wf_stackref_is_tagged(r), "ordinary object: new ref is untagged");
    ok(wf_stackref_borrow_obj(r) == o, "borrow gives the object back");
    is_int(wf_refcount(o), 2, "new counts");
    WfStackRef d = wf_stackref_dup(r);
    is_int(wf_refcount(o), 3, "dup counts");
    ok(wf_stackref_is(r, d), "dup is the same object");
    wf_stackref_close(d);
    is_int(wf_refcount(o), 2, "close uncounts");
    WfObject *strong = wf_stackref_to_obj_new(r);
    is_int(wf_refcount(o), 3, "to_obj_new counts");
    wf_decref(strong);
    WfObject *back = wf_stackref_to_obj_steal(r); /* consumes r */
    is_int(wf_refcount(o), 2, "to_obj_steal moves the slot's reference");
    wf_decref(back);
    WfStackRef s = wf_stackref_steal(o); /* takes our original reference */
    is_int(wf_refcount(o), 1, "steal does not count");
    deallocs = 0;
    wf_stackref_close(s);
    is_int(deallocs, 1, "closing the last reference frees the object");
}

static void test_immortal(void) {
    WfObject *o = new_obj();
    wf_set_immortal(o);
    WfStackRef r = wf_stackref_new(o);
    ok(wf_stackref_is_tagged(r), "immortal object: new ref is tagged");
    ok(wf_stackref_borrow_obj(r) == o, "tag is stripped by borrow");
    WfStackRef s = wf_stackref_steal(o);
    ok(wf_stackref_is_tagged(s), "steal of immortal is tagged");
    WfStackRef i = wf_stackref_immortal(o);
    ok(wf_stackref_is_tagged(i) && wf_stackref_is(i, r), "wf_stackref_immortal tags");
    deallocs = 0;
    wf_stackref_close(r);
    wf_stackref_close(s);
    wf_stackref_close(i);
    ok(deallocs == 0 && wf_is_immortal(o), "closing immortal refs changes nothing");
}

static void test_deferred(void) {
    WfObject *o = new_obj();
    wf_set_deferred(o);
    ok(wf_is_deferred(o), "wf_set_deferred marks the object");
    wf_ssize_t base = wf_refcount(o);
    is_int(base, 2, "deferred object carries one extra (collector's) reference");
    WfStackRef r = wf_stackref_new(o);
    ok(wf_stackref_is_tagged(r), "deferred object: new ref is tagged");
    is_int(wf_refcount(o), base, "pushing a deferred object writes no count");
    WfStackRef d = wf_stackref_dup(r);
    is_int(wf_refcount(o), base, "dup of a tagged ref writes no count");
    wf_stackref_close(d);
    wf_stackref_close(r);
    is_int(wf_refcount(o), base, "closing tagged refs writes no count");
    /* Moving a tagged ref into the heap must produce a real reference. */
    WfStackRef t = wf_stackref_new(o);
    WfObject *heap = wf_stackref_to_obj_steal(t);
    is_int(wf_refcount(o), base + 1, "to_obj_steal of a tagged ref counts");
    /* steal keeps the counted reference it was given (untagged). */
    WfStackRef s = wf_stackref_steal(heap);
    ok(!wf_stackref_is_tagged(s), "steal of a deferred object keeps a counted ref");
    wf_stackref_close(s);
    is_int(wf_refcount(o), base, "closing it returns the count");
    deallocs = 0;
    wf_decref(o); /* our creation reference */
    is_int(deallocs, 0, "a deferred object is not freed by counts alone");
}

/* ---- the root walker ---------------------------------------------------- */

typedef struct Walk {
    int visits, tagged;
    WfObject *seen[16];
} Walk;

static void visitor(WfStackRef *ref, void *arg) {
    Walk *w = arg;
    if (w->visits < 16)
        w->seen[w->visits] = wf_stackref_borrow_obj(*ref);
    w->visits++;
    if (wf_stackref_is_tagged(*ref))
        w->tagged++;
}

static WfFrame *fake_frame(WfCodeObject *co) {
    WfFrame *f = calloc(1, wf_frame_size_for(co));
    f->f_executable = wf_stackref_new((WfObject *)co);
    f->stackpointer = f->localsplus + co->co_nlocalsplus;
    return f;
}

static void test_roots(void) {
    WfCodeObject *co = calloc(1, sizeof(WfCodeObject));
    co->ob_base.ob_type = &test_type;
    wf_set_immortal((WfObject *)co);
    co->co_nlocalsplus = 3;
    co->co_stacksize = 2;

    WfObject *a = new_obj(), *d = new_obj(), *imm = new_obj(), *below = new_obj();
    wf_set_deferred(d);
    wf_set_immortal(imm);

    WfFrame *f1 = fake_frame(co);
    f1->localsplus[0] = wf_stackref_new(below);
    WfFrame *f2 = fake_frame(co);
    f2->localsplus[0] = wf_stackref_new(a);
    f2->localsplus[2] = wf_stackref_new(d);
    f2->localsplus[3] = wf_stackref_new(imm);   /* value stack slot 0 */
    f2->localsplus[4] = wf_stackref_new(below); /* above the top: not live */
    f2->stackpointer = f2->localsplus + 4;
    f2->previous = f1;

    Walk w = {0};
    wf_roots_visit_frame(f2, visitor, &w);
    is_int(w.visits, 4, "frame walk: code + 3 live slots (NULL and above-top skipped)");
    is_int(w.tagged, 3, "code, deferred and immortal slots are tagged");
    ok(w.seen[0] == (WfObject *)co && w.seen[1] == a && w.seen[2] == d && w.seen[3] == imm,
       "slots come in frame order");

    WfThreadState ts;
    memset(&ts, 0, sizeof ts);
    ts.current_frame = f2;
    Walk wt = {0};
    is_int(wf_roots_visit_thread(&ts, visitor, &wt), 2, "thread walk visits both frames");
    is_int(wt.visits, 6, "thread walk yields every live slot of the chain");
    ok(wt.seen[4] == (WfObject *)co && wt.seen[5] == below, "outer frame walked after inner");
    free(f1);
    free(f2);
}

int main(void) {
    plan(36);
    test_null();
    test_ordinary();
    test_immortal();
    test_deferred();
    test_roots();
    return done_testing();
}
