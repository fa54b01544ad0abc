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
 */
#include <string.h>

#include "runtime/frame.h"
#include "runtime/runtime.h"

#define FO(o) ((WfFrameObject *)(o))

WfObject *wf_frame_get_frame_object(WfFrame *f) {
    if (f->frame_obj)
        return f->frame_obj;
    WfFrameObject *fo = (WfFrameObject *)wf_object_alloc(&wf_frame_type);
    if (fo == NULL)
        return NULL;
    fo->f_frame = f;
    fo->f_back = NULL;
    fo->f_owned = NULL;
    fo->f_lineno = 0;
    f->frame_obj = (WfObject *)fo;
    return (WfObject *)fo;
}

/* A StackRef that owns a counted reference (no tag): heap copies hold these. */
static inline WfStackRef counted_ref(WfObject *o) {
    wf_incref(o);
    return (WfStackRef){.bits = (uintptr_t)o};
}

void wf_frame_object_take_ownership(WfFrame *f) {
    WfFrameObject *fo = FO(f->frame_obj);
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

static WfObject *frame_get_code(WfObject *self, void *c) {
    WfFrame *f = frame_of(self);
    return f ? wf_newref((WfObject *)wf_frame_code(f)) : NULL;
}

static WfObject *frame_get_lineno(WfObject *self, void *c) {
    if (FO(self)->f_owned || FO(self)->f_frame == NULL)
        return wf_int_from_long(FO(self)->f_lineno);
    return wf_int_from_long(wf_frame_get_lineno(FO(self)->f_frame));
}

static WfObject *frame_get_lasti(WfObject *self, void *c) {
    WfFrame *f = frame_of(self);
    return f ? wf_int_from_long(wf_frame_lasti(f) * 2) : NULL;
}

static WfObject *frame_get_globals(WfObject *self, void *c) {
    WfFrame *f = frame_of(self);
    return f ? wf_newref(f->f_globals) : NULL;
}

static WfObject *frame_get_builtins(WfObject *self, void *c) {
    WfFrame *f = frame_of(self);
    return f ? wf_newref(f->f_builtins) : NULL;
}

static WfObject *frame_get_locals(WfObject *self, void *c) {
    WfFrame *f = frame_of(self);
    return f ? wf_frame_get_locals(f) : NULL;
}

static WfObject *frame_get_back(WfObject *self, void *c) {
    WfFrameObject *fo = FO(self);
    if (fo->f_owned || fo->f_frame == NULL)
        return wf_newref(fo->f_back ? fo->f_back : WF_NONE);
    WfFrame *prev = fo->f_frame->previous;
    if (prev == NULL)
        WF_RETURN_NONE;
    return wf_xnewref(wf_frame_get_frame_object(prev));
}

static WfObject *frame_get_trace(WfObject *self, void *c) { WF_RETURN_NONE; }

static WfObject *frame_repr(WfObject *self) {
    WfFrame *f = FO(self)->f_frame;
    if (f == NULL)
        return wf_str_from_format("<frame at %p>", (void *)self);
    WfCodeObject *co = wf_frame_code(f);
    WfObject *lineno = frame_get_lineno(self, NULL);
    if (lineno == NULL)
        return NULL;
    WfObject *r = wf_str_from_format("<frame at %p, file %R, line %S, code %U>", (void *)self,
                                     co->co_filename, lineno, co->co_name);
    wf_decref(lineno);
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
