/* frame.c — the per-thread data stack of frames, and what can be asked of a
 * frame: its line, its locals, zero-argument super()'s arguments.
 *
 * Invariants:
 *  - Frames are carved from the thread's newest chunk in LIFO order;
 *    datastack_top/limit describe the newest chunk. A chunk whose first frame
 *    is popped is unlinked and kept as its predecessor's `spare`, so a call
 *    loop that crosses a chunk edge does not malloc/free on every call.
 *  - Only the owning thread touches its data stack: no locks.
 */
#include <string.h>

#include "runtime/frame.h"
#include "specialize/specialize.h"

/* Big enough for ~100 typical frames; a bigger frame gets its own chunk. */
#define WF_DATASTACK_CHUNK_SIZE (32 * 1024)

WfFrame *wf_frame_alloc_in_new_chunk(WfThreadState *ts, size_t size) {
    WfDataStackChunk *cur = ts->datastack_chunk;
    size_t needed = offsetof(WfDataStackChunk, data) + size;
    WfDataStackChunk *c = NULL;
    if (cur && cur->spare) {
        if (cur->spare->size >= needed)
            c = cur->spare;
        else
            wf_mem_free(cur->spare);
        cur->spare = NULL;
    }
    if (c == NULL) {
        size_t csize = needed > WF_DATASTACK_CHUNK_SIZE ? needed : WF_DATASTACK_CHUNK_SIZE;
        c = wf_mem_malloc(csize);
        if (c == NULL) {
            wf_err_no_memory();
            return NULL;
        }
        c->size = csize;
        c->spare = NULL;
    }
    c->previous = cur;
    c->saved_top = NULL;
    if (cur)
        cur->saved_top = ts->datastack_top;
    ts->datastack_chunk = c;
    ts->datastack_top = c->data + size;
    ts->datastack_limit = (char *)c + c->size;
    return (WfFrame *)c->data;
}

/* The popped frame was the first of its chunk. */
void wf_frame_release_chunk(WfThreadState *ts, WfFrame *f) {
    WfDataStackChunk *c = ts->datastack_chunk;
    wf_assert((char *)f == c->data);
    if (c->previous == NULL) {
        ts->datastack_top = (char *)f;
        return;
    }
    WfDataStackChunk *prev = c->previous;
    if (c->spare) {
        wf_mem_free(c->spare);
        c->spare = NULL;
    }
    prev->spare = c;
    ts->datastack_chunk = prev;
    ts->datastack_top = prev->saved_top;
    ts->datastack_limit = (char *)prev + prev->size;
}

void wf_frame_datastack_free(WfThreadState *ts) {
    WfDataStackChunk *c = ts->datastack_chunk;
    while (c) {
        WfDataStackChunk *prev = c->previous;
        if (c->spare)
            wf_mem_free(c->spare);
        wf_mem_free(c);
        c = prev;
    }
    ts->datastack_chunk = NULL;
    ts->datastack_top = ts->datastack_limit = NULL;
}

WfObject *wf_frame_detach_frame_object(WfFrame *f) {
    WfObject *fo = __atomic_load_n(&f->frame_obj, __ATOMIC_ACQUIRE);
    if (fo) {
        wf_frame_object_take_ownership(f);
        __atomic_store_n(&f->frame_obj, NULL, __ATOMIC_RELEASE);
    }
    return fo;
}

void wf_frame_clear(WfFrame *f) {
    wf_xdecref(wf_frame_detach_frame_object(f));
    wf_assert(f->stackpointer != NULL);
    for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++) {
        WfStackRef r = *p;
        *p = WF_STACKREF_NULL;
        wf_stackref_xclose(r);
    }
    f->stackpointer = f->localsplus;
    WfObject *locals = f->f_locals;
    f->f_locals = NULL;
    wf_xdecref(locals);
    wf_stackref_close(f->f_funcobj);
    wf_stackref_close(f->f_executable);
    f->f_funcobj = WF_STACKREF_NULL;
    f->f_executable = WF_STACKREF_NULL;
}


int wf_frame_get_lineno(WfFrame *f) {
    WfCodeObject *co = wf_frame_code(f);
    int line = wf_code_addr_to_line(co, wf_frame_lasti(f));
    return line < 0 ? co->co_firstlineno : line;
}

WfObject *wf_frame_get_locals(WfFrame *f) {
    if (f->f_locals)
        return wf_newref(f->f_locals);
    WfCodeObject *co = wf_frame_code(f);
    WfObject *d = wf_dict_new();
    if (d == NULL)
        return NULL;
    for (int i = 0; i < co->co_nlocalsplus; i++) {
        WfStackRef r = f->localsplus[i];
        if (wf_stackref_is_null(r))
            continue;
        /* The slots stay put meanwhile: the frame is the caller's, or its
         * thread is stopped (frameobject.c), and the dict runs no Python. */
        WfObject *v = wf_stackref_borrow_obj(r);
        WfStackRef contents = WF_STACKREF_NULL;
        uint8_t kind = co->co_localspluskinds[i];
        /* A cell slot holds the raw argument until MAKE_CELL has run. A
         * closure running on another thread may store into the cell. */
        if ((kind & (WF_LOCALS_KIND_CELL | WF_LOCALS_KIND_FREE)) && wf_cell_check(v)) {
            if (!wf_cell_get_stackref(v, &contents))
                continue;
            v = wf_stackref_borrow_obj(contents);
        }
        int rc = wf_dict_set_item(d, WF_TUPLE_ITEM(co->co_localsplusnames, i), v);
        wf_stackref_xclose(contents);
        if (rc < 0) {
            wf_decref(d);
            return NULL;
        }
    }
    return d;
}

int wf_frame_super_args(WfFrame *f, WfStackRef *type, WfStackRef *obj) {
    *type = *obj = WF_STACKREF_NULL;
    if (f == NULL) {
        wf_err_set_string(wf_exc_RuntimeError, "super(): no current frame");
        return -1;
    }
    WfCodeObject *co = wf_frame_code(f);
    if (co->co_argcount == 0) {
        wf_err_set_string(wf_exc_RuntimeError, "super(): no arguments");
        return -1;
    }
    /* The caller's own slot: only this thread stores into it. A cell (the
     * argument captured by a closure) may be stored into by any thread. */
    WfStackRef first = f->localsplus[0];
    if (!wf_stackref_is_null(first)) {
        WfObject *v = wf_stackref_borrow_obj(first);
        if ((co->co_localspluskinds[0] & WF_LOCALS_KIND_CELL) && wf_cell_check(v))
            wf_cell_get_stackref(v, &first);
        else
            first = wf_stackref_borrow(v);
    }
    if (wf_stackref_is_null(first)) {
        wf_err_set_string(wf_exc_RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    for (int i = co->co_nlocalsplus - co->co_nfreevars; i < co->co_nlocalsplus; i++) {
        WfObject *name = WF_TUPLE_ITEM(co->co_localsplusnames, i);
        if (!wf_str_equal(name, WF_ID(__class__)))
            continue;
        WfStackRef rc = f->localsplus[i];
        WfObject *cell = wf_stackref_is_null(rc) ? NULL : wf_stackref_borrow_obj(rc);
        WfStackRef cls = WF_STACKREF_NULL;
        if (cell == NULL || !wf_cell_check(cell) || !wf_cell_get_stackref(cell, &cls)) {
            wf_err_set_string(wf_exc_RuntimeError, "super(): empty __class__ cell");
        } else if (!wf_type_check(wf_stackref_borrow_obj(cls))) {
            wf_err_format(wf_exc_RuntimeError, "super(): __class__ is not a type (%s)",
                          WF_TYPE(wf_stackref_borrow_obj(cls))->tp_name);
        } else {
            *type = cls;
            *obj = first;
            return 0;
        }
        wf_stackref_xclose(cls);
        wf_stackref_close(first);
        return -1;
    }
    wf_stackref_close(first);
    wf_err_set_string(wf_exc_RuntimeError, "super(): __class__ cell not found");
    return -1;
}
