/* float.c — float objects: arithmetic with Python's sign rules, exact
 * comparison with ints, CPython's hash, construction and the methods.
 * Text conversion (repr, format, parsing, hex) is in float_repr.c.
 *
 * Invariants:
 *  - a float is immutable; value is any IEEE double (NaN, -0.0 included);
 *  - mixed int/float arithmetic converts the int with correct rounding and
 *    raises OverflowError when it does not fit; comparisons never convert
 *    (they are exact, as CPython's float_richcompare);
 *  - hash(x) == hash(int(x)) for integral x, so 1 == 1.0 in dict keys.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "runtime/objects/int_internal.h"

WfObject *wf_float_from_double(double v) {
    WfFloatObject *f = (WfFloatObject *)wf_num_alloc(&wf_float_type);
    if (f == NULL)
        return NULL;
    f->value = v;
    return (WfObject *)f;
}

/* Exact floats are recycled (int_internal.h, the number freelist). */
static void float_dealloc(WfObject *o) {
    if (WF_TYPE(o) == &wf_float_type)
        wf_num_free(o);
    else
        wf_object_free(o);
}

/* ---- conversions ------------------------------------------------------------ */

double wf_float_as_double(WfObject *o) {
    if (wf_float_check(o))
        return WF_FLOAT_VALUE(o);
    if (wf_int_check(o))
        return wf_int_as_double(o);
    WfTypeObject *t = WF_TYPE(o);
    if (t->nb_float != NULL) {
        WfObject *r = t->nb_float(o);
        if (r == NULL)
            return -1.0;
        if (!wf_float_check(r)) {
            wf_err_format(wf_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          wf_type_name(t), wf_type_name(WF_TYPE(r)));
            wf_decref(r);
            return -1.0;
        }
        double v = WF_FLOAT_VALUE(r);
        wf_decref(r);
        return v;
    }
    if (t->nb_index != NULL) {
        WfObject *i = wf_int_from_index(o);
        if (i == NULL)
            return -1.0;
        double v = wf_int_as_double(i);
        wf_decref(i);
        return v;
    }
    wf_err_format(wf_exc_TypeError, "must be real number, not %s", wf_type_name(t));
    return -1.0;
}

/* Operand conversion for the number slots: 1 converted, 0 NotImplemented,
 * -1 error (an int too large for a double). */
static int to_double(WfObject *o, double *out) {
    if (wf_float_check(o)) {
        *out = WF_FLOAT_VALUE(o);
        return 1;
    }
    if (wf_int_check(o)) {
        *out = wf_int_as_double(o);
        return (*out == -1.0 && wf_err_occurred()) ? -1 : 1;
    }
    return 0;
}

#define CONVERT_BOTH(a, b, x, y)                                   \
    do {                                                           \
        int rc_ = to_double(a, &x);                                \
        if (rc_ <= 0) {                                            \
            if (rc_ == 0)                                          \
                WF_RETURN_NOTIMPLEMENTED;                          \
            return NULL;                                           \
        }                                                          \
        rc_ = to_double(b, &y);                                    \
        if (rc_ <= 0) {                                            \
            if (rc_ == 0)                                          \
                WF_RETURN_NOTIMPLEMENTED;                          \
            return NULL;                                           \
        }                                                          \
    } while (0)

/* ---- arithmetic --------------------------------------------------------------- */

static WfObject *float_add(WfObject *a, WfObject *b) {
    double x, y;
    CONVERT_BOTH(a, b, x, y);
    return wf_float_from_double(x + y);
}

static WfObject *float_sub(WfObject *a, WfObject *b) {
    double x, y;
    CONVERT_BOTH(a, b, x, y);
    return wf_float_from_double(x - y);
}

static WfObject *float_mul(WfObject *a, WfObject *b) {
    double x, y;
    CONVERT_BOTH(a, b, x, y);
    return wf_float_from_double(x * y);
}

static WfObject *float_div(WfObject *a, WfObject *b) {
    double x, y;
    CONVERT_BOTH(a, b, x, y);
    if (y == 0.0)
        return wf_err_format(wf_exc_ZeroDivisionError, "float division by zero");
    return wf_float_from_double(x / y);
}

/* CPython's float_rem: the result takes the sign of the divisor. */
static double float_mod_value(double vx, double wx) {
    double mod = fmod(vx, wx);
    if (mod != 0.0) {
        if ((wx < 0) != (mod < 0))
            mod += wx;
    } else {
        mod = copysign(0.0, wx);
    }
    return mod;
}

/* CPython's _float_div_mod. */
static void float_divmod_values(double vx, double wx, double *floordiv, double *mod) {
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m != 0.0) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, wx);
    }
    double fd;
    if (div != 0.0) {
        fd = floor(div);
        if (div - fd > 0.5)
            fd += 1.0;
    } else {
        fd = copysign(0.0, vx / wx);
    }
    *floordiv = fd;
    *mod = m;
}

static WfObject *float_rem(WfObject *a, WfObject *b) {
    double x, y;
    CONVERT_BOTH(a, b, x, y);
    if (y == 0.0)
        return wf_err_format(wf_exc_ZeroDivisionError, "float modulo");
    return wf_float_from_double(float_mod_value(x, y));
}

static WfObject *float_floor_div(WfObject *a, WfObject *b) {
    double x, y, fd, m;
    CONVERT_BOTH(a, b, x, y);
    if (y == 0.0)
        return wf_err_format(wf_exc_ZeroDivisionError, "float floor division by zero");
    float_divmod_values(x, y, &fd, &m);
    return wf_float_from_double(fd);
}

static WfObject *float_divmod(WfObject *a, WfObject *b) {
    double x, y, fd, m;
    CONVERT_BOTH(a, b, x, y);
    if (y == 0.0)
        return wf_err_format(wf_exc_ZeroDivisionError, "float divmod()");
    float_divmod_values(x, y, &fd, &m);
    WfObject *q = wf_float_from_double(fd);
    WfObject *r = q ? wf_float_from_double(m) : NULL;
    WfObject *t = r ? wf_tuple_new(2) : NULL;
    if (t == NULL) {
        wf_xdecref(q);
        wf_xdecref(r);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, q);
    WF_TUPLE_SET_ITEM(t, 1, r);
    return t;
}

static bool is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

/* CPython's float_pow special cases, except that a negative base with a
 * non-integral exponent raises ValueError (weft has no complex type). */
static WfObject *float_pow(WfObject *a, WfObject *b, WfObject *c) {
    double iv, iw;
    if (c != NULL && c != WF_NONE)
        return wf_err_format(wf_exc_TypeError,
                             "pow() 3rd argument not allowed unless all arguments are integers");
    CONVERT_BOTH(a, b, iv, iw);
    if (iw == 0)
        return wf_float_from_double(1.0);
    if (isnan(iv))
        return wf_float_from_double(iv);
    if (isnan(iw))
        return wf_float_from_double(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0)
            return wf_float_from_double(1.0);
        if ((iw > 0.0) == (iv > 1.0))
            return wf_float_from_double(fabs(iw));
        return wf_float_from_double(0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0)
            return wf_float_from_double(odd ? iv : fabs(iv));
        return wf_float_from_double(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool odd = is_odd_integer(iw);
        if (iw < 0.0)
            return wf_err_format(wf_exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return wf_float_from_double(odd ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw))
            return wf_err_format(wf_exc_ValueError,
                                 "negative number cannot be raised to a fractional power");
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return wf_float_from_double(negate ? -1.0 : 1.0);
    errno = 0;
    double ix = pow(iv, iw);
    if (errno == 0 && isinf(ix))
        errno = ERANGE;
    else if (errno == ERANGE && ix == 0.0)
        errno = 0;   /* underflow to zero is not an error */
    if (errno != 0) {
        WfObject *args = wf_tuple_new(2);
        if (args == NULL)
            return NULL;
        WF_TUPLE_SET_ITEM(args, 0, wf_int_from_int64(errno == ERANGE ? 34 : 33));
        WF_TUPLE_SET_ITEM(args, 1, wf_str_from_cstr(errno == ERANGE ? "Numerical result out of range"
                                                                    : "Numerical argument out of domain"));
        wf_err_set_object(errno == ERANGE ? wf_exc_OverflowError : wf_exc_ValueError, args);
        wf_decref(args);
        return NULL;
    }
    return wf_float_from_double(negate ? -ix : ix);
}

static WfObject *float_neg(WfObject *a) { return wf_float_from_double(-WF_FLOAT_VALUE(a)); }
static WfObject *float_abs(WfObject *a) { return wf_float_from_double(fabs(WF_FLOAT_VALUE(a))); }
static int float_bool(WfObject *a) { return WF_FLOAT_VALUE(a) != 0.0; }

static WfObject *float_float(WfObject *a) {
    if (wf_float_check_exact(a))
        return wf_newref(a);
    return wf_float_from_double(WF_FLOAT_VALUE(a));
}

static WfObject *float_int(WfObject *a) { return wf_int_from_double(WF_FLOAT_VALUE(a)); }

/* ---- comparison and hash ------------------------------------------------------ */

int wf_float_int_compare(double v, WfObject *i) {
    int si = wf_int_sign(i);
    int sv = (v > 0) - (v < 0);
    if (sv != si)
        return sv < si ? -1 : 1;
    size_t nbits = wf_int_bit_length(i);
    if (nbits <= 48) {
        double d = (double)wf_int_compact_value(i);   /* exact */
        return (v > d) - (v < d);
    }
    int exp;
    (void)frexp(v, &exp);        /* 2**(exp-1) <= |v| < 2**exp */
    if ((size_t)exp != nbits) {
        bool v_bigger = (size_t)(exp < 0 ? 0 : exp) > nbits;
        return (v_bigger ? 1 : -1) * sv;
    }
    /* Same magnitude class: compare floor(v) exactly, as ints. */
    double fl = floor(v);
    WfObject *n = wf_int_from_double(fl);
    if (n == NULL)
        return 2;
    int c = wf_int_compare(n, i);
    wf_decref(n);
    if (fl != v)   /* fl < v < fl + 1 and i is an integer */
        return c < 0 ? -1 : 1;
    return c;
}

static WfObject *float_richcompare(WfObject *a, WfObject *b, int op) {
    if (!wf_float_check(a))
        WF_RETURN_NOTIMPLEMENTED;
    double i = WF_FLOAT_VALUE(a), j;
    if (wf_float_check(b)) {
        j = WF_FLOAT_VALUE(b);
    } else if (wf_int_check(b)) {
        if (!isfinite(i)) {
            j = 0.0;   /* inf and nan compare with any int as with 0.0 */
        } else {
            int c = wf_float_int_compare(i, b);
            if (c == 2)
                return NULL;
            return wf_richcompare_from_order(c, op);
        }
    } else {
        WF_RETURN_NOTIMPLEMENTED;
    }
    switch (op) {
    case WF_LT: return wf_bool_from_long(i < j);
    case WF_LE: return wf_bool_from_long(i <= j);
    case WF_EQ: return wf_bool_from_long(i == j);
    case WF_NE: return wf_bool_from_long(i != j);
    case WF_GT: return wf_bool_from_long(i > j);
    default: return wf_bool_from_long(i >= j);
    }
}

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

/* CPython's _Py_HashDouble (NaN hashes to 0 here; float_hash uses identity). */
wf_hash_t wf_float_hash_double(double v) {
    if (!isfinite(v))
        return isinf(v) ? (v > 0 ? HASH_INF : -HASH_INF) : 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;   /* 2**28 */
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    wf_hash_t h = (wf_hash_t)x * sign;
    return h == -1 ? -2 : h;
}

static wf_hash_t float_hash(WfObject *o) {
    double v = WF_FLOAT_VALUE(o);
    if (isnan(v)) {   /* CPython 3.10+: NaNs hash by identity */
        uintptr_t y = (uintptr_t)o;
        y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
        wf_hash_t h = (wf_hash_t)y;
        return h == -1 ? -2 : h;
    }
    return wf_float_hash_double(v);
}

/* ---- construction --------------------------------------------------------------- */

static WfObject *float_from_object(WfObject *x) {
    if (wf_str_check(x) || wf_bytes_check(x) || WF_TYPE(x) == &wf_bytearray_type)
        return wf_float_from_string(x);
    WfTypeObject *t = WF_TYPE(x);
    if (t->nb_float == NULL && t->nb_index == NULL && !wf_float_check(x))
        return wf_err_format(wf_exc_TypeError,
                             "float() argument must be a string or a real number, not '%s'",
                             wf_type_name(t));
    if (wf_float_check_exact(x))
        return wf_newref(x);
    double v = wf_float_as_double(x);
    if (v == -1.0 && wf_err_occurred())
        return NULL;
    return wf_float_from_double(v);
}

/* float(x=0.0, /) */
static WfObject *float_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    if (kwargs != NULL && wf_dict_size(kwargs) > 0)
        return wf_err_format(wf_exc_TypeError, "float() takes no keyword arguments");
    wf_ssize_t n = args ? WF_TUPLE_SIZE(args) : 0;
    if (n > 1)
        return wf_err_format(wf_exc_TypeError, "float expected at most 1 argument, got %zd", n);
    WfObject *v = n == 0 ? wf_float_from_double(0.0) : float_from_object(WF_TUPLE_ITEM(args, 0));
    if (v == NULL || type == &wf_float_type)
        return v;
    WfObject *r = wf_type_generic_alloc(type, 0);
    if (r != NULL)
        ((WfFloatObject *)r)->value = WF_FLOAT_VALUE(v);
    wf_decref(v);
    return r;
}

/* ---- methods ----------------------------------------------------------------------- */

static WfObject *float_is_integer(WfObject *self, WfObject *unused) {
    double x = WF_FLOAT_VALUE(self);
    return wf_bool_from_long(isfinite(x) && floor(x) == x);
}

static WfObject *float_as_integer_ratio(WfObject *self, WfObject *unused) {
    double x = WF_FLOAT_VALUE(self);
    if (isinf(x))
        return wf_err_format(wf_exc_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(x))
        return wf_err_format(wf_exc_ValueError, "cannot convert NaN to integer ratio");
    int exponent;
    double part = frexp(x, &exponent);
    for (int i = 0; i < 300 && part != floor(part); i++) {
        part *= 2.0;
        exponent--;
    }
    WfObject *num = wf_int_from_double(part);
    WfObject *den = wf_int_from_int64(1);
    WfObject *shift = num ? wf_int_from_int64(exponent < 0 ? -exponent : exponent) : NULL;
    if (shift == NULL) {
        wf_xdecref(num);
        return NULL;
    }
    WfObject **target = exponent > 0 ? &num : &den;
    WfObject *shifted = wf_int_lshift(*target, shift);
    wf_decref(shift);
    if (shifted == NULL) {
        wf_decref(num);
        wf_decref(den);
        return NULL;
    }
    wf_decref(*target);
    *target = shifted;
    WfObject *t = wf_tuple_new(2);
    if (t == NULL) {
        wf_decref(num);
        wf_decref(den);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, num);
    WF_TUPLE_SET_ITEM(t, 1, den);
    return t;
}

static WfObject *float_conjugate(WfObject *self, WfObject *unused) { return float_float(self); }
static WfObject *float_trunc(WfObject *self, WfObject *unused) { return float_int(self); }
static WfObject *float_floor(WfObject *self, WfObject *unused) {
    return wf_int_from_double(floor(WF_FLOAT_VALUE(self)));
}
static WfObject *float_ceil(WfObject *self, WfObject *unused) {
    return wf_int_from_double(ceil(WF_FLOAT_VALUE(self)));
}

/* round(x, n) for n < 0: x = m * 2**e exactly, so round-half-even of
 * x / 10**-n is an exact integer division, then one correct rounding back. */
static WfObject *round_negative_ndigits(double x, long n) {
    int e;
    double frac = frexp(x, &e);
    int64_t m = (int64_t)ldexp(frac, DBL_MANT_DIG);
    e -= DBL_MANT_DIG;
    WfObject *num = wf_int_from_int64(m), *den = NULL, *q = NULL, *t = NULL, *r = NULL;
    WfObject *p10 = wf_int_pow10((uint32_t)-n);
    if (num == NULL || p10 == NULL)
        goto done;
    t = wf_int_from_int64(e < 0 ? -e : e);
    if (t == NULL)
        goto done;
    if (e >= 0) {
        WF_SETREF(num, wf_int_lshift(num, t));
        den = wf_newref(p10);
    } else {
        den = wf_int_lshift(p10, t);
    }
    if (num == NULL || den == NULL)
        goto done;
    q = wf_int_divmod_near(num, den, NULL);
    if (q == NULL)
        goto done;
    WF_SETREF(q, wf_int_multiply(q, p10));
    if (q == NULL)
        goto done;
    int overflow = 0;
    WfMpTmp tmp;
    double d = wf_int_mp_to_double(wf_int_mp(q, &tmp), &overflow);
    if (overflow)
        wf_err_format(wf_exc_OverflowError, "rounded value too large to represent");
    else
        r = wf_float_from_double(d == 0.0 ? copysign(0.0, x) : d);
done:
    wf_xdecref(num);
    wf_xdecref(den);
    wf_xdecref(q);
    wf_xdecref(t);
    wf_xdecref(p10);
    return r;
}

/* CPython's NDIGITS_MAX / NDIGITS_MIN for double_round. */
#define NDIGITS_MAX ((int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103))
#define NDIGITS_MIN (-(int)((DBL_MAX_EXP + 1) * 0.30103))

static WfObject *float_round(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("__round__", nargs, 0, 1) < 0)
        return NULL;
    double x = WF_FLOAT_VALUE(self);
    if (nargs == 0 || args[0] == WF_NONE) {
        double rounded = round(x);
        if (fabs(x - rounded) == 0.5)   /* halfway: round to even */
            rounded = 2.0 * round(x / 2.0);
        return wf_int_from_double(rounded);
    }
    WfObject *nd = wf_int_from_index(args[0]);
    if (nd == NULL)
        return NULL;
    int overflow;
    long n = wf_int_as_long_and_overflow(nd, &overflow);
    wf_decref(nd);
    if (overflow)
        n = overflow > 0 ? NDIGITS_MAX + 1 : NDIGITS_MIN - 1;
    if (!isfinite(x) || x == 0.0 || n > NDIGITS_MAX)
        return wf_float_from_double(x);
    if (n < NDIGITS_MIN)
        return wf_float_from_double(0.0 * x);
    if (n < 0)
        return round_negative_ndigits(x, n);
    /* glibc's printf rounds the exact binary value half-to-even: one correct
     * decimal rounding, then strtod's correct conversion back. */
    char local[128];
    int len = snprintf(local, sizeof local, "%.*f", (int)n, x);
    char *buf = (size_t)len < sizeof local ? local : wf_mem_malloc((size_t)len + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    if (buf != local)
        snprintf(buf, (size_t)len + 1, "%.*f", (int)n, x);
    double r = strtod(buf, NULL);
    if (buf != local)
        wf_mem_free(buf);
    return wf_float_from_double(r);
}

static WfObject *float_getnewargs(WfObject *self, WfObject *unused) {
    WfObject *v = wf_float_from_double(WF_FLOAT_VALUE(self));
    if (v == NULL)
        return NULL;
    WfObject *t = wf_tuple_new(1);
    if (t == NULL) {
        wf_decref(v);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, v);
    return t;
}

static WfObject *float_format_method(WfObject *self, WfObject *spec) {
    if (!wf_str_check(spec))
        return wf_err_format(wf_exc_TypeError, "__format__() argument must be str, not %s",
                             wf_type_name(WF_TYPE(spec)));
    return wf_float_format_spec(self, spec);
}

WfObject *wf_float_hex(WfObject *self, WfObject *unused);              /* float_repr.c */
WfObject *wf_float_fromhex(WfObject *cls, WfObject *arg);              /* float_repr.c */

static WfMethodDef float_methods[] = {
    {"conjugate", (void *)float_conjugate, WF_METH_NOARGS, "Return self, the complex conjugate of any float."},
    {"__trunc__", (void *)float_trunc, WF_METH_NOARGS, "Return the Integral closest to x between 0 and x."},
    {"__floor__", (void *)float_floor, WF_METH_NOARGS, "Return the floor as an Integral."},
    {"__ceil__", (void *)float_ceil, WF_METH_NOARGS, "Return the ceiling as an Integral."},
    {"__round__", (void *)float_round, WF_METH_FASTCALL, "Return the Integral closest to x, rounding half toward even."},
    {"as_integer_ratio", (void *)float_as_integer_ratio, WF_METH_NOARGS, "Return integer ratio."},
    {"is_integer", (void *)float_is_integer, WF_METH_NOARGS, "Return True if the float is an integer."},
    {"hex", (void *)wf_float_hex, WF_METH_NOARGS, "Return a hexadecimal representation of a floating-point number."},
    {"fromhex", (void *)wf_float_fromhex, WF_METH_O | WF_METH_CLASS, "Create a floating-point number from a hexadecimal string."},
    {"__getnewargs__", (void *)float_getnewargs, WF_METH_NOARGS, NULL},
    {"__format__", (void *)float_format_method, WF_METH_O, "Formats the float according to format_spec."},
    {NULL, NULL, 0, NULL},
};

static WfObject *float_get_real(WfObject *self, void *closure) { return float_float(self); }
static WfObject *float_get_imag(WfObject *self, void *closure) { return wf_float_from_double(0.0); }

static WfGetSetDef float_getset[] = {
    {"real", float_get_real, NULL, "the real part of a complex number", NULL},
    {"imag", float_get_imag, NULL, "the imaginary part of a complex number", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_float_type = {
    .tp_name = "float",
    .tp_basicsize = sizeof(WfFloatObject),
    .tp_flags = WF_TPFLAGS_BASETYPE,
    .tp_doc = "Convert a string or number to a floating point number, if possible.",
    .tp_dealloc = float_dealloc,
    .tp_repr = wf_float_repr,
    .tp_hash = float_hash,
    .tp_richcompare = float_richcompare,
    .tp_new = float_new,
    .nb_add = float_add,
    .nb_subtract = float_sub,
    .nb_multiply = float_mul,
    .nb_remainder = float_rem,
    .nb_divmod = float_divmod,
    .nb_power = float_pow,
    .nb_negative = float_neg,
    .nb_positive = float_float,
    .nb_absolute = float_abs,
    .nb_bool = float_bool,
    .nb_int = float_int,
    .nb_float = float_float,
    .nb_floor_divide = float_floor_div,
    .nb_true_divide = float_div,
    .tp_methods = float_methods,
    .tp_getset = float_getset,
};
