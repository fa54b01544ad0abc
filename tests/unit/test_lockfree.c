/* test_lockfree.c — the pieces lock-free container reads rely on
 * (runtime/objects/lockfree.h, docs/containers-threads.md): publication
 * marks, the marking of containers read by other threads (point 3 of
 * lockfree.h), try-incref on live, dying and immortal objects, the
 * MAYBE_WEAKREF state, and the single-threaded behaviour of the
 * retirement helpers (immediate). Single-threaded: the races themselves
 * are attacked by stress/. */
#include <stdio.h>

#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

static intptr_t shared_word(WfObject *o) {
    return atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed);
}

int main(void) {
    wf_runtime_init();

    /* An unmarked list (only its owner reads it) publishes nothing. */
    WfObject *l = wf_list_new(0);
    WfObject *v = wf_float_from_double(1.5);
    ok(!(v->ob_gc_bits & WF_GC_SHARED_ONCE), "a fresh object is not published");
    wf_list_append(l, v);
    ok(!(v->ob_gc_bits & WF_GC_SHARED_ONCE), "append to an unmarked list publishes nothing");
    ok(wf_container_readable_lockfree(l), "the owner reads its own list lock-free");

    /* Marking (what the first lock by another thread does) publishes the
     * items, and stores from then on publish too. */
    WfObject *l2 = wf_list_new(0);
    WfObject *v2 = wf_float_from_double(1.25), *v3 = wf_float_from_double(1.75);
    wf_list_append(l2, v2);
    wf_object_mark_shared(l2);
    ok(l2->ob_gc_bits & WF_GC_SHARED_READ, "marking sets WF_GC_SHARED_READ");
    ok(v2->ob_gc_bits & WF_GC_SHARED_ONCE, "marking publishes the items already there");
    is_int(shared_word(v2) & WF_REF_SHARED_FLAG_MASK, WF_REF_MAYBE_WEAKREF,
           "with the MAYBE_WEAKREF state");
    wf_list_append(l2, v3);
    ok(v3->ob_gc_bits & WF_GC_SHARED_ONCE, "append to a marked list publishes");
    WfObject *d0 = wf_dict_new(), *k0 = wf_str_from_cstr("k0"), *v4 = wf_float_from_double(0.5);
    wf_dict_set_item(d0, k0, v4);
    ok(!(v4->ob_gc_bits & WF_GC_SHARED_ONCE), "an unmarked dict publishes nothing");
    wf_object_mark_shared(d0);
    ok((v4->ob_gc_bits & WF_GC_SHARED_ONCE) && (k0->ob_gc_bits & WF_GC_SHARED_ONCE),
       "marking a dict publishes its keys and values");
    wf_decref(d0);
    wf_decref(k0);
    wf_decref(v4);
    wf_decref(v3);
    wf_decref(v2);
    wf_decref(l2);

    /* try-incref by the owner. */
    wf_ssize_t before = wf_refcount(v);
    ok(wf_try_incref(v), "owner try-incref of a live object succeeds");
    is_int(wf_refcount(v), before + 1, "and takes a reference");
    wf_decref(v);

    /* Immortal objects: success without a write. */
    ok(wf_try_incref(WF_NONE), "try-incref of None succeeds");

    /* The slow publication (what threads use): MAYBE_WEAKREF state. */
    WfObject *w = wf_float_from_double(2.5);
    wf_object_publish_slow(w);
    ok(w->ob_gc_bits & WF_GC_SHARED_ONCE, "publish_slow sets the bit");
    is_int(shared_word(w) & WF_REF_SHARED_FLAG_MASK, WF_REF_MAYBE_WEAKREF,
           "publish_slow sets MAYBE_WEAKREF");
    ok(wf_try_incref_shared(w), "the shared path succeeds on a MAYBE_WEAKREF object");
    is_int(shared_word(w) >> WF_SHARED_SHIFT, 1, "and counts in the shared word");
    /* Drop the shared reference the way a non-owner would not: by hand. */
    atomic_fetch_sub_explicit(&w->ob_ref_shared, (intptr_t)1 << WF_SHARED_SHIFT,
                              memory_order_relaxed);

    /* The shared path refuses 0 (owner-only references) and MERGED|0 (dead). */
    WfObject *x = wf_float_from_double(3.5);
    ok(!wf_try_incref_shared(x), "shared try-incref fails when the owner holds everything");
    atomic_store_explicit(&x->ob_ref_shared, (intptr_t)WF_REF_MERGED, memory_order_relaxed);
    ok(!wf_try_incref_shared(x), "shared try-incref fails on MERGED with count 0");
    atomic_store_explicit(&x->ob_ref_shared, 0, memory_order_relaxed);
    wf_decref(x);

    /* Owner try-incref on a dead header (local 0) fails. */
    WfObject fake = {0};
    fake.ob_tid = wf_thread_id();
    fake.ob_ref_local = 0;
    ok(!wf_try_incref(&fake), "owner try-incref fails when the local count is 0");

    /* Retirement while single-threaded frees at once (no leak under ASan). */
    ok(!wf_objects_are_shared(), "the process is single-threaded here");
    wf_objects_retire_buffer(l, wf_mem_malloc(64), 64);
    WfObject *r = wf_float_from_double(4.5);
    wf_object_retire_ref(r);   /* dropped at once: freed */
    ok(1, "retire helpers run single-threaded");

    /* Lock-free list and dict reads see what was stored. */
    WfObject *got = wf_list_get_item_ref(l, 0);
    ok(got == v, "list item read back");
    wf_xdecref(got);
    WfObject *d = wf_dict_new();
    wf_object_mark_shared(d);
    WfObject *k = wf_str_from_cstr("key-not-interned");
    wf_dict_set_item(d, k, w);
    WfObject *k2 = wf_str_from_cstr("key-not-interned");
    WfObject *gv = NULL;
    is_int(wf_dict_get_item_ref(d, k2, &gv), 1, "str lookup by an equal, distinct key");
    ok(gv == w, "finds the stored value");
    wf_xdecref(gv);
    ok(k->ob_gc_bits & WF_GC_SHARED_ONCE, "keys stored into a marked dict are published");
    wf_decref(k2);
    wf_decref(k);
    wf_decref(d);
    wf_decref(w);
    wf_decref(v);
    wf_decref(l);
    return done_testing();
}
