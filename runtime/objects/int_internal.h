/* int_internal.h — private helpers shared by the number files (int*.c,
 * bool.c, float*.c, format_spec.c, modules/math.c). Not part of objects.h:
 * it pulls in libtommath, which nothing else needs to see.
 *
 * Invariants:
 *  - A WfMpTmp view is read-only: its digits live in the view (compact ints)
 *    or belong to the int object (big ints). Never pass a view as the output
 *    of an mp_* call and never mp_clear it.
 *  - wf_int_from_mp() consumes its argument: the digits are either moved
 *    into the new object or freed; the caller must not clear it again.
 */
#ifndef WF_INT_INTERNAL_H
#define WF_INT_INTERNAL_H

#include <tommath.h>

#include "runtime/objects/format_spec.h"
#include "runtime/objects/lockfree.h"
#include "runtime/objects/objects.h"

/* int.h declares `struct mp_int *big`; libtommath's mp_int is an anonymous
 * struct typedef, so the pointer is converted here, in one place. */
#define WF_INT_BIG(o) ((mp_int *)(void *)((WfIntObject *)(o))->v.big)

/* A read-only mp_int view of any int object, without allocating. A compact
 * int64 needs at most two 60-bit digits. */
typedef struct WfMpTmp {
    mp_int m;
    mp_digit d[3];
} WfMpTmp;
const mp_int *wf_int_mp(WfObject *o, WfMpTmp *tmp);
/* Converts a raw int64 into a view (same rules as wf_int_mp). */
const mp_int *wf_int_mp_from_int64(int64_t v, WfMpTmp *tmp);

/* A new int from m, normalised to compact when it fits; consumes m. */
WfObject *wf_int_from_mp(mp_int *m);
/* Sets MemoryError for MP_MEM (SystemError otherwise) and returns NULL. */
WfObject *wf_int_mp_error(mp_err e);
/* Copies o into a fresh mp_int (caller clears). -1 with MemoryError. */
int wf_int_to_mp(WfObject *o, mp_int *out);
/* Converts a non-negative mp_int to the nearest double (round-half-even);
 * *overflow set when it exceeds DBL_MAX after rounding. Sign is honoured. */
double wf_int_mp_to_double(const mp_int *m, int *overflow);

/* Correctly rounded a / b for ints; ZeroDivisionError "division by zero". */
WfObject *wf_int_true_divide(WfObject *a, WfObject *b);
/* Exact comparison of a finite double with an int: -1, 0, 1, or 2 with
 * MemoryError set. */
int wf_float_int_compare(double v, WfObject *i);
/* round(int, ndigits) for an int ndigits (CPython's long.__round__). */
WfObject *wf_int_round(WfObject *self, WfObject *ndigits);
/* q = round-half-even(a / b), b > 0: CPython's _PyLong_DivmodNear quotient. */
WfObject *wf_int_divmod_near(WfObject *a, WfObject *b, WfObject **rem);
WfObject *wf_int_power(WfObject *a, WfObject *b, WfObject *mod);
WfObject *wf_int_lshift(WfObject *a, WfObject *b);
WfObject *wf_int_rshift(WfObject *a, WfObject *b);
WfObject *wf_int_negative(WfObject *a);
WfObject *wf_int_absolute(WfObject *a);
WfObject *wf_int_divmod(WfObject *a, WfObject *b);
/* operator.index(o): a new reference to an int, or TypeError. */
WfObject *wf_int_from_index(WfObject *o);
/* A copy of an int (of any int subtype) as an exact int. */
WfObject *wf_int_exact_copy(WfObject *o);
/* 10 ** n for n >= 0. */
WfObject *wf_int_pow10(uint32_t n);
/* repr of an int: decimal, with the 4300-digit limit. */
WfObject *wf_int_to_decimal(WfObject *o);
/* format(int, spec) and format(float, spec) (int_format.c, float_repr.c). */
WfObject *wf_int_format_spec(WfObject *self, WfObject *spec);
WfObject *wf_float_format_spec(WfObject *self, WfObject *spec);
/* format(float) with an already parsed spec (also int with e/f/g/%). */
WfObject *wf_float_format_parsed(double v, const WfFormatSpec *spec);
/* The int's methods, members and number slots live in several files;
 * these tables are defined in int_methods.c and used by int.c's type object. */
extern WfMethodDef wf_int_methods[];
extern WfGetSetDef wf_int_getset[];
/* tp_new helpers: int(x) (PyNumber_Long) and int(x, base). */
WfObject *wf_int_from_object(WfObject *x);
WfObject *wf_int_from_object_base(WfObject *x, WfObject *base);
/* The int number slots (int_ops.c), used by the type objects of int and bool. */
WfObject *wf_int_nb_add(WfObject *a, WfObject *b);
WfObject *wf_int_nb_subtract(WfObject *a, WfObject *b);
WfObject *wf_int_nb_multiply(WfObject *a, WfObject *b);
WfObject *wf_int_nb_remainder(WfObject *a, WfObject *b);
WfObject *wf_int_nb_divmod(WfObject *a, WfObject *b);
WfObject *wf_int_nb_power(WfObject *a, WfObject *b, WfObject *c);
WfObject *wf_int_nb_negative(WfObject *a);
WfObject *wf_int_nb_positive(WfObject *a);
WfObject *wf_int_nb_absolute(WfObject *a);
int wf_int_nb_bool(WfObject *a);
WfObject *wf_int_nb_invert(WfObject *a);
WfObject *wf_int_nb_lshift(WfObject *a, WfObject *b);
WfObject *wf_int_nb_rshift(WfObject *a, WfObject *b);
WfObject *wf_int_nb_and(WfObject *a, WfObject *b);
WfObject *wf_int_nb_xor(WfObject *a, WfObject *b);
WfObject *wf_int_nb_or(WfObject *a, WfObject *b);
WfObject *wf_int_nb_int(WfObject *a);
WfObject *wf_int_nb_float(WfObject *a);
WfObject *wf_int_nb_floor_divide(WfObject *a, WfObject *b);
WfObject *wf_int_nb_true_divide(WfObject *a, WfObject *b);

/* Argument parsing for FASTCALL|KEYWORDS methods: fills out[0..nnames) from
 * positional args then keywords (names[i] is the keyword for slot i; a name
 * starting with '$' is keyword-only, with '/' positional-only). Unfilled
 * slots stay NULL. Raises CPython's TypeErrors. 0 or -1. */
int wf_num_parse_args(const char *fname, WfObject *const *args, wf_ssize_t nargs,
                      WfObject *kwnames, const char *const *names, int nnames,
                      int nrequired, WfObject **out);

/* Value of a Unicode decimal digit (category Nd, e.g. U+0661), or -1. */
int wf_num_unicode_digit(uint32_t c);

/* The integer digit-count limit of CPython 3.11 (sys.int_info.default_max_str_digits). */
#define WF_INT_MAX_STR_DIGITS 4300

/* ---- 128-bit fast paths (int.c) ---------------------------------------------
 * Most "big" ints in practice (64-bit hashes, LCGs, masks) fit in 128 bits.
 * wf_int_to_i128 reads any exact or subtype int whose magnitude is below
 * 2**127 (so the bitwise operations, shifts right and floor division of two
 * of them cannot overflow __int128; + - * must check); wf_int_from_i128
 * builds a normalised int from any __int128. */
bool wf_int_to_i128(WfObject *o, __int128 *out);
WfObject *wf_int_from_i128(__int128 v);

/* ---- the per-thread freelist of number objects (int.c) ----------------------
 * Exact ints and floats are the same size (a header and one word) and are made
 * and dropped by the million in arithmetic: their blocks are recycled through
 * one thread-local list instead of the allocator. No lock and no shared state:
 * a block freed by a thread other than its creator joins the freeing thread's
 * list (mimalloc lets any thread free any block). An object that lock-free
 * readers may still see (published into a container, once the process is
 * multi-threaded: lockfree.h) is never recycled: it goes through
 * wf_object_free, which retires it after a grace period. A thread's list is
 * returned to the allocator when the thread exits (a pthread key destructor).
 * Sanitizer builds (WF_SYSTEM_MALLOC) keep no list, so every free is checked. */
typedef struct WfNumFree {
    struct WfNumFree *next;   /* overlays ob_tid of the dead object */
} WfNumFree;

#ifndef WF_SYSTEM_MALLOC
#define WF_NUM_FREELIST_MAX 512
#else
#define WF_NUM_FREELIST_MAX 0
#endif

extern _Thread_local WfNumFree *wf_num_free_head;
extern _Thread_local int wf_num_free_count;
extern _Thread_local bool wf_num_free_registered;
/* Arranges the calling thread's exit drain (first recycled block). */
void wf_num_free_register(void);

/* The header wf_object_alloc gives a fresh object (refcount.c's init_header);
 * int and float are static types: no type reference to take. */
static inline void wf_num_init_header(WfObject *op, WfTypeObject *type) {
    op->ob_tid = wf_thread_id();
    op->ob_flags = 0;
    op->ob_mutex = 0;
    op->ob_gc_bits = 0;
    op->ob_ref_local = 1;
    atomic_init(&op->ob_ref_shared, 0);
    op->ob_type = type;
}

/* A new object of the static number type `type` (int or float): a recycled
 * block when there is one. NULL with MemoryError. */
static inline WfObject *wf_num_alloc(WfTypeObject *type) {
    WfNumFree *p = wf_num_free_head;
    if (WF_LIKELY(p != NULL)) {
        wf_num_free_head = p->next;
        wf_num_free_count--;
        wf_num_init_header((WfObject *)p, type);
        return (WfObject *)p;
    }
    return wf_object_alloc(type);
}

/* Frees an exact int or float (its fields already released). */
static inline void wf_num_free(WfObject *o) {
    if (wf_num_free_count < WF_NUM_FREELIST_MAX &&
        !((__atomic_load_n(&o->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE) &&
          wf_objects_are_shared())) {
        if (WF_UNLIKELY(!wf_num_free_registered))
            wf_num_free_register();
        WfNumFree *p = (WfNumFree *)o;
        p->next = wf_num_free_head;
        wf_num_free_head = p;
        wf_num_free_count++;
        return;
    }
    wf_object_free(o);
}

#endif /* WF_INT_INTERNAL_H */
