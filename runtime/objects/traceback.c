/* traceback.c — traceback objects: one entry per frame an exception passed
 * through, newest frame last (tb_next points toward the raise site).
 * Printing them is traceback_print.c's business.
 *
 * Invariant: tb_frame is a frame object; tb_lasti is a byte offset (code
 * units * 2, as CPython's), tb_lineno the line at that instruction. Only
 * tb_next changes after creation (`tb.tb_next = t`): the loop check and the
 * store happen under tb_link_mutex, so two threads cannot close a loop
 * between them, and the old link is retired after a grace period
 * (wf_field_exchange), so walkers load each link once (wf_traceback_next).
 */
#include "runtime/frame.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

#define TB(o) ((WfTracebackObject *)(o))

WfObject *wf_traceback_new(WfObject *next, WfObject *frame_obj, int lasti, int lineno) {
    WfTracebackObject *tb = (WfTracebackObject *)wf_object_alloc(&wf_traceback_type);
    if (tb == NULL)
        return NULL;
    tb->tb_next = wf_xnewref(next);
    tb->tb_frame = wf_newref(frame_obj);
    tb->tb_lasti = lasti;
    tb->tb_lineno = lineno;
    return (WfObject *)tb;
}

int wf_traceback_add(WfFrame *f) {
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return 0;
    int rc = -1;
    WfObject *fo = wf_frame_get_frame_object(f);
    if (fo) {
        /* exc may be raised by other threads at once: take a reference to
         * the current chain (lockfree.h field discipline) before linking. */
        WfObject *next = wf_exception_get_traceback_ref(exc);
        WfObject *tb = wf_traceback_new(next, fo, wf_frame_lasti(f) * 2, wf_frame_get_lineno(f));
        wf_xdecref(next);
        if (tb) {
            wf_exception_set_traceback(exc, tb);
            wf_decref(tb);
            rc = 0;
        }
    }
    /* Whatever failed, the exception being propagated wins. */
    if (rc < 0)
        wf_err_clear();
    wf_err_set_raised(exc);
    return rc;
}

static void tb_dealloc(WfObject *self) {
    wf_xdecref(TB(self)->tb_next);
    wf_xdecref(TB(self)->tb_frame);
    wf_object_free(self);
}

static int tb_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    if (TB(self)->tb_next && visit(TB(self)->tb_next, arg))
        return 1;
    if (TB(self)->tb_frame && visit(TB(self)->tb_frame, arg))
        return 1;
    return 0;
}

static WfObject *tb_get_next(WfObject *self, void *c) {
    WfObject *next = (WfObject *)wf_traceback_next(TB(self));
    return wf_newref(next ? next : WF_NONE);
}

static uint8_t tb_link_mutex;   /* serialises tb_next stores with their loop checks */

/* Would self be on value's chain? Called with tb_link_mutex held: no link
 * changes under us. */
static bool tb_makes_loop(WfObject *self, WfObject *value) {
    for (WfTracebackObject *cur = TB(value); cur; cur = wf_traceback_next(cur))
        if ((WfObject *)cur == self)
            return true;
    return false;
}

static int tb_set_next(WfObject *self, WfObject *value, void *c) {
    if (value == NULL) {
        wf_err_set_string(wf_exc_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (value == WF_NONE) {
        value = NULL;
    } else if (!WF_IS_TYPE(value, &wf_traceback_type)) {
        wf_err_format(wf_exc_TypeError, "expected traceback object or None, got '%s'",
                      WF_TYPE(value)->tp_name);
        return -1;
    }
    wf_mutex_lock(&tb_link_mutex);
    bool loop = value != NULL && tb_makes_loop(self, value);
    if (!loop)
        wf_field_exchange(&TB(self)->tb_next, wf_xnewref(value));
    wf_mutex_unlock(&tb_link_mutex);
    if (loop) {
        wf_err_set_string(wf_exc_ValueError, "traceback loop detected");
        return -1;
    }
    return 0;
}

static WfObject *tb_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    static const char *const kwlist[] = {"tb_next", "tb_frame", "tb_lasti", "tb_lineno", NULL};
    WfObject *next, *frame;
    int lasti, lineno;
    if (!wf_arg_parse_tuple_and_keywords(args, kwargs, "OO!ii:TracebackType", kwlist, &next,
                                         &wf_frame_type, &frame, &lasti, &lineno))
        return NULL;
    if (next == WF_NONE) {
        next = NULL;
    } else if (!WF_IS_TYPE(next, &wf_traceback_type)) {
        wf_err_format(wf_exc_TypeError, "expected traceback object or None, got '%s'",
                      WF_TYPE(next)->tp_name);
        return NULL;
    }
    return wf_traceback_new(next, frame, lasti, lineno);
}

static WfGetSetDef tb_getset[] = {
    {"tb_next", tb_get_next, tb_set_next, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMemberDef tb_members[] = {
    {"tb_frame", WF_T_OBJECT, offsetof(WfTracebackObject, tb_frame), WF_READONLY, NULL},
    {"tb_lasti", WF_T_INT, offsetof(WfTracebackObject, tb_lasti), WF_READONLY, NULL},
    {"tb_lineno", WF_T_INT, offsetof(WfTracebackObject, tb_lineno), WF_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

WfTypeObject wf_traceback_type = {
    .tp_name = "traceback",
    .tp_basicsize = sizeof(WfTracebackObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = tb_dealloc,
    .tp_getattro = wf_object_generic_getattr,
    .tp_traverse = tb_traverse,
    .tp_getset = tb_getset,
    .tp_members = tb_members,
    .tp_new = tb_tp_new,
};
