/* bool.c — bool, the final subtype of int with two immortal instances.
 *
 * WF_TRUE and WF_FALSE are static compact ints (1 and 0) whose headers
 * wf_int_init() sets up; everything else is inherited from int except repr
 * and the bitwise operators, which stay bool when both operands are bools.
 */
#include "runtime/objects/int_internal.h"

/* Immortal; their value never changes: safe to share between threads. */
WfIntObject wf_true_struct = {.v.value = 1};
WfIntObject wf_false_struct = {.v.value = 0};

static WfObject *bool_repr(WfObject *o) {
    return wf_str_from_cstr(o == WF_TRUE ? "True" : "False");
}

/* bool(x=False, /) */
static WfObject *bool_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    if (kwargs != NULL && wf_dict_size(kwargs) > 0)
        return wf_err_format(wf_exc_TypeError, "bool() takes no keyword arguments");
    wf_ssize_t n = args ? WF_TUPLE_SIZE(args) : 0;
    if (n > 1)
        return wf_err_format(wf_exc_TypeError, "bool expected at most 1 argument, got %zd", n);
    if (n == 0)
        return WF_FALSE;
    int t = wf_object_is_true(WF_TUPLE_ITEM(args, 0));
    if (t < 0)
        return NULL;
    return wf_bool_from_long(t);
}

static WfObject *bool_and(WfObject *a, WfObject *b) {
    if (wf_bool_check(a) && wf_bool_check(b))
        return wf_bool_from_long(a == WF_TRUE && b == WF_TRUE);
    return wf_int_nb_and(a, b);
}

static WfObject *bool_or(WfObject *a, WfObject *b) {
    if (wf_bool_check(a) && wf_bool_check(b))
        return wf_bool_from_long(a == WF_TRUE || b == WF_TRUE);
    return wf_int_nb_or(a, b);
}

static WfObject *bool_xor(WfObject *a, WfObject *b) {
    if (wf_bool_check(a) && wf_bool_check(b))
        return wf_bool_from_long((a == WF_TRUE) != (b == WF_TRUE));
    return wf_int_nb_xor(a, b);
}

static wf_hash_t bool_hash(WfObject *o) { return o == WF_TRUE ? 1 : 0; }

WfTypeObject wf_bool_type = {
    .tp_name = "bool",
    .tp_basicsize = sizeof(WfIntObject),
    .tp_flags = WF_TPFLAGS_INT_SUBCLASS,   /* not BASETYPE: bool cannot be subclassed */
    .tp_doc = "bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.",
    .tp_repr = bool_repr,
    .tp_hash = bool_hash,
    .tp_new = bool_new,
    .nb_and = bool_and,
    .nb_or = bool_or,
    .nb_xor = bool_xor,
    .tp_base = &wf_int_type,
};
