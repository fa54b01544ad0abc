/* abstract_number.c — arithmetic dispatch (CPython's PyNumber_*).
 *
 * Invariants:
 *  - Binary slots are called as slot(v, w) for both operands' types (the slot
 *    works out which side is "self"); the right operand's slot goes first
 *    when its type is a proper subclass of the left's, and NotImplemented
 *    means "try the other side".
 *  - When both sides return NotImplemented, + and * fall back to the left
 *    operand's sq_concat / either operand's sq_repeat (so str + int fails
 *    with str's own message), in-place operators try the in-place slot
 *    first, and the final error is "unsupported operand type(s) for +: ...".
 */
#include "runtime/objects/type_internal.h"

#define NB(f) offsetof(WfTypeObject, f)

static inline wf_binaryfunc binslot(WfObject *o, size_t off) {
    return *(wf_binaryfunc *)((char *)WF_TYPE(o) + off);
}

static WfObject *binary_op1(WfObject *v, WfObject *w, size_t off) {
    wf_binaryfunc slotv = binslot(v, off), slotw = NULL;
    WfObject *x;
    if (WF_TYPE(w) != WF_TYPE(v)) {
        slotw = binslot(w, off);
        if (slotw == slotv)
            slotw = NULL;
    }
    if (slotv) {
        if (slotw && wf_type_is_subtype(WF_TYPE(w), WF_TYPE(v))) {
            x = slotw(v, w);
            if (x != WF_NOTIMPLEMENTED)
                return x;
            wf_decref(x);
            slotw = NULL;
        }
        x = slotv(v, w);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    if (slotw) {
        x = slotw(v, w);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    return wf_newref(WF_NOTIMPLEMENTED);
}

static WfObject *binop_type_error(WfObject *v, WfObject *w, const char *op_name) {
    wf_err_format(wf_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", op_name,
                  WF_TYPE(v)->tp_name, WF_TYPE(w)->tp_name);
    return NULL;
}

static WfObject *binary_op(WfObject *v, WfObject *w, size_t off, const char *op_name) {
    WfObject *r = binary_op1(v, w, off);
    if (r == WF_NOTIMPLEMENTED) {
        wf_decref(r);
        return binop_type_error(v, w, op_name);
    }
    return r;
}

#define BINARY_FUNC(func, slot, name) \
    WfObject *func(WfObject *v, WfObject *w) { return binary_op(v, w, NB(slot), name); }
BINARY_FUNC(wf_number_or, nb_or, "|")
BINARY_FUNC(wf_number_xor, nb_xor, "^")
BINARY_FUNC(wf_number_and, nb_and, "&")
BINARY_FUNC(wf_number_lshift, nb_lshift, "<<")
BINARY_FUNC(wf_number_rshift, nb_rshift, ">>")
BINARY_FUNC(wf_number_subtract, nb_subtract, "-")
BINARY_FUNC(wf_number_divmod, nb_divmod, "divmod()")
BINARY_FUNC(wf_number_matrix_multiply, nb_matrix_multiply, "@")
BINARY_FUNC(wf_number_floor_divide, nb_floor_divide, "//")
BINARY_FUNC(wf_number_true_divide, nb_true_divide, "/")
BINARY_FUNC(wf_number_remainder, nb_remainder, "%")

WfObject *wf_number_add(WfObject *v, WfObject *w) {
    WfObject *r = binary_op1(v, w, NB(nb_add));
    if (r != WF_NOTIMPLEMENTED)
        return r;
    wf_decref(r);
    if (WF_TYPE(v)->sq_concat)
        return WF_TYPE(v)->sq_concat(v, w);
    return binop_type_error(v, w, "+");
}

static WfObject *sequence_repeat(wf_ssizeargfunc repeatfunc, WfObject *seq, WfObject *n) {
    if (!wf_index_check(n)) {
        wf_err_format(wf_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                      WF_TYPE(n)->tp_name);
        return NULL;
    }
    wf_ssize_t count = wf_number_as_ssize(n, wf_exc_OverflowError);
    if (count == -1 && wf_err_occurred())
        return NULL;
    return repeatfunc(seq, count);
}

WfObject *wf_number_multiply(WfObject *v, WfObject *w) {
    WfObject *r = binary_op1(v, w, NB(nb_multiply));
    if (r != WF_NOTIMPLEMENTED)
        return r;
    wf_decref(r);
    if (WF_TYPE(v)->sq_repeat)
        return sequence_repeat(WF_TYPE(v)->sq_repeat, v, w);
    if (WF_TYPE(w)->sq_repeat)
        return sequence_repeat(WF_TYPE(w)->sq_repeat, w, v);
    return binop_type_error(v, w, "*");
}

/* ---- in-place ---- */

static WfObject *binary_iop1(WfObject *v, WfObject *w, size_t iop, size_t op) {
    wf_binaryfunc slot = binslot(v, iop);
    if (slot) {
        WfObject *x = slot(v, w);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    return binary_op1(v, w, op);
}

static WfObject *binary_iop(WfObject *v, WfObject *w, size_t iop, size_t op,
                            const char *op_name) {
    WfObject *r = binary_iop1(v, w, iop, op);
    if (r == WF_NOTIMPLEMENTED) {
        wf_decref(r);
        return binop_type_error(v, w, op_name);
    }
    return r;
}

#define INPLACE_FUNC(func, islot, slot, name) \
    WfObject *func(WfObject *v, WfObject *w) { return binary_iop(v, w, NB(islot), NB(slot), name); }
INPLACE_FUNC(wf_number_inplace_or, nb_inplace_or, nb_or, "|=")
INPLACE_FUNC(wf_number_inplace_xor, nb_inplace_xor, nb_xor, "^=")
INPLACE_FUNC(wf_number_inplace_and, nb_inplace_and, nb_and, "&=")
INPLACE_FUNC(wf_number_inplace_lshift, nb_inplace_lshift, nb_lshift, "<<=")
INPLACE_FUNC(wf_number_inplace_rshift, nb_inplace_rshift, nb_rshift, ">>=")
INPLACE_FUNC(wf_number_inplace_subtract, nb_inplace_subtract, nb_subtract, "-=")
INPLACE_FUNC(wf_number_inplace_matrix_multiply, nb_inplace_matrix_multiply, nb_matrix_multiply, "@=")
INPLACE_FUNC(wf_number_inplace_floor_divide, nb_inplace_floor_divide, nb_floor_divide, "//=")
INPLACE_FUNC(wf_number_inplace_true_divide, nb_inplace_true_divide, nb_true_divide, "/=")
INPLACE_FUNC(wf_number_inplace_remainder, nb_inplace_remainder, nb_remainder, "%=")

WfObject *wf_number_inplace_add(WfObject *v, WfObject *w) {
    WfObject *r = binary_iop1(v, w, NB(nb_inplace_add), NB(nb_add));
    if (r != WF_NOTIMPLEMENTED)
        return r;
    wf_decref(r);
    WfTypeObject *tp = WF_TYPE(v);
    if (tp->sq_inplace_concat)
        return tp->sq_inplace_concat(v, w);
    if (tp->sq_concat)
        return tp->sq_concat(v, w);
    return binop_type_error(v, w, "+=");
}

WfObject *wf_number_inplace_multiply(WfObject *v, WfObject *w) {
    WfObject *r = binary_iop1(v, w, NB(nb_inplace_multiply), NB(nb_multiply));
    if (r != WF_NOTIMPLEMENTED)
        return r;
    wf_decref(r);
    WfTypeObject *tp = WF_TYPE(v);
    if (tp->sq_inplace_repeat)
        return sequence_repeat(tp->sq_inplace_repeat, v, w);
    if (tp->sq_repeat)
        return sequence_repeat(tp->sq_repeat, v, w);
    if (WF_TYPE(w)->sq_repeat)
        return sequence_repeat(WF_TYPE(w)->sq_repeat, w, v);
    return binop_type_error(v, w, "*=");
}

/* ---- power (ternary) ---- */

static WfObject *ternary_op(WfObject *v, WfObject *w, WfObject *z, const char *op_name) {
    wf_ternaryfunc slotv = WF_TYPE(v)->nb_power, slotw = NULL, slotz;
    WfObject *x;
    if (WF_TYPE(w) != WF_TYPE(v)) {
        slotw = WF_TYPE(w)->nb_power;
        if (slotw == slotv)
            slotw = NULL;
    }
    if (slotv) {
        if (slotw && wf_type_is_subtype(WF_TYPE(w), WF_TYPE(v))) {
            x = slotw(v, w, z);
            if (x != WF_NOTIMPLEMENTED)
                return x;
            wf_decref(x);
            slotw = NULL;
        }
        x = slotv(v, w, z);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    if (slotw) {
        x = slotw(v, w, z);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    if (z != WF_NONE && (slotz = WF_TYPE(z)->nb_power) != NULL && slotz != slotv &&
        slotz != slotw) {
        x = slotz(v, w, z);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    if (z == WF_NONE)
        wf_err_format(wf_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                      op_name, WF_TYPE(v)->tp_name, WF_TYPE(w)->tp_name);
    else
        wf_err_format(wf_exc_TypeError, "unsupported operand type(s) for %s: '%s', '%s', '%s'",
                      op_name, WF_TYPE(v)->tp_name, WF_TYPE(w)->tp_name, WF_TYPE(z)->tp_name);
    return NULL;
}

WfObject *wf_number_power(WfObject *v, WfObject *w, WfObject *z) {
    return ternary_op(v, w, z ? z : WF_NONE, "** or pow()");
}

WfObject *wf_number_inplace_power(WfObject *v, WfObject *w, WfObject *z) {
    if (!z)
        z = WF_NONE;
    wf_ternaryfunc slot = WF_TYPE(v)->nb_inplace_power;
    if (slot) {
        WfObject *x = slot(v, w, z);
        if (x != WF_NOTIMPLEMENTED)
            return x;
        wf_decref(x);
    }
    return ternary_op(v, w, z, "**=");
}

/* ---- unary ---- */

#define UNARY_FUNC(func, slot, desc)                                                    \
    WfObject *func(WfObject *o) {                                                       \
        wf_unaryfunc f = WF_TYPE(o)->slot;                                              \
        if (f)                                                                          \
            return f(o);                                                                \
        wf_err_format(wf_exc_TypeError, "bad operand type for " desc ": '%s'",          \
                      WF_TYPE(o)->tp_name);                                             \
        return NULL;                                                                    \
    }
UNARY_FUNC(wf_number_negative, nb_negative, "unary -")
UNARY_FUNC(wf_number_positive, nb_positive, "unary +")
UNARY_FUNC(wf_number_invert, nb_invert, "unary ~")
UNARY_FUNC(wf_number_absolute, nb_absolute, "abs()")

/* ---- conversions ---- */

bool wf_index_check(WfObject *o) {
    return WF_TYPE(o)->nb_index != NULL;
}

/* An exact int equal to the int subclass instance o. */
static WfObject *exact_int(WfObject *o) {
    if (wf_int_check_exact(o))
        return o;
    WfObject *zero = wf_int_from_long(0);
    WfObject *r = wf_int_add(o, zero);
    wf_decref(o);
    return r;
}

WfObject *wf_number_index(WfObject *o) {
    if (wf_int_check_exact(o))
        return wf_newref(o);
    if (wf_int_check(o))
        return exact_int(wf_newref(o));
    wf_unaryfunc f = WF_TYPE(o)->nb_index;
    if (!f) {
        wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      WF_TYPE(o)->tp_name);
        return NULL;
    }
    WfObject *res = f(o);
    if (!res || wf_int_check_exact(res))
        return res;
    if (!wf_int_check(res)) {
        wf_err_format(wf_exc_TypeError, "__index__ returned non-int (type %s)",
                      WF_TYPE(res)->tp_name);
        wf_decref(res);
        return NULL;
    }
    return exact_int(res);
}

wf_ssize_t wf_number_as_ssize(WfObject *o, WfObject *exc) {
    /* An int is read in place (no reference: a shared index stays unwritten). */
    WfObject *idx = wf_int_check(o) ? o : wf_number_index(o);
    if (!idx)
        return -1;
    int overflow = 0;
    long v = wf_int_as_long_and_overflow(idx, &overflow);
    if (idx != o)
        wf_decref(idx);
    if (!overflow)
        return (wf_ssize_t)v;
    if (!exc)
        return overflow < 0 ? WF_SSIZE_T_MIN : WF_SSIZE_T_MAX;
    wf_err_format(exc, "cannot fit '%s' into an index-sized integer", WF_TYPE(o)->tp_name);
    return -1;
}

/* int(o) for objects other than str/bytes handled by int's constructor too. */
WfObject *wf_number_long(WfObject *o) {
    if (wf_int_check_exact(o))
        return wf_newref(o);
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->nb_int) {
        WfObject *res = tp->nb_int(o);
        if (!res || wf_int_check_exact(res))
            return res;
        if (!wf_int_check(res)) {
            wf_err_format(wf_exc_TypeError, "__int__ returned non-int (type %s)",
                          WF_TYPE(res)->tp_name);
            wf_decref(res);
            return NULL;
        }
        return exact_int(res);
    }
    if (tp->nb_index)
        return wf_number_index(o);
    WfObject *trunc = wf_object_lookup_special(o, WF_ID(__trunc__));
    if (trunc) {
        WfObject *res = wf_object_call_no_args(trunc);
        wf_decref(trunc);
        if (!res || wf_int_check_exact(res))
            return res;
        if (wf_int_check(res))
            return exact_int(res);
        if (!wf_index_check(res)) {
            wf_err_format(wf_exc_TypeError, "__trunc__ returned non-Integral (type %s)",
                          WF_TYPE(res)->tp_name);
            wf_decref(res);
            return NULL;
        }
        WfObject *r = wf_number_index(res);
        wf_decref(res);
        return r;
    }
    if (wf_err_occurred())
        return NULL;
    if (wf_str_check(o))
        return wf_int_from_unicode(o, 10);
    if (wf_bytes_check(o)) {
        WfObject *s = wf_str_from_utf8_lossy(WF_BYTES_AS_STRING(o), WF_BYTES_SIZE(o));
        if (!s)
            return NULL;
        WfObject *r = wf_int_from_unicode(s, 10);
        wf_decref(s);
        return r;
    }
    wf_err_format(wf_exc_TypeError,
                  "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                  tp->tp_name);
    return NULL;
}

WfObject *wf_number_float(WfObject *o) {
    if (wf_float_check_exact(o))
        return wf_newref(o);
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->nb_float) {
        WfObject *res = tp->nb_float(o);
        if (!res || wf_float_check_exact(res))
            return res;
        if (!wf_float_check(res)) {
            wf_err_format(wf_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          tp->tp_name, WF_TYPE(res)->tp_name);
            wf_decref(res);
            return NULL;
        }
        double v = WF_FLOAT_VALUE(res);
        wf_decref(res);
        return wf_float_from_double(v);
    }
    if (tp->nb_index) {
        WfObject *idx = wf_number_index(o);
        if (!idx)
            return NULL;
        double v = wf_int_as_double(idx);
        wf_decref(idx);
        if (v == -1.0 && wf_err_occurred())
            return NULL;
        return wf_float_from_double(v);
    }
    if (wf_float_check(o))
        return wf_float_from_double(WF_FLOAT_VALUE(o));
    if (wf_str_check(o))
        return wf_float_from_string(o);
    wf_err_format(wf_exc_TypeError, "float() argument must be a string or a real number, not '%s'",
                  tp->tp_name);
    return NULL;
}

/* ---- BINARY_OP ---- */

const char *const wf_binary_op_symbols[] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
};

WfObject *wf_binary_op(WfObject *a, WfObject *b, int nb_op) {
    switch (nb_op) {
    case WF_NB_ADD: return wf_number_add(a, b);
    case WF_NB_AND: return wf_number_and(a, b);
    case WF_NB_FLOOR_DIVIDE: return wf_number_floor_divide(a, b);
    case WF_NB_LSHIFT: return wf_number_lshift(a, b);
    case WF_NB_MATRIX_MULTIPLY: return wf_number_matrix_multiply(a, b);
    case WF_NB_MULTIPLY: return wf_number_multiply(a, b);
    case WF_NB_REMAINDER: return wf_number_remainder(a, b);
    case WF_NB_OR: return wf_number_or(a, b);
    case WF_NB_POWER: return wf_number_power(a, b, WF_NONE);
    case WF_NB_RSHIFT: return wf_number_rshift(a, b);
    case WF_NB_SUBTRACT: return wf_number_subtract(a, b);
    case WF_NB_TRUE_DIVIDE: return wf_number_true_divide(a, b);
    case WF_NB_XOR: return wf_number_xor(a, b);
    case WF_NB_INPLACE_ADD: return wf_number_inplace_add(a, b);
    case WF_NB_INPLACE_AND: return wf_number_inplace_and(a, b);
    case WF_NB_INPLACE_FLOOR_DIVIDE: return wf_number_inplace_floor_divide(a, b);
    case WF_NB_INPLACE_LSHIFT: return wf_number_inplace_lshift(a, b);
    case WF_NB_INPLACE_MATRIX_MULTIPLY: return wf_number_inplace_matrix_multiply(a, b);
    case WF_NB_INPLACE_MULTIPLY: return wf_number_inplace_multiply(a, b);
    case WF_NB_INPLACE_REMAINDER: return wf_number_inplace_remainder(a, b);
    case WF_NB_INPLACE_OR: return wf_number_inplace_or(a, b);
    case WF_NB_INPLACE_POWER: return wf_number_inplace_power(a, b, WF_NONE);
    case WF_NB_INPLACE_RSHIFT: return wf_number_inplace_rshift(a, b);
    case WF_NB_INPLACE_SUBTRACT: return wf_number_inplace_subtract(a, b);
    case WF_NB_INPLACE_TRUE_DIVIDE: return wf_number_inplace_true_divide(a, b);
    case WF_NB_INPLACE_XOR: return wf_number_inplace_xor(a, b);
    default:
        wf_err_format(wf_exc_SystemError, "bad binary operator %d", nb_op);
        return NULL;
    }
}
