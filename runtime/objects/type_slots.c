/* type_slots.c — the dunder <-> C slot correspondence.
 *
 * Two directions:
 *  - Static types get a "slot wrapper" descriptor per slot they define
 *    (`int.__add__` wraps int's nb_add), built by wf_type_add_operators.
 *  - Heap types get, for every slot whose dunder is found in their MRO, either
 *    the C function directly (when the dunder is a slot wrapper of the same
 *    slot, e.g. a class inheriting int.__add__) or a slot_* function that looks
 *    the dunder up and calls it (update_one_slot, CPython's algorithm).
 *
 * Invariants:
 *  - wf_slotdefs[] entries sharing an offset are adjacent; the table ends
 *    with a NULL name whose offset matches no slot.
 *  - Slot functions of heap types look dunders up on the *type* (special
 *    method lookup), never on the instance.
 *  - tp_iternext slot functions turn StopIteration into "exhausted" (NULL
 *    with no exception), per object.h's contract.
 */
#include <string.h>

#include "runtime/objects/type_internal.h"
#include "runtime/objects/lockfree.h"
#include "threads/threads.h"

static inline void **slot_ptr(WfTypeObject *type, size_t off) {
    return (void **)((char *)type + off);
}

/* ======================================================================
 * Calling dunders
 * ====================================================================== */

/* How lookup_maybe_method found a method (bits of *how). */
#define FOUND_UNBOUND 1    /* call it with self as first argument */
#define FOUND_BORROWED 2   /* no reference taken (wf_type_attr_called_borrowed) */

/* type(self).name, bound or not: a new reference, or borrowed (see *how);
 * NULL without error when missing. Release it with drop_found. */
static WfObject *lookup_maybe_method(WfObject *self, WfObject *name, int *how) {
    WfObject *res = wf_type_lookup(WF_TYPE(self), name);
    *how = 0;
    if (!res)
        return NULL;
    if (WF_TYPE_HAS_FLAG(WF_TYPE(res), WF_TPFLAGS_METHOD_DESCRIPTOR)) {
        if (wf_type_attr_called_borrowed(res)) {
            *how = FOUND_UNBOUND | FOUND_BORROWED;
            return res;
        }
        *how = FOUND_UNBOUND;
        return wf_newref(res);
    }
    wf_descrgetfunc f = WF_TYPE(res)->tp_descr_get;
    if (!f)
        return wf_newref(res);
    wf_incref(res);
    WfObject *bound = f(res, self, (WfObject *)WF_TYPE(self));
    wf_decref(res);
    return bound;
}

static inline void drop_found(WfObject *func, int how) {
    if (func != NULL && !(how & FOUND_BORROWED))
        wf_decref(func);
}

static WfObject *lookup_method(WfObject *self, WfObject *name, int *how) {
    WfObject *res = lookup_maybe_method(self, name, how);
    if (!res && !wf_err_occurred())
        wf_err_set_object(wf_exc_AttributeError, name);
    return res;
}

/* Calls func found by lookup*: args[0] is self. */
static WfObject *call_found(WfObject *func, int how, WfObject *const *args,
                            wf_ssize_t nargs) {
    if (how & FOUND_UNBOUND)
        return wf_object_vectorcall(func, args, (size_t)nargs, NULL);
    return wf_object_vectorcall(func, args + 1, (size_t)(nargs - 1), NULL);
}

/* type(args[0]).name(*args); AttributeError when missing. */
static WfObject *vectorcall_method(WfObject *name, WfObject *const *args, wf_ssize_t nargs) {
    int how;
    WfObject *func = lookup_method(args[0], name, &how);
    if (!func)
        return NULL;
    WfObject *res = call_found(func, how, args, nargs);
    drop_found(func, how);
    return res;
}

/* Same, but NotImplemented when missing. */
static WfObject *vectorcall_maybe(WfObject *name, WfObject *const *args, wf_ssize_t nargs) {
    int how;
    WfObject *func = lookup_maybe_method(args[0], name, &how);
    if (!func)
        return wf_err_occurred() ? NULL : wf_newref(WF_NOTIMPLEMENTED);
    WfObject *res = call_found(func, how, args, nargs);
    drop_found(func, how);
    return res;
}

/* Calls an attribute found on the type with (self, name), binding as needed. */
static WfObject *call_attribute(WfObject *self, WfObject *attr, WfObject *name) {
    WfObject *args[2] = {self, name};
    if (WF_TYPE_HAS_FLAG(WF_TYPE(attr), WF_TPFLAGS_METHOD_DESCRIPTOR))
        return wf_object_vectorcall(attr, args, 2, NULL);
    wf_descrgetfunc f = WF_TYPE(attr)->tp_descr_get;
    if (!f)
        return wf_object_vectorcall(attr, args + 1, 1, NULL);
    WfObject *bound = f(attr, self, (WfObject *)WF_TYPE(self));
    if (!bound)
        return NULL;
    WfObject *res = wf_object_vectorcall(bound, args + 1, 1, NULL);
    wf_decref(bound);
    return res;
}

/* A tuple (first,) + args. */
static WfObject *prepend_arg(WfObject *first, WfObject *args) {
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    WfObject *t = wf_tuple_new(n + 1);
    if (!t)
        return NULL;
    WF_TUPLE_SET_ITEM(t, 0, wf_newref(first));
    for (wf_ssize_t i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(t, i + 1, wf_newref(WF_TUPLE_ITEM(args, i)));
    return t;
}

/* ======================================================================
 * Slot functions for heap types
 * ====================================================================== */

static WfObject *slot_tp_repr(WfObject *self) {
    WfObject *args[1] = {self};
    int how;
    WfObject *func = lookup_maybe_method(self, WF_ID(__repr__), &how);
    if (!func) {
        if (wf_err_occurred())
            return NULL;
        return wf_str_from_format("<%s object at %p>", WF_TYPE(self)->tp_name, self);
    }
    WfObject *res = call_found(func, how, args, 1);
    drop_found(func, how);
    return res;
}

static WfObject *slot_tp_str(WfObject *self) {
    WfObject *args[1] = {self};
    return vectorcall_method(WF_ID(__str__), args, 1);
}

static wf_hash_t slot_tp_hash(WfObject *self) {
    int how;
    WfObject *func = lookup_maybe_method(self, WF_ID(__hash__), &how);
    if (!func || func == WF_NONE) {
        drop_found(func, how);
        if (wf_err_occurred())
            return -1;
        return wf_object_hash_not_implemented(self);
    }
    WfObject *args[1] = {self};
    WfObject *res = call_found(func, how, args, 1);
    drop_found(func, how);
    if (!res)
        return -1;
    if (!wf_int_check(res)) {
        wf_decref(res);
        wf_err_set_string(wf_exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    int overflow = 0;
    long v = wf_int_as_long_and_overflow(res, &overflow);
    wf_hash_t h = overflow ? wf_int_hash(res) : (wf_hash_t)v;
    wf_decref(res);
    if (h == -1 && !wf_err_occurred())
        h = -2;
    return h;
}

static WfObject *slot_tp_call(WfObject *self, WfObject *args, WfObject *kwds) {
    int how;
    WfObject *func = lookup_method(self, WF_ID(__call__), &how);
    if (!func)
        return NULL;
    WfObject *res;
    if (how & FOUND_UNBOUND) {
        WfObject *t = prepend_arg(self, args);
        res = t ? wf_object_call(func, t, kwds) : NULL;
        wf_xdecref(t);
    } else {
        res = wf_object_call(func, args, kwds);
    }
    drop_found(func, how);
    return res;
}

/* Vectorcall for instances of classes defining __call__. */
static WfObject *slot_vectorcall_call(WfObject *self, WfObject *const *args, size_t nargsf,
                                      WfObject *kwnames) {
    int how;
    WfObject *func = lookup_method(self, WF_ID(__call__), &how);
    if (!func)
        return NULL;
    WfObject *res;
    wf_ssize_t nargs = wf_vectorcall_nargs(nargsf);
    if (!(how & FOUND_UNBOUND)) {
        res = wf_object_vectorcall(func, args, nargsf, kwnames);
    } else {
        wf_ssize_t total = nargs + (kwnames ? WF_TUPLE_SIZE(kwnames) : 0);
        WfObject *small[8];
        WfObject **stack = total + 1 <= 8 ? small : wf_mem_malloc(sizeof(WfObject *) * (size_t)(total + 1));
        if (!stack) {
            drop_found(func, how);
            return wf_err_no_memory();
        }
        stack[0] = self;
        if (total > 0)
            memcpy(stack + 1, args, sizeof(WfObject *) * (size_t)total);
        res = wf_object_vectorcall(func, stack, (size_t)(nargs + 1), kwnames);
        if (stack != small)
            wf_mem_free(stack);
    }
    drop_found(func, how);
    return res;
}

static WfObject *slot_tp_getattro(WfObject *self, WfObject *name) {
    WfObject *args[2] = {self, name};
    return vectorcall_method(WF_ID(__getattribute__), args, 2);
}

/* __getattribute__ (often object's, called directly), then __getattr__ on
 * AttributeError. */
WfObject *wf_slot_tp_getattr_hook(WfObject *self, WfObject *name) {
    WfTypeObject *tp = WF_TYPE(self);
    WfObject *getattr = wf_type_lookup(tp, WF_ID(__getattr__));
    if (!getattr)
        return slot_tp_getattro(self, name);
    wf_incref(getattr);
    WfObject *getattribute = wf_type_lookup(tp, WF_ID(__getattribute__));
    WfObject *res;
    if (!getattribute ||
        (WF_TYPE(getattribute) == &wf_wrapper_descr_type &&
         ((WfWrapperDescrObject *)getattribute)->d_wrapped == (void *)wf_object_generic_getattr)) {
        res = wf_object_generic_getattr_ex(self, name, 1);
    } else {
        wf_incref(getattribute);
        res = call_attribute(self, getattribute, name);
        wf_decref(getattribute);
    }
    if (!res && (!wf_err_occurred() || wf_err_exception_matches(wf_exc_AttributeError))) {
        wf_err_clear();
        res = call_attribute(self, getattr, name);
    }
    wf_decref(getattr);
    return res;
}

static int slot_tp_setattro(WfObject *self, WfObject *name, WfObject *value) {
    WfObject *args[3] = {self, name, value};
    WfObject *res = value ? vectorcall_method(WF_ID(__setattr__), args, 3)
                          : vectorcall_method(WF_ID(__delattr__), args, 2);
    if (!res)
        return -1;
    wf_decref(res);
    return 0;
}

static WfObject *richcmp_names[6];

static WfObject *slot_tp_richcompare(WfObject *self, WfObject *other, int op) {
    WfObject *args[2] = {self, other};
    int how;
    WfObject *func = lookup_maybe_method(self, richcmp_names[op], &how);
    if (!func)
        return wf_err_occurred() ? NULL : wf_newref(WF_NOTIMPLEMENTED);
    WfObject *res = call_found(func, how, args, 2);
    drop_found(func, how);
    return res;
}

static WfObject *slot_tp_iter(WfObject *self) {
    int how;
    WfObject *func = lookup_maybe_method(self, WF_ID(__iter__), &how);
    if (func == WF_NONE) {
        drop_found(func, how);
        wf_err_format(wf_exc_TypeError, "'%s' object is not iterable", WF_TYPE_NAME(self));
        return NULL;
    }
    if (func) {
        WfObject *args[1] = {self};
        WfObject *res = call_found(func, how, args, 1);
        drop_found(func, how);
        return res;
    }
    if (wf_err_occurred())
        return NULL;
    if (wf_type_lookup(WF_TYPE(self), WF_ID(__getitem__)))
        return wf_seqiter_new(self);
    wf_err_format(wf_exc_TypeError, "'%s' object is not iterable", WF_TYPE_NAME(self));
    return NULL;
}

static WfObject *slot_tp_iternext(WfObject *self) {
    WfObject *args[1] = {self};
    WfObject *res = vectorcall_method(WF_ID(__next__), args, 1);
    if (!res && wf_err_exception_matches(wf_exc_StopIteration))
        wf_err_clear();
    return res;
}

static WfObject *slot_tp_descr_get(WfObject *self, WfObject *obj, WfObject *type) {
    WfObject *get = wf_type_lookup(WF_TYPE(self), WF_ID(__get__));
    if (!get)
        return wf_newref(self);
    WfObject *args[3] = {self, obj ? obj : WF_NONE, type ? type : WF_NONE};
    return vectorcall_method(WF_ID(__get__), args, 3);
}

static int slot_tp_descr_set(WfObject *self, WfObject *target, WfObject *value) {
    WfObject *args[3] = {self, target, value};
    WfObject *res = value ? vectorcall_method(WF_ID(__set__), args, 3)
                          : vectorcall_method(WF_ID(__delete__), args, 2);
    if (!res)
        return -1;
    wf_decref(res);
    return 0;
}

int wf_slot_tp_init(WfObject *self, WfObject *args, WfObject *kwds) {
    int how;
    WfObject *func = lookup_method(self, WF_ID(__init__), &how);
    if (!func)
        return -1;
    WfObject *res;
    if (how & FOUND_UNBOUND) {
        WfObject *t = prepend_arg(self, args);
        res = t ? wf_object_call(func, t, kwds) : NULL;
        wf_xdecref(t);
    } else {
        res = wf_object_call(func, args, kwds);
    }
    drop_found(func, how);
    if (!res)
        return -1;
    if (res != WF_NONE) {
        wf_err_format(wf_exc_TypeError, "__init__() should return None, not '%s'",
                      WF_TYPE_NAME(res));
        wf_decref(res);
        return -1;
    }
    wf_decref(res);
    return 0;
}

WfObject *wf_slot_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    WfObject *func = wf_object_getattr((WfObject *)type, WF_ID(__new__));
    if (!func)
        return NULL;
    WfObject *t = prepend_arg((WfObject *)type, args);
    WfObject *res = t ? wf_object_call(func, t, kwds) : NULL;
    wf_xdecref(t);
    wf_decref(func);
    return res;
}

/* ---- numbers ---- */

/* Does type(right) define name differently from type(left)? */
static int method_is_overloaded(WfTypeObject *left, WfTypeObject *right, WfObject *name) {
    WfObject *a = wf_type_lookup(right, name);
    if (!a)
        return 0;
    WfObject *b = wf_type_lookup(left, name);
    return b == NULL || a != b;
}

/* CPython's SLOT1BINFULL: self.__op__(other), other.__rop__(self) with the
 * subclass-first rule. */
static WfObject *binary_slot(WfObject *self, WfObject *other, size_t off, void *testfunc,
                             WfObject *op, WfObject *rop) {
    WfObject *stack[2];
    int do_other = WF_TYPE(self) != WF_TYPE(other) &&
                   *slot_ptr(WF_TYPE(other), off) == testfunc;
    if (*slot_ptr(WF_TYPE(self), off) == testfunc) {
        WfObject *r;
        if (do_other && wf_type_is_subtype(WF_TYPE(other), WF_TYPE(self)) &&
            method_is_overloaded(WF_TYPE(self), WF_TYPE(other), rop)) {
            stack[0] = other;
            stack[1] = self;
            r = vectorcall_maybe(rop, stack, 2);
            if (r != WF_NOTIMPLEMENTED)
                return r;
            wf_decref(r);
            do_other = 0;
        }
        stack[0] = self;
        stack[1] = other;
        r = vectorcall_maybe(op, stack, 2);
        if (r != WF_NOTIMPLEMENTED || WF_TYPE(other) == WF_TYPE(self))
            return r;
        wf_decref(r);
    }
    if (do_other) {
        stack[0] = other;
        stack[1] = self;
        return vectorcall_maybe(rop, stack, 2);
    }
    return wf_newref(WF_NOTIMPLEMENTED);
}

#define BINSLOT(FUNC, SLOT, OP, ROP)                                                    \
    static WfObject *FUNC(WfObject *self, WfObject *other) {                            \
        return binary_slot(self, other, offsetof(WfTypeObject, SLOT), (void *)FUNC,     \
                           WF_ID(OP), WF_ID(ROP));                                      \
    }
BINSLOT(slot_nb_add, nb_add, __add__, __radd__)
BINSLOT(slot_nb_subtract, nb_subtract, __sub__, __rsub__)
BINSLOT(slot_nb_multiply, nb_multiply, __mul__, __rmul__)
BINSLOT(slot_nb_remainder, nb_remainder, __mod__, __rmod__)
BINSLOT(slot_nb_divmod, nb_divmod, __divmod__, __rdivmod__)
BINSLOT(slot_nb_lshift, nb_lshift, __lshift__, __rlshift__)
BINSLOT(slot_nb_rshift, nb_rshift, __rshift__, __rrshift__)
BINSLOT(slot_nb_and, nb_and, __and__, __rand__)
BINSLOT(slot_nb_xor, nb_xor, __xor__, __rxor__)
BINSLOT(slot_nb_or, nb_or, __or__, __ror__)
BINSLOT(slot_nb_floor_divide, nb_floor_divide, __floordiv__, __rfloordiv__)
BINSLOT(slot_nb_true_divide, nb_true_divide, __truediv__, __rtruediv__)
BINSLOT(slot_nb_matrix_multiply, nb_matrix_multiply, __matmul__, __rmatmul__)

static WfObject *slot_nb_power(WfObject *self, WfObject *other, WfObject *mod) {
    if (mod == WF_NONE || mod == NULL)
        return binary_slot(self, other, offsetof(WfTypeObject, nb_power), (void *)slot_nb_power,
                           WF_ID(__pow__), WF_ID(__rpow__));
    /* Three-argument pow() calls only __pow__ (no __rpow__ with a modulus). */
    if (WF_TYPE(self)->nb_power == slot_nb_power) {
        WfObject *stack[3] = {self, other, mod};
        return vectorcall_method(WF_ID(__pow__), stack, 3);
    }
    return wf_newref(WF_NOTIMPLEMENTED);
}

#define UNSLOT(FUNC, NAME)                                  \
    static WfObject *FUNC(WfObject *self) {                 \
        WfObject *args[1] = {self};                         \
        return vectorcall_method(WF_ID(NAME), args, 1);     \
    }
UNSLOT(slot_nb_negative, __neg__)
UNSLOT(slot_nb_positive, __pos__)
UNSLOT(slot_nb_absolute, __abs__)
UNSLOT(slot_nb_invert, __invert__)
UNSLOT(slot_nb_int, __int__)
UNSLOT(slot_nb_float, __float__)
UNSLOT(slot_nb_index, __index__)

#define INPLACESLOT(FUNC, NAME)                                   \
    static WfObject *FUNC(WfObject *self, WfObject *other) {      \
        WfObject *args[2] = {self, other};                        \
        return vectorcall_method(WF_ID(NAME), args, 2);           \
    }
INPLACESLOT(slot_nb_inplace_add, __iadd__)
INPLACESLOT(slot_nb_inplace_subtract, __isub__)
INPLACESLOT(slot_nb_inplace_multiply, __imul__)
INPLACESLOT(slot_nb_inplace_remainder, __imod__)
INPLACESLOT(slot_nb_inplace_lshift, __ilshift__)
INPLACESLOT(slot_nb_inplace_rshift, __irshift__)
INPLACESLOT(slot_nb_inplace_and, __iand__)
INPLACESLOT(slot_nb_inplace_xor, __ixor__)
INPLACESLOT(slot_nb_inplace_or, __ior__)
INPLACESLOT(slot_nb_inplace_floor_divide, __ifloordiv__)
INPLACESLOT(slot_nb_inplace_true_divide, __itruediv__)
INPLACESLOT(slot_nb_inplace_matrix_multiply, __imatmul__)

static WfObject *slot_nb_inplace_power(WfObject *self, WfObject *other, WfObject *mod) {
    WfObject *args[2] = {self, other};
    return vectorcall_method(WF_ID(__ipow__), args, 2);
}

static int slot_nb_bool(WfObject *self) {
    int how, using_len = 0;
    WfObject *func = lookup_maybe_method(self, WF_ID(__bool__), &how);
    if (!func) {
        if (wf_err_occurred())
            return -1;
        func = lookup_maybe_method(self, WF_ID(__len__), &how);
        if (!func)
            return wf_err_occurred() ? -1 : 1;
        using_len = 1;
    }
    WfObject *args[1] = {self};
    WfObject *value = call_found(func, how, args, 1);
    drop_found(func, how);
    if (!value)
        return -1;
    int result;
    if (using_len) {
        result = wf_object_is_true(value);
    } else if (wf_bool_check(value)) {
        result = value == WF_TRUE;
    } else {
        wf_err_format(wf_exc_TypeError, "__bool__ should return bool, returned %s",
                      WF_TYPE_NAME(value));
        result = -1;
    }
    wf_decref(value);
    return result;
}

/* ---- containers ---- */

static wf_ssize_t slot_sq_length(WfObject *self) {
    WfObject *args[1] = {self};
    WfObject *res = vectorcall_method(WF_ID(__len__), args, 1);
    if (!res)
        return -1;
    WfObject *idx = wf_number_index(res);
    wf_decref(res);
    if (!idx)
        return -1;
    wf_ssize_t len = wf_number_as_ssize(idx, wf_exc_OverflowError);
    wf_decref(idx);
    if (len < 0) {
        if (!wf_err_occurred())
            wf_err_set_string(wf_exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return len;
}

static WfObject *slot_mp_subscript(WfObject *self, WfObject *key) {
    WfObject *args[2] = {self, key};
    return vectorcall_method(WF_ID(__getitem__), args, 2);
}

static WfObject *slot_sq_item(WfObject *self, wf_ssize_t i) {
    WfObject *ival = wf_int_from_ssize(i);
    if (!ival)
        return NULL;
    WfObject *args[2] = {self, ival};
    WfObject *res = vectorcall_method(WF_ID(__getitem__), args, 2);
    wf_decref(ival);
    return res;
}

static int slot_mp_ass_subscript(WfObject *self, WfObject *key, WfObject *value) {
    WfObject *args[3] = {self, key, value};
    WfObject *res = value ? vectorcall_method(WF_ID(__setitem__), args, 3)
                          : vectorcall_method(WF_ID(__delitem__), args, 2);
    if (!res)
        return -1;
    wf_decref(res);
    return 0;
}

static int slot_sq_ass_item(WfObject *self, wf_ssize_t i, WfObject *value) {
    WfObject *ival = wf_int_from_ssize(i);
    if (!ival)
        return -1;
    int r = slot_mp_ass_subscript(self, ival, value);
    wf_decref(ival);
    return r;
}


static int slot_sq_contains(WfObject *self, WfObject *value) {
    int how;
    WfObject *func = lookup_maybe_method(self, WF_ID(__contains__), &how);
    if (func == WF_NONE) {
        drop_found(func, how);
        wf_err_format(wf_exc_TypeError, "'%s' object is not a container", WF_TYPE_NAME(self));
        return -1;
    }
    if (!func) {
        if (wf_err_occurred())
            return -1;
        return wf_sequence_iter_search_contains(self, value);
    }
    WfObject *args[2] = {self, value};
    WfObject *res = call_found(func, how, args, 2);
    drop_found(func, how);
    if (!res)
        return -1;
    int r = wf_object_is_true(res);
    wf_decref(res);
    return r;
}

/* ======================================================================
 * Wrappers: Python-callable bodies for C slots (static types)
 * ====================================================================== */

static int check_num_args(wf_ssize_t nargs, wf_ssize_t n) {
    if (nargs == n)
        return 1;
    wf_err_format(wf_exc_TypeError, "expected %zd argument%s, got %zd", n, n == 1 ? "" : "s",
                  nargs);
    return 0;
}

#define WRAP_ARGS WfObject *self, WfObject *const *args, wf_ssize_t nargs, WfObject *kwnames, \
                  void *wrapped

static WfObject *wrap_unaryfunc(WRAP_ARGS) {
    if (!check_num_args(nargs, 0))
        return NULL;
    return ((wf_unaryfunc)wrapped)(self);
}

static WfObject *wrap_binaryfunc(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    return ((wf_binaryfunc)wrapped)(self, args[0]);
}

static WfObject *wrap_binaryfunc_l(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    return ((wf_binaryfunc)wrapped)(self, args[0]);
}

static WfObject *wrap_binaryfunc_r(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    return ((wf_binaryfunc)wrapped)(args[0], self);
}

static WfObject *wrap_ternaryfunc(WRAP_ARGS) {
    if (nargs < 1 || nargs > 2) {
        wf_err_format(wf_exc_TypeError, "expected %s argument%s, got %zd",
                      nargs < 1 ? "at least 1" : "at most 2", nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    return ((wf_ternaryfunc)wrapped)(self, args[0], nargs > 1 ? args[1] : WF_NONE);
}

static WfObject *wrap_ternaryfunc_r(WRAP_ARGS) {
    if (nargs < 1 || nargs > 2) {
        wf_err_format(wf_exc_TypeError, "expected %s argument%s, got %zd",
                      nargs < 1 ? "at least 1" : "at most 2", nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    return ((wf_ternaryfunc)wrapped)(args[0], self, nargs > 1 ? args[1] : WF_NONE);
}

static WfObject *wrap_inquirypred(WRAP_ARGS) {
    if (!check_num_args(nargs, 0))
        return NULL;
    int r = ((wf_inquiry)wrapped)(self);
    if (r < 0)
        return NULL;
    return wf_bool_from_long(r);
}

static WfObject *wrap_lenfunc(WRAP_ARGS) {
    if (!check_num_args(nargs, 0))
        return NULL;
    wf_ssize_t r = ((wf_lenfunc)wrapped)(self);
    if (r == -1 && wf_err_occurred())
        return NULL;
    return wf_int_from_ssize(r);
}

static WfObject *wrap_hashfunc(WRAP_ARGS) {
    if (!check_num_args(nargs, 0))
        return NULL;
    wf_hash_t h = ((wf_hashfunc)wrapped)(self);
    if (h == -1 && wf_err_occurred())
        return NULL;
    return wf_int_from_int64(h);
}

static WfObject *wrap_indexargfunc(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    if (!wf_index_check(args[0]))
        return wf_newref(WF_NOTIMPLEMENTED);
    wf_ssize_t i = wf_number_as_ssize(args[0], wf_exc_OverflowError);
    if (i == -1 && wf_err_occurred())
        return NULL;
    return ((wf_ssizeargfunc)wrapped)(self, i);
}

/* A sequence index, negative ones counted from the end. */
static wf_ssize_t getindex(WfObject *self, WfObject *arg) {
    wf_ssize_t i = wf_number_as_ssize(arg, wf_exc_OverflowError);
    if (i == -1 && wf_err_occurred())
        return -1;
    if (i < 0 && WF_TYPE(self)->sq_length) {
        wf_ssize_t n = WF_TYPE(self)->sq_length(self);
        if (n < 0)
            return -1;
        i += n;
    }
    return i;
}

static WfObject *wrap_sq_item(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    wf_ssize_t i = getindex(self, args[0]);
    if (i == -1 && wf_err_occurred())
        return NULL;
    return ((wf_ssizeargfunc)wrapped)(self, i);
}

static WfObject *wrap_sq_setitem(WRAP_ARGS) {
    if (!check_num_args(nargs, 2))
        return NULL;
    wf_ssize_t i = getindex(self, args[0]);
    if (i == -1 && wf_err_occurred())
        return NULL;
    if (((wf_ssizeobjargproc)wrapped)(self, i, args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_sq_delitem(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    wf_ssize_t i = getindex(self, args[0]);
    if (i == -1 && wf_err_occurred())
        return NULL;
    if (((wf_ssizeobjargproc)wrapped)(self, i, NULL) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_objobjproc(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    int r = ((wf_objobjproc)wrapped)(self, args[0]);
    if (r < 0)
        return NULL;
    return wf_bool_from_long(r);
}

static WfObject *wrap_objobjargproc(WRAP_ARGS) {
    if (!check_num_args(nargs, 2))
        return NULL;
    if (((wf_objobjargproc)wrapped)(self, args[0], args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_delitem(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    if (((wf_objobjargproc)wrapped)(self, args[0], NULL) < 0)
        return NULL;
    WF_RETURN_NONE;
}

/* object.__setattr__(int, ...) must not bypass type_setattro's checks. */
static int hackcheck(WfObject *self, void *func, const char *what) {
    WfTypeObject *type = WF_TYPE(self);
    if (wf_type_check(self) && func != (void *)type->tp_setattro &&
        !WF_TYPE_HAS_FLAG((WfTypeObject *)self, WF_TPFLAGS_HEAPTYPE)) {
        wf_err_format(wf_exc_TypeError, "can't apply this %s to %s object", what,
                      type->tp_name);
        return 0;
    }
    return 1;
}

static WfObject *wrap_setattr(WRAP_ARGS) {
    if (!check_num_args(nargs, 2) || !hackcheck(self, wrapped, "__setattr__"))
        return NULL;
    if (((wf_setattrofunc)wrapped)(self, args[0], args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_delattr(WRAP_ARGS) {
    if (!check_num_args(nargs, 1) || !hackcheck(self, wrapped, "__delattr__"))
        return NULL;
    if (((wf_setattrofunc)wrapped)(self, args[0], NULL) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_call(WRAP_ARGS) {
    WfObject *t = wf_vectorcall_to_tuple(args, nargs);
    if (!t)
        return NULL;
    WfObject *kw = NULL;
    if (kwnames && WF_TUPLE_SIZE(kwnames)) {
        kw = wf_vectorcall_kwargs_dict(args + nargs, kwnames);
        if (!kw) {
            wf_decref(t);
            return NULL;
        }
    }
    WfObject *res = ((wf_ternaryfunc)wrapped)(self, t, kw);
    wf_decref(t);
    wf_xdecref(kw);
    return res;
}

static WfObject *wrap_init(WRAP_ARGS) {
    WfObject *t = wf_vectorcall_to_tuple(args, nargs);
    if (!t)
        return NULL;
    WfObject *kw = NULL;
    if (kwnames && WF_TUPLE_SIZE(kwnames)) {
        kw = wf_vectorcall_kwargs_dict(args + nargs, kwnames);
        if (!kw) {
            wf_decref(t);
            return NULL;
        }
    }
    int r = ((wf_initproc)wrapped)(self, t, kw);
    wf_decref(t);
    wf_xdecref(kw);
    if (r < 0)
        return NULL;
    WF_RETURN_NONE;
}

#define RICHCMP_WRAPPER(NAME, OP)                                       \
    static WfObject *wrap_richcmp_##NAME(WRAP_ARGS) {                   \
        if (!check_num_args(nargs, 1))                                  \
            return NULL;                                                \
        return ((wf_richcmpfunc)wrapped)(self, args[0], OP);            \
    }
RICHCMP_WRAPPER(lt, WF_LT)
RICHCMP_WRAPPER(le, WF_LE)
RICHCMP_WRAPPER(eq, WF_EQ)
RICHCMP_WRAPPER(ne, WF_NE)
RICHCMP_WRAPPER(gt, WF_GT)
RICHCMP_WRAPPER(ge, WF_GE)

static WfObject *wrap_next(WRAP_ARGS) {
    if (!check_num_args(nargs, 0))
        return NULL;
    WfObject *res = ((wf_iternextfunc)wrapped)(self);
    if (!res && !wf_err_occurred())
        wf_err_set_none(wf_exc_StopIteration);
    return res;
}

static WfObject *wrap_descr_get(WRAP_ARGS) {
    if (nargs < 1 || nargs > 2) {
        wf_err_format(wf_exc_TypeError, "expected %s argument%s, got %zd",
                      nargs < 1 ? "at least 1" : "at most 2", nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    WfObject *obj = args[0] == WF_NONE ? NULL : args[0];
    WfObject *type = nargs > 1 && args[1] != WF_NONE ? args[1] : NULL;
    if (!obj && !type) {
        wf_err_set_string(wf_exc_TypeError, "__get__(None, None) is invalid");
        return NULL;
    }
    return ((wf_descrgetfunc)wrapped)(self, obj, type);
}

static WfObject *wrap_descr_set(WRAP_ARGS) {
    if (!check_num_args(nargs, 2))
        return NULL;
    if (((wf_descrsetfunc)wrapped)(self, args[0], args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *wrap_descr_delete(WRAP_ARGS) {
    if (!check_num_args(nargs, 1))
        return NULL;
    if (((wf_descrsetfunc)wrapped)(self, args[0], NULL) < 0)
        return NULL;
    WF_RETURN_NONE;
}

/* ======================================================================
 * The table
 * ====================================================================== */

#define OFF(f) offsetof(WfTypeObject, f)
#define SD(NAME, SLOT, FUNC, WRAPPER, DOC) {NAME, OFF(SLOT), (void *)(FUNC), WRAPPER, DOC, 0, NULL}
#define SDKW(NAME, SLOT, FUNC, WRAPPER, DOC) \
    {NAME, OFF(SLOT), (void *)(FUNC), WRAPPER, DOC, WF_SLOTDEF_KW, NULL}
#define BIN(NAME, RNAME, SLOT, FUNC, OPDOC)                                                \
    SD(NAME, SLOT, FUNC, wrap_binaryfunc_l, "Return self" OPDOC "value."),                 \
    SD(RNAME, SLOT, FUNC, wrap_binaryfunc_r, "Return value" OPDOC "self.")
#define UN(NAME, SLOT, FUNC, DOC) SD(NAME, SLOT, FUNC, wrap_unaryfunc, DOC)
#define IBIN(NAME, SLOT, FUNC, OPDOC) SD(NAME, SLOT, FUNC, wrap_binaryfunc, "Return self" OPDOC "value.")

WfSlotDef wf_slotdefs[] = {
    SD("__getattribute__", tp_getattro, wf_slot_tp_getattr_hook, wrap_binaryfunc,
       "Return getattr(self, name)."),
    SD("__getattr__", tp_getattro, wf_slot_tp_getattr_hook, NULL, NULL),
    SD("__setattr__", tp_setattro, slot_tp_setattro, wrap_setattr,
       "Implement setattr(self, name, value)."),
    SD("__delattr__", tp_setattro, slot_tp_setattro, wrap_delattr,
       "Implement delattr(self, name)."),
    UN("__repr__", tp_repr, slot_tp_repr, "Return repr(self)."),
    SD("__hash__", tp_hash, slot_tp_hash, wrap_hashfunc, "Return hash(self)."),
    SDKW("__call__", tp_call, slot_tp_call, wrap_call, "Call self as a function."),
    UN("__str__", tp_str, slot_tp_str, "Return str(self)."),
    SD("__lt__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_lt, "Return self<value."),
    SD("__le__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_le, "Return self<=value."),
    SD("__eq__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_eq, "Return self==value."),
    SD("__ne__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_ne, "Return self!=value."),
    SD("__gt__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_gt, "Return self>value."),
    SD("__ge__", tp_richcompare, slot_tp_richcompare, wrap_richcmp_ge, "Return self>=value."),
    UN("__iter__", tp_iter, slot_tp_iter, "Implement iter(self)."),
    SD("__next__", tp_iternext, slot_tp_iternext, wrap_next, "Implement next(self)."),
    SD("__get__", tp_descr_get, slot_tp_descr_get, wrap_descr_get,
       "Return an attribute of instance, which is of type owner."),
    SD("__set__", tp_descr_set, slot_tp_descr_set, wrap_descr_set,
       "Set an attribute of instance to value."),
    SD("__delete__", tp_descr_set, slot_tp_descr_set, wrap_descr_delete,
       "Delete an attribute of instance."),
    SDKW("__init__", tp_init, wf_slot_tp_init, wrap_init,
         "Initialize self.  See help(type(self)) for accurate signature."),
    SD("__new__", tp_new, wf_slot_tp_new, NULL, NULL),

    BIN("__add__", "__radd__", nb_add, slot_nb_add, "+"),
    BIN("__sub__", "__rsub__", nb_subtract, slot_nb_subtract, "-"),
    BIN("__mul__", "__rmul__", nb_multiply, slot_nb_multiply, "*"),
    BIN("__mod__", "__rmod__", nb_remainder, slot_nb_remainder, "%"),
    SD("__divmod__", nb_divmod, slot_nb_divmod, wrap_binaryfunc_l, "Return divmod(self, value)."),
    SD("__rdivmod__", nb_divmod, slot_nb_divmod, wrap_binaryfunc_r, "Return divmod(value, self)."),
    SD("__pow__", nb_power, slot_nb_power, wrap_ternaryfunc, "Return pow(self, value, mod)."),
    SD("__rpow__", nb_power, slot_nb_power, wrap_ternaryfunc_r, "Return pow(value, self, mod)."),
    UN("__neg__", nb_negative, slot_nb_negative, "-self"),
    UN("__pos__", nb_positive, slot_nb_positive, "+self"),
    UN("__abs__", nb_absolute, slot_nb_absolute, "abs(self)"),
    SD("__bool__", nb_bool, slot_nb_bool, wrap_inquirypred, "True if self else False"),
    UN("__invert__", nb_invert, slot_nb_invert, "~self"),
    BIN("__lshift__", "__rlshift__", nb_lshift, slot_nb_lshift, "<<"),
    BIN("__rshift__", "__rrshift__", nb_rshift, slot_nb_rshift, ">>"),
    BIN("__and__", "__rand__", nb_and, slot_nb_and, "&"),
    BIN("__xor__", "__rxor__", nb_xor, slot_nb_xor, "^"),
    BIN("__or__", "__ror__", nb_or, slot_nb_or, "|"),
    UN("__int__", nb_int, slot_nb_int, "int(self)"),
    UN("__float__", nb_float, slot_nb_float, "float(self)"),
    IBIN("__iadd__", nb_inplace_add, slot_nb_inplace_add, "+="),
    IBIN("__isub__", nb_inplace_subtract, slot_nb_inplace_subtract, "-="),
    IBIN("__imul__", nb_inplace_multiply, slot_nb_inplace_multiply, "*="),
    IBIN("__imod__", nb_inplace_remainder, slot_nb_inplace_remainder, "%="),
    SD("__ipow__", nb_inplace_power, slot_nb_inplace_power, wrap_binaryfunc, "Return self**=value."),
    IBIN("__ilshift__", nb_inplace_lshift, slot_nb_inplace_lshift, "<<="),
    IBIN("__irshift__", nb_inplace_rshift, slot_nb_inplace_rshift, ">>="),
    IBIN("__iand__", nb_inplace_and, slot_nb_inplace_and, "&="),
    IBIN("__ixor__", nb_inplace_xor, slot_nb_inplace_xor, "^="),
    IBIN("__ior__", nb_inplace_or, slot_nb_inplace_or, "|="),
    BIN("__floordiv__", "__rfloordiv__", nb_floor_divide, slot_nb_floor_divide, "//"),
    BIN("__truediv__", "__rtruediv__", nb_true_divide, slot_nb_true_divide, "/"),
    IBIN("__ifloordiv__", nb_inplace_floor_divide, slot_nb_inplace_floor_divide, "//="),
    IBIN("__itruediv__", nb_inplace_true_divide, slot_nb_inplace_true_divide, "/="),
    UN("__index__", nb_index, slot_nb_index,
       "Return self converted to an integer, if self is suitable for use as an index into a list."),
    BIN("__matmul__", "__rmatmul__", nb_matrix_multiply, slot_nb_matrix_multiply, "@"),
    IBIN("__imatmul__", nb_inplace_matrix_multiply, slot_nb_inplace_matrix_multiply, "@="),

    SD("__len__", mp_length, slot_sq_length, wrap_lenfunc, "Return len(self)."),
    SD("__getitem__", mp_subscript, slot_mp_subscript, wrap_binaryfunc, "Return self[key]."),
    SD("__setitem__", mp_ass_subscript, slot_mp_ass_subscript, wrap_objobjargproc,
       "Set self[key] to value."),
    SD("__delitem__", mp_ass_subscript, slot_mp_ass_subscript, wrap_delitem, "Delete self[key]."),

    SD("__len__", sq_length, slot_sq_length, wrap_lenfunc, "Return len(self)."),
    SD("__add__", sq_concat, NULL, wrap_binaryfunc, "Return self+value."),
    SD("__mul__", sq_repeat, NULL, wrap_indexargfunc, "Return self*value."),
    SD("__rmul__", sq_repeat, NULL, wrap_indexargfunc, "Return value*self."),
    SD("__getitem__", sq_item, slot_sq_item, wrap_sq_item, "Return self[key]."),
    SD("__setitem__", sq_ass_item, slot_sq_ass_item, wrap_sq_setitem, "Set self[key] to value."),
    SD("__delitem__", sq_ass_item, slot_sq_ass_item, wrap_sq_delitem, "Delete self[key]."),
    SD("__contains__", sq_contains, slot_sq_contains, wrap_objobjproc, "Return key in self."),
    SD("__iadd__", sq_inplace_concat, NULL, wrap_binaryfunc, "Implement self+=value."),
    SD("__imul__", sq_inplace_repeat, NULL, wrap_indexargfunc, "Implement self*=value."),
    {NULL, (size_t)-1, NULL, NULL, NULL, 0, NULL},
};

int wf_slotdefs_init(void) {
    for (WfSlotDef *p = wf_slotdefs; p->name; p++) {
        p->name_obj = wf_str_intern_cstr(p->name);
        if (!p->name_obj)
            return -1;
    }
    richcmp_names[WF_LT] = WF_ID(__lt__);
    richcmp_names[WF_LE] = WF_ID(__le__);
    richcmp_names[WF_EQ] = WF_ID(__eq__);
    richcmp_names[WF_NE] = WF_ID(__ne__);
    richcmp_names[WF_GT] = WF_ID(__gt__);
    richcmp_names[WF_GE] = WF_ID(__ge__);
    return 0;
}

bool wf_slot_name_is_special(WfObject *name) {
    for (WfSlotDef *p = wf_slotdefs; p->name; p++)
        if (p->name_obj == name)
            return true;
    return false;
}

/* ======================================================================
 * Static types: slot wrappers
 * ====================================================================== */

int wf_type_add_operators(WfTypeObject *type) {
    WfObject *dict = type->tp_dict;
    for (WfSlotDef *p = wf_slotdefs; p->name; p++) {
        if (!p->wrapper)
            continue;
        void *func = *slot_ptr(type, p->offset);
        if (!func)
            continue;
        int has = wf_dict_contains(dict, p->name_obj);
        if (has < 0)
            return -1;
        if (has)
            continue;
        if (func == (void *)wf_object_hash_not_implemented) {
            if (wf_dict_set_item(dict, p->name_obj, WF_NONE) < 0)
                return -1;
            continue;
        }
        WfObject *descr = wf_descr_new_wrapper(type, p, func);
        if (!descr)
            return -1;
        wf_set_immortal(descr);
        int r = wf_dict_set_item(dict, p->name_obj, descr);
        wf_decref(descr);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* ======================================================================
 * Heap types: slots from the MRO (CPython's update_one_slot)
 * ====================================================================== */

/* The type's only non-NULL slot for name, or NULL when there are several. */
static void **resolve_slotdups(WfTypeObject *type, WfObject *name) {
    void **res = NULL;
    for (WfSlotDef *p = wf_slotdefs; p->name; p++) {
        if (p->name_obj != name)
            continue;
        void **ptr = slot_ptr(type, p->offset);
        if (*ptr == NULL)
            continue;
        if (res != NULL)
            return NULL;
        res = ptr;
    }
    return res;
}

/* Sets the slot of the group starting at p; returns the next group. */
static WfSlotDef *update_one_slot(WfTypeObject *type, WfSlotDef *p) {
    void *generic = NULL, *specific = NULL;
    int use_generic = 0;
    size_t offset = p->offset;
    void **ptr = slot_ptr(type, offset);
    do {
        WfObject *descr = wf_type_lookup(type, p->name_obj);
        if (!descr)
            continue;
        if (WF_TYPE(descr) == &wf_wrapper_descr_type &&
            ((WfWrapperDescrObject *)descr)->d_base->name_obj == p->name_obj) {
            WfWrapperDescrObject *d = (WfWrapperDescrObject *)descr;
            void **tptr = resolve_slotdups(type, p->name_obj);
            if (tptr == NULL || tptr == ptr)
                generic = p->function;
            if ((specific == NULL || specific == d->d_wrapped) &&
                d->d_base->wrapper == p->wrapper &&
                wf_type_is_subtype(type, d->d_common.d_type))
                specific = d->d_wrapped;
            else
                use_generic = 1;
        } else if (WF_TYPE(descr) == &wf_cfunction_type &&
                   ((WfCFunctionObject *)descr)->m_ml == &wf_tp_new_methoddef &&
                   offset == offsetof(WfTypeObject, tp_new)) {
            specific = (void *)((WfTypeObject *)((WfCFunctionObject *)descr)->m_self)->tp_new;
        } else if (descr == WF_NONE && offset == offsetof(WfTypeObject, tp_hash)) {
            specific = (void *)wf_object_hash_not_implemented;
        } else {
            use_generic = 1;
            generic = p->function;
        }
    } while ((++p)->offset == offset);
    *ptr = (specific && !use_generic) ? specific : generic;
    return p;
}

static void fix_vectorcall(WfTypeObject *type) {
    if (type->tp_call == slot_tp_call)
        type->tp_vectorcall = slot_vectorcall_call;
    else if (type->tp_base && type->tp_call == type->tp_base->tp_call)
        type->tp_vectorcall = type->tp_base->tp_vectorcall;
    else
        type->tp_vectorcall = NULL;
}

void wf_type_fixup_slots(WfTypeObject *type) {
    wf_types_lock();
    for (WfSlotDef *p = wf_slotdefs; p->name;)
        p = update_one_slot(type, p);
    fix_vectorcall(type);
    wf_types_unlock();
}

static void update_slot_rec(WfTypeObject *type, WfObject *name) {
    if (!WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE))
        return;
    for (WfSlotDef *p = wf_slotdefs; p->name;) {
        WfSlotDef *group = p;
        int hit = 0;
        for (; p->name && p->offset == group->offset; p++)
            hit |= p->name_obj == name;
        if (hit)
            update_one_slot(type, group);
    }
    fix_vectorcall(type);
    WfObject *subs = type->tp_subclasses;
    if (!subs)
        return;
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    while (wf_dict_next(subs, &pos, &key, &value))
        update_slot_rec((WfTypeObject *)(uintptr_t)wf_int_as_int64(key), name);
}

/* Other threads read a type's slots with plain loads wherever they use an
 * object (WF_TYPE(o)->tp_...), so once threads exist a slot changes only
 * with the world stopped, as in free-threaded CPython: a thread sees the
 * old slot or the new one, and the stop orders the plain stores before its
 * next read. Assigning a dunder to a class while threads run is rare. */
void wf_type_update_slot(WfTypeObject *type, WfObject *name) {
    bool stop = wf_objects_are_shared();
    if (stop)
        wf_stop_the_world();
    wf_types_lock();
    update_slot_rec(type, name);
    wf_types_unlock();
    if (stop)
        wf_start_the_world();
}
