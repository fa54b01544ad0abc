/* test_thread_refs.c — references counted per thread
 * (runtime/objects/thread_refs.c): a function's references to its code
 * object and to module globals and builtins go in the ordinary count while
 * the process has one thread, and in the making thread's array once threads
 * exist, so making a function writes nothing to those shared objects. The
 * sum of the ordinary count and every array (live or exited threads) stays
 * exact when a reference is taken in one mode or thread and dropped in
 * another. The code objects are named like lambdas: such functions are
 * not deferred, so dropping them frees them at once. */
#include <pthread.h>
#include <string.h>

#include "runtime/runtime.h"
#include "tests/tap.h"
#include "threads/threads.h"

static WfObject *make_code(const char *name) {
    WfObject *empty = wf_tuple_new(0);
    WfObject *n = wf_str_from_utf8(name, (wf_ssize_t)strlen(name));
    WfCodeSpec spec = {.consts = empty, .names = empty, .localsplusnames = empty, .name = n};
    WfObject *co = wf_code_new(&spec);
    wf_decref(n);
    wf_decref(empty);
    return co;
}

static uint32_t code_id(WfObject *co) {
    return __atomic_load_n(&((WfCodeObject *)co)->co_thread_ref_id, __ATOMIC_RELAXED);
}

static uint32_t dict_id(WfObject *d) {
    return __atomic_load_n(&d->ob_flags, __ATOMIC_RELAXED);
}

static int64_t slot(uint32_t id) {
    WfThreadState *ts = wf_tstate_current;
    return id < ts->thread_refs_len ? ts->thread_refs[id] : 0;
}

static intptr_t shared_word(WfObject *o) {
    return atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed);
}

/* A thread that makes a function and leaves it alive when it exits. */
static WfObject *code_for_thread, *globals_for_thread, *made_in_thread;
static void *maker_main(void *arg) {
    (void)arg;
    wf_tstate_new_current(&wf_main_interpreter);
    made_in_thread = wf_function_new(code_for_thread, globals_for_thread, NULL);
    wf_tstate_delete_current();
    return NULL;
}

int main(void) {
    wf_runtime_init();
    WfObject *co = make_code("<lambda>");
    WfObject *modname = wf_str_from_utf8("m", 1);
    WfObject *mod = wf_module_new(modname);
    WfObject *g = wf_module_get_dict(mod);
    ok(wf_is_deferred(g), "a module's dict is deferred");

    /* One thread: ordinary counts, no ids taken. */
    wf_ssize_t code0 = wf_refcount(co), glob0 = wf_refcount(g);
    WfObject *early = wf_function_new(co, g, NULL);
    ok(wf_refcount(co) == code0 + 1 && wf_refcount(g) == glob0 + 1,
       "with one thread a function counts its code and globals the ordinary way");
    ok(code_id(co) == 0 && dict_id(g) == 0, "and no id is given");

    /* Threads exist: the count goes in this thread's array. */
    wf_objects_set_multithreaded();
    intptr_t code_word = shared_word(co), glob_word = shared_word(g);
    WfObject *f = wf_function_new(co, g, NULL);
    uint32_t cid = code_id(co), gid = dict_id(g);
    ok(cid != 0 && gid != 0 && cid != gid, "the code object and the module dict get ids");
    ok(shared_word(co) == code_word && shared_word(g) == glob_word &&
       wf_refcount(co) == code0 + 1 && wf_refcount(g) == glob0 + 1,
       "making a function with threads writes nothing to the code or the globals");
    ok(slot(cid) == 1 && slot(gid) == 1, "this thread's array counts the two references");
    wf_decref(f);
    ok(slot(cid) == 0 && slot(gid) == 0, "dropping the function takes them back out");

    /* Taken with one thread, dropped with threads: the ordinary count keeps
     * its +1 and the array gets -1; the sum is exact. */
    wf_decref(early);
    ok(wf_refcount(co) == code0 + 1 && slot(cid) == -1 &&
       wf_refcount(co) + slot(cid) == code0, "a reference taken before the switch: sum exact");

    /* A dict that is not a module's is counted the ordinary way. */
    WfObject *plain = wf_dict_new();
    wf_ssize_t plain0 = wf_refcount(plain);
    f = wf_function_new(co, plain, NULL);
    ok(wf_refcount(plain) == plain0 + 1 && dict_id(plain) == 0,
       "globals that are not a module's dict: ordinary count, no id");
    wf_decref(f);
    ok(wf_refcount(plain) == plain0, "and dropped the ordinary way");
    wf_decref(plain);

    /* Made in a thread that exits: its array goes to the orphan counts. */
    code_for_thread = co;
    globals_for_thread = g;
    pthread_t t;
    WfThreadState *me = wf_detach();
    pthread_create(&t, NULL, maker_main, NULL);
    pthread_join(t, NULL);
    wf_attach(me);
    ok(made_in_thread != NULL && wf_thread_refs_orphan_count(cid) == 1 &&
       wf_thread_refs_orphan_count(gid) == 1, "an exited thread's references are kept as orphans");
    wf_decref(made_in_thread);
    ok(wf_refcount(co) + slot(cid) + wf_thread_refs_orphan_count(cid) == code0 &&
       wf_refcount(g) + slot(gid) + wf_thread_refs_orphan_count(gid) == glob0,
       "dropped in another thread: the sum over threads is exact");

    /* __code__ assignment moves the reference with the same accounting. */
    WfObject *co2 = make_code("<genexpr>");
    f = wf_function_new(co, g, NULL);
    int64_t before = slot(cid);
    ok(wf_object_setattr_cstr(f, "__code__", co2) == 0 && slot(cid) == before - 1 &&
       slot(code_id(co2)) == 1, "__code__ = other moves the per-thread count");
    wf_decref(f);
    ok(slot(code_id(co2)) == 0, "and the function's death drops the new code's count");

    wf_decref(co2);
    wf_decref(co);
    wf_decref(modname);
    return done_testing();
}
