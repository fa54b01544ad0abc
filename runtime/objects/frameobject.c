/* frameobject.c — Python-visible frame objects (tb_frame, gi_frame,
 * sys._getframe), made lazily for a WfFrame.
 *
 * Invariants:
 *  - While the frame runs, frame->frame_obj holds a strong reference to its
 *    frame object and fo->f_frame points at the live frame, so the frame
 *    object cannot die first.
 *  - When the frame is cleared, wf_frame_object_take_ownership moves its
 *    locals into a heap copy owned by the frame object (every slot counted,
 *    as heap-held references must be) and records the line and f_back.
 *  - Threads: a generator's frame object may be made by another thread
 *    (gi_frame) while the generator runs, so f->frame_obj is set with a CAS
 *    and the generator's clear detaches it in the generator's section
 *    (wf_gen_clear_frame). The switch to the heap copy and every accessor
 *    run in the frame object's section, so an accessor sees the live frame
 *    only before its clear begins. f_back of a frame live on another
 *    thread is None. f_locals of a frame another thread may be running (a
 *    live frame not on the caller's chain) is read with the world stopped.
 */
#include <string.h>

#include "runtime/frame.h"
#include "runtime/runtime.h"
#include "threads/critical_section.h"
#include "threads/threads.h"

#define FO(o) ((WfFrameObject *)(o))

WfObject *wf_frame_get_frame_object(WfFrame *f) {
    WfObject *existing = __atomic_load_n(&f->frame_obj, __ATOMIC_ACQUIRE);
    if (existing)
        return existing;
    WfFrameObject *fo = (WfFrameObject *)wf_object_alloc(&wf_frame_type);
    if (fo == NULL)
        return NULL;
    fo->f_frame = f;
    fo->f_back = NULL;
    fo->f_owned = NULL;
    fo->f_lineno = 0;
    if (!__atomic_compare_exchange_n(&f->frame_obj, &existing, (WfObject *)fo, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        fo->f_frame = NULL;   /* another thread made one first */
        wf_decref((WfObject *)fo);
        return existing;
    }
    return (WfObject *)fo;
}

/* A StackRef that owns a counted reference (no tag): heap copies hold these. */
static inline WfStackRef counted_ref(WfObject *o) {
    wf_incref(o);
    return (WfStackRef){.bits = (uintptr_t)o};
}

static void take_ownership_lock_held(WfFrameObject *fo, WfFrame *f);

void wf_frame_object_take_ownership(WfFrame *f) {
    WfFrameObject *fo = FO(f->frame_obj);
    WF_BEGIN_CRITICAL_SECTION((WfObject *)fo);
    take_ownership_lock_held(fo, f);
    WF_END_CRITICAL_SECTION();
}

static void take_ownership_lock_held(WfFrameObject *fo, WfFrame *f) {
    WfCodeObject *co = wf_frame_code(f);
    fo->f_lineno = wf_frame_get_lineno(f);
    if (f->previous && fo->f_back == NULL)
        fo->f_back = wf_xnewref(wf_frame_get_frame_object(f->previous));
    size_t size = sizeof(WfFrame) + (size_t)co->co_nlocalsplus * sizeof(WfStackRef);
    WfFrame *copy = wf_mem_malloc(size);
    if (copy == NULL) {
        fo->f_frame = NULL;   /* out of memory: the frame object forgets its frame */
        return;
    }
    memcpy(copy, f, sizeof(WfFrame));
    copy->f_executable = counted_ref(wf_stackref_borrow_obj(f->f_executable));
    copy->f_funcobj = counted_ref(wf_stackref_borrow_obj(f->f_funcobj));
    copy->f_locals = wf_xnewref(f->f_locals);
    copy->previous = NULL;
    copy->frame_obj = NULL;
    copy->owner = WF_FRAME_OWNED_BY_FRAME_OBJECT;
    copy->is_entry = 0;
    for (int i = 0; i < co->co_nlocalsplus; i++) {
        WfStackRef r = f->localsplus[i];
        f->localsplus[i] = WF_STACKREF_NULL;
        copy->localsplus[i] = wf_stackref_is_null(r)
                                  ? WF_STACKREF_NULL
                                  : (WfStackRef){.bits = (uintptr_t)wf_stackref_to_obj_steal(r)};
    }
    copy->stackpointer = copy->localsplus + co->co_nlocalsplus;
    fo->f_frame = copy;
    fo->f_owned = copy;
}

static void frame_dealloc(WfObject *self) {
    WfFrameObject *fo = FO(self);
    if (fo->f_owned) {
        wf_frame_clear(fo->f_owned);
        wf_mem_free(fo->f_owned);
    }
    wf_xdecref(fo->f_back);
    wf_object_free(self);
}

static int frame_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfFrameObject *fo = FO(self);
    if (fo->f_back && visit(fo->f_back, arg))
        return 1;
    WfFrame *f = fo->f_owned;
    if (f == NULL)
        return 0;   /* a live frame is walked through its thread or generator */
    if (f->f_locals && visit(f->f_locals, arg))
        return 1;
    WfObject *hdr[] = {wf_stackref_borrow_obj(f->f_executable), wf_stackref_borrow_obj(f->f_funcobj)};
    for (int i = 0; i < 2; i++)
        if (hdr[i] && visit(hdr[i], arg))
            return 1;
    for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++)
        if (!wf_stackref_is_null(*p) && visit(wf_stackref_borrow_obj(*p), arg))
            return 1;
    return 0;
}

/* Attribute access on a frame object whose memory is gone raises. */
static WfFrame *frame_of(WfObject *self) {
    WfFrame *f = FO(self)->f_frame;
    if (f == NULL)
        wf_err_set_string(wf_exc_RuntimeError, "frame data was lost (out of memory)");
    return f;
}

/* Every accessor reads the frame in the frame object's section, where the
 * switch to the heap copy happens too (take_ownership). */
#define FRAME_READ(result, expr)                                                              \
    do {                                                                                      \
        WF_BEGIN_CRITICAL_SECTION(self);                                                      \
        WfFrame *f = frame_of(self);                                                          \
        result = f ? (expr) : NULL;                                                           \
        WF_END_CRITICAL_SECTION();                                                            \
    } while (0)

static WfObject *frame_get_code(WfObject *self, void *c) {
    WfObject *res;
    FRAME_READ(res, wf_newref((WfObject *)wf_frame_code(f)));
    return res;
}

static int frame_lineno_lock_held(WfObject *self) {
    if (FO(self)->f_owned || FO(self)->f_frame == NULL)
        return FO(self)->f_lineno;
    return wf_frame_get_lineno(FO(self)->f_frame);
}

static WfObject *frame_get_lineno(WfObject *self, void *c) {
    int line;
    WF_BEGIN_CRITICAL_SECTION(self);
    line = frame_lineno_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return wf_int_from_long(line);
}

static WfObject *frame_get_lasti(WfObject *self, void *c) {
    WfObject *res;
    FRAME_READ(res, wf_int_from_long(wf_frame_lasti(f) * 2));
    return res;
}

static WfObject *frame_get_globals(WfObject *self, void *c) {
    WfObject *res;
    FRAME_READ(res, wf_newref(f->f_globals));
    return res;
}

static WfObject *frame_get_builtins(WfObject *self, void *c) {
    WfObject *res;
    FRAME_READ(res, wf_newref(f->f_builtins));
    return res;
}

/* Whether f is on the calling thread's chain of running frames. Only then
 * does this thread read its caller link and make its caller's frame object:
 * another thread links, unlinks and clears its own frames without atomics. */
static bool frame_on_current_thread(WfFrame *f) {
    WfThreadState *ts = wf_tstate_get();
    for (WfFrame *p = ts ? ts->current_frame : NULL; p != NULL; p = p->previous)
        if (p == f)
            return true;
    return false;
}

/* Whether another thread may store into the frame's slots while this one
 * reads them: the frame is live and not on this thread's chain (it runs on
 * another thread, or it is a suspended generator's, which any thread may
 * resume), and threads exist. A frame on this thread's chain stays there
 * and a heap copy stays a copy, so the answer cannot turn from false. */
static bool frame_slots_foreign(WfObject *self) {
    if (!wf_objects_are_shared())
        return false;
    bool foreign;
    WF_BEGIN_CRITICAL_SECTION(self);
    WfFrame *f = FO(self)->f_frame;
    foreign = FO(self)->f_owned == NULL && f != NULL && !frame_on_current_thread(f);
    WF_END_CRITICAL_SECTION();
    return foreign;
}

/* Slots another thread may be storing into are read with the world stopped:
 * a store drops the value it replaces, which the reader would count after
 * it was freed. Stopped threads hold no section (detaching suspends them),
 * so the section below is free, and building the dict blocks on nothing. */
static WfObject *frame_get_locals(WfObject *self, void *c) {
    bool stop = frame_slots_foreign(self);
    if (stop)
        wf_stop_the_world();
    WfObject *res;
    FRAME_READ(res, wf_frame_get_locals(f));
    if (stop)
        wf_start_the_world();
    return res;
}

/* f_back of a live frame read from another thread is None (CPython gives
 * the other thread's caller frame, which that thread may be clearing). */
static WfObject *frame_back_lock_held(WfFrameObject *fo) {
    if (fo->f_owned || fo->f_frame == NULL)
        return wf_newref(fo->f_back ? fo->f_back : WF_NONE);
    WfFrame *prev = frame_on_current_thread(fo->f_frame) ? fo->f_frame->previous : NULL;
    if (prev == NULL)
        return wf_newref(WF_NONE);
    return wf_xnewref(wf_frame_get_frame_object(prev));
}

static WfObject *frame_get_back(WfObject *self, void *c) {
    WfObject *res;
    WF_BEGIN_CRITICAL_SECTION(self);
    res = frame_back_lock_held(FO(self));
    WF_END_CRITICAL_SECTION();
    return res;
}

static WfObject *frame_get_trace(WfObject *self, void *c) { WF_RETURN_NONE; }

static WfObject *frame_repr(WfObject *self) {
    WfObject *code;
    int line = 0;
    WF_BEGIN_CRITICAL_SECTION(self);
    WfFrame *f = FO(self)->f_frame;
    code = f ? wf_newref((WfObject *)wf_frame_code(f)) : NULL;
    if (f)
        line = frame_lineno_lock_held(self);
    WF_END_CRITICAL_SECTION();
    if (code == NULL)
        return wf_str_from_format("<frame at %p>", (void *)self);
    WfCodeObject *co = (WfCodeObject *)code;
    WfObject *r = wf_str_from_format("<frame at %p, file %R, line %d, code %U>", (void *)self,
                                     co->co_filename, line, co->co_name);
    wf_decref(code);
    return r;
}

static WfGetSetDef frame_getset[] = {
    {"f_code", frame_get_code, NULL, NULL, NULL},
    {"f_lineno", frame_get_lineno, NULL, NULL, NULL},
    {"f_lasti", frame_get_lasti, NULL, NULL, NULL},
    {"f_globals", frame_get_globals, NULL, NULL, NULL},
    {"f_builtins", frame_get_builtins, NULL, NULL, NULL},
    {"f_locals", frame_get_locals, NULL, NULL, NULL},
    {"f_back", frame_get_back, NULL, NULL, NULL},
    {"f_trace", frame_get_trace, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_frame_type = {
    .tp_name = "frame",
    .tp_basicsize = sizeof(WfFrameObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = frame_dealloc,
    .tp_repr = frame_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = frame_traverse,
    .tp_getset = frame_getset,
};
