/* int_methods.c — the Python-visible methods and attributes of int
 * (bit_length, to_bytes, __round__, real, ...), int(x) conversion, and the
 * small keyword-argument parser the number files share.
 *
 * Every method returns exact ints even when called on a subclass instance
 * (int.__trunc__(MyInt(3)) is an int), as CPython does.
 */
#include <string.h>

#include "runtime/objects/int_internal.h"

/* ---- keyword arguments for FASTCALL methods ------------------------------------ */

static const char *arg_name(const char *n) { return (n[0] == '$' || n[0] == '/') ? n + 1 : n; }

int wf_num_parse_args(const char *fname, WfObject *const *args, wf_ssize_t nargs,
                      WfObject *kwnames, const char *const *names, int nnames,
                      int nrequired, WfObject **out) {
    int npos = 0;   /* how many slots may be given positionally */
    while (npos < nnames && names[npos][0] != '$')
        npos++;
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    for (int i = 0; i < nnames; i++)
        out[i] = NULL;
    if (nargs > npos) {
        if (nkw == 0 && npos == nnames)
            wf_err_format(wf_exc_TypeError, "%s() takes at most %d argument%s (%zd given)", fname,
                          npos, npos == 1 ? "" : "s", nargs);
        else if (nkw > 0)
            wf_err_format(wf_exc_TypeError, "%s() takes at most %d arguments (%zd given)", fname,
                          nnames, nargs + nkw);
        else
            wf_err_format(wf_exc_TypeError, "%s() takes at most %d positional argument%s (%zd given)",
                          fname, npos, npos == 1 ? "" : "s", nargs);
        return -1;
    }
    for (wf_ssize_t i = 0; i < nargs; i++)
        out[i] = args[i];
    for (wf_ssize_t k = 0; k < nkw; k++) {
        WfObject *key = WF_TUPLE_ITEM(kwnames, k);
        int slot = -1;
        for (int i = 0; i < nnames && slot < 0; i++)
            if (names[i][0] != '/' && wf_str_equal_cstr(key, arg_name(names[i])))
                slot = i;
        if (slot < 0) {
            wf_err_format(wf_exc_TypeError, "%R is an invalid keyword argument for %s()", key, fname);
            return -1;
        }
        if (out[slot] != NULL) {
            wf_err_format(wf_exc_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                          fname, arg_name(names[slot]), slot + 1);
            return -1;
        }
        out[slot] = args[nargs + k];
    }
    for (int i = 0; i < nrequired; i++) {
        if (out[i] == NULL) {
            wf_err_format(wf_exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                          arg_name(names[i]), i + 1);
            return -1;
        }
    }
    return 0;
}

/* ---- int(x) ----------------------------------------------------------------------- */

/* An exact int from the result of __int__/__index__/__trunc__ (stolen). */
static WfObject *exact_from_result(WfObject *r) {
    if (r == NULL || wf_int_check_exact(r))
        return r;
    WfObject *e = wf_int_exact_copy(r);
    wf_decref(r);
    return e;
}

static WfObject *int_from_trunc(WfObject *x, WfObject *trunc) {
    WfObject *r = wf_object_call_no_args(trunc);
    wf_decref(trunc);
    if (r == NULL || wf_int_check(r))
        return exact_from_result(r);
    if (WF_TYPE(r)->nb_index == NULL) {
        wf_err_format(wf_exc_TypeError, "__trunc__ returned non-Integral (type %s)",
                      wf_type_name(WF_TYPE(r)));
        wf_decref(r);
        return NULL;
    }
    WfObject *i = wf_int_from_index(r);
    wf_decref(r);
    return exact_from_result(i);
}

WfObject *wf_int_from_object(WfObject *x) {
    if (wf_int_check_exact(x))
        return wf_newref(x);
    WfTypeObject *t = WF_TYPE(x);
    if (t->nb_int != NULL) {
        WfObject *r = t->nb_int(x);
        if (r != NULL && !wf_int_check(r)) {
            wf_err_format(wf_exc_TypeError, "__int__ returned non-int (type %s)",
                          wf_type_name(WF_TYPE(r)));
            wf_decref(r);
            return NULL;
        }
        return exact_from_result(r);
    }
    if (t->nb_index != NULL)
        return exact_from_result(wf_int_from_index(x));
    WfObject *trunc = wf_object_lookup_special(x, WF_ID(__trunc__));
    if (trunc != NULL)
        return int_from_trunc(x, trunc);
    if (wf_err_occurred())
        return NULL;
    if (wf_str_check(x))
        return wf_int_from_unicode(x, 10);
    if (wf_bytes_check(x) || t == &wf_bytearray_type || wf_type_is_subtype(t, &wf_bytearray_type)) {
        WfObject *base = wf_int_from_int64(10);
        return wf_int_from_object_base(x, base);
    }
    return wf_err_format(wf_exc_TypeError,
                         "int() argument must be a string, a bytes-like object or a real number, "
                         "not '%s'", wf_type_name(t));
}

/* ---- rounding ------------------------------------------------------------------- */

WfObject *wf_int_pow10(uint32_t n) {
    mp_int m;
    mp_err e = mp_init_u32(&m, 10);
    if (e == MP_OKAY)
        e = mp_expt_u32(&m, n, &m);
    if (e != MP_OKAY) {
        mp_clear(&m);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&m);
}

WfObject *wf_int_round(WfObject *self, WfObject *ndigits) {
    if (ndigits == NULL || ndigits == WF_NONE)
        return wf_int_exact_copy(self);
    WfObject *nd = wf_int_from_index(ndigits);
    if (nd == NULL)
        return NULL;
    int sign = wf_int_sign(nd);
    int overflow;
    long n = wf_int_as_long_and_overflow(nd, &overflow);
    wf_decref(nd);
    if (sign >= 0)
        return wf_int_exact_copy(self);
    /* 10**k > 2**k > 2*|self| once k exceeds the bit length: rounds to 0. */
    if (overflow || (size_t)-n > wf_int_bit_length(self))
        return wf_int_from_int64(0);
    WfObject *p = wf_int_pow10((uint32_t)-n);
    if (p == NULL)
        return NULL;
    WfObject *rem;
    WfObject *q = wf_int_divmod_near(self, p, &rem);
    wf_decref(p);
    if (q == NULL)
        return NULL;
    wf_decref(q);
    WfObject *r = wf_int_subtract(self, rem);
    wf_decref(rem);
    return r;
}

/* ---- methods ---------------------------------------------------------------------- */

static WfObject *int_exact(WfObject *self, WfObject *unused) { return wf_int_exact_copy(self); }

static WfObject *int_bit_length(WfObject *self, WfObject *unused) {
    return wf_int_from_uint64(wf_int_bit_length(self));
}

static WfObject *int_bit_count(WfObject *self, WfObject *unused) {
    uint64_t count = 0;
    if (wf_int_is_compact(self)) {
        int64_t v = wf_int_compact_value(self);
        count = (uint64_t)__builtin_popcountll(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    } else {
        const mp_int *m = WF_INT_BIG(self);
        for (int i = 0; i < m->used; i++)
            count += (uint64_t)__builtin_popcountll((unsigned long long)m->dp[i]);
    }
    return wf_int_from_uint64(count);
}

static WfObject *int_is_integer(WfObject *self, WfObject *unused) { WF_RETURN_TRUE; }

static WfObject *int_as_integer_ratio(WfObject *self, WfObject *unused) {
    WfObject *n = wf_int_exact_copy(self);
    if (n == NULL)
        return NULL;
    WfObject *t = wf_tuple_new(2);
    if (t == NULL) {
        wf_decref(n);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, n);
    WF_TUPLE_SET_ITEM(t, 1, wf_int_from_int64(1));
    return t;
}

static WfObject *int_getnewargs(WfObject *self, WfObject *unused) {
    WfObject *n = wf_int_exact_copy(self);
    if (n == NULL)
        return NULL;
    WfObject *t = wf_tuple_new(1);
    if (t == NULL) {
        wf_decref(n);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, n);
    return t;
}

static WfObject *int_sizeof(WfObject *self, WfObject *unused) {
    size_t size = (size_t)WF_TYPE(self)->tp_basicsize;
    if (!wf_int_is_compact(self))
        size += sizeof(mp_int) + (size_t)WF_INT_BIG(self)->alloc * sizeof(mp_digit);
    return wf_int_from_uint64(size);
}

static WfObject *int_round_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("__round__", nargs, 0, 1) < 0)
        return NULL;
    return wf_int_round(self, nargs > 0 ? args[0] : NULL);
}

static WfObject *int_format_method(WfObject *self, WfObject *spec) {
    if (!wf_str_check(spec))
        return wf_err_format(wf_exc_TypeError, "__format__() argument must be str, not %s",
                             wf_type_name(WF_TYPE(spec)));
    return wf_int_format_spec(self, spec);
}

/* 'little' -> 1, 'big' -> 0, NULL (default) -> 0, anything else -1 with error. */
static int parse_byteorder(WfObject *o, const char *fname) {
    if (o == NULL)
        return 0;
    if (!wf_str_check(o)) {
        wf_err_format(wf_exc_TypeError, "%s() argument 'byteorder' must be str, not %s", fname,
                      wf_type_name(WF_TYPE(o)));
        return -1;
    }
    if (wf_str_equal_cstr(o, "little"))
        return 1;
    if (wf_str_equal_cstr(o, "big"))
        return 0;
    wf_err_format(wf_exc_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static void reverse_bytes(unsigned char *p, size_t n) {
    for (size_t i = 0; i < n / 2; i++) {
        unsigned char t = p[i];
        p[i] = p[n - 1 - i];
        p[n - 1 - i] = t;
    }
}

/* Two's complement bytes of self, big-endian, in exactly `length` bytes. */
static WfObject *to_bytes_big_endian(WfObject *self, wf_ssize_t length, bool is_signed) {
    int sign = wf_int_sign(self);
    if (sign < 0 && !is_signed)
        return wf_err_format(wf_exc_OverflowError, "can't convert negative int to unsigned");
    size_t bits = wf_int_bit_length(self), room = (size_t)length * 8;
    /* Unsigned needs bits <= 8L; signed needs -2**(8L-1) <= x < 2**(8L-1). */
    bool fits;
    if (!is_signed)
        fits = bits <= room;
    else if (sign >= 0)
        fits = bits < room || bits == 0;
    else {
        WfMpTmp t;
        fits = bits < room || (bits == room && mp_cnt_lsb(wf_int_mp(self, &t)) == (int)bits - 1);
    }
    if (!fits)
        return wf_err_format(wf_exc_OverflowError, "int too big to convert");
    WfMpTmp t;
    mp_int v;
    mp_err e = mp_init_copy(&v, wf_int_mp(self, &t));
    if (e == MP_OKAY && sign < 0) {   /* v += 2**(8L) */
        mp_int p;
        e = mp_init(&p);
        if (e == MP_OKAY)
            e = mp_2expt(&p, (int)(length * 8));
        if (e == MP_OKAY)
            e = mp_add(&v, &p, &v);
        mp_clear(&p);
    }
    WfObject *out = NULL;
    unsigned char *buf = wf_mem_calloc((size_t)length + 1, 1);
    if (e == MP_OKAY && buf == NULL)
        e = MP_MEM;
    if (e == MP_OKAY) {
        size_t n = mp_ubin_size(&v), written = 0;
        if (n > 0 && !mp_iszero(&v))
            e = mp_to_ubin(&v, buf + (size_t)length - n, n, &written);
    }
    mp_clear(&v);
    if (e != MP_OKAY) {
        wf_mem_free(buf);
        return wf_int_mp_error(e);
    }
    out = wf_bytes_from_data((const char *)buf, length);
    wf_mem_free(buf);
    return out;
}

static WfObject *int_to_bytes(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                              WfObject *kwnames) {
    static const char *const names[] = {"length", "byteorder", "$signed"};
    WfObject *a[3];
    if (wf_num_parse_args("to_bytes", args, nargs, kwnames, names, 3, 0, a) < 0)
        return NULL;
    wf_ssize_t length = 1;
    if (a[0] != NULL) {
        WfObject *li = wf_int_from_index(a[0]);
        if (li == NULL)
            return NULL;
        length = wf_int_as_ssize(li);
        wf_decref(li);
        if (length == -1 && wf_err_occurred())
            return NULL;
        if (length < 0)
            return wf_err_format(wf_exc_ValueError, "length argument must be non-negative");
    }
    int little = parse_byteorder(a[1], "to_bytes");
    if (little < 0)
        return NULL;
    int is_signed = a[2] ? wf_object_is_true(a[2]) : 0;
    if (is_signed < 0)
        return NULL;
    WfObject *b = to_bytes_big_endian(self, length, is_signed);
    if (b != NULL && little)
        reverse_bytes((unsigned char *)WF_BYTES_AS_STRING(b), (size_t)WF_BYTES_SIZE(b));
    return b;
}

static WfObject *int_from_bytes(WfObject *cls, WfObject *const *args, wf_ssize_t nargs,
                                WfObject *kwnames) {
    static const char *const names[] = {"bytes", "byteorder", "$signed"};
    WfObject *a[3];
    if (wf_num_parse_args("from_bytes", args, nargs, kwnames, names, 3, 1, a) < 0)
        return NULL;
    int little = parse_byteorder(a[1], "from_bytes");
    if (little < 0)
        return NULL;
    int is_signed = a[2] ? wf_object_is_true(a[2]) : 0;
    if (is_signed < 0)
        return NULL;
    WfObject *bytes = wf_bytes_check_exact(a[0]) ? wf_newref(a[0]) : wf_bytes_from_object(a[0]);
    if (bytes == NULL)
        return NULL;
    size_t n = (size_t)WF_BYTES_SIZE(bytes);
    unsigned char *buf = wf_mem_malloc(n + 1);
    if (buf == NULL) {
        wf_decref(bytes);
        return wf_err_no_memory();
    }
    memcpy(buf, WF_BYTES_AS_STRING(bytes), n);
    wf_decref(bytes);
    if (little)
        reverse_bytes(buf, n);
    mp_int m;
    mp_err e = mp_init(&m);
    if (e == MP_OKAY && n > 0)
        e = mp_from_ubin(&m, buf, n);
    if (e == MP_OKAY && is_signed && n > 0 && (buf[0] & 0x80)) {
        mp_int p;
        e = mp_init(&p);
        if (e == MP_OKAY)
            e = mp_2expt(&p, (int)(n * 8));
        if (e == MP_OKAY)
            e = mp_sub(&m, &p, &m);
        mp_clear(&p);
    }
    wf_mem_free(buf);
    if (e != MP_OKAY) {
        mp_clear(&m);
        return wf_int_mp_error(e);
    }
    WfObject *r = wf_int_from_mp(&m);
    if (r == NULL || cls == (WfObject *)&wf_int_type)
        return r;
    WfObject *inst = wf_object_call_one_arg(cls, r);
    wf_decref(r);
    return inst;
}

WfMethodDef wf_int_methods[] = {
    {"conjugate", (void *)int_exact, WF_METH_NOARGS, "Returns self, the complex conjugate of any int."},
    {"bit_length", (void *)int_bit_length, WF_METH_NOARGS, "Number of bits necessary to represent self in binary."},
    {"bit_count", (void *)int_bit_count, WF_METH_NOARGS, "Number of ones in the binary representation of the absolute value of self."},
    {"to_bytes", (void *)int_to_bytes, WF_METH_FASTCALL | WF_METH_KEYWORDS, "Return an array of bytes representing an integer."},
    {"from_bytes", (void *)int_from_bytes, WF_METH_FASTCALL | WF_METH_KEYWORDS | WF_METH_CLASS, "Return the integer represented by the given array of bytes."},
    {"as_integer_ratio", (void *)int_as_integer_ratio, WF_METH_NOARGS, "Return integer ratio."},
    {"is_integer", (void *)int_is_integer, WF_METH_NOARGS, "Returns True."},
    {"__trunc__", (void *)int_exact, WF_METH_NOARGS, "Truncating an Integral returns itself."},
    {"__floor__", (void *)int_exact, WF_METH_NOARGS, "Flooring an Integral returns itself."},
    {"__ceil__", (void *)int_exact, WF_METH_NOARGS, "Ceiling of an Integral returns itself."},
    {"__round__", (void *)int_round_method, WF_METH_FASTCALL, "Rounding an Integral returns itself."},
    {"__getnewargs__", (void *)int_getnewargs, WF_METH_NOARGS, NULL},
    {"__format__", (void *)int_format_method, WF_METH_O, "Convert to a string according to format_spec."},
    {"__sizeof__", (void *)int_sizeof, WF_METH_NOARGS, "Returns size in memory, in bytes."},
    {NULL, NULL, 0, NULL},
};

static WfObject *int_get_self(WfObject *self, void *closure) { return wf_int_exact_copy(self); }
static WfObject *int_get_zero(WfObject *self, void *closure) { return wf_int_from_int64(0); }
static WfObject *int_get_one(WfObject *self, void *closure) { return wf_int_from_int64(1); }

WfGetSetDef wf_int_getset[] = {
    {"real", int_get_self, NULL, "the real part of a complex number", NULL},
    {"imag", int_get_zero, NULL, "the imaginary part of a complex number", NULL},
    {"numerator", int_get_self, NULL, "the numerator of a rational number in lowest terms", NULL},
    {"denominator", int_get_one, NULL, "the denominator of a rational number in lowest terms", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
