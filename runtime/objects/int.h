/* int.h — int objects: a machine-word fast path and libtommath behind it.
 *
 * Invariants:
 *  - An int is "compact" when WF_INT_FLAG_BIG is clear in ob_flags: its value
 *    is `value`. Otherwise `big` points to an mp_int that does NOT fit in an
 *    int64_t (results are always normalised back to compact when they fit).
 *  - Small ints -5..256 are immortal singletons (wf_int_from_long returns them).
 *  - bool is a subtype whose two instances (WF_TRUE/WF_FALSE) are compact ints 1/0.
 *  - Out of memory in libtommath (MP_MEM) raises MemoryError, never aborts.
 */
#ifndef WF_INT_H
#define WF_INT_H

#include "runtime/objects/object.h"

#define WF_INT_FLAG_BIG 0x1

struct mp_int;
typedef struct WfIntObject {
    WF_OBJECT_HEAD;
    union {
        int64_t value;          /* compact */
        struct mp_int *big;     /* WF_INT_FLAG_BIG */
    } v;
} WfIntObject;

extern WfTypeObject wf_int_type;
#define wf_int_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_INT_SUBCLASS)
#define wf_int_check_exact(o) (WF_TYPE(o) == &wf_int_type)

#define WF_SMALL_INT_MIN (-5)
#define WF_SMALL_INT_MAX 256
extern WfIntObject wf_small_ints[WF_SMALL_INT_MAX - WF_SMALL_INT_MIN + 1];

static inline bool wf_int_is_compact(const WfObject *o) {
    return (o->ob_flags & WF_INT_FLAG_BIG) == 0;
}
static inline int64_t wf_int_compact_value(const WfObject *o) {
    return ((const WfIntObject *)o)->v.value;
}
/* New reference; small values come from the immortal cache. NULL on MemoryError. */
WfObject *wf_int_from_int64_slow(int64_t v);
static inline WfObject *wf_int_from_int64(int64_t v) {
    if (v >= WF_SMALL_INT_MIN && v <= WF_SMALL_INT_MAX)
        return (WfObject *)&wf_small_ints[v - WF_SMALL_INT_MIN];
    return wf_int_from_int64_slow(v);
}
static inline WfObject *wf_int_from_long(long v) { return wf_int_from_int64(v); }
static inline WfObject *wf_int_from_ssize(wf_ssize_t v) { return wf_int_from_int64(v); }
WfObject *wf_int_from_uint64(uint64_t v);
WfObject *wf_int_from_double(double d);          /* int(float): OverflowError for inf, ValueError for nan */
/* Digits only (no sign, prefix or underscores are expected by the compiler's
 * caller); base 2..36. For int(str) use wf_int_from_unicode. */
WfObject *wf_int_from_string(const char *digits, size_t len, int base);
WfObject *wf_int_from_unicode(WfObject *str, int base);  /* int("  -0x1_0 ", 0) rules */
long wf_int_as_long(WfObject *o);                 /* -1 + OverflowError when too big; uses __index__ */
int64_t wf_int_as_int64(WfObject *o);
wf_ssize_t wf_int_as_ssize(WfObject *o);
long wf_int_as_long_and_overflow(WfObject *o, int *overflow); /* overflow = -1/0/+1, no error */
double wf_int_as_double(WfObject *o);             /* OverflowError "int too large to convert to float" */
int wf_int_sign(WfObject *o);                     /* -1, 0, 1 */
size_t wf_int_bit_length(WfObject *o);
WfObject *wf_int_format(WfObject *o, int base);   /* str in base 2/8/10/16 with 0b/0o/0x prefix, as bin/oct/hex */
wf_hash_t wf_int_hash(WfObject *o);               /* CPython's modular hash */
int wf_int_compare(WfObject *a, WfObject *b);     /* -1, 0, 1 */
/* Arithmetic on two ints (either may be bool); returns NotImplemented never. */
WfObject *wf_int_add(WfObject *a, WfObject *b);
WfObject *wf_int_subtract(WfObject *a, WfObject *b);
WfObject *wf_int_multiply(WfObject *a, WfObject *b);
WfObject *wf_int_floor_divide(WfObject *a, WfObject *b);
WfObject *wf_int_remainder(WfObject *a, WfObject *b);
int wf_int_init(void);                             /* small-int cache */

#endif /* WF_INT_H */
