/* stackref.h — tagged references held in frames (locals and value stacks).
 *
 * Contract (DESIGN.md §4):
 *  - A WfStackRef is an object pointer whose low bit (WF_STACKREF_BORROW) says
 *    "this slot does not own a reference". It is set for immortal objects and
 *    for deferred objects (functions, code, modules, types): pushing them costs
 *    no refcount write, which keeps hot shared objects off a bouncing line.
 *  - NULL is the bits value 0 (an empty local, a NULL below a callable).
 *  - wf_stackref_new(o)   : new reference to o, as the slot's own (incref unless tagged).
 *  - wf_stackref_steal(o) : the slot takes the caller's reference (a tagged
 *                           result drops it: deferred/immortal need none).
 *  - wf_stackref_borrow_obj(r): the object, borrowed for as long as the slot lives.
 *  - wf_stackref_to_obj_new(r): a real (counted) reference, e.g. to store in the heap.
 *  - wf_stackref_to_obj_steal(r): consumes the slot, returns a real reference.
 *  - wf_stackref_close(r): drops the slot's reference (nothing if tagged).
 *  - wf_stackref_dup(r)   : a second slot for the same object.
 *  - WF_STACKREF_LOCAL (bit 1, always with bit 0): an uncounted copy of a
 *    local of a frame of this thread (LOAD_FAST_BORROW), alive while that
 *    local holds it. The compiler lets such a copy reach only readers and
 *    the arguments of a call, so it can outlive its local only by being
 *    returned: wf_stackref_local_safe, at RETURN_VALUE, gives it a count.
 * A deferred object seen only through tagged slots stays alive because the
 * collector counts the stack slots it finds (stackref/roots.c walks them).
 */
#ifndef WF_STACKREF_H
#define WF_STACKREF_H

#include "runtime/objects/object.h"

typedef struct WfStackRef {
    uintptr_t bits;
} WfStackRef;

#define WF_STACKREF_BORROW ((uintptr_t)1)
#define WF_STACKREF_LOCAL ((uintptr_t)2)
#define WF_STACKREF_TAG_MASK (WF_STACKREF_BORROW | WF_STACKREF_LOCAL)
#define WF_STACKREF_NULL ((WfStackRef){.bits = 0})

static inline bool wf_stackref_is_null(WfStackRef r) { return r.bits == 0; }
static inline bool wf_stackref_is_tagged(WfStackRef r) { return (r.bits & WF_STACKREF_BORROW) != 0; }

static inline WfObject *wf_stackref_borrow_obj(WfStackRef r) {
    return (WfObject *)(r.bits & ~WF_STACKREF_TAG_MASK);
}

/* Objects whose stack references need no count. */
static inline bool wf_stackref_skips_count(const WfObject *o) {
    return wf_is_immortal(o) || wf_is_deferred(o);
}

static inline WfStackRef wf_stackref_new(WfObject *o) {
    wf_assert(o != NULL);
    if (wf_stackref_skips_count(o))
        return (WfStackRef){.bits = (uintptr_t)o | WF_STACKREF_BORROW};
    wf_incref(o);
    return (WfStackRef){.bits = (uintptr_t)o};
}

/* Uncounted: the caller proves o outlives the slot (a frame's function
 * holds its closure; a lender's rules: runtime/objects/lockfree.h). */
static inline WfStackRef wf_stackref_borrow(WfObject *o) {
    return (WfStackRef){.bits = (uintptr_t)o | WF_STACKREF_BORROW};
}

/* Never counted: for immortal objects only (None, True, small ints). */
static inline WfStackRef wf_stackref_immortal(WfObject *o) {
    wf_assert(wf_is_immortal(o));
    return (WfStackRef){.bits = (uintptr_t)o | WF_STACKREF_BORROW};
}

static inline WfStackRef wf_stackref_steal(WfObject *o) {
    wf_assert(o != NULL);
    if (wf_is_immortal(o))
        return (WfStackRef){.bits = (uintptr_t)o | WF_STACKREF_BORROW};
    /* A deferred object keeps the counted reference we were given: it is
     * simpler than dropping it, and closing the slot returns it. */
    return (WfStackRef){.bits = (uintptr_t)o};
}

static inline WfStackRef wf_stackref_steal_or_null(WfObject *o) {
    return o ? wf_stackref_steal(o) : WF_STACKREF_NULL;
}

static inline WfObject *wf_stackref_to_obj_new(WfStackRef r) {
    WfObject *o = wf_stackref_borrow_obj(r);
    wf_incref(o);
    return o;
}

static inline WfObject *wf_stackref_to_obj_steal(WfStackRef r) {
    WfObject *o = wf_stackref_borrow_obj(r);
    if (wf_stackref_is_tagged(r))
        wf_incref(o);
    return o;
}

static inline void wf_stackref_close(WfStackRef r) {
    if (!wf_stackref_is_tagged(r) && r.bits != 0)
        wf_decref((WfObject *)r.bits);
}

static inline void wf_stackref_xclose(WfStackRef r) { wf_stackref_close(r); }

static inline WfStackRef wf_stackref_dup(WfStackRef r) {
    if (!wf_stackref_is_tagged(r) && r.bits != 0)
        wf_incref((WfObject *)r.bits);
    return r;
}

static inline bool wf_stackref_is(WfStackRef a, WfStackRef b) {
    return (a.bits & ~WF_STACKREF_TAG_MASK) == (b.bits & ~WF_STACKREF_TAG_MASK);
}

/* r, or a counted slot for its object when r is a copy of a local
 * (WF_STACKREF_LOCAL): for a value that leaves the frames whose locals
 * keep it alive (a return value). Consumes r. */
static inline WfStackRef wf_stackref_local_safe(WfStackRef r) {
    if (WF_LIKELY(!(r.bits & WF_STACKREF_LOCAL)))
        return r;
    return wf_stackref_new(wf_stackref_borrow_obj(r));
}

#endif /* WF_STACKREF_H */
