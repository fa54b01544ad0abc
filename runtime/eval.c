/* eval.c — the bytecode interpreter loop.
 *
 * One function, wf_eval_frame, runs frames until the frame it was entered
 * with returns, yields or raises. Calls of Python functions from bytecode
 * push a frame and continue in the same C activation ("inlined" calls), so
 * Python recursion uses the data stack, not the C stack; calls from C
 * (wf_function_vectorcall, generators' send) enter a new activation, guarded
 * by wf_enter_recursive_call.
 *
 * Invariants:
 *  - Stack semantics are exactly compiler/opcodes.def's. An instruction reads
 *    its operands in place, calls out with them still on the stack (stack
 *    pointer spilled), and only then replaces them with its result and closes
 *    them (REPLACE_INPUTS): a collector stopping the thread inside a call sees
 *    every operand (DESIGN.md §4, "the exactness rule").
 *  - On an error the operands are left on the stack; unwinding closes
 *    everything above the handler's depth.
 *  - frame->instr_ptr is the instruction executing now; next_instr the one
 *    after its inline caches. Jumps are relative to next_instr.
 *  - ts->recursion_remaining is decremented once per frame entered and
 *    incremented once when the frame returns, yields or unwinds.
 */
#include <string.h>

#include "compiler/opcode.h"
#include "runtime/eval_inline.h"
#include "runtime/eval_internal.h"
#include "runtime/objects/lockfree.h"
#include "specialize/specialize.h"
#include "stackref/roots.h"

#if defined(__GNUC__) && !defined(WF_NO_COMPUTED_GOTOS)
#define WF_USE_COMPUTED_GOTOS 1
#else
#define WF_USE_COMPUTED_GOTOS 0
#endif

/* WF_CACHE_<NAME>: inline cache units after each opcode, from opcodes.def. */
enum {
#define WF_OPCODE(name, cache, pops, pushes, jump_net, flags) WF_CACHE_##name = (cache),
#include "compiler/opcodes.def"
#undef WF_OPCODE
};

/* COMPARE_OP's fused branch skips either POP_JUMP form the same way. */
_Static_assert(WF_CACHE_POP_JUMP_IF_FALSE == WF_CACHE_POP_JUMP_IF_TRUE, "POP_JUMP cache sizes differ");

/* Vectorcall argument arrays up to this size live on the C stack. */
#define WF_SMALL_ARGS 16

static inline WfGenObject *gen_of_frame(WfFrame *f) {
    return (WfGenObject *)((char *)f - offsetof(WfGenObject, gi_frame));
}

/* Consumes a frame that could not start (C stack exhausted). */
static void abandon_frame(WfThreadState *ts, WfFrame *f) {
    if (f->owner == WF_FRAME_OWNED_BY_GENERATOR) {
        wf_gen_store_state(gen_of_frame(f), WF_GEN_COMPLETED);
        wf_gen_clear_frame(gen_of_frame(f));
    } else {
        wf_frame_clear_and_pop(ts, f);
    }
}

WfObject *wf_eval_frame(WfThreadState *ts, WfFrame *frame, int throwflag) {
#if WF_USE_COMPUTED_GOTOS
    /* The dispatch table, generated from opcodes.def. */
    static void *const opcode_targets[256] = {
#define WF_OPCODE(name, cache, pops, pushes, jump_net, flags) [name] = &&TARGET_##name,
#include "compiler/opcodes.def"
#undef WF_OPCODE
        [WF_OPCODE_COUNT ... 255] = &&unknown_opcode,
    };
#endif

    /* ---- loop-local macros (#undef'd at the end of the function) ---- */

    /* SYNC_SP: spill the stack top into the frame. Required before anything
     * that can run Python code, allocate, block or reach a safe point; every
     * operand the instruction still needs must then sit below the top. */
#define SYNC_SP() (frame->stackpointer = stack_pointer)
    /* HOLD_SP: the loop holds the top in a register again; debug builds
     * poison the frame's copy so a missed SYNC_SP trips the root walker. */
#ifdef WF_DEBUG
#define HOLD_SP() (frame->stackpointer = NULL)
#else
#define HOLD_SP() ((void)0)
#endif
    /* ESCAPING_CALL: run stmt with the stack spilled (see SYNC_SP).
     * WF_STRESS_ROOTS builds walk the thread's roots first, as a collector
     * stopping the thread inside stmt would. */
#ifdef WF_STRESS_ROOTS
#define ESCAPING_CALL(stmt) do { SYNC_SP(); wf_roots_check_thread(ts); stmt; HOLD_SP(); } while (0)
#else
#define ESCAPING_CALL(stmt) do { SYNC_SP(); stmt; HOLD_SP(); } while (0)
#endif
    /* CLOSE: drop a reference the stack no longer holds; a decref can run
     * __del__, so it escapes too. */
#define CLOSE(r) ESCAPING_CALL(ev_close(r))
    /* REPLACE_INPUTS: pop the n operands, push res, close the operands. */
#define REPLACE_INPUTS(n, res)                                                            \
    do {                                                                                  \
        if (__builtin_constant_p(n) && (n) == 1)                                          \
            stack_pointer = replace_inputs1(frame, stack_pointer, (res));                 \
        else if (__builtin_constant_p(n) && (n) == 2)                                     \
            stack_pointer = replace_inputs2(frame, stack_pointer, (res));                 \
        else                                                                              \
            stack_pointer = replace_inputs(frame, stack_pointer, (n), (res));             \
        HOLD_SP();                                                                        \
    } while (0)
    /* Value-stack access: PEEK(1) is the top. POP/PUSH move ownership
     * between the stack and a C local; they do not count. */
#define PEEK(n) (stack_pointer[-(n)])
#define POKE(n, v) (stack_pointer[-(n)] = (v))
#define PUSH(v) (*stack_pointer++ = (v))
#define POP() (*--stack_pointer)
#define STACK_SHRINK(n) (stack_pointer -= (n))
    /* The object of a stack slot, borrowed while the slot lives. */
#define OBJ(r) wf_stackref_borrow_obj(r)
    /* The running frame's code, names, constants and local slots. */
#define CODE() wf_frame_code(frame)
#define GETNAME(i) WF_TUPLE_ITEM(CODE()->co_names, (i))
#define GETCONST(i) WF_TUPLE_ITEM(CODE()->co_consts, (i))
#define LOCAL(i) (frame->localsplus[(i)])
    /* Jumps are relative to the unit after the instruction's caches. */
#define JUMPBY(n) (next_instr += (n))
    /* Every instruction starts by recording itself and skipping its caches. */
/* instr_ptr and bytecode are relaxed atomics: another thread may read a
 * running generator's line through its frame object (frameobject.c); on
 * x86-64 the store is the same mov. */
#define SET_INSTR_PTR(p) __atomic_store_n(&frame->instr_ptr, (p), __ATOMIC_RELAXED)
#define SET_BYTECODE(p) __atomic_store_n(&frame->bytecode, (p), __ATOMIC_RELAXED)
#define INSTRUCTION_START(op) (SET_INSTR_PTR(next_instr), next_instr += 1 + WF_CACHE_##op)
    /* Decode the instruction at next_instr (EXTENDED_ARG widens oparg itself). */
#define NEXTOPARG() do { opcode = next_instr->op.opcode; oparg = next_instr->op.arg; } while (0)
    /* TARGET labels an instruction's body; DISPATCH jumps to the next one:
     * through the generated table with computed gotos, else via the switch. */
#if WF_USE_COMPUTED_GOTOS
#define TARGET(op) TARGET_##op: INSTRUCTION_START(op);
#define DISPATCH_GOTO() goto *opcode_targets[opcode]
#else
#define TARGET(op) case op: INSTRUCTION_START(op);
#define DISPATCH_GOTO() goto dispatch_opcode
#endif
#define DISPATCH() do { NEXTOPARG(); HOLD_SP(); DISPATCH_GOTO(); } while (0)
    /* Safe point: stop-the-world requests, pending collections, merges. */
#define CHECK_EVAL_BREAKER()                                                                 \
    do {                                                                                     \
        if (WF_UNLIKELY(atomic_load_explicit(&ts->eval_breaker, memory_order_relaxed))) {  \
            int r_;                                                                          \
            ESCAPING_CALL(r_ = wf_handle_eval_breaker(ts));                                  \
            if (r_ < 0)                                                                      \
                goto error;                                                                  \
        }                                                                                    \
    } while (0)

    WfCodeUnit *next_instr;
    WfStackRef *stack_pointer;
    int opcode, oparg;
    WfStackRef retval;
    /* Shared by CALL and CALL_KW. */
    WfStackRef *callable_p, *call_args;
    wf_ssize_t call_total;
    WfObject *call_kwnames;
    /* Where RERAISE continues the handler search (-1: at instr_ptr). */
    int unwind_offset = -1;

    if (wf_enter_recursive_call("") < 0) {
        abandon_frame(ts, frame);
        return NULL;
    }
    frame->previous = ts->current_frame;
    ts->current_frame = frame;
    frame->is_entry = 1;

start_frame:
    if (ts->recursion_remaining-- <= 0 && wf_eval_recursion_error(ts) < 0) {
        stack_pointer = frame->stackpointer;
        goto exit_unwind;
    }
    if (frame->owner == WF_FRAME_OWNED_BY_GENERATOR) {
        /* A generator may resume on another thread: run this thread's copy
         * of the bytecode from the same offset (RESUME does it too, but a
         * throw() reaches the handler before any RESUME runs). */
        WfCodeUnit *bc = wf_tlbc_code_for_thread(CODE());
        if (WF_UNLIKELY(bc != frame->bytecode)) {
            SET_INSTR_PTR(bc + (frame->instr_ptr - frame->bytecode));
            SET_BYTECODE(bc);
        }
    }
    next_instr = frame->instr_ptr + frame->return_offset;
    stack_pointer = frame->stackpointer;
    if (WF_UNLIKELY(throwflag)) {
        throwflag = 0;
        goto error;
    }
    DISPATCH();

#if !WF_USE_COMPUTED_GOTOS
dispatch_opcode:
#endif
    switch (opcode) {

    /* ---- basic ---- */

    TARGET(CACHE) {
        wf_err_set_string(wf_exc_SystemError, "executed an inline cache unit");
        goto error;
    }

    TARGET(NOP) {
        DISPATCH();
    }

    TARGET(RESUME) {
        WfCodeUnit *bc = wf_tlbc_code_for_thread(CODE());
        if (WF_UNLIKELY(bc != frame->bytecode)) {
            /* Resumed on a thread with another copy: same offset in ours. */
            next_instr = bc + (next_instr - frame->bytecode);
            SET_INSTR_PTR(bc + (frame->instr_ptr - frame->bytecode));
            SET_BYTECODE(bc);
        }
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(EXTENDED_ARG) {
        opcode = next_instr->op.opcode;
        oparg = oparg << 8 | next_instr->op.arg;
        DISPATCH_GOTO();
    }

    TARGET(POP_TOP) {
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(PUSH_NULL) {
        PUSH(WF_STACKREF_NULL);
        DISPATCH();
    }

    TARGET(COPY) {
        WfStackRef v = PEEK(oparg);
        PUSH(ev_dup(v));
        DISPATCH();
    }

    TARGET(SWAP) {
        WfStackRef t = PEEK(1);
        POKE(1, PEEK(oparg));
        POKE(oparg, t);
        DISPATCH();
    }

    /* ---- operators ---- */

    TARGET(UNARY_NEGATIVE) {
        WfObject *res;
        ESCAPING_CALL(res = wf_number_negative(OBJ(PEEK(1))));
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(res));
        DISPATCH();
    }

    TARGET(UNARY_POSITIVE) {
        WfObject *res;
        ESCAPING_CALL(res = wf_number_positive(OBJ(PEEK(1))));
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(res));
        DISPATCH();
    }

    TARGET(UNARY_INVERT) {
        WfObject *res;
        ESCAPING_CALL(res = wf_number_invert(OBJ(PEEK(1))));
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(res));
        DISPATCH();
    }

    TARGET(UNARY_NOT) {
        WfObject *o = OBJ(PEEK(1));
        int t = fast_truth(o);
        if (t < 0) {
            ESCAPING_CALL(t = wf_object_is_true(o));
            if (t < 0)
                goto error;
        }
        REPLACE_INPUTS(1, wf_stackref_immortal(t ? WF_FALSE : WF_TRUE));
        DISPATCH();
    }

    TARGET(BINARY_OP) {
        WfObject *lhs = OBJ(PEEK(2)), *rhs = OBJ(PEEK(1)), *res;
        if (WF_TYPE(lhs) == &wf_float_type && WF_TYPE(rhs) == &wf_float_type) {
            double r;
            if (float_binop_value(WF_FLOAT_VALUE(lhs), WF_FLOAT_VALUE(rhs), oparg, &r)) {
                /* A temporary operand (only this slot refers to it) becomes
                 * the result: no allocation, one close fewer. */
                WfStackRef ls = PEEK(2), rs = PEEK(1);
                if (float_slot_reusable(ls)) {
                    ((WfFloatObject *)lhs)->value = r;
                    STACK_SHRINK(1);
                    CLOSE(rs);
                    DISPATCH();
                }
                if (float_slot_reusable(rs)) {
                    ((WfFloatObject *)rhs)->value = r;
                    POKE(2, rs);
                    STACK_SHRINK(1);
                    CLOSE(ls);
                    DISPATCH();
                }
                ESCAPING_CALL(res = wf_float_from_double(r));
                if (res == NULL)
                    goto error;
                REPLACE_INPUTS(2, ev_steal(res));
                DISPATCH();
            }
        }
        if (WF_TYPE(lhs) == &wf_str_type && WF_TYPE(rhs) == &wf_str_type &&
            (oparg == WF_NB_ADD || oparg == WF_NB_INPLACE_ADD) &&
            (!wf_stackref_is_tagged(PEEK(2)) || (PEEK(2).bits & WF_STACKREF_LOCAL)))
            goto binary_op_str_concat;
        SYNC_SP();
        if (!fast_binop(lhs, rhs, oparg, &res))
            res = wf_binary_op(lhs, rhs, oparg);
        HOLD_SP();
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(2, ev_steal(res));
        DISPATCH();
    }

    TARGET(COMPARE_OP) {
        WfObject *lhs = OBJ(PEEK(2)), *rhs = OBJ(PEEK(1)), *res;
        int c = fast_compare(lhs, rhs, oparg);
        if (c >= 0) {
            int next_op = next_instr->op.opcode;
            if (next_op == POP_JUMP_IF_FALSE || next_op == POP_JUMP_IF_TRUE) {
                /* Compare-and-branch: do the jump here, skip pushing the bool
                 * and the POP_JUMP's dispatch (it has no cache units). */
                int jump = next_instr->op.arg;
                WfStackRef a = PEEK(2), b = PEEK(1);
                STACK_SHRINK(2);
                CLOSE(a);
                CLOSE(b);
                next_instr += 1 + WF_CACHE_POP_JUMP_IF_FALSE;
                if (c == (next_op == POP_JUMP_IF_TRUE))
                    JUMPBY(jump);
                DISPATCH();
            }
            REPLACE_INPUTS(2, wf_stackref_immortal(c ? WF_TRUE : WF_FALSE));
            DISPATCH();
        } else {
            ESCAPING_CALL(res = wf_object_rich_compare(lhs, rhs, oparg));
            if (res == NULL)
                goto error;
        }
        REPLACE_INPUTS(2, ev_steal(res));
        DISPATCH();
    }

    TARGET(IS_OP) {
        int same = OBJ(PEEK(2)) == OBJ(PEEK(1));
        REPLACE_INPUTS(2, wf_stackref_immortal((same ^ oparg) ? WF_TRUE : WF_FALSE));
        DISPATCH();
    }

    TARGET(CONTAINS_OP) {
        int r;
        ESCAPING_CALL(r = wf_sequence_contains(OBJ(PEEK(1)), OBJ(PEEK(2))));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(2, wf_stackref_immortal((r ^ oparg) ? WF_TRUE : WF_FALSE));
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR) {
        WfObject *c = OBJ(PEEK(2)), *sub = OBJ(PEEK(1)), *res = NULL;
        WfStackRef item;
        SYNC_SP();
        if (WF_TYPE(sub) == &wf_int_type && wf_int_is_compact(sub)) {
            int64_t i = wf_int_compact_value(sub);
            if (WF_TYPE(c) == &wf_list_type) {
                wf_ssize_t n = WF_LIST_SIZE(c);
                if (i < 0)
                    i += n;
                /* Borrowed from a list other threads read (lockfree.h). */
                if (i >= 0 && i < n &&
                    !wf_stackref_is_null(item = wf_list_get_item_stackref(c, (wf_ssize_t)i)))
                    goto binary_subscr_item;
                res = wf_object_getitem(c, sub);   /* raises IndexError */
            } else if (WF_TYPE(c) == &wf_tuple_type) {
                wf_ssize_t n = WF_TUPLE_SIZE(c);
                if (i < 0)
                    i += n;
                if (i >= 0 && i < n) {
                    item = wf_stackref_of_tuple_item(WF_TUPLE_ITEM(c, i));
                    goto binary_subscr_item;
                }
                res = wf_object_getitem(c, sub);
            } else {
                res = wf_object_getitem(c, sub);
            }
        } else if (WF_TYPE(c) == &wf_dict_type) {
            /* Borrowed from a dict other threads read (lockfree.h); a miss
             * goes the generic way, which raises KeyError as dict does. */
            int r = wf_dict_get_item_stackref(c, sub, &item);
            if (r > 0)
                goto binary_subscr_item;
            if (r == 0)
                res = wf_object_getitem(c, sub);
        } else {
            res = wf_object_getitem(c, sub);
        }
        HOLD_SP();
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(2, ev_steal(res));
        DISPATCH();
    binary_subscr_item:
        HOLD_SP();
        REPLACE_INPUTS(2, item);
        DISPATCH();
    }

    TARGET(STORE_SUBSCR) {
        WfObject *c = OBJ(PEEK(2)), *sub = OBJ(PEEK(1)), *v = OBJ(PEEK(3));
        int r;
        SYNC_SP();
        if (WF_TYPE(c) == &wf_list_type && WF_TYPE(sub) == &wf_int_type && wf_int_is_compact(sub) &&
            wf_int_compact_value(sub) >= 0 && wf_int_compact_value(sub) < WF_LIST_SIZE(c)) {
            if (!wf_objects_are_shared()) {
                /* The only thread: no section to take (list.c's
                 * wf_list_set_item, inlined). The old item is dropped after
                 * the store, with the stack spilled: its __del__ may run. */
                WfObject **slot = &WF_LIST_ITEMS(c)[wf_int_compact_value(sub)];
                WfObject *old = *slot;   /* nothing is marked yet: no publish */
                *slot = wf_newref(v);
                wf_xdecref(old);
                r = 0;
            } else {
                r = wf_list_set_item(c, (wf_ssize_t)wf_int_compact_value(sub), wf_newref(v));
            }
        } else if (WF_TYPE(c) == &wf_dict_type)
            r = wf_dict_set_item(c, sub, v);
        else
            r = wf_object_setitem(c, sub, v);
        HOLD_SP();
        if (r < 0)
            goto error;
        REPLACE_INPUTS(3, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR) {
        int r;
        ESCAPING_CALL(r = wf_object_delitem(OBJ(PEEK(2)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(2, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    TARGET(BINARY_SLICE) {
        WfObject *slice, *res = NULL;
        ESCAPING_CALL(slice = wf_slice_new(OBJ(PEEK(2)), OBJ(PEEK(1)), NULL));
        if (slice == NULL)
            goto error;
        ESCAPING_CALL(res = wf_object_getitem(OBJ(PEEK(3)), slice); wf_decref(slice));
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(3, ev_steal(res));
        DISPATCH();
    }

    TARGET(STORE_SLICE) {
        WfObject *slice;
        int r = -1;
        ESCAPING_CALL(slice = wf_slice_new(OBJ(PEEK(2)), OBJ(PEEK(1)), NULL));
        if (slice == NULL)
            goto error;
        ESCAPING_CALL(r = wf_object_setitem(OBJ(PEEK(3)), slice, OBJ(PEEK(4))); wf_decref(slice));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(4, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    /* ---- iteration and generators ---- */

    TARGET(GET_ITER) {
        WfObject *it;
        ESCAPING_CALL(it = wf_object_get_iter(OBJ(PEEK(1))));
        if (it == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(it));
        DISPATCH();
    }

    TARGET(GET_YIELD_FROM_ITER) {
        WfObject *o = OBJ(PEEK(1)), *it;
        if (wf_gen_check(o))
            DISPATCH();
        ESCAPING_CALL(it = wf_object_get_iter(o));
        if (it == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(it));
        DISPATCH();
    }

    TARGET(FOR_ITER) {
        WfObject *it = OBJ(PEEK(1)), *next;
        if (WF_TYPE(it) == &wf_list_iter_type || WF_TYPE(it) == &wf_tuple_iter_type) {
            /* Items other threads read too come borrowed (lockfree.h). */
            WfStackRef item;
            ESCAPING_CALL(item = WF_TYPE(it) == &wf_list_iter_type ? wf_list_iter_next_stackref(it)
                                                                  : wf_tuple_iter_next_stackref(it));
            if (WF_LIKELY(!wf_stackref_is_null(item))) {
                PUSH(item);
                DISPATCH();
            }
            goto for_iter_exhausted;
        }
        wf_iternextfunc fn = WF_TYPE(it)->tp_iternext;
        if (WF_UNLIKELY(fn == NULL)) {
            wf_err_format(wf_exc_TypeError, "'%s' object is not an iterator", WF_TYPE(it)->tp_name);
            goto error;
        }
        ESCAPING_CALL(next = fn(it));
        if (WF_LIKELY(next != NULL)) {
            PUSH(ev_steal(next));
            DISPATCH();
        }
        if (wf_err_occurred()) {
            if (!wf_err_exception_matches(wf_exc_StopIteration))
                goto error;
            wf_err_clear();
        }
    for_iter_exhausted:;
        /* Exhausted: pop the iterator and leave the loop. */
        WfStackRef itr = POP();
        CLOSE(itr);
        JUMPBY(oparg);
        DISPATCH();
    }

    TARGET(SEND) {
        WfObject *recv = OBJ(PEEK(2)), *val = OBJ(PEEK(1)), *res = NULL;
        int status; /* 0 yielded, 1 returned, -1 error */
        SYNC_SP();
        if (wf_gen_check(recv)) {
            status = wf_gen_send_ex((WfGenObject *)recv, val, 0, &res);
        } else if (val == WF_NONE && WF_TYPE(recv)->tp_iternext) {
            res = WF_TYPE(recv)->tp_iternext(recv);
            status = res ? 0 : -1;
        } else {
            res = wf_object_call_method_objargs(recv, WF_ID(send), val, NULL);
            status = res ? 0 : -1;
        }
        if (status < 0) {
            if (!wf_err_occurred()) {
                res = wf_newref(WF_NONE);
            } else {
                res = wf_eval_fetch_stopiteration_value();
                if (res == NULL) {
                    HOLD_SP();
                    goto error;
                }
            }
            status = 1;
        }
        HOLD_SP();
        REPLACE_INPUTS(1, ev_steal(res));
        if (status == 1)
            JUMPBY(oparg);
        DISPATCH();
    }

    TARGET(END_SEND) {
        WfStackRef v = POP();
        WfStackRef recv = PEEK(1);
        POKE(1, v);
        CLOSE(recv);
        DISPATCH();
    }

    TARGET(YIELD_VALUE) {
        WfStackRef v = POP();
        WfObject *res = ev_to_obj_steal(v);
        wf_assert(frame->owner == WF_FRAME_OWNED_BY_GENERATOR && frame->is_entry);
        frame->return_offset = (uint16_t)(next_instr - frame->instr_ptr);
        SYNC_SP();
        /* The suspended frame leaves the thread's chain: borrowed values
         * in it need counts of their own (lockfree.h point 4). */
        if (wf_objects_thread_borrowed)
            wf_roots_promote_frame(frame);
        /* The generator stays RUNNING: wf_gen_send_ex stores SUSPENDED once
         * it is done with the generator, so no other thread resumes it
         * before that. */
        ts->recursion_remaining++;
        ts->current_frame = frame->previous;
        frame->previous = NULL;
        wf_leave_recursive_call();
        return res;
    }

    TARGET(RETURN_GENERATOR) {
        WfObject *gen;
        frame->return_offset = (uint16_t)(next_instr - frame->instr_ptr);
        SYNC_SP();
        /* As YIELD_VALUE; always, since the arguments may be copies of the
         * caller's locals (WF_STACKREF_LOCAL), which the generator outlives. */
        wf_roots_promote_frame(frame);
        gen = wf_gen_new_from_frame(ts, frame);
        if (gen == NULL) {
            HOLD_SP();
            goto error;
        }
        /* The generator took the frame's contents; the husk returns it. */
        stack_pointer = frame->stackpointer;
        retval = ev_steal(gen);
        goto do_return;
    }

    TARGET(CLEANUP_THROW) {
        WfStackRef exc = PEEK(1);
        WfObject *e = OBJ(exc);
        if (!wf_err_given_exception_matches(e, wf_exc_StopIteration)) {
            wf_err_set_raised(wf_stackref_to_obj_new(exc));
            goto exception_unwind;
        }
        WfObject *value = wf_stop_iteration_value(e);
        WfStackRef sub = PEEK(3), last = PEEK(2);
        STACK_SHRINK(3);
        PUSH(wf_stackref_immortal(WF_NONE));
        PUSH(ev_steal(value));
        SYNC_SP();
        ev_close(sub);
        ev_close(last);
        ev_close(exc);
        HOLD_SP();
        DISPATCH();
    }

    /* ---- returns ---- */

    TARGET(RETURN_VALUE) {
        /* A copy of a local (an argument read in place by the caller) must
         * not outlive the caller's local: it gets a count here. */
        retval = wf_stackref_local_safe(POP());
        goto do_return;
    }

    TARGET(RETURN_CONST) {
        retval = ev_new(GETCONST(oparg));
        goto do_return;
    }

    /* ---- loads and stores ---- */

    TARGET(LOAD_CONST) {
        PUSH(ev_new(GETCONST(oparg)));
        DISPATCH();
    }

    TARGET(LOAD_FAST) {
        WfStackRef v = LOCAL(oparg);
        wf_assert(!wf_stackref_is_null(v));
        PUSH(ev_dup(v));
        DISPATCH();
    }

    TARGET(LOAD_FAST_BORROW) {
        /* The local keeps its reference until the reader that follows has
         * consumed this copy (assemble.c, borrow_fast_loads). */
        WfStackRef v = LOCAL(oparg);
        wf_assert(!wf_stackref_is_null(v));
        PUSH((WfStackRef){.bits = v.bits | WF_STACKREF_BORROW | WF_STACKREF_LOCAL});
        DISPATCH();
    }

    TARGET(LOAD_FAST_CHECK) {
        WfStackRef v = LOCAL(oparg);
        if (WF_UNLIKELY(wf_stackref_is_null(v))) {
            wf_eval_format_unbound(CODE(), oparg);
            goto error;
        }
        PUSH(ev_dup(v));
        DISPATCH();
    }

    TARGET(STORE_FAST) {
        WfStackRef old = LOCAL(oparg);
        LOCAL(oparg) = POP();
        CLOSE(old);
        DISPATCH();
    }

    TARGET(DELETE_FAST) {
        WfStackRef old = LOCAL(oparg);
        if (wf_stackref_is_null(old)) {
            wf_eval_format_unbound(CODE(), oparg);
            goto error;
        }
        LOCAL(oparg) = WF_STACKREF_NULL;
        CLOSE(old);
        DISPATCH();
    }

    TARGET(LOAD_NAME) {
        WfStackRef v;
        int r;
        ESCAPING_CALL(r = wf_eval_load_name_stackref(frame, GETNAME(oparg), &v));
        if (r < 0)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME) {
        WfObject *name = GETNAME(oparg), *locals = frame->f_locals;
        int r;
        if (locals == NULL) {
            wf_err_format(wf_exc_SystemError, "no locals found when storing %R", name);
            goto error;
        }
        ESCAPING_CALL(r = wf_dict_check_exact(locals)
                              ? wf_dict_set_item(locals, name, OBJ(PEEK(1)))
                              : wf_object_setitem(locals, name, OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(DELETE_NAME) {
        WfObject *name = GETNAME(oparg), *locals = frame->f_locals;
        int r;
        if (locals == NULL) {
            wf_err_format(wf_exc_SystemError, "no locals when deleting %R", name);
            goto error;
        }
        ESCAPING_CALL(r = wf_object_delitem(locals, name));
        if (r < 0) {
            wf_err_clear();
            wf_err_format(wf_exc_NameError, "name '%U' is not defined", name);
            goto error;
        }
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL) {
        WfStackRef v;
        int r;
        ESCAPING_CALL(r = wf_eval_load_global_stackref(frame, GETNAME(oparg >> 1), &v));
        if (r < 0)
            goto error;
        PUSH(v);
        if (oparg & 1)
            PUSH(WF_STACKREF_NULL);
        DISPATCH();
    }

    TARGET(STORE_GLOBAL) {
        int r;
        ESCAPING_CALL(r = wf_dict_set_item(frame->f_globals, GETNAME(oparg), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL) {
        WfObject *name = GETNAME(oparg);
        int r;
        ESCAPING_CALL(r = wf_dict_del_item(frame->f_globals, name));
        if (r < 0) {
            if (wf_err_exception_matches(wf_exc_KeyError)) {
                wf_err_clear();
                wf_err_format(wf_exc_NameError, "name '%U' is not defined", name);
            }
            goto error;
        }
        DISPATCH();
    }

    TARGET(MAKE_CELL) {
        WfStackRef v = LOCAL(oparg);
        WfObject *cell;
        ESCAPING_CALL(cell = wf_cell_new(wf_stackref_is_null(v) ? NULL : OBJ(v)));
        if (cell == NULL)
            goto error;
        LOCAL(oparg) = ev_steal(cell);
        CLOSE(v);
        DISPATCH();
    }

    TARGET(COPY_FREE_VARS) {
        WfObject *closure = ((WfFunctionObject *)wf_frame_func(frame))->func_closure;
        int offset = CODE()->co_nlocalsplus - oparg;
        wf_assert(closure != NULL && WF_TUPLE_SIZE(closure) == oparg);
        /* Uncounted: the frame's function holds its closure, which holds
         * the cells, for as long as the frame lives; a method's __class__
         * cell is shared by every thread that calls it. */
        for (int i = 0; i < oparg; i++)
            LOCAL(offset + i) = wf_stackref_borrow(WF_TUPLE_ITEM(closure, i));
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE) {
        WfStackRef v = LOCAL(oparg);
        if (wf_stackref_is_null(v)) {
            wf_eval_format_unbound(CODE(), oparg);
            goto error;
        }
        PUSH(ev_dup(v));
        DISPATCH();
    }

    TARGET(LOAD_DEREF) {
        /* Cells are shared between threads: wf_cell_get_stackref takes the
         * reference safely against a concurrent STORE_DEREF (cell.c), and
         * none for a function or class another thread's closure shares. */
        WfStackRef v;
        bool full;
        ESCAPING_CALL(full = wf_cell_get_stackref(OBJ(LOCAL(oparg)), &v));
        if (!full) {
            wf_eval_format_unbound(CODE(), oparg);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF) {
        WfObject *name = WF_TUPLE_ITEM(CODE()->co_localsplusnames, oparg), *v;
        int r;
        ESCAPING_CALL(r = wf_eval_locals_lookup(frame, name, &v));
        if (r < 0)
            goto error;
        if (r == 0) {
            ESCAPING_CALL(v = wf_cell_get_ref(OBJ(LOCAL(oparg))));
            if (v == NULL) {
                wf_eval_format_unbound(CODE(), oparg);
                goto error;
            }
        }
        PUSH(ev_steal(v));
        DISPATCH();
    }

    TARGET(STORE_DEREF) {
        /* The cell takes the value before the old one is dropped (which may
         * run __del__), so nothing live sits outside a root meanwhile. */
        WfObject *cell = OBJ(LOCAL(oparg));
        WfStackRef v = POP();
        ESCAPING_CALL(wf_cell_set(cell, ev_to_obj_steal(v)));
        DISPATCH();
    }

    TARGET(DELETE_DEREF) {
        WfObject *cell = OBJ(LOCAL(oparg)), *old;
        ESCAPING_CALL(old = wf_cell_get_ref(cell));
        if (old == NULL) {
            wf_eval_format_unbound(CODE(), oparg);
            goto error;
        }
        ESCAPING_CALL(wf_decref(old));
        ESCAPING_CALL(wf_cell_set(cell, NULL));
        DISPATCH();
    }

    TARGET(LOAD_ATTR) {
        WfStackRef owner = PEEK(1);
        WfObject *name = GETNAME(oparg >> 1);
        if (oparg & 1) {
            int r;
            WfStackRef meth, self = WF_STACKREF_NULL;
            ESCAPING_CALL(r = wf_eval_get_method(OBJ(owner), name, &meth, &self));
            if (r < 0)
                goto error;
            if (r == 1) {
                /* (obj -- meth self): the owner becomes self. */
                POKE(1, meth);
                PUSH(owner);
            } else if (r == 2) {
                /* super().m: self comes from the super object. */
                POKE(1, meth);
                PUSH(self);
                CLOSE(owner);
            } else {
                POKE(1, meth);
                PUSH(WF_STACKREF_NULL);
                CLOSE(owner);
            }
        } else {
            /* A value read from a shared instance may come lent (uncounted). */
            WfStackRef value;
            int r;
            ESCAPING_CALL(r = wf_object_getattr_stackref(OBJ(owner), name, &value));
            if (r < 0)
                goto error;
            REPLACE_INPUTS(1, value);
        }
        DISPATCH();
    }

    TARGET(STORE_ATTR) {
        int r;
        ESCAPING_CALL(r = wf_object_setattr(OBJ(PEEK(1)), GETNAME(oparg), OBJ(PEEK(2))));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(2, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    TARGET(DELETE_ATTR) {
        int r;
        ESCAPING_CALL(r = wf_object_setattr(OBJ(PEEK(1)), GETNAME(oparg), NULL));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(1, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    TARGET(LOAD_BUILD_CLASS) {
        WfObject *bc = NULL;
        int r;
        ESCAPING_CALL(r = wf_dict_get_item_ref(frame->f_builtins, WF_ID(__build_class__), &bc));
        if (r < 0)
            goto error;
        if (r == 0) {
            wf_err_set_string(wf_exc_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(ev_steal(bc));
        DISPATCH();
    }

    TARGET(LOAD_ASSERTION_ERROR) {
        PUSH(ev_new(wf_exc_AssertionError));
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS) {
        int r;
        ESCAPING_CALL(r = wf_eval_setup_annotations(frame));
        if (r < 0)
            goto error;
        DISPATCH();
    }

    /* ---- building ---- */

    TARGET(BUILD_TUPLE) {
        WfObject *t;
        ESCAPING_CALL(t = wf_tuple_new(oparg));
        if (t == NULL)
            goto error;
        WfStackRef *items = stack_pointer - oparg;
        for (int i = 0; i < oparg; i++)
            WF_TUPLE_SET_ITEM(t, i, ev_to_obj_steal(items[i]));
        STACK_SHRINK(oparg);
        PUSH(ev_steal(t));
        DISPATCH();
    }

    TARGET(BUILD_LIST) {
        WfObject *l;
        ESCAPING_CALL(l = wf_list_new(oparg));
        if (l == NULL)
            goto error;
        WfStackRef *items = stack_pointer - oparg;
        for (int i = 0; i < oparg; i++)
            WF_LIST_SET_ITEM(l, i, ev_to_obj_steal(items[i]));
        STACK_SHRINK(oparg);
        PUSH(ev_steal(l));
        DISPATCH();
    }

    TARGET(BUILD_SET) {
        WfObject *s;
        int r = 0;
        ESCAPING_CALL(s = wf_set_new(NULL));
        if (s == NULL)
            goto error;
        WfStackRef *items = stack_pointer - oparg;
        SYNC_SP();
        for (int i = 0; i < oparg && r == 0; i++)
            r = wf_set_add(s, OBJ(items[i]));
        if (r < 0)
            wf_decref(s);
        HOLD_SP();
        if (r < 0)
            goto error;
        REPLACE_INPUTS(oparg, ev_steal(s));
        DISPATCH();
    }

    TARGET(BUILD_MAP) {
        WfObject *d;
        int r = 0;
        ESCAPING_CALL(d = wf_dict_new_presized(oparg));
        if (d == NULL)
            goto error;
        WfStackRef *items = stack_pointer - 2 * oparg;
        SYNC_SP();
        for (int i = 0; i < oparg && r == 0; i++)
            r = wf_dict_set_item(d, OBJ(items[2 * i]), OBJ(items[2 * i + 1]));
        if (r < 0)
            wf_decref(d);
        HOLD_SP();
        if (r < 0)
            goto error;
        REPLACE_INPUTS(2 * oparg, ev_steal(d));
        DISPATCH();
    }

    TARGET(BUILD_CONST_KEY_MAP) {
        WfObject *keys = OBJ(PEEK(1)), *d;
        int r = 0;
        if (!wf_tuple_check_exact(keys) || WF_TUPLE_SIZE(keys) != oparg) {
            wf_err_set_string(wf_exc_SystemError, "bad BUILD_CONST_KEY_MAP keys argument");
            goto error;
        }
        ESCAPING_CALL(d = wf_dict_new_presized(oparg));
        if (d == NULL)
            goto error;
        WfStackRef *values = stack_pointer - 1 - oparg;
        SYNC_SP();
        for (int i = 0; i < oparg && r == 0; i++)
            r = wf_dict_set_item(d, WF_TUPLE_ITEM(keys, i), OBJ(values[i]));
        if (r < 0)
            wf_decref(d);
        HOLD_SP();
        if (r < 0)
            goto error;
        REPLACE_INPUTS(oparg + 1, ev_steal(d));
        DISPATCH();
    }

    TARGET(BUILD_STRING) {
        WfObject *s;
        ESCAPING_CALL(s = wf_eval_build_string(stack_pointer - oparg, oparg));
        if (s == NULL)
            goto error;
        REPLACE_INPUTS(oparg, ev_steal(s));
        DISPATCH();
    }

    TARGET(BUILD_SLICE) {
        WfObject *step = oparg == 3 ? OBJ(PEEK(1)) : NULL;
        WfObject *stop = OBJ(PEEK(oparg == 3 ? 2 : 1)), *start = OBJ(PEEK(oparg == 3 ? 3 : 2));
        WfObject *s;
        ESCAPING_CALL(s = wf_slice_new(start, stop, step));
        if (s == NULL)
            goto error;
        REPLACE_INPUTS(oparg, ev_steal(s));
        DISPATCH();
    }

    TARGET(LIST_APPEND) {
        int r;
        /* The list under construction is on this frame's stack only. */
        ESCAPING_CALL(r = wf_list_append_private(OBJ(PEEK(oparg + 1)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(SET_ADD) {
        int r;
        ESCAPING_CALL(r = wf_set_add(OBJ(PEEK(oparg + 1)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(MAP_ADD) {
        int r;
        ESCAPING_CALL(r = wf_dict_set_item(OBJ(PEEK(oparg + 2)), OBJ(PEEK(2)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        REPLACE_INPUTS(2, WF_STACKREF_NULL);
        STACK_SHRINK(1);
        DISPATCH();
    }

    TARGET(LIST_EXTEND) {
        int r;
        ESCAPING_CALL(r = wf_eval_list_extend(OBJ(PEEK(oparg + 1)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(SET_UPDATE) {
        int r;
        ESCAPING_CALL(r = wf_set_update(OBJ(PEEK(oparg + 1)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(DICT_UPDATE) {
        int r;
        ESCAPING_CALL(r = wf_eval_dict_update(OBJ(PEEK(oparg + 1)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(DICT_MERGE) {
        int r;
        ESCAPING_CALL(r = wf_eval_dict_merge(OBJ(PEEK(oparg + 4)), OBJ(PEEK(oparg + 1)),
                                             OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef v = POP();
        CLOSE(v);
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE) {
        WfStackRef seq = PEEK(1);
        WfObject *s = OBJ(seq);
        WfObject **items = NULL;
        WfObject *copied[WF_LIST_UNPACK_MAX];
        if (WF_TYPE(s) == &wf_tuple_type && WF_TUPLE_SIZE(s) == oparg) {
            /* Published items lent (tuple.h): `x, y = POINTS[i]`. */
            STACK_SHRINK(1);
            for (int i = oparg - 1; i >= 0; i--)
                PUSH(wf_stackref_of_tuple_item(WF_TUPLE_ITEM(s, i)));
            CLOSE(seq);
            DISPATCH();
        } else if (WF_TYPE(s) == &wf_list_type && WF_LIST_SIZE(s) == oparg) {
            if (!wf_objects_are_shared()) {
                items = WF_LIST_ITEMS(s);   /* the only thread: read in place */
            } else if (oparg <= WF_LIST_UNPACK_MAX) {
                /* Threads: a snapshot taken in the list's section (new
                 * references), so the items cannot die under us. */
                int r;
                ESCAPING_CALL(r = wf_list_copy_exact(s, oparg, copied));
                if (r == 0) {
                    STACK_SHRINK(1);
                    for (int i = oparg - 1; i >= 0; i--)
                        PUSH(ev_steal(copied[i]));
                    CLOSE(seq);
                    DISPATCH();
                }
            }
        }
        if (items) {
            STACK_SHRINK(1);
            for (int i = oparg - 1; i >= 0; i--)
                PUSH(ev_new(items[i]));
            CLOSE(seq);
            DISPATCH();
        }
        int r;
        ESCAPING_CALL(r = wf_eval_unpack_iterable(s, oparg, -1, stack_pointer - 1 + oparg));
        if (r < 0) {
            POKE(1, seq);
            goto error;
        }
        stack_pointer += oparg - 1;
        CLOSE(seq);
        DISPATCH();
    }

    TARGET(UNPACK_EX) {
        int before = oparg & 0xFF, after = oparg >> 8, total = before + 1 + after;
        WfStackRef seq = PEEK(1);
        int r;
        ESCAPING_CALL(r = wf_eval_unpack_iterable(OBJ(seq), before, after, stack_pointer - 1 + total));
        if (r < 0) {
            POKE(1, seq);
            goto error;
        }
        stack_pointer += total - 1;
        CLOSE(seq);
        DISPATCH();
    }

    TARGET(FORMAT_VALUE) {
        int have_spec = (oparg & 4) != 0;
        WfObject *spec = have_spec ? OBJ(PEEK(1)) : NULL, *res;
        ESCAPING_CALL(res = wf_eval_format_value(OBJ(PEEK(1 + have_spec)), oparg & 3, spec));
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(1 + have_spec, ev_steal(res));
        DISPATCH();
    }

    TARGET(CALL_INTRINSIC_1) {
        WfObject *v = OBJ(PEEK(1)), *res = NULL;
        SYNC_SP();
        switch (oparg) {
        case WF_INTRINSIC_IMPORT_STAR:
            res = wf_eval_import_star(frame, v) < 0 ? NULL : WF_NONE;
            break;
        case WF_INTRINSIC_STOPITERATION_ERROR:
            res = wf_eval_stopiteration_error(v);
            break;
        case WF_INTRINSIC_LIST_TO_TUPLE:
            res = wf_list_as_tuple(v);
            break;
        default:
            wf_err_format(wf_exc_SystemError, "unknown intrinsic %d", oparg);
            break;
        }
        HOLD_SP();
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(1, ev_steal(res));
        DISPATCH();
    }

    /* ---- jumps ---- */

    TARGET(JUMP_FORWARD) {
        JUMPBY(oparg);
        DISPATCH();
    }

    TARGET(JUMP_BACKWARD) {
        JUMPBY(-oparg);
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(JUMP_BACKWARD_NO_INTERRUPT) {
        JUMPBY(-oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        WfObject *o = OBJ(PEEK(1));
        int t = fast_truth(o);
        if (t < 0) {
            ESCAPING_CALL(t = wf_object_is_true(o));
            if (t < 0)
                goto error;
        }
        WfStackRef v = POP();
        CLOSE(v);
        if (!t)
            JUMPBY(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE) {
        WfObject *o = OBJ(PEEK(1));
        int t = fast_truth(o);
        if (t < 0) {
            ESCAPING_CALL(t = wf_object_is_true(o));
            if (t < 0)
                goto error;
        }
        WfStackRef v = POP();
        CLOSE(v);
        if (t)
            JUMPBY(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NONE) {
        WfStackRef v = POP();
        if (OBJ(v) == WF_NONE)
            JUMPBY(oparg);
        else
            CLOSE(v);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NOT_NONE) {
        WfStackRef v = POP();
        if (OBJ(v) != WF_NONE) {
            CLOSE(v);
            JUMPBY(oparg);
        }
        DISPATCH();
    }

    /* ---- calls and functions ---- */

    TARGET(CALL) {
        callable_p = stack_pointer - oparg - 2;
        call_args = callable_p + 2;
        call_total = oparg;
        call_kwnames = NULL;
        goto call_common;
    }

    TARGET(CALL_KW) {
        callable_p = stack_pointer - oparg - 3;
        call_args = callable_p + 2;
        call_total = oparg;
        call_kwnames = OBJ(PEEK(1));
        goto call_common;
    }

    TARGET(CALL_FUNCTION_EX) {
        int has_kw = oparg & 1;
        WfStackRef *cp = stack_pointer - 3 - has_kw;
        WfObject *callable = OBJ(cp[0]), *args = OBJ(cp[2]), *res;
        WfObject *kwargs = has_kw ? OBJ(PEEK(1)) : NULL;
        SYNC_SP();
        if (!wf_stackref_is_null(cp[1])) {
            /* A method-form callable: prepend self to the arguments. */
            WfObject *t = wf_sequence_tuple(args), *self = OBJ(cp[1]);
            WfObject *all = NULL;
            if (t) {
                all = wf_tuple_new(WF_TUPLE_SIZE(t) + 1);
                if (all) {
                    WF_TUPLE_SET_ITEM(all, 0, wf_newref(self));
                    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(t); i++)
                        WF_TUPLE_SET_ITEM(all, i + 1, wf_newref(WF_TUPLE_ITEM(t, i)));
                }
                wf_decref(t);
            }
            res = all ? wf_eval_call_function_ex(callable, all, kwargs) : NULL;
            wf_xdecref(all);
        } else {
            res = wf_eval_call_function_ex(callable, args, kwargs);
        }
        HOLD_SP();
        if (res == NULL)
            goto error;
        REPLACE_INPUTS(3 + has_kw, ev_steal(res));
        CHECK_EVAL_BREAKER();
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION) {
        int n = __builtin_popcount((unsigned)oparg);
        WfStackRef *p = stack_pointer - 1 - n;
        WfObject *extra[4] = {NULL, NULL, NULL, NULL}; /* defaults, kwdefaults, annotations, closure */
        for (int bit = 0; bit < 4; bit++)
            if (oparg & (1 << bit))
                extra[bit] = OBJ(*p++);
        WfObject *func;
        ESCAPING_CALL(func = wf_eval_make_function(frame, OBJ(PEEK(1)), oparg, extra[0], extra[1],
                                                   extra[2], extra[3]));
        if (func == NULL)
            goto error;
        REPLACE_INPUTS(n + 1, ev_steal(func));
        DISPATCH();
    }

    TARGET(IMPORT_NAME) {
        WfObject *m;
        ESCAPING_CALL(m = wf_eval_import_name(frame, GETNAME(oparg), OBJ(PEEK(1)), OBJ(PEEK(2))));
        if (m == NULL)
            goto error;
        REPLACE_INPUTS(2, ev_steal(m));
        DISPATCH();
    }

    TARGET(IMPORT_FROM) {
        WfObject *x;
        ESCAPING_CALL(x = wf_eval_import_from(OBJ(PEEK(1)), GETNAME(oparg)));
        if (x == NULL)
            goto error;
        PUSH(ev_steal(x));
        DISPATCH();
    }

    /* ---- exceptions ---- */

    TARGET(RAISE_VARARGS) {
        WfObject *exc = NULL, *cause = NULL;
        if (oparg == 2) {
            cause = OBJ(PEEK(1));
            exc = OBJ(PEEK(2));
        } else if (oparg == 1) {
            exc = OBJ(PEEK(1));
        }
        int reraise;
        ESCAPING_CALL(reraise = wf_eval_do_raise(exc, cause));
        if (reraise)
            goto exception_unwind;
        goto error;
    }

    TARGET(RERAISE) {
        WfStackRef exc = POP();
        if (oparg) {
            /* The frame reports the original raise site again; the handler
             * search still starts here (CPython: "RERAISE may have set it"). */
            WfObject *lasti = OBJ(PEEK(oparg));
            unwind_offset = wf_frame_lasti(frame);
            if (wf_int_check(lasti))
                SET_INSTR_PTR(frame->bytecode + wf_int_compact_value(lasti));
        }
        wf_err_set_raised(ev_to_obj_steal(exc));
        goto exception_unwind;
    }

    TARGET(PUSH_EXC_INFO) {
        WfStackRef exc = PEEK(1);
        WfErrStackItem *ei = ts->exc_info;
        WfObject *prev = ei->exc_value;
        ei->exc_value = wf_stackref_to_obj_new(exc);
        POKE(1, prev ? ev_steal(prev) : wf_stackref_immortal(WF_NONE));
        PUSH(exc);
        DISPATCH();
    }

    TARGET(POP_EXCEPT) {
        WfStackRef prev = POP();
        WfErrStackItem *ei = ts->exc_info;
        WfObject *old = ei->exc_value;
        ei->exc_value = OBJ(prev) == WF_NONE ? NULL : ev_to_obj_steal(prev);
        if (old)
            ESCAPING_CALL(wf_decref(old));
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH) {
        int r;
        ESCAPING_CALL(r = wf_eval_check_exc_match(OBJ(PEEK(2)), OBJ(PEEK(1))));
        if (r < 0)
            goto error;
        WfStackRef type = PEEK(1);
        POKE(1, wf_stackref_immortal(r ? WF_TRUE : WF_FALSE));
        CLOSE(type);
        DISPATCH();
    }

    TARGET(BEFORE_WITH) {
        WfStackRef mgr = PEEK(1);
        WfObject *exit, *res;
        ESCAPING_CALL(res = wf_eval_before_with(OBJ(mgr), &exit));
        if (res == NULL)
            goto error;
        POKE(1, ev_steal(exit));
        PUSH(ev_steal(res));
        CLOSE(mgr);
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START) {
        WfObject *exc = OBJ(PEEK(1)), *exit = OBJ(PEEK(4)), *res;
        /* A new reference: another thread raising exc may replace it. */
        WfObject *tb = wf_exception_get_traceback_ref(exc);
        WfObject *argv[4] = {NULL, (WfObject *)WF_TYPE(exc), exc, tb ? tb : WF_NONE};
        ESCAPING_CALL(res = wf_object_vectorcall(exit, argv + 1, 3 | WF_VECTORCALL_ARGUMENTS_OFFSET,
                                                 NULL));
        wf_xdecref(tb);
        if (res == NULL)
            goto error;
        PUSH(ev_steal(res));
        DISPATCH();
    }

#if !WF_USE_COMPUTED_GOTOS
    default:
        goto unknown_opcode;
#endif
    } /* switch */

    /* Not reached: every instruction dispatches or jumps. */
    wf_assert(0);

unknown_opcode:
    wf_err_format(wf_exc_SystemError, "unknown opcode %d", opcode);
    goto error;

    /* ---- BINARY_OP: str + str ---- */
binary_op_str_concat: {
    /* Two exact strs, the left one held by a counted stack slot or read in
     * place from a local (WF_STACKREF_LOCAL). CPython's trick for `s += t` /
     * `s = s + t` loops: when the next instruction stores the result into
     * the local that holds the left operand, the local gives up its
     * reference first, so one reference is left and wf_str_concat_inplace
     * can grow the string in place (linear instead of quadratic). On
     * failure the local stays unbound, as in CPython. */
    WfStackRef ls = PEEK(2), rs = PEEK(1);
    int target = -1;
    if (next_instr->op.opcode == STORE_FAST && wf_stackref_is(LOCAL(next_instr->op.arg), ls)) {
        target = next_instr->op.arg;
        WfStackRef old = LOCAL(target);
        LOCAL(target) = WF_STACKREF_NULL;
        if (ls.bits & WF_STACKREF_LOCAL)
            ls = old;     /* the copy was the local's: its reference moves to the operand */
        else
            CLOSE(old);   /* never the last reference: the stack slot holds one */
    }
    /* The left reference moves to concat (which may move the object):
     * its slot is emptied first so the stack never holds a stale pointer.
     * A copy of a local that is not the target gets a count of its own. */
    POKE(2, WF_STACKREF_NULL);
    WfObject *left = ev_to_obj_steal(ls);
    int r;
    ESCAPING_CALL(r = wf_str_concat_inplace(&left, OBJ(rs)));
    if (r < 0)
        goto error;
    if (target >= 0) {
        /* Do the STORE_FAST here (the local is empty) and skip it. */
        LOCAL(target) = ev_steal(left);
        STACK_SHRINK(2);
        CLOSE(rs);
        next_instr += 1 + WF_CACHE_STORE_FAST;
    } else {
        POKE(2, ev_steal(left));
        STACK_SHRINK(1);
        CLOSE(rs);
    }
    DISPATCH();
}

    /* ---- calls (CALL and CALL_KW) ---- */
call_common: {
    WfObject *callable;
    if (!wf_stackref_is_null(callable_p[1])) {
        call_args--;
        call_total++;
    } else if (wf_method_check(OBJ(callable_p[0]))) {
        /* A bound method: call its function with self first. */
        WfMethodObject *m = (WfMethodObject *)OBJ(callable_p[0]);
        WfStackRef old = callable_p[0];
        callable_p[1] = ev_new(m->im_self);
        callable_p[0] = ev_new(m->im_func);
        CLOSE(old);
        call_args--;
        call_total++;
    }
    callable = OBJ(callable_p[0]);
    wf_ssize_t nkw = call_kwnames ? WF_TUPLE_SIZE(call_kwnames) : 0;
    wf_ssize_t npos = call_total - nkw;

    if (callable == (WfObject *)&wf_type_type && npos == 1 && nkw == 0) {
        /* type(x): the class as a stack reference, uncounted when it is
         * deferred or immortal (every class statement's class, the
         * built-in types), so threads asking the type of instances of
         * the same class write nothing to it. */
        WfStackRef res = ev_new((WfObject *)WF_TYPE(OBJ(call_args[0])));
        REPLACE_INPUTS((int)(stack_pointer - callable_p), res);
        DISPATCH();
    }
    if (wf_function_check(callable)) {
        /* Inlined Python call: a new frame in this same C activation. */
        WfFunctionObject *func = (WfFunctionObject *)callable;
        WfStackRef kw = call_kwnames ? PEEK(1) : WF_STACKREF_NULL;
        SYNC_SP();
        WfFrame *nf = wf_frame_push_uninit(ts, func, NULL);
        if (nf == NULL)
            goto error;
        WfCodeObject *co = wf_frame_code(nf);   /* not func's: __code__ may change meanwhile */
        if (nkw == 0 && npos == co->co_argcount && co->co_kwonlyargcount == 0 &&
            !(co->co_flags & (WF_CO_VARARGS | WF_CO_VARKEYWORDS))) {
            /* Exact positional arguments: move them in, clear the rest. */
            WfStackRef *dst = nf->localsplus;
            for (wf_ssize_t i = 0; i < npos; i++)
                dst[i] = call_args[i];
            for (WfStackRef *p = dst + npos; p < nf->stackpointer; p++)
                p->bits = 0;
        } else {
            memset(nf->localsplus, 0, (size_t)co->co_nlocalsplus * sizeof(WfStackRef));
            if (wf_frame_bind_args(ts, nf, func, call_args, npos, call_kwnames) < 0) {
                /* The arguments are gone; keep the callable for the unwinder. */
                stack_pointer = callable_p + 1;
                SYNC_SP();
                wf_frame_clear_and_pop(ts, nf);
                ev_close(kw);
                HOLD_SP();
                goto error;
            }
        }
        WfStackRef fn = callable_p[0];
        stack_pointer = callable_p;
        SYNC_SP();
        ev_close(fn);   /* the new frame holds the function */
        ev_close(kw);
        frame->return_offset = (uint16_t)(next_instr - frame->instr_ptr);
        nf->previous = frame;
        ts->current_frame = nf;
        frame = nf;
        goto start_frame;
    }

    /* Any other callable: vectorcall with borrowed pointers. */
    WfObject *small[1 + WF_SMALL_ARGS];
    WfObject **argv = small;
    WfObject *res;
    if (call_total > WF_SMALL_ARGS) {
        argv = wf_mem_malloc(sizeof(WfObject *) * (size_t)(call_total + 1));
        if (argv == NULL) {
            wf_err_no_memory();
            goto error;
        }
    }
    for (wf_ssize_t i = 0; i < call_total; i++)
        argv[1 + i] = OBJ(call_args[i]);
    ESCAPING_CALL(res = wf_object_vectorcall(callable, argv + 1,
                                             (size_t)npos | WF_VECTORCALL_ARGUMENTS_OFFSET,
                                             nkw ? call_kwnames : NULL));
    if (argv != small)
        wf_mem_free(argv);
    if (res == NULL)
        goto error;
    REPLACE_INPUTS((int)(stack_pointer - callable_p), ev_steal(res));
    CHECK_EVAL_BREAKER();
    DISPATCH();
}

    /* ---- leaving a frame ---- */
do_return: {
    WfFrame *prev = frame->previous;
    SYNC_SP();
    /* (After RETURN_GENERATOR the husk has no code: nothing to check.) */
    wf_assert(wf_stackref_is_null(frame->f_executable) ||
              stack_pointer == wf_frame_stack_base(frame));
    ts->recursion_remaining++;
    ts->current_frame = prev;
    if (frame->owner == WF_FRAME_OWNED_BY_GENERATOR) {
        /* To C: a counted reference, which survives the frame's teardown. */
        WfObject *res = ev_to_obj_steal(retval);
        wf_gen_store_state(gen_of_frame(frame), WF_GEN_COMPLETED);
        frame->previous = NULL;
        wf_gen_clear_frame(gen_of_frame(frame));
        wf_leave_recursive_call();
        return res;
    }
    if (frame->is_entry) {
        WfObject *res = ev_to_obj_steal(retval);
        wf_frame_clear_and_pop(ts, frame);
        wf_leave_recursive_call();
        return res;
    }
    /* To a Python caller: the value goes onto the caller's stack, where its
     * call left the stack pointer spilled, before the callee's teardown can
     * run __del__ and reach a safe point. There it is a root of this thread
     * like any slot, so a borrowed value stays borrowed (promoted with the
     * caller's slots: docs/containers-threads.md, rule 8) and a shared
     * module constant returned by a function is not counted. */
    *prev->stackpointer++ = retval;
    wf_frame_clear_and_pop(ts, frame);
    frame = prev;
    next_instr = frame->instr_ptr + frame->return_offset;
    stack_pointer = frame->stackpointer;
    DISPATCH();
}

error:
    SYNC_SP();
    wf_assert(wf_err_occurred());
    wf_traceback_add(frame);
    HOLD_SP();

exception_unwind: {
    int offset = unwind_offset >= 0 ? unwind_offset : wf_frame_lasti(frame);
    unwind_offset = -1;
    const WfExceptionTableEntry *h = wf_code_find_handler(CODE(), offset);
    if (h == NULL)
        goto exit_unwind;
    /* Hold the exception aside: destructors run by the closes below must
     * not see it pending. */
    WfObject *exc = wf_err_get_raised();
    WfStackRef *target_sp = wf_frame_stack_base(frame) + h->depth;
    wf_assert(stack_pointer >= target_sp);
    while (stack_pointer > target_sp) {
        WfStackRef r = POP();
        CLOSE(r);
    }
    if (h->push_lasti) {
        WfObject *lasti = wf_int_from_int64(wf_frame_lasti(frame));
        if (lasti == NULL) {
            /* MemoryError while handling: report the original exception. */
            wf_err_clear();
            lasti = WF_NONE;
        }
        PUSH(ev_steal(lasti));
    }
    PUSH(ev_steal(exc));
    next_instr = frame->bytecode + h->target;
    DISPATCH();
}

exit_unwind: {
    /* No handler here: empty the value stack and pop the frame, holding the
     * exception aside while destructors may run. */
    WfObject *exc = wf_err_get_raised();
    WfStackRef *base = wf_frame_stack_base(frame);
    while (stack_pointer > base) {
        WfStackRef r = POP();
        CLOSE(r);
    }
    SYNC_SP();
    WfFrame *prev = frame->previous;
    ts->recursion_remaining++;
    ts->current_frame = prev;
    if (frame->owner == WF_FRAME_OWNED_BY_GENERATOR) {
        wf_gen_store_state(gen_of_frame(frame), WF_GEN_COMPLETED);
        frame->previous = NULL;
        wf_gen_clear_frame(gen_of_frame(frame));
        wf_err_set_raised(exc);
        wf_leave_recursive_call();
        return NULL;
    }
    if (frame->is_entry) {
        wf_frame_clear_and_pop(ts, frame);
        wf_err_set_raised(exc);
        wf_leave_recursive_call();
        return NULL;
    }
    wf_frame_clear_and_pop(ts, frame);
    wf_err_set_raised(exc);
    frame = prev;
    stack_pointer = frame->stackpointer;
    goto error;
}

#undef SYNC_SP
#undef HOLD_SP
#undef ESCAPING_CALL
#undef CLOSE
#undef REPLACE_INPUTS
#undef PEEK
#undef POKE
#undef PUSH
#undef POP
#undef STACK_SHRINK
#undef OBJ
#undef CODE
#undef GETNAME
#undef GETCONST
#undef LOCAL
#undef JUMPBY
#undef INSTRUCTION_START
#undef NEXTOPARG
#undef TARGET
#undef DISPATCH_GOTO
#undef DISPATCH
#undef CHECK_EVAL_BREAKER
}
