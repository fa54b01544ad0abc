/* test_lockfree.c — the pieces lock-free container reads rely on
 * (runtime/objects/lockfree.h, docs/containers-threads.md): publication
 * marks, the marking of containers read by other threads (point 3 of
 * lockfree.h), try-incref on live, dying and immortal objects, the
 * MAYBE_WEAKREF state, and the single-threaded behaviour of the
 * retirement helpers (immediate), and the bookkeeping of borrowed reads
 * (point 4: a replaced value outlives a grace period; promotion gives a
 * borrowed frame slot its own count). Single-threaded: the races
 * themselves are attacked by stress/. */
#include <stdio.h>

#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

#include "runtime/frame.h"
#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"
#include "stackref/roots.h"
#include "tests/tap.h"
#include "threads/threads.h"

static intptr_t shared_word(WfObject *o) {
    return atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed);
}

/* A second registered thread that waits detached (QSBR-offline), so that
 * the main thread is not alone: containers lend, drops are retired. */
static sem_t bystander_go, bystander_ready;
static void *bystander_main(void *arg) {
    (void)arg;
    wf_tstate_new_current(&wf_main_interpreter);
    WfThreadState *ts = wf_detach();
    sem_post(&bystander_ready);
    sem_wait(&bystander_go);
    wf_attach(ts);
    wf_tstate_delete_current();
    return NULL;
}

/* Lockfree.h point 4, with the process switched to multi-threaded. */
static void test_borrowed_reads(void) {
    wf_objects_set_multithreaded();
    pthread_t bystander;
    sem_init(&bystander_go, 0, 0);
    sem_init(&bystander_ready, 0, 0);
    pthread_create(&bystander, NULL, bystander_main, NULL);
    sem_wait(&bystander_ready);
    WfObject *bl = wf_list_new(0);
    WfObject *bv = wf_float_from_double(2.5);
    wf_list_append(bl, bv);
    WfStackRef own = wf_list_get_item_stackref(bl, 0);
    ok(!wf_stackref_is_tagged(own), "an unmarked list gives its owner a counted reference");
    wf_stackref_close(own);

    wf_object_mark_shared(bl);
    wf_objects_thread_borrowed = false;
    WfStackRef br = wf_list_get_item_stackref(bl, 0);
    ok(wf_stackref_is_tagged(br) && wf_stackref_borrow_obj(br) == bv, "a marked list lends its item");
    ok(wf_objects_thread_borrowed, "the thread notes that it borrowed");
    is_int(wf_refcount(bv), 2, "the loan writes no count");
    wf_decref(bv);
    wf_list_set_item(bl, 0, wf_float_from_double(3.5));
    is_int(wf_refcount(bv), 1, "a replaced value keeps the list's reference for a grace period");

    /* A frame holding the loan, an immortal and an empty slot. */
    WfFrame *f = calloc(1, sizeof(WfFrame) + 3 * sizeof(WfStackRef));
    f->localsplus[0] = br;
    f->localsplus[1] = wf_stackref_immortal(WF_NONE);
    f->localsplus[2] = WF_STACKREF_NULL;
    f->stackpointer = f->localsplus + 3;
    wf_roots_promote_frame(f);
    ok(!wf_stackref_is_tagged(f->localsplus[0]), "promotion gives the borrowed slot a count");
    ok(wf_stackref_is_tagged(f->localsplus[1]), "an immortal slot stays tagged");
    is_int(wf_refcount(bv), 2, "the promoted count");

    wf_qsbr_barrier();
    wf_objects_drain_retired_refs();
    is_int(wf_refcount(bv), 1, "after the grace period the list's reference is dropped");
    wf_stackref_close(f->localsplus[0]);   /* the last reference: freed (ASan checks) */
    free(f);

    /* A marked dict lends its values; popping one hands out a counted one. */
    WfObject *d = wf_dict_new();
    wf_object_mark_shared(d);
    WfObject *key = wf_str_from_cstr("a-key-not-interned");
    WfObject *val = wf_float_from_double(7.25);
    wf_dict_set_item(d, key, val);
    WfStackRef dr;
    is_int(wf_dict_get_item_stackref(d, key, &dr), 1, "dict lookup for the eval loop");
    ok(wf_stackref_is_tagged(dr) && wf_stackref_borrow_obj(dr) == val, "a marked dict lends its value");
    WfObject *popped = NULL;
    is_int(wf_dict_pop(d, key, &popped), 1, "pop");
    ok(popped == val && wf_refcount(val) == 3, "pop hands out a new reference and retires the dict's");
    wf_decref(popped);
    wf_qsbr_barrier();
    wf_objects_drain_retired_refs();
    is_int(wf_refcount(val), 1, "the dict's reference is dropped after the grace period");
    wf_decref(val);
    wf_decref(key);
    wf_decref(d);
    wf_decref(bl);
    sem_post(&bystander_go);
    pthread_join(bystander, NULL);

    /* Alone again: a marked container gives counted references, and a
     * dropped value dies at once (its __del__ would run now). */
    WfObject *al = wf_list_new(0);
    wf_object_mark_shared(al);
    WfObject *av = wf_float_from_double(9.5);
    wf_list_append(al, av);
    WfStackRef ar = wf_list_get_item_stackref(al, 0);
    ok(!wf_stackref_is_tagged(ar), "alone, a marked list gives a counted reference");
    wf_stackref_close(ar);
    wf_list_set_item(al, 0, wf_float_from_double(0.5));
    is_int(wf_refcount(av), 1, "alone, a replaced value is dropped at once");
    wf_decref(av);
    wf_decref(al);
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
    test_borrowed_reads();
    return done_testing();
}
