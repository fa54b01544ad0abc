/* int_ops.c — int arithmetic: + - * // % divmod / ** << >> & | ^ ~ and the
 * number slots of int (and, inherited, bool).
 *
 * Each operation tries a compact (int64) fast path with overflow checks and
 * falls back to libtommath on mp views of its operands. Results always go
 * through wf_int_from_int64/wf_int_from_mp, so they are normalised.
 * Division and modulo follow Python's floor semantics (the remainder takes
 * the sign of the divisor).
 */
#include <float.h>
#include <math.h>

#include "runtime/objects/int_internal.h"

typedef mp_err (*mp_binop)(const mp_int *, const mp_int *, mp_int *);

/* libtommath on two ints. For + - & | ^ the result starts with room for
 * one digit more than the larger operand, so the operation does not regrow
 * it. mp_mul grows its result as it needs or builds the product in a
 * buffer of its own and swaps it in, so presizing it only zeroed memory:
 * pidigits ran 12% more instructions that way (callgrind, scale 0.4). */
static WfObject *big_binop(WfObject *a, WfObject *b, mp_binop f, bool mul) {
    WfMpTmp ta, tb;
    const mp_int *A = wf_int_mp(a, &ta), *B = wf_int_mp(b, &tb);
    int size = (A->used > B->used ? A->used : B->used) + 1;
    mp_int r;
    mp_err e = mul ? mp_init(&r) : mp_init_size(&r, size < 2 ? 2 : size);
    if (e == MP_OKAY)
        e = f(A, B, &r);
    if (e != MP_OKAY) {
        mp_clear(&r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&r);
}

static bool both_compact(WfObject *a, WfObject *b) {
    return wf_int_is_compact(a) && wf_int_is_compact(b);
}

/* ---- + - * ---------------------------------------------------------------- */

/* Both operands as __int128 (magnitudes below 2**126: wf_int_to_i128). */
static inline bool both_i128(WfObject *a, WfObject *b, __int128 *x, __int128 *y) {
    return wf_int_to_i128(a, x) && wf_int_to_i128(b, y);
}

WfObject *wf_int_add(WfObject *a, WfObject *b) {
    int64_t r;
    __int128 x, y;
    if (both_compact(a, b) &&
        !__builtin_add_overflow(wf_int_compact_value(a), wf_int_compact_value(b), &r))
        return wf_int_from_int64(r);
    if (both_i128(a, b, &x, &y) && !__builtin_add_overflow(x, y, &x))
        return wf_int_from_i128(x);
    return big_binop(a, b, mp_add, false);
}

WfObject *wf_int_subtract(WfObject *a, WfObject *b) {
    int64_t r;
    __int128 x, y;
    if (both_compact(a, b) &&
        !__builtin_sub_overflow(wf_int_compact_value(a), wf_int_compact_value(b), &r))
        return wf_int_from_int64(r);
    if (both_i128(a, b, &x, &y) && !__builtin_sub_overflow(x, y, &x))
        return wf_int_from_i128(x);
    return big_binop(a, b, mp_sub, false);
}

WfObject *wf_int_multiply(WfObject *a, WfObject *b) {
    int64_t r;
    __int128 x, y, p;
    if (both_compact(a, b) &&
        !__builtin_mul_overflow(wf_int_compact_value(a), wf_int_compact_value(b), &r))
        return wf_int_from_int64(r);
    if (both_i128(a, b, &x, &y) && !__builtin_mul_overflow(x, y, &p))
        return wf_int_from_i128(p);
    return big_binop(a, b, mp_mul, true);
}

/* ---- floor division and modulo ------------------------------------------- */

/* Floor divmod of big operands (b != 0): q and r are initialised here;
 * on failure both are cleared and -1 returned with MemoryError. */
static int big_floor_divmod(WfObject *a, WfObject *b, mp_int *q, mp_int *r) {
    WfMpTmp ta, tb;
    const mp_int *A = wf_int_mp(a, &ta), *B = wf_int_mp(b, &tb);
    mp_err e = mp_init_multi(q, r, NULL);
    if (e == MP_OKAY)
        e = mp_div(A, B, q, r);            /* truncating: r has the sign of A */
    if (e == MP_OKAY && !mp_iszero(r) && r->sign != B->sign) {
        e = mp_decr(q);
        if (e == MP_OKAY)
            e = mp_add(r, B, r);
    }
    if (e != MP_OKAY) {
        mp_clear_multi(q, r, NULL);
        wf_int_mp_error(e);
        return -1;
    }
    return 0;
}

/* Compact floor division; false when it would overflow (INT64_MIN / -1). */
static bool compact_floor_divmod(int64_t x, int64_t y, int64_t *q, int64_t *r) {
    if (x == INT64_MIN && y == -1)
        return false;
    int64_t qq = x / y, rr = x % y;
    if (rr != 0 && ((rr < 0) != (y < 0))) {
        qq -= 1;
        rr += y;
    }
    *q = qq;
    *r = rr;
    return true;
}

static bool is_zero(WfObject *o) {
    return wf_int_is_compact(o) && wf_int_compact_value(o) == 0;
}

/* Floor divmod of two __int128 below 2**127 in magnitude (y != 0): the
 * quotient cannot overflow (INT128_MIN is out of range), nor can the
 * adjusted remainder (|r + y| < |y|). */
static void i128_floor_divmod(__int128 x, __int128 y, __int128 *q, __int128 *r) {
    __int128 qq = x / y, rr = x % y;
    if (rr != 0 && ((rr < 0) != (y < 0))) {
        qq -= 1;
        rr += y;
    }
    *q = qq;
    *r = rr;
}

WfObject *wf_int_floor_divide(WfObject *a, WfObject *b) {
    if (is_zero(b))
        return wf_err_format(wf_exc_ZeroDivisionError, "integer division or modulo by zero");
    int64_t q, r;
    __int128 x, y, q2, r2;
    if (both_compact(a, b) &&
        compact_floor_divmod(wf_int_compact_value(a), wf_int_compact_value(b), &q, &r))
        return wf_int_from_int64(q);
    if (both_i128(a, b, &x, &y)) {
        i128_floor_divmod(x, y, &q2, &r2);
        return wf_int_from_i128(q2);
    }
    mp_int Q, R;
    if (big_floor_divmod(a, b, &Q, &R) < 0)
        return NULL;
    mp_clear(&R);
    return wf_int_from_mp(&Q);
}

WfObject *wf_int_remainder(WfObject *a, WfObject *b) {
    if (is_zero(b))
        return wf_err_format(wf_exc_ZeroDivisionError, "integer modulo by zero");
    int64_t q, r;
    __int128 x, y, q2, r2;
    if (both_compact(a, b) &&
        compact_floor_divmod(wf_int_compact_value(a), wf_int_compact_value(b), &q, &r))
        return wf_int_from_int64(r);
    if (both_i128(a, b, &x, &y)) {
        i128_floor_divmod(x, y, &q2, &r2);
        return wf_int_from_i128(r2);
    }
    mp_int Q, R;
    if (big_floor_divmod(a, b, &Q, &R) < 0)
        return NULL;
    mp_clear(&Q);
    return wf_int_from_mp(&R);
}

WfObject *wf_int_divmod(WfObject *a, WfObject *b) {
    if (is_zero(b))
        return wf_err_format(wf_exc_ZeroDivisionError, "integer division or modulo by zero");
    WfObject *qo, *ro;
    int64_t q, r;
    if (both_compact(a, b) &&
        compact_floor_divmod(wf_int_compact_value(a), wf_int_compact_value(b), &q, &r)) {
        qo = wf_int_from_int64(q);
        ro = qo ? wf_int_from_int64(r) : NULL;
    } else {
        mp_int Q, R;
        if (big_floor_divmod(a, b, &Q, &R) < 0)
            return NULL;
        qo = wf_int_from_mp(&Q);
        if (qo == NULL)
            mp_clear(&R);
        ro = qo ? wf_int_from_mp(&R) : NULL;
    }
    if (ro == NULL) {
        wf_xdecref(qo);
        return NULL;
    }
    WfObject *t = wf_tuple_new(2);
    if (t == NULL) {
        wf_decref(qo);
        wf_decref(ro);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, qo);
    WF_TUPLE_SET_ITEM(t, 1, ro);
    return t;
}

/* q = round-half-even(a / b) and r = a - q*b, for b > 0 (_PyLong_DivmodNear). */
WfObject *wf_int_divmod_near(WfObject *a, WfObject *b, WfObject **rem) {
    mp_int Q, R, twice;
    if (big_floor_divmod(a, b, &Q, &R) < 0)
        return NULL;
    WfMpTmp tb;
    const mp_int *B = wf_int_mp(b, &tb);
    /* 0 <= R < B: round up when 2R > B, or 2R == B and Q is odd. */
    mp_err e = mp_init(&twice);
    if (e == MP_OKAY)
        e = mp_mul_2(&R, &twice);
    if (e == MP_OKAY) {
        mp_ord c = mp_cmp(&twice, B);
        if (c == MP_GT || (c == MP_EQ && mp_isodd(&Q))) {
            e = mp_incr(&Q);
            if (e == MP_OKAY)
                e = mp_sub(&R, B, &R);
        }
    }
    mp_clear(&twice);
    if (e != MP_OKAY) {
        mp_clear_multi(&Q, &R, NULL);
        return wf_int_mp_error(e);
    }
    WfObject *q = wf_int_from_mp(&Q);
    if (q == NULL) {
        mp_clear(&R);
        return NULL;
    }
    if (rem == NULL) {
        mp_clear(&R);
        return q;
    }
    *rem = wf_int_from_mp(&R);
    if (*rem == NULL) {
        wf_decref(q);
        return NULL;
    }
    return q;
}

/* ---- true division ---------------------------------------------------------- */

#define TWO_53 9007199254740992LL

static bool compact_exact_in_double(WfObject *o) {
    if (!wf_int_is_compact(o))
        return false;
    int64_t v = wf_int_compact_value(o);
    return v >= -TWO_53 && v <= TWO_53;
}

/* CPython's long_true_divide: shift a so the quotient has DBL_MANT_DIG + 2
 * or 3 bits (fewer for subnormal results), divide, then round once by hand
 * with the remainder as a sticky bit. */
static WfObject *big_true_divide(WfObject *a, WfObject *b, bool negate) {
    WfMpTmp ta, tb;
    const mp_int *A = wf_int_mp(a, &ta), *B = wf_int_mp(b, &tb);
    long diff = (long)mp_count_bits(A) - (long)mp_count_bits(B);
    if (mp_iszero(A))
        return wf_float_from_double(negate ? -0.0 : 0.0);
    if (diff > DBL_MAX_EXP)
        goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1)
        return wf_float_from_double(negate ? -0.0 : 0.0);
    long shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    bool inexact = false;
    mp_int x, q, r;
    mp_err e = mp_init_multi(&x, &q, &r, NULL);
    if (e != MP_OKAY)
        return wf_int_mp_error(e);
    if (shift <= 0) {
        e = mp_mul_2d(A, (int)-shift, &x);
    } else {
        e = mp_div_2d(A, (int)shift, &x, &r);
        inexact = e == MP_OKAY && !mp_iszero(&r);
    }
    if (e == MP_OKAY)
        e = mp_abs(&x, &x);
    if (e == MP_OKAY)
        e = mp_div(&x, B, &q, &r);
    if (e != MP_OKAY) {
        mp_clear_multi(&x, &q, &r, NULL);
        return wf_int_mp_error(e);
    }
    inexact = inexact || !mp_iszero(&r);
    uint64_t qv = mp_get_mag_u64(&q);   /* at most DBL_MANT_DIG + 3 bits */
    long q_bits = (long)mp_count_bits(&q);
    mp_clear_multi(&x, &q, &r, NULL);
    long extra_bits = (q_bits > DBL_MIN_EXP - shift ? q_bits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    uint64_t mask = (uint64_t)1 << (extra_bits - 1);
    uint64_t low = qv | (inexact ? 1 : 0);
    if ((low & mask) && (low & (3 * mask - 1)))
        qv += mask;
    qv &= ~(2 * mask - 1);
    double dx = (double)qv;
    if (shift + q_bits >= DBL_MAX_EXP &&
        (shift + q_bits > DBL_MAX_EXP || dx == ldexp(1.0, (int)q_bits)))
        goto overflow;
    double result = ldexp(dx, (int)shift);
    return wf_float_from_double(negate ? -result : result);
overflow:
    return wf_err_format(wf_exc_OverflowError, "integer division result too large for a float");
}

WfObject *wf_int_true_divide(WfObject *a, WfObject *b) {
    if (is_zero(b))
        return wf_err_format(wf_exc_ZeroDivisionError, "division by zero");
    if (compact_exact_in_double(a) && compact_exact_in_double(b))
        return wf_float_from_double((double)wf_int_compact_value(a) /
                                    (double)wf_int_compact_value(b));
    bool negate = (wf_int_sign(a) < 0) != (wf_int_sign(b) < 0);
    return big_true_divide(a, b, negate);
}

/* ---- unary ---------------------------------------------------------------- */

WfObject *wf_int_negative(WfObject *a) {
    if (wf_int_is_compact(a) && wf_int_compact_value(a) != INT64_MIN)
        return wf_int_from_int64(-wf_int_compact_value(a));
    WfMpTmp t;
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_neg(wf_int_mp(a, &t), &r);
    if (e != MP_OKAY) {
        mp_clear(&r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&r);
}

WfObject *wf_int_absolute(WfObject *a) {
    if (wf_int_sign(a) < 0)
        return wf_int_negative(a);
    return wf_int_exact_copy(a);
}

static WfObject *int_invert(WfObject *a) {
    if (wf_int_is_compact(a))
        return wf_int_from_int64(~wf_int_compact_value(a));
    /* ~x == -(x + 1) */
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_add_d(WF_INT_BIG(a), 1, &r);
    if (e == MP_OKAY)
        e = mp_neg(&r, &r);
    if (e != MP_OKAY) {
        mp_clear(&r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&r);
}

/* ---- power ------------------------------------------------------------------ */

static WfObject *mp_result(mp_err e, mp_int *r) {
    if (e != MP_OKAY) {
        mp_clear(r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(r);
}

/* a ** b for b >= 0. */
static WfObject *int_pow_nonneg(WfObject *a, WfObject *b) {
    if (wf_int_is_compact(a) && wf_int_is_compact(b)) {
        int64_t base = wf_int_compact_value(a), exp = wf_int_compact_value(b), acc = 1;
        bool overflow = false;
        while (exp > 0 && !overflow) {
            if (exp & 1)
                overflow = __builtin_mul_overflow(acc, base, &acc);
            exp >>= 1;
            if (exp > 0 && !overflow)
                overflow = __builtin_mul_overflow(base, base, &base);
        }
        if (!overflow)
            return wf_int_from_int64(acc);
    }
    if (wf_int_is_compact(a)) {
        int64_t base = wf_int_compact_value(a);
        if (base == 0 || base == 1)
            return wf_int_from_int64(base);   /* b > 0 here: 0**0 took the fast path */
        if (base == -1) {
            WfMpTmp t;
            return wf_int_from_int64(mp_isodd(wf_int_mp(b, &t)) ? -1 : 1);
        }
    }
    if (!wf_int_is_compact(b) || wf_int_compact_value(b) > (int64_t)UINT32_MAX)
        return wf_err_no_memory();   /* the result would need over 4e9 bits */
    WfMpTmp t;
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_expt_u32(wf_int_mp(a, &t), (uint32_t)wf_int_compact_value(b), &r);
    return mp_result(e, &r);
}

/* pow(a, b, m) with m != 0; the result has the sign of m (Python's %). */
static WfObject *int_pow_mod(WfObject *a, WfObject *b, WfObject *mod) {
    if (is_zero(mod))
        return wf_err_format(wf_exc_ValueError, "pow() 3rd argument cannot be 0");
    WfMpTmp ta, tb, tm;
    mp_int M, base, exp, r;
    mp_err e = mp_init_multi(&M, &base, &exp, &r, NULL);
    if (e != MP_OKAY)
        return wf_int_mp_error(e);
    bool mod_neg = wf_int_sign(mod) < 0;
    e = mp_abs(wf_int_mp(mod, &tm), &M);
    if (e == MP_OKAY)
        e = mp_mod(wf_int_mp(a, &ta), &M, &base);   /* 0 <= base < M */
    if (e == MP_OKAY)
        e = mp_abs(wf_int_mp(b, &tb), &exp);
    if (e == MP_OKAY && mp_cmp_d(&M, 1) == MP_EQ) {   /* anything mod 1 is 0 */
        mp_clear_multi(&M, &base, &exp, &r, NULL);
        return wf_int_from_int64(0);
    }
    if (e == MP_OKAY && wf_int_sign(b) < 0) {
        e = mp_invmod(&base, &M, &base);
        if (e == MP_VAL) {
            mp_clear_multi(&M, &base, &exp, &r, NULL);
            return wf_err_format(wf_exc_ValueError, "base is not invertible for the given modulus");
        }
    }
    if (e == MP_OKAY)
        e = mp_exptmod(&base, &exp, &M, &r);
    if (e == MP_OKAY && mod_neg && !mp_iszero(&r))
        e = mp_sub(&r, &M, &r);
    mp_clear_multi(&M, &base, &exp, NULL);
    return mp_result(e, &r);
}

WfObject *wf_int_power(WfObject *a, WfObject *b, WfObject *mod) {
    if (mod != NULL && mod != WF_NONE)
        return int_pow_mod(a, b, mod);
    if (wf_int_sign(b) < 0)   /* negative exponent: float power, as CPython */
        return wf_float_type.nb_power(a, b, WF_NONE);
    return int_pow_nonneg(a, b);
}

/* ---- shifts ---------------------------------------------------------------- */

/* Largest shift count handed to libtommath (its counts are int). */
#define MAX_SHIFT ((int64_t)INT32_MAX - 64)

WfObject *wf_int_lshift(WfObject *a, WfObject *b) {
    if (wf_int_sign(b) < 0)
        return wf_err_format(wf_exc_ValueError, "negative shift count");
    if (wf_int_sign(a) == 0)
        return wf_int_from_int64(0);
    if (!wf_int_is_compact(b) || wf_int_compact_value(b) > MAX_SHIFT)
        return wf_err_no_memory();
    int64_t s = wf_int_compact_value(b);
    if (wf_int_is_compact(a) && s < 63) {
        int64_t x = wf_int_compact_value(a);
        uint64_t mag = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        if (__builtin_clzll(mag) > s + 1)   /* keeps a spare bit for the sign */
            return wf_int_from_int64((int64_t)((uint64_t)x << s));
    }
    __int128 x;
    if (s < 126 && wf_int_to_i128(a, &x) && wf_int_bit_length(a) + (size_t)s < 127)   /* < 2**126 */
        return wf_int_from_i128((__int128)((unsigned __int128)x << s));
    WfMpTmp t;
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_mul_2d(wf_int_mp(a, &t), (int)s, &r);
    return mp_result(e, &r);
}

WfObject *wf_int_rshift(WfObject *a, WfObject *b) {
    if (wf_int_sign(b) < 0)
        return wf_err_format(wf_exc_ValueError, "negative shift count");
    int sa = wf_int_sign(a);
    if (!wf_int_is_compact(b) || (size_t)wf_int_compact_value(b) >= wf_int_bit_length(a))
        return wf_int_from_int64(sa < 0 ? -1 : 0);
    int64_t s = wf_int_compact_value(b);
    __int128 x;
    if (wf_int_is_compact(a))   /* arithmetic shift floors, as Python does */
        return wf_int_from_int64(wf_int_compact_value(a) >> s);
    if (wf_int_to_i128(a, &x))   /* s < bit length <= 127 */
        return wf_int_from_i128(x >> s);
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_signed_rsh(WF_INT_BIG(a), (int)s, &r);
    return mp_result(e, &r);
}

/* ---- bitwise (libtommath >= 1.2 uses two's complement for negatives) ------- */

/* Two's complement on __int128 agrees with Python's infinite two's
 * complement for magnitudes below 2**127 (the result is sign-extended). */
static WfObject *int_and(WfObject *a, WfObject *b) {
    __int128 x, y;
    if (both_compact(a, b))
        return wf_int_from_int64(wf_int_compact_value(a) & wf_int_compact_value(b));
    if (both_i128(a, b, &x, &y))
        return wf_int_from_i128(x & y);
    return big_binop(a, b, mp_and, false);
}

static WfObject *int_or(WfObject *a, WfObject *b) {
    __int128 x, y;
    if (both_compact(a, b))
        return wf_int_from_int64(wf_int_compact_value(a) | wf_int_compact_value(b));
    if (both_i128(a, b, &x, &y))
        return wf_int_from_i128(x | y);
    return big_binop(a, b, mp_or, false);
}

static WfObject *int_xor(WfObject *a, WfObject *b) {
    __int128 x, y;
    if (both_compact(a, b))
        return wf_int_from_int64(wf_int_compact_value(a) ^ wf_int_compact_value(b));
    if (both_i128(a, b, &x, &y))
        return wf_int_from_i128(x ^ y);
    return big_binop(a, b, mp_xor, false);
}

/* ---- number slots: NotImplemented unless both operands are ints ----------- */

#define BOTH_INTS(a, b) \
    do { if (!wf_int_check(a) || !wf_int_check(b)) WF_RETURN_NOTIMPLEMENTED; } while (0)

WfObject *wf_int_nb_add(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_add(a, b); }
WfObject *wf_int_nb_subtract(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_subtract(a, b); }
WfObject *wf_int_nb_multiply(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_multiply(a, b); }
WfObject *wf_int_nb_remainder(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_remainder(a, b); }
WfObject *wf_int_nb_divmod(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_divmod(a, b); }
WfObject *wf_int_nb_floor_divide(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_floor_divide(a, b); }
WfObject *wf_int_nb_true_divide(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_true_divide(a, b); }
WfObject *wf_int_nb_lshift(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_lshift(a, b); }
WfObject *wf_int_nb_rshift(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return wf_int_rshift(a, b); }
WfObject *wf_int_nb_and(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return int_and(a, b); }
WfObject *wf_int_nb_xor(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return int_xor(a, b); }
WfObject *wf_int_nb_or(WfObject *a, WfObject *b) { BOTH_INTS(a, b); return int_or(a, b); }

WfObject *wf_int_nb_power(WfObject *a, WfObject *b, WfObject *c) {
    BOTH_INTS(a, b);
    if (c != NULL && c != WF_NONE && !wf_int_check(c))
        WF_RETURN_NOTIMPLEMENTED;
    return wf_int_power(a, b, c);
}

WfObject *wf_int_nb_negative(WfObject *a) { return wf_int_negative(a); }
WfObject *wf_int_nb_positive(WfObject *a) { return wf_int_exact_copy(a); }
WfObject *wf_int_nb_absolute(WfObject *a) { return wf_int_absolute(a); }
WfObject *wf_int_nb_invert(WfObject *a) { return int_invert(a); }
WfObject *wf_int_nb_int(WfObject *a) { return wf_int_exact_copy(a); }
int wf_int_nb_bool(WfObject *a) { return wf_int_sign(a) != 0; }

WfObject *wf_int_nb_float(WfObject *a) {
    double d = wf_int_as_double(a);
    if (d == -1.0 && wf_err_occurred())
        return NULL;
    return wf_float_from_double(d);
}
