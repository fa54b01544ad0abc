/* cell.c — cell objects: the boxes that closures share for a variable.
 *
 * Invariants:
 *  - ob_ref is a strong reference or NULL (an empty cell: the variable is
 *    unbound).
 *  - Threads (docs/containers-threads.md): ob_ref is a shared field in the
 *    sense of lockfree.h (wf_field_get_ref / wf_field_set): a store runs in
 *    the cell's critical section, publishes the value (once the cell is
 *    marked) and stores it with release, the old value is dropped after the section; a load takes no
 *    lock (acquire load + try-incref, locked fallback). wf_cell_get_ref /
 *    wf_cell_get_stackref / wf_cell_set are the thread-safe accessors;
 *    the stack-reference one counts nothing for immortal or deferred
 *    contents (they outlive any store), as LOAD_DEREF wants.
 */
#include "runtime/runtime.h"
#include "runtime/objects/lockfree.h"

#define CELL(o) ((WfCellObject *)(o))

WfObject *wf_cell_new(WfObject *value) {
    WfCellObject *c = (WfCellObject *)wf_object_alloc(&wf_cell_type);
    if (c == NULL)
        return NULL;
    c->ob_ref = wf_xnewref(value);   /* a new cell is unmarked: nothing to publish */
    return (WfObject *)c;
}

WfObject *wf_cell_get_ref(WfObject *cell) {
    return wf_field_get_ref(cell, &CELL(cell)->ob_ref);
}

bool wf_cell_get_stackref(WfObject *cell, WfStackRef *out) {
    wf_container_prepare_read(cell);
    WfObject *v = __atomic_load_n(&CELL(cell)->ob_ref, __ATOMIC_ACQUIRE);
    if (v != NULL && wf_stackref_skips_count(v)) {
        *out = wf_stackref_borrow(v);
        return true;
    }
    if (v == NULL || !wf_try_incref(v))
        v = wf_cell_get_ref(cell);   /* empty, or dying: read again (locked fallback) */
    *out = v ? wf_stackref_steal(v) : WF_STACKREF_NULL;
    return v != NULL;
}

void wf_cell_set(WfObject *cell, WfObject *value) {
    wf_field_set(cell, &CELL(cell)->ob_ref, value);
}

static void cell_dealloc(WfObject *self) {
    wf_xdecref(CELL(self)->ob_ref);
    wf_object_free(self);
}

static int cell_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    return CELL(self)->ob_ref ? visit(CELL(self)->ob_ref, arg) : 0;
}

static int cell_clear(WfObject *self) {
    WF_CLEAR(CELL(self)->ob_ref);
    return 0;
}

static WfObject *cell_repr(WfObject *self) {
    WfObject *v = wf_cell_get_ref(self);
    if (v == NULL)
        return wf_str_from_format("<cell at %p: empty>", (void *)self);
    WfObject *r = wf_str_from_format("<cell at %p: %.80s object at %p>", (void *)self,
                                     WF_TYPE(v)->tp_name, (void *)v);
    wf_decref(v);
    return r;
}

/* Compared by contents; an empty cell sorts before any other. */
static WfObject *cell_richcompare(WfObject *a, WfObject *b, int op) {
    if (!wf_cell_check(a) || !wf_cell_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    WfObject *x = wf_cell_get_ref(a), *y = wf_cell_get_ref(b);
    if (x && y) {
        WfObject *res = wf_object_rich_compare(x, y, op);
        wf_decref(x);
        wf_decref(y);
        return res;
    }
    wf_xdecref(x);
    wf_xdecref(y);
    int l = y == NULL, r = x == NULL; /* compare (b empty) with (a empty) */
    return wf_richcompare_from_order(l - r, op);
}

static WfObject *cell_get_contents(WfObject *self, void *c) {
    WfObject *v = wf_cell_get_ref(self);
    if (v == NULL)
        wf_err_set_string(wf_exc_ValueError, "Cell is empty");
    return v;
}

static int cell_set_contents(WfObject *self, WfObject *value, void *c) {
    wf_cell_set(self, wf_xnewref(value));
    return 0;
}

static WfObject *cell_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    WfObject *value = NULL;
    if (wf_arg_no_keywords("cell", kwargs) < 0)
        return NULL;
    if (!wf_arg_parse_tuple(args, "|O:cell", &value))
        return NULL;
    return wf_cell_new(value);
}

static WfGetSetDef cell_getset[] = {
    {"cell_contents", cell_get_contents, cell_set_contents, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_cell_type = {
    .tp_name = "cell",
    .tp_basicsize = sizeof(WfCellObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = cell_dealloc,
    .tp_repr = cell_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_richcompare = cell_richcompare,
    .tp_traverse = cell_traverse,
    .tp_clear = cell_clear,
    .tp_getset = cell_getset,
    .tp_new = cell_tp_new,
};
