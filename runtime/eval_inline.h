/* eval_inline.h — the eval loop's inline fast paths: arithmetic and
 * comparisons on compact ints and exact floats, truth of common values, and
 * the operand replacement that keeps the stack exact. Only eval.c includes
 * this; every function here is static inline and calls nothing that can run
 * Python code (allocation aside).
 */
#ifndef WF_EVAL_INLINE_H
#define WF_EVAL_INLINE_H

#include "runtime/frame.h"

/* ---- stack reference operations, always inlined ---------------------------
 * wf_eval_frame is too large for GCC's inliner, which then leaves the small
 * refcounting helpers of stackref.h / object.h as calls on the hottest paths
 * (LOAD_FAST's increment, every close). These wrappers force them inline
 * (flatten pulls in the helpers they call). Same semantics as stackref.h. */
#ifndef WF_EV_NO_FORCE_INLINE
#define EV_INLINE static inline __attribute__((always_inline, flatten))
#else
#define EV_INLINE static inline
#endif

EV_INLINE WfStackRef ev_dup(WfStackRef r) { return wf_stackref_dup(r); }
EV_INLINE WfStackRef ev_new(WfObject *o) { return wf_stackref_new(o); }
EV_INLINE void ev_close(WfStackRef r) { wf_stackref_xclose(r); }
EV_INLINE WfStackRef ev_steal(WfObject *o) { return wf_stackref_steal(o); }
EV_INLINE WfObject *ev_to_obj_steal(WfStackRef r) { return wf_stackref_to_obj_steal(r); }

/* ---- fast paths for BINARY_OP / COMPARE_OP -------------------------------- */

EV_INLINE bool both_compact_ints(WfObject *a, WfObject *b) {
    return WF_TYPE(a) == &wf_int_type && WF_TYPE(b) == &wf_int_type && wf_int_is_compact(a) &&
           wf_int_is_compact(b);
}

/* 1 when handled (*res set, NULL on MemoryError), 0 when the generic path must run. */
EV_INLINE int int_binop(int64_t a, int64_t b, int op, WfObject **res) {
    int64_t r;
    switch (op) {
    case WF_NB_ADD: case WF_NB_INPLACE_ADD:
        if (__builtin_add_overflow(a, b, &r)) return 0;
        break;
    case WF_NB_SUBTRACT: case WF_NB_INPLACE_SUBTRACT:
        if (__builtin_sub_overflow(a, b, &r)) return 0;
        break;
    case WF_NB_MULTIPLY: case WF_NB_INPLACE_MULTIPLY:
        if (__builtin_mul_overflow(a, b, &r)) return 0;
        break;
    case WF_NB_AND: case WF_NB_INPLACE_AND: r = a & b; break;
    case WF_NB_OR: case WF_NB_INPLACE_OR: r = a | b; break;
    case WF_NB_XOR: case WF_NB_INPLACE_XOR: r = a ^ b; break;
    case WF_NB_FLOOR_DIVIDE: case WF_NB_INPLACE_FLOOR_DIVIDE:
        if (b == 0 || (a == INT64_MIN && b == -1)) return 0;
        r = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) r--;
        break;
    case WF_NB_REMAINDER: case WF_NB_INPLACE_REMAINDER:
        if (b == 0) return 0;
        if (b == -1) { r = 0; break; }
        r = a % b;
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        break;
    case WF_NB_RSHIFT: case WF_NB_INPLACE_RSHIFT:
        if (b < 0) return 0;
        r = b >= 63 ? (a < 0 ? -1 : 0) : (a >> b);
        break;
    case WF_NB_LSHIFT: case WF_NB_INPLACE_LSHIFT:
        if (b < 0 || b >= 63) return 0;
        r = (int64_t)((uint64_t)a << b);
        if ((r >> b) != a) return 0;
        break;
    case WF_NB_TRUE_DIVIDE: case WF_NB_INPLACE_TRUE_DIVIDE: {
        /* Exact when both fit in a double's mantissa (CPython does the same). */
        const int64_t lim = (int64_t)1 << 53;
        if (b == 0 || a > lim || a < -lim || b > lim || b < -lim) return 0;
        *res = wf_float_from_double((double)a / (double)b);
        return 1;
    }
    default:
        return 0;
    }
    *res = wf_int_from_int64(r);
    return 1;
}

/* 1 with *r set when op on two floats needs no call (no error possible). */
EV_INLINE int float_binop_value(double a, double b, int op, double *r) {
    switch (op) {
    case WF_NB_ADD: case WF_NB_INPLACE_ADD: *r = a + b; return 1;
    case WF_NB_SUBTRACT: case WF_NB_INPLACE_SUBTRACT: *r = a - b; return 1;
    case WF_NB_MULTIPLY: case WF_NB_INPLACE_MULTIPLY: *r = a * b; return 1;
    case WF_NB_TRUE_DIVIDE: case WF_NB_INPLACE_TRUE_DIVIDE:
        if (b == 0.0) return 0;
        *r = a / b;
        return 1;
    default:
        return 0;
    }
}

EV_INLINE int fast_binop(WfObject *a, WfObject *b, int op, WfObject **res) {
    if (both_compact_ints(a, b))
        return int_binop(wf_int_compact_value(a), wf_int_compact_value(b), op, res);
    return 0;
}

/* Whether the stack slot r holds the only reference to an exact float that
 * no other thread can see, so a float result may be written into it instead
 * of allocating: counted (untagged) slot, local count 1 owned by this thread,
 * no shared references, never published into a container (a lock-free
 * reader could still hold its pointer) — see lockfree.h. */
EV_INLINE bool float_slot_reusable(WfStackRef r) {
    WfObject *o = (WfObject *)r.bits;
    return !wf_stackref_is_tagged(r) && wf_ref_local_load(o) == 1 && wf_is_owned_by_current_thread(o) &&
           atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed) == 0 &&
           (__atomic_load_n(&o->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE) == 0;
}

/* -1 when not a fast case, else the comparison's truth. */
EV_INLINE int fast_compare(WfObject *a, WfObject *b, int op) {
    int c;
    if (both_compact_ints(a, b)) {
        int64_t x = wf_int_compact_value(a), y = wf_int_compact_value(b);
        c = (x > y) - (x < y);
    } else if (WF_TYPE(a) == &wf_float_type && WF_TYPE(b) == &wf_float_type) {
        double x = WF_FLOAT_VALUE(a), y = WF_FLOAT_VALUE(b);
        switch (op) {
        case WF_LT: return x < y;
        case WF_LE: return x <= y;
        case WF_EQ: return x == y;
        case WF_NE: return x != y;
        case WF_GT: return x > y;
        case WF_GE: return x >= y;
        }
        return -1;
    } else {
        return -1;
    }
    switch (op) {
    case WF_LT: return c < 0;
    case WF_LE: return c <= 0;
    case WF_EQ: return c == 0;
    case WF_NE: return c != 0;
    case WF_GT: return c > 0;
    case WF_GE: return c >= 0;
    }
    return -1;
}

/* Truth of common values without a call; -1 when a call is needed. */
EV_INLINE int fast_truth(WfObject *o) {
    if (o == WF_TRUE) return 1;
    if (o == WF_FALSE || o == WF_NONE) return 0;
    if (WF_TYPE(o) == &wf_int_type && wf_int_is_compact(o)) return wf_int_compact_value(o) != 0;
    return -1;
}

/* Replaces the top n items of the value stack with res, then closes them.
 * The closed items stay readable above the spilled stack pointer until
 * closed: a destructor run by a close sees an exact stack. */
static inline WfStackRef *replace_inputs(WfFrame *frame, WfStackRef *sp, int n, WfStackRef res) {
    if (n == 0) {
        *sp++ = res;
        frame->stackpointer = sp;
        return sp;
    }
    WfStackRef *base = sp - n;
    WfStackRef first = base[0];
    base[0] = res;
    frame->stackpointer = base + 1;
    wf_stackref_xclose(first);
    for (WfStackRef *p = base + 1; p < sp; p++)
        wf_stackref_xclose(*p);
    return base + 1;
}

/* The common arities of replace_inputs, without the loop. */
EV_INLINE WfStackRef *replace_inputs1(WfFrame *frame, WfStackRef *sp, WfStackRef res) {
    WfStackRef a = sp[-1];
    sp[-1] = res;
    frame->stackpointer = sp;
    ev_close(a);
    return sp;
}

EV_INLINE WfStackRef *replace_inputs2(WfFrame *frame, WfStackRef *sp, WfStackRef res) {
    WfStackRef a = sp[-2], b = sp[-1];
    sp[-2] = res;
    frame->stackpointer = sp - 1;
    ev_close(a);
    ev_close(b);
    return sp - 1;
}

#endif /* WF_EVAL_INLINE_H */
