/* int.c — int objects: representation, conversions, hashing, comparison
 * and the type object. Arithmetic is in int_ops.c, text conversion in
 * int_format.c, the Python-visible methods in int_methods.c.
 *
 * Invariants (int.h):
 *  - compact (WF_INT_FLAG_BIG clear): the value is v.value;
 *  - big: v.big is a heap mp_int whose value does NOT fit in int64_t.
 *    wf_int_from_mp() is the only way to make one, and it normalises.
 *  - ints are immutable after creation, so any thread may read them without
 *    locks; small ints -5..256 are immortal statics.
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "runtime/objects/int_internal.h"

/* Immortal and read-only after wf_int_init(), which runs once before any
 * other thread exists: safe to share. */
WfIntObject wf_small_ints[WF_SMALL_INT_MAX - WF_SMALL_INT_MIN + 1];

/* ---- the number freelist (int_internal.h) ------------------------------- */

_Thread_local WfNumFree *wf_num_free_head;
_Thread_local int wf_num_free_count;
_Thread_local bool wf_num_free_registered;
/* Created once (pthread_once); its destructor empties an exiting thread's list. */
static pthread_key_t num_free_key;
static pthread_once_t num_free_once = PTHREAD_ONCE_INIT;

static void num_free_drain(void *unused) {
    (void)unused;
    WfNumFree *p = wf_num_free_head;
    wf_num_free_head = NULL;
    wf_num_free_count = 0;
    wf_num_free_registered = false;   /* a later free (another destructor) registers again */
    while (p) {
        WfNumFree *next = p->next;
        wf_mem_free(p);   /* int and float have no GC pre-header */
        p = next;
    }
}

static void num_free_key_init(void) { (void)pthread_key_create(&num_free_key, num_free_drain); }

void wf_num_free_register(void) {
    wf_num_free_registered = true;
    pthread_once(&num_free_once, num_free_key_init);
    (void)pthread_setspecific(num_free_key, &wf_num_free_registered);
}

_Static_assert(sizeof(WfIntObject) == sizeof(WfFloatObject), "ints and floats share one freelist");

/* ---- allocation ------------------------------------------------------- */

static WfIntObject *int_alloc(void) {
    return (WfIntObject *)wf_num_alloc(&wf_int_type);
}

WfObject *wf_int_from_int64_slow(int64_t v) {
    if (v >= WF_SMALL_INT_MIN && v <= WF_SMALL_INT_MAX)
        return (WfObject *)&wf_small_ints[v - WF_SMALL_INT_MIN];
    WfIntObject *r = int_alloc();
    if (r == NULL)
        return NULL;
    r->v.value = v;
    return (WfObject *)r;
}

WfObject *wf_int_mp_error(mp_err e) {
    if (e == MP_MEM)
        return wf_err_no_memory();
    return wf_err_format(wf_exc_SystemError, "libtommath error: %s", mp_error_to_string(e));
}

/* Whether m (magnitude with sign) fits in int64_t; INT64_MIN included. */
static bool mp_fits_int64(const mp_int *m) {
    if (m->used <= 1)   /* one 60-bit digit */
        return true;
    int bits = mp_count_bits(m);
    if (bits <= 63)
        return true;
    return bits == 64 && m->sign == MP_NEG && mp_cnt_lsb(m) == 63;
}

/* A big int's mp_int lives in one block with its digits ("fused") when it
 * was made here: the digits follow the header, exactly `used` of them (ints
 * are immutable, so the digits never grow). Larger values keep the digits
 * libtommath allocated, moved in without a copy. */
#define FUSE_MAX_DIGITS 64

static inline mp_digit *fused_digits(mp_int *m) { return (mp_digit *)(void *)(m + 1); }

static mp_int *big_alloc_fused(int ndigits) {
    mp_int *m = wf_mem_malloc(sizeof(mp_int) + (size_t)ndigits * sizeof(mp_digit));
    if (m == NULL)
        return NULL;
    m->used = 0;
    m->alloc = ndigits;
    m->sign = MP_ZPOS;
    m->dp = fused_digits(m);
    return m;
}

/* ob_flags bit of a big int whose mp_int is fused with its digits (int.c only). */
#define INT_FLAG_FUSED 0x2

static void big_free(mp_int *m, bool fused) {
    if (!fused)
        mp_clear(m);
    wf_mem_free(m);
}

/* Wraps a heap mp_int (not fitting int64) into a new exact int; on failure
 * frees it and returns NULL with MemoryError. */
static WfObject *int_from_heap_mp(mp_int *heap, bool fused) {
    WfIntObject *r = int_alloc();
    if (r == NULL) {
        big_free(heap, fused);
        return NULL;
    }
    r->v.big = (struct mp_int *)(void *)heap;
    r->ob_base.ob_flags |= WF_INT_FLAG_BIG | (fused ? INT_FLAG_FUSED : 0);
    return (WfObject *)r;
}

WfObject *wf_int_from_mp(mp_int *m) {
    if (mp_fits_int64(m)) {
        int64_t v = mp_get_i64(m);
        mp_clear(m);
        return wf_int_from_int64(v);
    }
    mp_int *heap;
    bool fused = m->used <= FUSE_MAX_DIGITS;
    if (fused) {
        heap = big_alloc_fused(m->used);
        if (heap != NULL) {
            memcpy(heap->dp, m->dp, (size_t)m->used * sizeof(mp_digit));
            heap->used = m->used;
            heap->sign = m->sign;
        }
        mp_clear(m);
    } else {
        heap = wf_mem_malloc(sizeof(mp_int));
        if (heap != NULL)
            *heap = *m;   /* moves the digits: m must not be cleared by the caller */
        else
            mp_clear(m);
    }
    if (heap == NULL)
        return wf_err_no_memory();
    return int_from_heap_mp(heap, fused);
}

static void int_dealloc(WfObject *o) {
    if (!wf_int_is_compact(o))
        big_free(WF_INT_BIG(o), (o->ob_flags & INT_FLAG_FUSED) != 0);
    if (WF_TYPE(o) == &wf_int_type)
        wf_num_free(o);
    else
        wf_object_free(o);
}

/* ---- 128-bit values ------------------------------------------------------ */

_Static_assert(MP_DIGIT_BIT == 60, "the 128-bit paths assume 60-bit libtommath digits");

bool wf_int_to_i128(WfObject *o, __int128 *out) {
    if (wf_int_is_compact(o)) {
        *out = wf_int_compact_value(o);
        return true;
    }
    const mp_int *m = WF_INT_BIG(o);
    unsigned __int128 mag;
    switch (m->used) {   /* a big int has at least two digits */
    case 2:
        mag = (unsigned __int128)m->dp[0] | (unsigned __int128)m->dp[1] << MP_DIGIT_BIT;
        break;
    case 3:
        if ((m->dp[2] >> 7) != 0)   /* >= 2**127 */
            return false;
        mag = (unsigned __int128)m->dp[0] | (unsigned __int128)m->dp[1] << MP_DIGIT_BIT |
              (unsigned __int128)m->dp[2] << (2 * MP_DIGIT_BIT);
        break;
    default:
        return false;
    }
    *out = m->sign == MP_NEG ? -(__int128)mag : (__int128)mag;
    return true;
}

WfObject *wf_int_from_i128(__int128 v) {
    if (v >= INT64_MIN && v <= INT64_MAX)
        return wf_int_from_int64((int64_t)v);
    unsigned __int128 mag = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
    /* |v| >= 2**63: at least two 60-bit digits, at most three. */
    mp_digit d2 = (mp_digit)(mag >> (2 * MP_DIGIT_BIT));
    int n = d2 != 0 ? 3 : 2;
    mp_int *heap = big_alloc_fused(n);
    if (heap == NULL)
        return wf_err_no_memory();
    heap->dp[0] = (mp_digit)mag & MP_MASK;
    heap->dp[1] = (mp_digit)(mag >> MP_DIGIT_BIT) & MP_MASK;
    if (n == 3)
        heap->dp[2] = d2;
    heap->used = n;
    heap->sign = v < 0 ? MP_NEG : MP_ZPOS;
    return int_from_heap_mp(heap, true);
}

/* ---- mp views ----------------------------------------------------------- */

const mp_int *wf_int_mp_from_int64(int64_t v, WfMpTmp *t) {
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = 0;
    memset(t->d, 0, sizeof t->d);
    while (mag != 0) {
        t->d[n++] = (mp_digit)(mag & MP_MASK);
        mag = MP_DIGIT_BIT >= 64 ? 0 : mag >> MP_DIGIT_BIT;
    }
    t->m.used = n;
    t->m.alloc = (int)(sizeof t->d / sizeof t->d[0]);
    t->m.sign = (v < 0) ? MP_NEG : MP_ZPOS;
    t->m.dp = t->d;
    return &t->m;
}

const mp_int *wf_int_mp(WfObject *o, WfMpTmp *t) {
    if (wf_int_is_compact(o))
        return wf_int_mp_from_int64(wf_int_compact_value(o), t);
    return WF_INT_BIG(o);
}

int wf_int_to_mp(WfObject *o, mp_int *out) {
    WfMpTmp t;
    mp_err e = mp_init_copy(out, wf_int_mp(o, &t));
    if (e != MP_OKAY) {
        wf_int_mp_error(e);
        return -1;
    }
    return 0;
}

WfObject *wf_int_exact_copy(WfObject *o) {
    if (wf_int_is_compact(o))
        return wf_int_from_int64(wf_int_compact_value(o));
    if (wf_int_check_exact(o))
        return wf_newref(o);
    mp_int m;
    if (wf_int_to_mp(o, &m) < 0)
        return NULL;
    return wf_int_from_mp(&m);
}

/* ---- conversions from C ---------------------------------------------- */

WfObject *wf_int_from_uint64(uint64_t v) {
    if (v <= (uint64_t)INT64_MAX)
        return wf_int_from_int64((int64_t)v);
    mp_int m;
    mp_err e = mp_init_u64(&m, v);
    if (e != MP_OKAY)
        return wf_int_mp_error(e);
    return wf_int_from_mp(&m);
}

WfObject *wf_int_from_double(double d) {
    if (isinf(d))
        return wf_err_format(wf_exc_OverflowError, "cannot convert float infinity to integer");
    if (isnan(d))
        return wf_err_format(wf_exc_ValueError, "cannot convert float NaN to integer");
    double t = trunc(d);
    if (fabs(t) < 9223372036854775808.0)  /* 2**63 */
        return wf_int_from_int64((int64_t)t);
    int exp;
    double frac = frexp(fabs(t), &exp);           /* t = frac * 2**exp, exp > 63 */
    uint64_t mant = (uint64_t)ldexp(frac, DBL_MANT_DIG);
    mp_int m;
    mp_err e = mp_init_u64(&m, mant);
    if (e == MP_OKAY)
        e = mp_mul_2d(&m, exp - DBL_MANT_DIG, &m);
    if (e == MP_OKAY && t < 0)
        e = mp_neg(&m, &m);
    if (e != MP_OKAY) {
        mp_clear(&m);
        return wf_int_mp_error(e);
    }
    return wf_int_from_mp(&m);
}

/* ---- conversions to C --------------------------------------------------- */

/* operator.index(o) as a new reference to an int (CPython's PyNumber_Index). */
WfObject *wf_int_from_index(WfObject *o) {
    if (wf_int_check(o))
        return wf_newref(o);
    wf_unaryfunc f = WF_TYPE(o)->nb_index;
    if (f == NULL)
        return wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             wf_type_name(WF_TYPE(o)));
    WfObject *r = f(o);
    if (r != NULL && !wf_int_check(r)) {
        wf_err_format(wf_exc_TypeError, "__index__ returned non-int (type %s)",
                      wf_type_name(WF_TYPE(r)));
        wf_decref(r);
        return NULL;
    }
    return r;
}

/* Value of an int as int64 with overflow flag (-1/+1), no error. */
static int64_t int_value_overflow(WfObject *o, int *overflow) {
    *overflow = 0;
    if (wf_int_is_compact(o))
        return wf_int_compact_value(o);
    *overflow = WF_INT_BIG(o)->sign == MP_NEG ? -1 : 1;
    return -1;
}

long wf_int_as_long_and_overflow(WfObject *o, int *overflow) {
    *overflow = 0;
    /* An int (or subclass) is read in place, as CPython does: no reference
     * is taken, so reading a shared int writes nothing (DESIGN.md §3 rule 5). */
    if (wf_int_check(o))
        return (long)int_value_overflow(o, overflow);
    WfObject *i = wf_int_from_index(o);
    if (i == NULL)
        return -1;
    long r = (long)int_value_overflow(i, overflow);
    wf_decref(i);
    return r;
}

int64_t wf_int_as_int64(WfObject *o) {
    int overflow;
    long r = wf_int_as_long_and_overflow(o, &overflow);
    if (overflow) {
        wf_err_set_string(wf_exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    return r;
}

long wf_int_as_long(WfObject *o) { return (long)wf_int_as_int64(o); }

wf_ssize_t wf_int_as_ssize(WfObject *o) {
    int overflow;
    long r = wf_int_as_long_and_overflow(o, &overflow);
    if (overflow) {
        wf_err_set_string(wf_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (wf_ssize_t)r;
}

int wf_int_sign(WfObject *o) {
    if (wf_int_is_compact(o)) {
        int64_t v = wf_int_compact_value(o);
        return (v > 0) - (v < 0);
    }
    return WF_INT_BIG(o)->sign == MP_NEG ? -1 : 1;
}

size_t wf_int_bit_length(WfObject *o) {
    if (wf_int_is_compact(o)) {
        int64_t v = wf_int_compact_value(o);
        uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        return mag == 0 ? 0 : 64 - (size_t)__builtin_clzll(mag);
    }
    return (size_t)mp_count_bits(WF_INT_BIG(o));
}

/* 64 bits of |m| starting at bit `lo` (lo + 64 >= bit length). */
static uint64_t mp_bits64(const mp_int *m, int lo) {
    uint64_t r = 0;
    int got = 0, pos = lo;
    while (got < 64 && pos / MP_DIGIT_BIT < m->used) {
        int d = pos / MP_DIGIT_BIT, off = pos % MP_DIGIT_BIT;
        uint64_t chunk = (uint64_t)(m->dp[d] >> off);
        r |= chunk << got;
        got += MP_DIGIT_BIT - off;
        pos += MP_DIGIT_BIT - off;
    }
    return r;
}

/* Whether any bit of |m| below `lo` is set. */
static bool mp_low_bits_nonzero(const mp_int *m, int lo) {
    int d = lo / MP_DIGIT_BIT, off = lo % MP_DIGIT_BIT;
    for (int i = 0; i < d && i < m->used; i++)
        if (m->dp[i] != 0)
            return true;
    if (off != 0 && d < m->used && (m->dp[d] & (((mp_digit)1 << off) - 1)) != 0)
        return true;
    return false;
}

/* Correct rounding: the top 64 bits with a sticky bit for the rest convert
 * exactly like the whole number, because the hardware rounds at bit 11. */
double wf_int_mp_to_double(const mp_int *m, int *overflow) {
    int bits = mp_count_bits(m);
    double d;
    *overflow = 0;
    if (bits <= 64) {
        d = (double)mp_get_mag_u64(m);
    } else if (bits > DBL_MAX_EXP) {
        *overflow = 1;
        return m->sign == MP_NEG ? -HUGE_VAL : HUGE_VAL;
    } else {
        int lo = bits - 64;
        uint64_t top = mp_bits64(m, lo);
        if (mp_low_bits_nonzero(m, lo))
            top |= 1;
        d = ldexp((double)top, lo);
        if (isinf(d))
            *overflow = 1;
    }
    return m->sign == MP_NEG ? -d : d;
}

double wf_int_as_double(WfObject *o) {
    if (!wf_int_check(o)) {
        wf_err_format(wf_exc_TypeError, "an integer is required (got type %s)",
                      wf_type_name(WF_TYPE(o)));
        return -1.0;
    }
    if (wf_int_is_compact(o))
        return (double)wf_int_compact_value(o);
    int overflow;
    double d = wf_int_mp_to_double(WF_INT_BIG(o), &overflow);
    if (overflow) {
        wf_err_set_string(wf_exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return d;
}

/* ---- hashing and comparison ------------------------------------------- */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

/* CPython's numeric hash: sign(x) * (|x| mod 2**61 - 1), with -1 -> -2. */
wf_hash_t wf_int_hash(WfObject *o) {
    uint64_t h;
    bool neg;
    if (wf_int_is_compact(o)) {
        int64_t v = wf_int_compact_value(o);
        neg = v < 0;
        h = (neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v) % HASH_MODULUS;
    } else {
        const mp_int *m = WF_INT_BIG(o);
        unsigned __int128 acc = 0;
        for (int i = m->used - 1; i >= 0; i--)
            acc = ((acc << MP_DIGIT_BIT) + m->dp[i]) % HASH_MODULUS;
        h = (uint64_t)acc;
        neg = m->sign == MP_NEG;
    }
    wf_hash_t r = neg ? -(wf_hash_t)h : (wf_hash_t)h;
    return r == -1 ? -2 : r;
}

int wf_int_compare(WfObject *a, WfObject *b) {
    if (wf_int_is_compact(a) && wf_int_is_compact(b)) {
        int64_t x = wf_int_compact_value(a), y = wf_int_compact_value(b);
        return (x > y) - (x < y);
    }
    WfMpTmp ta, tb;
    return mp_cmp(wf_int_mp(a, &ta), wf_int_mp(b, &tb));
}

static WfObject *int_richcompare(WfObject *a, WfObject *b, int op) {
    if (!wf_int_check(a) || !wf_int_check(b))
        WF_RETURN_NOTIMPLEMENTED;
    return wf_richcompare_from_order(wf_int_compare(a, b), op);
}

static wf_hash_t int_hash(WfObject *o) { return wf_int_hash(o); }

static WfObject *int_repr(WfObject *o) { return wf_int_to_decimal(o); }

/* ---- construction -------------------------------------------------------- */

/* A subtype instance with the value of the exact int v (stolen). */
static WfObject *int_subtype_new(WfTypeObject *type, WfObject *v) {
    WfIntObject *r = (WfIntObject *)wf_type_generic_alloc(type, 0);
    if (r == NULL) {
        wf_decref(v);
        return NULL;
    }
    if (wf_int_is_compact(v)) {
        r->v.value = wf_int_compact_value(v);
    } else {
        const mp_int *src = WF_INT_BIG(v);
        mp_int *heap = big_alloc_fused(src->used);
        if (heap == NULL) {
            wf_decref(v);
            r->v.value = 0;
            wf_decref((WfObject *)r);
            return wf_err_no_memory();
        }
        memcpy(heap->dp, src->dp, (size_t)src->used * sizeof(mp_digit));
        heap->used = src->used;
        heap->sign = src->sign;
        r->v.big = (struct mp_int *)(void *)heap;
        r->ob_base.ob_flags |= WF_INT_FLAG_BIG | INT_FLAG_FUSED;
    }
    wf_decref(v);
    return (WfObject *)r;
}

/* int(x=0, /, base=10) */
static WfObject *int_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    WfObject *x = nargs > 0 ? WF_TUPLE_ITEM(args, 0) : NULL;
    WfObject *base = nargs > 1 ? WF_TUPLE_ITEM(args, 1) : NULL;
    if (nargs > 2)
        return wf_err_format(wf_exc_TypeError, "int() takes at most 2 arguments (%zd given)", nargs);
    if (kwargs != NULL && wf_dict_size(kwargs) > 0) {
        wf_ssize_t pos = 0;
        WfObject *k, *val;
        while (wf_dict_next(kwargs, &pos, &k, &val)) {
            if (!wf_str_check(k) || !wf_str_equal_cstr(k, "base"))
                return wf_err_format(wf_exc_TypeError, "%R is an invalid keyword argument for int()", k);
            if (base != NULL)
                return wf_err_format(wf_exc_TypeError,
                                     "argument for int() given by name ('base') and position (2)");
            base = val;
        }
    }
    WfObject *v;
    if (x == NULL) {
        if (base != NULL)
            return wf_err_format(wf_exc_TypeError, "int() missing string argument");
        v = wf_int_from_int64(0);
    } else if (base == NULL) {
        v = wf_int_from_object(x);
    } else {
        v = wf_int_from_object_base(x, base);
    }
    if (v == NULL || type == &wf_int_type)
        return v;
    return int_subtype_new(type, v);
}

/* ---- the type ----------------------------------------------------------- */

WfTypeObject wf_int_type = {
    .tp_name = "int",
    .tp_basicsize = sizeof(WfIntObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_INT_SUBCLASS,
    .tp_doc = "int([x]) -> integer\nint(x, base=10) -> integer",
    .tp_dealloc = int_dealloc,
    .tp_repr = int_repr,
    .tp_hash = int_hash,
    .tp_richcompare = int_richcompare,
    .tp_new = int_new,
    .nb_add = wf_int_nb_add,
    .nb_subtract = wf_int_nb_subtract,
    .nb_multiply = wf_int_nb_multiply,
    .nb_remainder = wf_int_nb_remainder,
    .nb_divmod = wf_int_nb_divmod,
    .nb_power = wf_int_nb_power,
    .nb_negative = wf_int_nb_negative,
    .nb_positive = wf_int_nb_positive,
    .nb_absolute = wf_int_nb_absolute,
    .nb_bool = wf_int_nb_bool,
    .nb_invert = wf_int_nb_invert,
    .nb_lshift = wf_int_nb_lshift,
    .nb_rshift = wf_int_nb_rshift,
    .nb_and = wf_int_nb_and,
    .nb_xor = wf_int_nb_xor,
    .nb_or = wf_int_nb_or,
    .nb_int = wf_int_nb_int,
    .nb_float = wf_int_nb_float,
    .nb_index = wf_int_nb_int,
    .nb_floor_divide = wf_int_nb_floor_divide,
    .nb_true_divide = wf_int_nb_true_divide,
    .tp_methods = wf_int_methods,
    .tp_getset = wf_int_getset,
};

/* Runs once at start-up (wf_types_init), before any other thread. */
int wf_int_init(void) {
    for (int64_t v = WF_SMALL_INT_MIN; v <= WF_SMALL_INT_MAX; v++) {
        WfIntObject *o = &wf_small_ints[v - WF_SMALL_INT_MIN];
        wf_object_init_static((WfObject *)o, &wf_int_type);
        o->v.value = v;
    }
    wf_object_init_static((WfObject *)&wf_false_struct, &wf_bool_type);
    wf_false_struct.v.value = 0;
    wf_object_init_static((WfObject *)&wf_true_struct, &wf_bool_type);
    wf_true_struct.v.value = 1;
    return 0;
}
