/* math.c — the math module (CPython's Modules/mathmodule.c, same errors).
 *
 * Invariants:
 *  - Float functions go through math_1/math_2, which turn libm's results
 *    into CPython's exceptions: a NaN from a non-NaN argument is
 *    ValueError("math domain error"); an infinity from a finite argument is
 *    OverflowError("math range error") for functions that can overflow,
 *    else a domain error; errno ERANGE on a tiny result is ignored.
 *  - Integer functions (gcd, lcm, factorial, comb, perm, isqrt) work on
 *    arbitrary-precision ints through libtommath.
 *  - The module has no mutable state; its functions may run on any thread.
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "runtime/objects/int_internal.h"
#include "runtime/runtime.h"

/* ---- error conventions -------------------------------------------------------- */

static WfObject *domain_error(void) {
    return wf_err_format(wf_exc_ValueError, "math domain error");
}

static WfObject *range_error(void) {
    return wf_err_format(wf_exc_OverflowError, "math range error");
}

/* CPython's is_error: true (with an exception) unless errno is a harmless underflow. */
static bool is_error(double x) {
    if (errno == EDOM) {
        domain_error();
        return true;
    }
    if (errno == ERANGE) {
        if (fabs(x) < 1.5)
            return false;
        range_error();
        return true;
    }
    domain_error();
    return true;
}

static bool arg_double(WfObject *o, double *out) {
    *out = wf_float_check_exact(o) ? WF_FLOAT_VALUE(o) : wf_float_as_double(o);
    return !(*out == -1.0 && wf_err_occurred());
}

static WfObject *math_1(WfObject *arg, double (*f)(double), bool can_overflow) {
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    errno = 0;
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return domain_error();
    if (isinf(r) && isfinite(x))
        return can_overflow ? range_error() : domain_error();
    if (isfinite(r) && errno && is_error(r))
        return NULL;
    return wf_float_from_double(r);
}

static WfObject *math_2(const char *name, WfObject *const *args, wf_ssize_t nargs,
                        double (*f)(double, double)) {
    double x, y;
    if (wf_arg_check_positional(name, nargs, 2, 2) < 0)
        return NULL;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y))
        return NULL;
    errno = 0;
    double r = f(x, y);
    if (isnan(r))
        errno = (!isnan(x) && !isnan(y)) ? EDOM : 0;
    else if (isinf(r))
        errno = (isfinite(x) && isfinite(y)) ? ERANGE : 0;
    if (errno && is_error(r))
        return NULL;
    return wf_float_from_double(r);
}

/* One-argument functions: name, libm function, whether it can overflow. */
#define MATH_FUNC1(name, func, can_overflow)                               \
    static WfObject *math_##name(WfObject *m, WfObject *arg) {             \
        return math_1(arg, func, can_overflow);                            \
    }

static double m_log(double x) {
    if (isfinite(x)) {
        if (x > 0.0)
            return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

static double m_log2(double x) {
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0)
            return x;
        errno = EDOM;
        return NAN;
    }
    if (x > 0.0)
        return log2(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
}

static double m_log10(double x) {
    if (isfinite(x)) {
        if (x > 0.0)
            return log10(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

/* ---- gamma and lgamma: CPython's Lanczos approximation, so results agree
 * with CPython to the last bit (glibc's tgamma/lgamma differ in the last
 * digits). ---- */

static const double pi = 3.141592653589793238462643383279502884197;
static const double logpi = 1.144729885849400174143427351353058711647;

/* sin(pi * x), accurate for large x; x finite. */
static double m_sinpi(double x) {
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(pi * y); break;
    case 1: r = cos(pi * (y - 0.5)); break;
    case 2: r = sin(pi * (1.0 - y)); break;   /* not -sin(pi*(y-1.0)): that gives -0.0 */
    case 3: r = -cos(pi * (y - 1.5)); break;
    default: r = sin(pi * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
/* denominator is x*(x+1)*...*(x+LANCZOS_N-2) */
static const double lanczos_den_coeffs[LANCZOS_N] = {
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
    13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0,
};

#define NGAMMA_INTEGRAL 23
static const double gamma_integral[NGAMMA_INTEGRAL] = {
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0,
    3628800.0, 39916800.0, 479001600.0, 6227020800.0, 87178291200.0,
    1307674368000.0, 20922789888000.0, 355687428096000.0,
    6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
    51090942171709440000.0, 1124000727777607680000.0,
};

/* Lanczos' sum L_g(x) for x > 0; a rational function in 1/x for large x
 * so that it cannot overflow. */
static double lanczos_sum(double x) {
    double num = 0.0, den = 0.0;
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

static double m_tgamma(double x) {
    double absx, r, y, z, sqrtpow;
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0)
            return x;
        errno = EDOM;
        return NAN;
    }
    if (x == 0.0) {
        errno = EDOM;
        return copysign(HUGE_VAL, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            errno = EDOM;
            return NAN;
        }
        if (x <= NGAMMA_INTEGRAL)
            return gamma_integral[(int)x - 1];
    }
    absx = fabs(x);
    if (absx < 1e-20) {
        r = 1.0 / x;
        if (isinf(r))
            errno = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0)
            return 0.0 / m_sinpi(x);
        errno = ERANGE;
        return HUGE_VAL;
    }
    y = absx + lanczos_g_minus_half;
    /* the error of the sum y (a + b - a - b must not be folded to 0) */
    if (absx > lanczos_g_minus_half) {
        double q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        double q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -pi / m_sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r))
        errno = ERANGE;
    return r;
}

static double m_lgamma(double x) {
    double r, absx;
    if (!isfinite(x))
        return isnan(x) ? x : HUGE_VAL;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            errno = EDOM;
            return HUGE_VAL;
        }
        return 0.0;
    }
    absx = fabs(x);
    if (absx < 1e-20)
        return -log(absx);
    r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0)   /* reflection formula */
        r = logpi - log(fabs(m_sinpi(absx))) - log(absx) - r;
    if (isinf(r))
        errno = ERANGE;
    return r;
}

MATH_FUNC1(acos, acos, false)
MATH_FUNC1(acosh, acosh, false)
MATH_FUNC1(asin, asin, false)
MATH_FUNC1(asinh, asinh, false)
MATH_FUNC1(atan, atan, false)
MATH_FUNC1(atanh, atanh, false)
MATH_FUNC1(cbrt, cbrt, false)
MATH_FUNC1(cos, cos, false)
MATH_FUNC1(cosh, cosh, true)
MATH_FUNC1(erf, erf, false)
MATH_FUNC1(erfc, erfc, false)
MATH_FUNC1(exp, exp, true)
MATH_FUNC1(exp2, exp2, true)
MATH_FUNC1(expm1, expm1, true)
MATH_FUNC1(fabs, fabs, false)
MATH_FUNC1(log1p, log1p, false)
MATH_FUNC1(sin, sin, false)
MATH_FUNC1(sinh, sinh, true)
MATH_FUNC1(sqrt, sqrt, false)
MATH_FUNC1(tan, tan, false)
MATH_FUNC1(tanh, tanh, false)

/* gamma and lgamma report through errno only (CPython's math_1a): their
 * poles are domain errors, their overflows range errors. */
static WfObject *math_1a(WfObject *arg, double (*f)(double)) {
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    errno = 0;
    double r = f(x);
    if (errno && is_error(r))
        return NULL;
    return wf_float_from_double(r);
}

static WfObject *math_gamma(WfObject *m, WfObject *arg) { return math_1a(arg, m_tgamma); }
static WfObject *math_lgamma(WfObject *m, WfObject *arg) { return math_1a(arg, m_lgamma); }

static WfObject *math_atan2(WfObject *m, WfObject *const *a, wf_ssize_t n) { return math_2("atan2", a, n, atan2); }
static WfObject *math_copysign(WfObject *m, WfObject *const *a, wf_ssize_t n) { return math_2("copysign", a, n, copysign); }
static WfObject *math_remainder(WfObject *m, WfObject *const *a, wf_ssize_t n) { return math_2("remainder", a, n, remainder); }
static WfObject *math_nextafter(WfObject *m, WfObject *const *a, wf_ssize_t n) { return math_2("nextafter", a, n, nextafter); }

static WfObject *math_fmod(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    double x, y;
    if (wf_arg_check_positional("fmod", nargs, 2, 2) < 0)
        return NULL;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y))
        return NULL;
    if (isinf(y) && isfinite(x))
        return wf_float_from_double(x);
    errno = 0;
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y))
        return domain_error();
    return wf_float_from_double(r);
}

static WfObject *math_pow(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    double x, y, r = 0.0;
    if (wf_arg_check_positional("pow", nargs, 2, 2) < 0)
        return NULL;
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y))
        return NULL;
    errno = 0;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x))
            r = y == 0.0 ? 1.0 : x;
        else if (isnan(y))
            r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0)
                r = odd_y ? x : fabs(x);
            else if (y == 0.0)
                r = 1.0;
            else
                r = odd_y ? copysign(0.0, x) : 0.0;
        } else {   /* y infinite */
            if (fabs(x) == 1.0)
                r = 1.0;
            else if (y > 0.0 && fabs(x) > 1.0)
                r = y;
            else if (y < 0.0 && fabs(x) < 1.0)
                r = -y;
            else
                r = 0.0;
        }
    } else {
        r = pow(x, y);
        if (isnan(r))
            errno = EDOM;
        else if (isinf(r))
            errno = x == 0.0 ? EDOM : ERANGE;
        else
            errno = 0;
    }
    if (errno && is_error(r))
        return NULL;
    return wf_float_from_double(r);
}

/* ---- logarithms (ints of any size allowed) --------------------------------------- */

/* log of an int that may not fit a double: x = m * 2**e with m in [0.5, 1). */
static WfObject *loghelper(WfObject *arg, double (*f)(double), double *out) {
    if (wf_int_check(arg)) {
        if (wf_int_sign(arg) <= 0)
            return domain_error();
        if (wf_int_bit_length(arg) <= DBL_MAX_EXP) {
            double x = wf_int_as_double(arg);
            if (!(x == -1.0 && wf_err_occurred())) {
                *out = f(x);
                return WF_NONE;
            }
            if (!wf_err_exception_matches(wf_exc_OverflowError))
                return NULL;
            wf_err_clear();
        }
        WfMpTmp t;
        const mp_int *mp = wf_int_mp(arg, &t);
        int bits = mp_count_bits(mp);
        /* Scale down to 64 bits: only the leading bits matter for a log. */
        mp_int top;
        mp_err e = mp_init(&top);
        if (e == MP_OKAY)
            e = mp_div_2d(mp, bits - 64, &top, NULL);
        if (e != MP_OKAY) {
            mp_clear(&top);
            return wf_int_mp_error(e);
        }
        double x = ldexp((double)mp_get_mag_u64(&top), -64);   /* in [0.5, 1] */
        mp_clear(&top);
        *out = f(x) + f(2.0) * bits;
        return WF_NONE;
    }
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    errno = 0;
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return domain_error();
    if (isinf(r) && isfinite(x))
        return domain_error();
    if (isfinite(r) && errno && is_error(r))
        return NULL;
    *out = r;
    return WF_NONE;
}

static WfObject *log_one(WfObject *arg, double (*f)(double)) {
    double r;
    if (loghelper(arg, f, &r) == NULL)
        return NULL;
    return wf_float_from_double(r);
}

static WfObject *math_log(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("log", nargs, 1, 2) < 0)
        return NULL;
    double num, den;
    if (loghelper(args[0], m_log, &num) == NULL)
        return NULL;
    if (nargs == 1)
        return wf_float_from_double(num);
    if (loghelper(args[1], m_log, &den) == NULL)
        return NULL;
    if (den == 0.0)
        return wf_err_format(wf_exc_ZeroDivisionError, "float division by zero");
    return wf_float_from_double(num / den);
}

static WfObject *math_log2(WfObject *m, WfObject *arg) { return log_one(arg, m_log2); }
static WfObject *math_log10(WfObject *m, WfObject *arg) { return log_one(arg, m_log10); }

/* ---- rounding -------------------------------------------------------------------------- */

static WfObject *round_via(WfObject *arg, WfObject *name, double (*f)(double)) {
    if (wf_int_check_exact(arg))
        return wf_newref(arg);
    if (!wf_float_check_exact(arg)) {
        WfObject *meth = wf_object_lookup_special(arg, name);
        if (meth != NULL) {
            WfObject *r = wf_object_call_no_args(meth);
            wf_decref(meth);
            return r;
        }
        if (wf_err_occurred())
            return NULL;
    }
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    return wf_int_from_double(f(x));
}

static WfObject *math_floor(WfObject *m, WfObject *arg) { return round_via(arg, WF_ID(__floor__), floor); }
static WfObject *math_ceil(WfObject *m, WfObject *arg) { return round_via(arg, WF_ID(__ceil__), ceil); }

static WfObject *math_trunc(WfObject *m, WfObject *arg) {
    if (wf_int_check_exact(arg))
        return wf_newref(arg);
    if (wf_float_check_exact(arg))
        return wf_int_from_double(WF_FLOAT_VALUE(arg));
    WfObject *meth = wf_object_lookup_special(arg, WF_ID(__trunc__));
    if (meth == NULL) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_TypeError, "type %s doesn't define __trunc__ method",
                          wf_type_name(WF_TYPE(arg)));
        return NULL;
    }
    WfObject *r = wf_object_call_no_args(meth);
    wf_decref(meth);
    return r;
}

/* ---- float decomposition ------------------------------------------------------------- */

static WfObject *pair(WfObject *a, WfObject *b) {
    if (a == NULL || b == NULL) {
        wf_xdecref(a);
        wf_xdecref(b);
        return NULL;
    }
    WfObject *t = wf_tuple_new(2);
    if (t == NULL) {
        wf_decref(a);
        wf_decref(b);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, a);
    WF_TUPLE_SET_ITEM(t, 1, b);
    return t;
}

static WfObject *math_frexp(WfObject *m, WfObject *arg) {
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    int e = 0;
    if (isfinite(x) && x != 0.0)
        x = frexp(x, &e);
    return pair(wf_float_from_double(x), wf_int_from_int64(e));
}

static WfObject *math_modf(WfObject *m, WfObject *arg) {
    double x, ip;
    if (!arg_double(arg, &x))
        return NULL;
    if (isinf(x))
        return pair(wf_float_from_double(copysign(0.0, x)), wf_float_from_double(x));
    double frac = modf(x, &ip);
    return pair(wf_float_from_double(frac), wf_float_from_double(ip));
}

static WfObject *math_ldexp(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    double x, r;
    if (wf_arg_check_positional("ldexp", nargs, 2, 2) < 0)
        return NULL;
    if (!arg_double(args[0], &x))
        return NULL;
    if (!wf_int_check(args[1]))
        return wf_err_format(wf_exc_TypeError, "Expected an int as second argument to ldexp.");
    int overflow;
    long exp = wf_int_as_long_and_overflow(args[1], &overflow);
    if (overflow)
        exp = overflow < 0 ? LONG_MIN : LONG_MAX;
    errno = 0;
    if (x == 0.0 || !isfinite(x))
        r = x;
    else if (exp > INT_MAX) {
        r = copysign(HUGE_VAL, x);
        errno = ERANGE;
    } else if (exp < INT_MIN) {
        r = copysign(0.0, x);
    } else {
        r = ldexp(x, (int)exp);
        if (isinf(r))
            errno = ERANGE;
    }
    if (errno && is_error(r))
        return NULL;
    return wf_float_from_double(r);
}

static WfObject *math_ulp(WfObject *m, WfObject *arg) {
    double x;
    if (!arg_double(arg, &x))
        return NULL;
    if (isnan(x))
        return wf_float_from_double(x);
    x = fabs(x);
    if (isinf(x))
        return wf_float_from_double(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2))
        return wf_float_from_double(x - nextafter(x, -INFINITY));
    return wf_float_from_double(x2 - x);
}

/* ---- predicates and conversions --------------------------------------------------------- */

static WfObject *math_isnan(WfObject *m, WfObject *arg) {
    double x;
    return arg_double(arg, &x) ? wf_bool_from_long(isnan(x)) : NULL;
}

static WfObject *math_isinf(WfObject *m, WfObject *arg) {
    double x;
    return arg_double(arg, &x) ? wf_bool_from_long(isinf(x)) : NULL;
}

static WfObject *math_isfinite(WfObject *m, WfObject *arg) {
    double x;
    return arg_double(arg, &x) ? wf_bool_from_long(isfinite(x)) : NULL;
}

static WfObject *math_degrees(WfObject *m, WfObject *arg) {
    double x;
    return arg_double(arg, &x) ? wf_float_from_double(x * (180.0 / M_PI)) : NULL;
}

static WfObject *math_radians(WfObject *m, WfObject *arg) {
    double x;
    return arg_double(arg, &x) ? wf_float_from_double(x * (M_PI / 180.0)) : NULL;
}

static WfObject *math_isclose(WfObject *m, WfObject *const *args, wf_ssize_t nargs,
                              WfObject *kwnames) {
    static const char *const names[] = {"a", "b", "$rel_tol", "$abs_tol"};
    WfObject *a[4];
    if (nargs > 2 && (kwnames == NULL || WF_TUPLE_SIZE(kwnames) == 0))
        return wf_err_format(wf_exc_TypeError,
                             "isclose() takes exactly 2 positional arguments (%zd given)", nargs);
    if (wf_num_parse_args("isclose", args, nargs, kwnames, names, 4, 2, a) < 0)
        return NULL;
    double x, y, rel_tol = 1e-09, abs_tol = 0.0;
    if (!arg_double(a[0], &x) || !arg_double(a[1], &y))
        return NULL;
    if ((a[2] && !arg_double(a[2], &rel_tol)) || (a[3] && !arg_double(a[3], &abs_tol)))
        return NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0)
        return wf_err_format(wf_exc_ValueError, "tolerances must be non-negative");
    if (x == y)
        WF_RETURN_TRUE;
    if (isinf(x) || isinf(y))
        WF_RETURN_FALSE;
    double diff = fabs(y - x);
    return wf_bool_from_long(diff <= fabs(rel_tol * y) || diff <= fabs(rel_tol * x) ||
                             diff <= abs_tol);
}

/* ---- hypot and dist (CPython's vector_norm) ---------------------------------------------- */

typedef struct { double hi, lo; } DoubleLength;

static DoubleLength dl_fast_sum(double a, double b) {
    double x = a + b;
    double z = x - a;
    double y = b - z;
    return (DoubleLength){x, y};
}

static DoubleLength dl_mul(double x, double y) {   /* exact product */
    double z = x * y;
    double zz = fma(x, y, -z);
    return (DoubleLength){z, zz};
}

/* sqrt(sum(v*v)) correctly rounded in all but rare cases: lossless scaling,
 * squaring and accumulation in double-length, then one Newton correction. */
static double vector_norm(wf_ssize_t n, double *vec, double max, bool found_nan) {
    double x, h, scale, csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    DoubleLength pr, sm;
    int max_e;
    if (isinf(max))
        return max;
    if (found_nan)
        return NAN;
    if (max == 0.0 || n <= 1)
        return max;
    frexp(max, &max_e);
    if (max_e < -1023) {   /* subnormal max: ldexp(1.0, -max_e) would overflow */
        for (wf_ssize_t i = 0; i < n; i++)
            vec[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    scale = ldexp(1.0, -max_e);
    for (wf_ssize_t i = 0; i < n; i++) {
        x = vec[i] * scale;
        pr = dl_mul(x, x);
        sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    h = sqrt(csum - 1.0 + (frac1 + frac2));
    pr = dl_mul(-h, h);
    sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

static WfObject *math_hypot(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    double local[16];
    double *coords = nargs <= 16 ? local : wf_mem_malloc((size_t)nargs * sizeof(double));
    if (coords == NULL)
        return wf_err_no_memory();
    double max = 0.0;
    bool found_nan = false;
    for (wf_ssize_t i = 0; i < nargs; i++) {
        double x;
        if (!arg_double(args[i], &x)) {
            if (coords != local)
                wf_mem_free(coords);
            return NULL;
        }
        x = fabs(x);
        coords[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    double r = vector_norm(nargs, coords, max, found_nan);
    if (coords != local)
        wf_mem_free(coords);
    return wf_float_from_double(r);
}

static WfObject *math_dist(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("dist", nargs, 2, 2) < 0)
        return NULL;
    WfObject *p = wf_tuple_check(args[0]) ? wf_newref(args[0]) : wf_sequence_tuple(args[0]);
    WfObject *q = p && wf_tuple_check(args[1]) ? wf_newref(args[1])
                  : p ? wf_sequence_tuple(args[1]) : NULL;
    WfObject *r = NULL;
    double *diffs = NULL;
    if (q == NULL)
        goto done;
    wf_ssize_t n = WF_TUPLE_SIZE(p);
    if (n != WF_TUPLE_SIZE(q)) {
        wf_err_format(wf_exc_ValueError, "both points must have the same number of dimensions");
        goto done;
    }
    diffs = wf_mem_malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
    if (diffs == NULL) {
        wf_err_no_memory();
        goto done;
    }
    double max = 0.0;
    bool found_nan = false;
    for (wf_ssize_t i = 0; i < n; i++) {
        double px, qx;
        if (!arg_double(WF_TUPLE_ITEM(p, i), &px) || !arg_double(WF_TUPLE_ITEM(q, i), &qx))
            goto done;
        double x = fabs(px - qx);
        diffs[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    r = wf_float_from_double(vector_norm(n, diffs, max, found_nan));
done:
    wf_mem_free(diffs);
    wf_xdecref(p);
    wf_xdecref(q);
    return r;
}

/* ---- fsum (Shewchuk's exact summation, as CPython) -------------------------------------- */

static WfObject *math_fsum(WfObject *m, WfObject *seq) {
    WfObject *iter = wf_object_get_iter(seq);
    if (iter == NULL)
        return NULL;
    double local[32], *p = local;
    size_t n = 0, cap = 32;
    double special_sum = 0.0, inf_sum = 0.0, lo = 0.0;
    WfObject *result = NULL, *item;
    while ((item = wf_iter_next(iter)) != NULL) {
        double x;
        bool ok = arg_double(item, &x);
        wf_decref(item);
        if (!ok)
            goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x == 0.0)
            continue;
        if (!isfinite(x)) {
            if (isfinite(xsave)) {
                wf_err_format(wf_exc_OverflowError, "intermediate overflow in fsum");
                goto done;
            }
            if (isinf(xsave))
                inf_sum += xsave;
            special_sum += xsave;
            n = 0;
            continue;
        }
        if (n >= cap) {
            double *np = wf_mem_malloc(2 * cap * sizeof(double));
            if (np == NULL) {
                wf_err_no_memory();
                goto done;
            }
            memcpy(np, p, n * sizeof(double));
            if (p != local)
                wf_mem_free(p);
            p = np;
            cap *= 2;
        }
        p[n++] = x;
    }
    if (wf_err_occurred())
        goto done;
    if (special_sum != 0.0) {
        if (isnan(inf_sum))
            wf_err_format(wf_exc_ValueError, "-inf + inf in fsum");
        else
            result = wf_float_from_double(special_sum);
        goto done;
    }
    double hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        while (n > 0) {   /* sum from the top until the sum becomes inexact */
            double x = hi, y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        /* half-even rounding across partials */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    result = wf_float_from_double(hi);
done:
    if (p != local)
        wf_mem_free(p);
    wf_decref(iter);
    return result;
}

static WfObject *math_prod(WfObject *m, WfObject *const *args, wf_ssize_t nargs,
                           WfObject *kwnames) {
    static const char *const names[] = {"/iterable", "$start"};
    WfObject *a[2];
    if (wf_num_parse_args("prod", args, nargs, kwnames, names, 2, 1, a) < 0)
        return NULL;
    WfObject *iter = wf_object_get_iter(a[0]);
    if (iter == NULL)
        return NULL;
    WfObject *acc = a[1] ? wf_newref(a[1]) : wf_int_from_int64(1), *item;
    while (acc != NULL && (item = wf_iter_next(iter)) != NULL) {
        WF_SETREF(acc, wf_number_multiply(acc, item));
        wf_decref(item);
    }
    wf_decref(iter);
    if (acc != NULL && wf_err_occurred())
        WF_CLEAR(acc);
    return acc;
}

/* ---- integer functions ---------------------------------------------------------------------- */

static WfObject *int_arg(WfObject *o) { return wf_int_from_index(o); }

typedef mp_err (*mp_combine)(const mp_int *, const mp_int *, mp_int *);

static WfObject *gcd_lcm(WfObject *const *args, wf_ssize_t nargs, mp_combine f, int64_t empty) {
    if (nargs == 0)
        return wf_int_from_int64(empty);
    mp_int acc;
    if (mp_init(&acc) != MP_OKAY)
        return wf_err_no_memory();
    for (wf_ssize_t i = 0; i < nargs; i++) {
        WfObject *v = int_arg(args[i]);
        if (v == NULL) {
            mp_clear(&acc);
            return NULL;
        }
        WfMpTmp t;
        mp_err e = i == 0 ? mp_abs(wf_int_mp(v, &t), &acc) : f(&acc, wf_int_mp(v, &t), &acc);
        wf_decref(v);
        if (e == MP_OKAY)
            e = mp_abs(&acc, &acc);
        if (e != MP_OKAY) {
            mp_clear(&acc);
            return wf_int_mp_error(e);
        }
    }
    return wf_int_from_mp(&acc);
}

static mp_err mp_lcm_zero(const mp_int *a, const mp_int *b, mp_int *c) {
    if (mp_iszero(a) || mp_iszero(b)) {
        mp_zero(c);
        return MP_OKAY;
    }
    return mp_lcm(a, b, c);
}

static WfObject *math_gcd(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    return gcd_lcm(args, nargs, mp_gcd, 0);
}

static WfObject *math_lcm(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    return gcd_lcm(args, nargs, mp_lcm_zero, 1);
}

/* product of the integers in [lo, hi) by binary splitting: balanced operand
 * sizes keep big multiplications fast. */
static mp_err range_product(uint64_t lo, uint64_t hi, mp_int *out) {
    if (hi - lo <= 16) {
        mp_set_u64(out, 1);
        for (uint64_t k = lo; k < hi; k++) {
            mp_int t;
            mp_err e = mp_init_u64(&t, k);
            if (e == MP_OKAY)
                e = mp_mul(out, &t, out);
            mp_clear(&t);
            if (e != MP_OKAY)
                return e;
        }
        return MP_OKAY;
    }
    uint64_t mid = lo + (hi - lo) / 2;
    mp_int right;
    mp_err e = mp_init(&right);
    if (e == MP_OKAY)
        e = range_product(lo, mid, out);
    if (e == MP_OKAY)
        e = range_product(mid, hi, &right);
    if (e == MP_OKAY)
        e = mp_mul(out, &right, out);
    mp_clear(&right);
    return e;
}

static WfObject *range_product_obj(uint64_t lo, uint64_t hi) {
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = range_product(lo, hi, &r);
    if (e != MP_OKAY) {
        mp_clear(&r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&r);
}

static WfObject *math_factorial(WfObject *m, WfObject *arg) {
    WfObject *v = int_arg(arg);
    if (v == NULL)
        return NULL;
    int overflow;
    long n = wf_int_as_long_and_overflow(v, &overflow);
    wf_decref(v);
    if (overflow > 0)
        return wf_err_format(wf_exc_OverflowError, "factorial() argument should not exceed %ld",
                             (long)LONG_MAX);
    if (overflow < 0 || n < 0)
        return wf_err_format(wf_exc_ValueError, "factorial() not defined for negative values");
    return range_product_obj(1, (uint64_t)n + 1);
}

static WfObject *math_isqrt(WfObject *m, WfObject *arg) {
    WfObject *v = int_arg(arg);
    if (v == NULL)
        return NULL;
    if (wf_int_sign(v) < 0) {
        wf_decref(v);
        return wf_err_format(wf_exc_ValueError, "isqrt() argument must be nonnegative");
    }
    WfMpTmp t;
    mp_int r;
    mp_err e = mp_init(&r);
    if (e == MP_OKAY)
        e = mp_sqrt(wf_int_mp(v, &t), &r);
    wf_decref(v);
    if (e != MP_OKAY) {
        mp_clear(&r);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&r);
}

/* n!/(n-k)! (perm) or n!/((n-k)! k!) (comb) for 0 <= k <= n. */
static WfObject *perm_comb(WfObject *n, WfObject *k, bool comb) {
    WfObject *r = NULL, *nk = NULL;
    if (wf_int_sign(n) < 0)
        return wf_err_format(wf_exc_ValueError, "n must be a non-negative integer");
    if (wf_int_sign(k) < 0)
        return wf_err_format(wf_exc_ValueError, "k must be a non-negative integer");
    if (wf_int_compare(k, n) > 0)
        return wf_int_from_int64(0);
    if (comb) {   /* comb(n, k) == comb(n, n - k): use the smaller */
        nk = wf_int_subtract(n, k);
        if (nk == NULL)
            return NULL;
        if (wf_int_compare(nk, k) < 0)
            k = nk;
    }
    int overflow;
    long kk = wf_int_as_long_and_overflow(k, &overflow);
    if (overflow) {
        wf_err_format(wf_exc_OverflowError, comb ? "min(n - k, k) must not exceed %ld"
                                                 : "k must not exceed %ld", (long)LONG_MAX);
        goto done;
    }
    WfMpTmp tn;
    mp_int acc, term, rem;
    mp_err e = mp_init_multi(&acc, &term, &rem, NULL);
    if (e == MP_OKAY) {
        mp_set_u64(&acc, 1);
        e = mp_copy(wf_int_mp(n, &tn), &term);
    }
    for (long i = 0; e == MP_OKAY && i < kk; i++) {
        e = mp_mul(&acc, &term, &acc);            /* acc *= n - i */
        if (e == MP_OKAY && comb) {
            mp_int d;
            e = mp_init_u64(&d, (uint64_t)i + 1);
            if (e == MP_OKAY)
                e = mp_div(&acc, &d, &acc, &rem);   /* exact: acc is now comb(n, i+1) */
            mp_clear(&d);
        }
        if (e == MP_OKAY)
            e = mp_decr(&term);
    }
    mp_clear_multi(&term, &rem, NULL);
    if (e != MP_OKAY) {
        mp_clear(&acc);
        wf_int_mp_error(e);
        goto done;
    }
    r = wf_int_from_mp(&acc);
done:
    wf_xdecref(nk);
    return r;
}

static WfObject *math_comb(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("comb", nargs, 2, 2) < 0)
        return NULL;
    WfObject *n = int_arg(args[0]);
    WfObject *k = n ? int_arg(args[1]) : NULL;
    WfObject *r = k ? perm_comb(n, k, true) : NULL;
    wf_xdecref(n);
    wf_xdecref(k);
    return r;
}

static WfObject *math_perm(WfObject *m, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("perm", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 1 || args[1] == WF_NONE)
        return math_factorial(m, args[0]);
    WfObject *n = int_arg(args[0]);
    WfObject *k = n ? int_arg(args[1]) : NULL;
    WfObject *r = k ? perm_comb(n, k, false) : NULL;
    wf_xdecref(n);
    wf_xdecref(k);
    return r;
}

/* ---- the module ------------------------------------------------------------------------------ */

#define F1(name, doc) {#name, (void *)math_##name, WF_METH_O, doc}
#define FN(name, doc) {#name, (void *)math_##name, WF_METH_FASTCALL, doc}
#define FK(name, doc) {#name, (void *)math_##name, WF_METH_FASTCALL | WF_METH_KEYWORDS, doc}

static WfMethodDef math_methods[] = {
    F1(acos, "Return the arc cosine (measured in radians) of x."),
    F1(acosh, "Return the inverse hyperbolic cosine of x."),
    F1(asin, "Return the arc sine (measured in radians) of x."),
    F1(asinh, "Return the inverse hyperbolic sine of x."),
    F1(atan, "Return the arc tangent (measured in radians) of x."),
    FN(atan2, "Return the arc tangent (measured in radians) of y/x."),
    F1(atanh, "Return the inverse hyperbolic tangent of x."),
    F1(cbrt, "Return the cube root of x."),
    F1(ceil, "Return the ceiling of x as an Integral."),
    FN(comb, "Number of ways to choose k items from n items without repetition and without order."),
    FN(copysign, "Return a float with the magnitude (absolute value) of x but the sign of y."),
    F1(cos, "Return the cosine of x (measured in radians)."),
    F1(cosh, "Return the hyperbolic cosine of x."),
    F1(degrees, "Convert angle x from radians to degrees."),
    FN(dist, "Return the Euclidean distance between two points p and q."),
    F1(erf, "Error function at x."),
    F1(erfc, "Complementary error function at x."),
    F1(exp, "Return e raised to the power of x."),
    F1(exp2, "Return 2 raised to the power of x."),
    F1(expm1, "Return exp(x)-1."),
    F1(fabs, "Return the absolute value of the float x."),
    F1(factorial, "Find n!."),
    F1(floor, "Return the floor of x as an Integral."),
    FN(fmod, "Return fmod(x, y), according to platform C."),
    F1(frexp, "Return the mantissa and exponent of x, as pair (m, e)."),
    F1(fsum, "Return an accurate floating point sum of values in the iterable seq."),
    F1(gamma, "Gamma function at x."),
    FN(gcd, "Greatest Common Divisor."),
    FN(hypot, "Multidimensional Euclidean distance from the origin to a point."),
    FK(isclose, "Determine whether two floating point numbers are close in value."),
    F1(isfinite, "Return True if x is neither an infinity nor a NaN, and False otherwise."),
    F1(isinf, "Return True if x is a positive or negative infinity, and False otherwise."),
    F1(isnan, "Return True if x is a NaN (not a number), and False otherwise."),
    F1(isqrt, "Return the integer part of the square root of the input."),
    FN(lcm, "Least Common Multiple."),
    FN(ldexp, "Return x * (2**i)."),
    F1(lgamma, "Natural logarithm of absolute value of Gamma function at x."),
    FN(log, "log(x, [base=math.e])\nReturn the logarithm of x to the given base."),
    F1(log10, "Return the base 10 logarithm of x."),
    F1(log1p, "Return the natural logarithm of 1+x (base e)."),
    F1(log2, "Return the base 2 logarithm of x."),
    F1(modf, "Return the fractional and integer parts of x."),
    FN(nextafter, "Return the next floating-point value after x towards y."),
    FN(perm, "Number of ways to choose k items from n items without repetition and with order."),
    FN(pow, "Return x**y (x to the power of y)."),
    FK(prod, "Calculate the product of all the elements in the input iterable."),
    F1(radians, "Convert angle x from degrees to radians."),
    FN(remainder, "Difference between x and the closest integer multiple of y."),
    F1(sin, "Return the sine of x (measured in radians)."),
    F1(sinh, "Return the hyperbolic sine of x."),
    F1(sqrt, "Return the square root of x."),
    F1(tan, "Return the tangent of x (measured in radians)."),
    F1(tanh, "Return the hyperbolic tangent of x."),
    F1(trunc, "Truncates the Real x to the nearest Integral toward 0."),
    F1(ulp, "Return the value of the least significant bit of the float x."),
    {NULL, NULL, 0, NULL},
};

WfObject *wf_math_init(void) {
    WfObject *m = wf_module_from_methods(
        "math", math_methods,
        "This module provides access to the mathematical functions\n"
        "defined by the C standard.");
    if (m == NULL)
        return NULL;
    if (wf_module_add_object(m, "pi", wf_float_from_double(M_PI)) < 0 ||
        wf_module_add_object(m, "e", wf_float_from_double(M_E)) < 0 ||
        wf_module_add_object(m, "tau", wf_float_from_double(2.0 * M_PI)) < 0 ||
        wf_module_add_object(m, "inf", wf_float_from_double(INFINITY)) < 0 ||
        wf_module_add_object(m, "nan", wf_float_from_double(NAN)) < 0) {
        wf_decref(m);
        return NULL;
    }
    return m;
}
