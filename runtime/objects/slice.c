/* slice.c — slice objects and the index arithmetic every sequence shares.
 *
 * Invariants:
 *  - start, stop and step are never NULL (None when absent); a slice is
 *    immutable and, as in CPython 3.11, unhashable.
 *  - wf_slice_unpack / wf_slice_adjust_indices are CPython's PySlice_Unpack
 *    and PySlice_AdjustIndices: bounds are clamped to the wf_ssize_t range
 *    first, then to the sequence length, and the step is never 0.
 */
#include "runtime/objects/objects.h"

#define SLICE(o) ((WfSliceObject *)(o))

WfObject *wf_slice_new(WfObject *start, WfObject *stop, WfObject *step) {
    WfSliceObject *s = (WfSliceObject *)wf_object_alloc(&wf_slice_type);
    if (s == NULL)
        return NULL;
    s->start = wf_newref(start ? start : WF_NONE);
    s->stop = wf_newref(stop ? stop : WF_NONE);
    s->step = wf_newref(step ? step : WF_NONE);
    return (WfObject *)s;
}

int wf_slice_index(WfObject *v, wf_ssize_t *pi) {
    if (v == WF_NONE)
        return 0;
    if (wf_int_check_exact(v) && wf_int_is_compact(v)) {
        *pi = (wf_ssize_t)wf_int_compact_value(v);
        return 0;
    }
    if (!wf_index_check(v)) {
        wf_err_set_string(wf_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    wf_ssize_t x = wf_number_as_ssize(v, NULL);   /* clamps big values */
    if (x == -1 && wf_err_occurred())
        return -1;
    *pi = x;
    return 0;
}

int wf_slice_unpack(WfObject *slice, wf_ssize_t *start, wf_ssize_t *stop, wf_ssize_t *step) {
    WfSliceObject *r = SLICE(slice);
    if (r->step == WF_NONE) {
        *step = 1;
    } else {
        if (wf_slice_index(r->step, step) < 0)
            return -1;
        if (*step == 0) {
            wf_err_set_string(wf_exc_ValueError, "slice step cannot be zero");
            return -1;
        }
        /* -step must not overflow when a caller reverses the direction. */
        if (*step < -WF_SSIZE_T_MAX)
            *step = -WF_SSIZE_T_MAX;
    }
    if (r->start == WF_NONE)
        *start = *step < 0 ? WF_SSIZE_T_MAX : 0;
    else if (wf_slice_index(r->start, start) < 0)
        return -1;
    if (r->stop == WF_NONE)
        *stop = *step < 0 ? WF_SSIZE_T_MIN : WF_SSIZE_T_MAX;
    else if (wf_slice_index(r->stop, stop) < 0)
        return -1;
    return 0;
}

wf_ssize_t wf_slice_adjust_indices(wf_ssize_t length, wf_ssize_t *start, wf_ssize_t *stop,
                                   wf_ssize_t step) {
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start)
            return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

static WfObject *slice_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords("slice", kwds) < 0)
        return NULL;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional("slice", nargs, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return wf_slice_new(NULL, WF_TUPLE_ITEM(args, 0), NULL);
    return wf_slice_new(WF_TUPLE_ITEM(args, 0), WF_TUPLE_ITEM(args, 1),
                        nargs == 3 ? WF_TUPLE_ITEM(args, 2) : NULL);
}

static void slice_dealloc(WfObject *self) {
    WfSliceObject *s = SLICE(self);
    wf_xdecref(s->start);
    wf_xdecref(s->stop);
    wf_xdecref(s->step);
    wf_object_free(self);
}

static int slice_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfSliceObject *s = SLICE(self);
    int r = 0;
    if (s->start && (r = visit(s->start, arg)) != 0)
        return r;
    if (s->stop && (r = visit(s->stop, arg)) != 0)
        return r;
    if (s->step)
        r = visit(s->step, arg);
    return r;
}

/* Only the collector calls this, on unreachable slices. */
static int slice_clear(WfObject *self) {
    WF_CLEAR(SLICE(self)->start);
    WF_CLEAR(SLICE(self)->stop);
    WF_CLEAR(SLICE(self)->step);
    return 0;
}

static WfObject *slice_repr(WfObject *self) {
    WfSliceObject *s = SLICE(self);
    return wf_str_from_format("slice(%R, %R, %R)", s->start, s->stop, s->step);
}

static WfObject *slice_as_tuple(WfObject *self) {
    WfSliceObject *s = SLICE(self);
    return wf_tuple_pack(3, s->start, s->stop, s->step);
}

/* Slices compare as the tuples (start, stop, step). */
static WfObject *slice_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_slice_check(v) || !wf_slice_check(w))
        WF_RETURN_NOTIMPLEMENTED;
    if (v == w && (op == WF_EQ || op == WF_NE || op == WF_LE || op == WF_GE))
        return wf_bool_from_long(op != WF_NE);
    WfObject *t1 = slice_as_tuple(v);
    if (t1 == NULL)
        return NULL;
    WfObject *t2 = slice_as_tuple(w);
    if (t2 == NULL) {
        wf_decref(t1);
        return NULL;
    }
    WfObject *res = wf_object_rich_compare(t1, t2, op);
    wf_decref(t1);
    wf_decref(t2);
    return res;
}

/* slice.indices(length) -> (start, stop, step) */
static WfObject *slice_indices(WfObject *self, WfObject *len_arg) {
    WfObject *ix = wf_number_index(len_arg);
    if (ix == NULL)
        return NULL;
    if (wf_int_sign(ix) < 0) {
        wf_decref(ix);
        wf_err_set_string(wf_exc_ValueError, "length should not be negative");
        return NULL;
    }
    wf_ssize_t length = wf_number_as_ssize(ix, wf_exc_OverflowError);
    wf_decref(ix);
    if (length == -1 && wf_err_occurred())
        return NULL;
    wf_ssize_t start, stop, step;
    if (wf_slice_unpack(self, &start, &stop, &step) < 0)
        return NULL;
    wf_slice_adjust_indices(length, &start, &stop, step);
    WfObject *a = wf_int_from_ssize(start), *b = wf_int_from_ssize(stop),
             *c = wf_int_from_ssize(step);
    WfObject *res = (a && b && c) ? wf_tuple_pack(3, a, b, c) : NULL;
    wf_xdecref(a);
    wf_xdecref(b);
    wf_xdecref(c);
    return res;
}

static WfMemberDef slice_members[] = {
    {"start", WF_T_OBJECT, offsetof(WfSliceObject, start), WF_READONLY, NULL},
    {"stop", WF_T_OBJECT, offsetof(WfSliceObject, stop), WF_READONLY, NULL},
    {"step", WF_T_OBJECT, offsetof(WfSliceObject, step), WF_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static WfMethodDef slice_methods[] = {
    {"indices", (void *)slice_indices, WF_METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_slice_type = {
    .tp_name = "slice",
    .tp_basicsize = sizeof(WfSliceObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_doc = "slice(stop)\nslice(start, stop[, step])",
    .tp_dealloc = slice_dealloc,
    .tp_repr = slice_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = slice_richcompare,
    .tp_new = slice_new,
    .tp_traverse = slice_traverse,
    .tp_clear = slice_clear,
    .tp_members = slice_members,
    .tp_methods = slice_methods,
};
