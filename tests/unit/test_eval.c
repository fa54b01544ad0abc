/* test_eval.c — the eval loop on hand-assembled bytecode (no compiler):
 * arithmetic, a loop, calls (inlined Python calls and recursion), an
 * exception caught through the exception table, an uncaught exception's
 * traceback, argument-binding errors, and a generator.
 */
#include <string.h>

#include "compiler/opcode.h"
#include "runtime/frame.h"
#include "runtime/runtime.h"
#include "stackref/roots.h"
#include "tests/tap.h"

/* ---- a tiny assembler ----------------------------------------------------- */

typedef struct Asm {
    WfCodeUnit code[256];
    int n;
    WfObject *consts;   /* list */
    WfExceptionTableEntry handlers[4];
    int nhandlers;
} Asm;

static void asm_init(Asm *a) {
    memset(a, 0, sizeof *a);
    a->consts = wf_list_new(0);
}

/* Emits op (with its zeroed cache units); returns its unit offset. */
static int emit(Asm *a, int op, int arg) {
    int at = a->n;
    a->code[a->n].op.opcode = (uint8_t)op;
    a->code[a->n].op.arg = (uint8_t)arg;
    a->n++;
    for (int i = 0; i < wf_opcode_cache_size[op]; i++)
        a->code[a->n++].cache = 0;
    return at;
}

/* Points the jump at `at` to `target` (relative to the unit after its caches). */
static void patch(Asm *a, int at, int target) {
    int op = a->code[at].op.opcode;
    int after = at + 1 + wf_opcode_cache_size[op];
    a->code[at].op.arg = (uint8_t)(op == JUMP_BACKWARD || op == JUMP_BACKWARD_NO_INTERRUPT
                                       ? after - target : target - after);
}

static int konst(Asm *a, WfObject *v) {
    wf_list_append(a->consts, v);
    return (int)WF_LIST_SIZE(a->consts) - 1;
}

static void handler(Asm *a, int start, int end, int target, int depth, int lasti) {
    WfExceptionTableEntry *e = &a->handlers[a->nhandlers++];
    e->start = (uint32_t)start;
    e->end = (uint32_t)end;
    e->target = (uint32_t)target;
    e->depth = (uint16_t)depth;
    e->push_lasti = (uint8_t)lasti;
}

static WfObject *names_tuple(const char *const *names, int n) {
    WfObject *t = wf_tuple_new(n);
    for (int i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(t, i, wf_str_intern_cstr(names[i]));
    return t;
}

static WfObject *assemble(Asm *a, const char *name, int argcount, const char *const *locals,
                          int nlocals, const char *const *names, int nnames, int flags,
                          int stacksize) {
    uint8_t kinds[16];
    for (int i = 0; i < nlocals; i++)
        kinds[i] = WF_LOCALS_KIND_LOCAL;
    WfLocationEntry loc = {.start = 0, .lineno = 7, .end_lineno = 7, .col = -1, .end_col = -1};
    WfCodeSpec spec = {
        .argcount = argcount,
        .flags = flags,
        .stacksize = stacksize,
        .firstlineno = 7,
        .consts = wf_list_as_tuple(a->consts),
        .names = names_tuple(names, nnames),
        .localsplusnames = names_tuple(locals, nlocals),
        .localspluskinds = kinds,
        .filename = wf_str_from_cstr("<test>"),
        .name = wf_str_from_cstr(name),
        .qualname = wf_str_from_cstr(name),
        .code = a->code,
        .code_size = a->n,
        .exceptiontable = a->handlers,
        .exceptiontable_len = a->nhandlers,
        .locations = &loc,
        .locations_len = 1,
    };
    return wf_code_new(&spec);
}

static WfObject *small(long v) { return wf_int_from_long(v); }

static long run_long(WfObject *code, WfObject *globals) {
    WfObject *r = wf_eval_code(code, globals, globals);
    if (r == NULL) {
        wf_err_clear();
        return -999999;
    }
    long v = wf_int_check(r) ? wf_int_as_long(r) : -888888;
    wf_decref(r);
    return v;
}

static WfObject *new_globals(void) {
    WfObject *g = wf_dict_new();
    wf_dict_set_item_str(g, "__name__", wf_str_from_cstr("__test__"));
    return g;
}

/* ---- tests ------------------------------------------------------------- */

static void test_arith(void) {
    Asm a;
    asm_init(&a);
    emit(&a, RESUME, 0);
    emit(&a, LOAD_CONST, konst(&a, small(2)));
    emit(&a, LOAD_CONST, konst(&a, small(3)));
    emit(&a, LOAD_CONST, konst(&a, small(4)));
    emit(&a, BINARY_OP, WF_NB_MULTIPLY);
    emit(&a, BINARY_OP, WF_NB_ADD);
    emit(&a, LOAD_CONST, konst(&a, small(1000000)));
    emit(&a, BINARY_OP, WF_NB_MULTIPLY);   /* 14e6: not a small int */
    emit(&a, LOAD_CONST, konst(&a, small(-7)));
    emit(&a, BINARY_OP, WF_NB_FLOOR_DIVIDE);
    emit(&a, RETURN_VALUE, 0);
    WfObject *code = assemble(&a, "<module>", 0, NULL, 0, NULL, 0, 0, 3);
    is_int(run_long(code, new_globals()), -2000000, "(2 + 3 * 4) * 1000000 // -7");
}

/* i = 0; s = 0; while i < 100: s += i; i += 1; return s */
static void test_loop(void) {
    Asm a;
    asm_init(&a);
    int c0 = konst(&a, small(0)), c100 = konst(&a, small(100)), c1 = konst(&a, small(1));
    emit(&a, RESUME, 0);
    emit(&a, LOAD_CONST, c0);
    emit(&a, STORE_FAST, 0);
    emit(&a, LOAD_CONST, c0);
    emit(&a, STORE_FAST, 1);
    int top = emit(&a, LOAD_FAST, 0);
    emit(&a, LOAD_CONST, c100);
    emit(&a, COMPARE_OP, WF_LT);
    int jf = emit(&a, POP_JUMP_IF_FALSE, 0);
    emit(&a, LOAD_FAST, 1);
    emit(&a, LOAD_FAST, 0);
    emit(&a, BINARY_OP, WF_NB_INPLACE_ADD);
    emit(&a, STORE_FAST, 1);
    emit(&a, LOAD_FAST, 0);
    emit(&a, LOAD_CONST, c1);
    emit(&a, BINARY_OP, WF_NB_INPLACE_ADD);
    emit(&a, STORE_FAST, 0);
    int jb = emit(&a, JUMP_BACKWARD, 0);
    patch(&a, jb, top);
    int end = emit(&a, LOAD_FAST, 1);
    patch(&a, jf, end);
    emit(&a, RETURN_VALUE, 0);
    const char *locals[] = {"i", "s"};
    WfObject *code = assemble(&a, "loop", 0, locals, 2, NULL, 0, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 2);
    WfObject *g = new_globals();
    WfObject *f = wf_function_new(code, g, NULL);
    WfObject *r = wf_function_vectorcall(f, NULL, 0, NULL);
    ok(r && wf_int_check(r) && wf_int_as_long(r) == 4950, "while loop sums 0..99");
    wf_xdecref(r);
}

/* def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2) */
static WfObject *fib_code(void) {
    Asm a;
    asm_init(&a);
    int c2 = konst(&a, small(2)), c1 = konst(&a, small(1));
    emit(&a, RESUME, 0);
    emit(&a, LOAD_FAST, 0);
    emit(&a, LOAD_CONST, c2);
    emit(&a, COMPARE_OP, WF_LT);
    int jf = emit(&a, POP_JUMP_IF_FALSE, 0);
    emit(&a, LOAD_FAST, 0);
    emit(&a, RETURN_VALUE, 0);
    int els = emit(&a, LOAD_GLOBAL, (0 << 1) | 1);
    patch(&a, jf, els);
    emit(&a, LOAD_FAST, 0);
    emit(&a, LOAD_CONST, c1);
    emit(&a, BINARY_OP, WF_NB_SUBTRACT);
    emit(&a, CALL, 1);
    emit(&a, LOAD_GLOBAL, (0 << 1) | 1);
    emit(&a, LOAD_FAST, 0);
    emit(&a, LOAD_CONST, c2);
    emit(&a, BINARY_OP, WF_NB_SUBTRACT);
    emit(&a, CALL, 1);
    emit(&a, BINARY_OP, WF_NB_ADD);
    emit(&a, RETURN_VALUE, 0);
    const char *locals[] = {"n"};
    const char *names[] = {"fib"};
    return assemble(&a, "fib", 1, locals, 1, names, 1, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 5);
}

static void test_calls(void) {
    WfObject *g = new_globals();
    WfObject *fib = wf_function_new(fib_code(), g, NULL);
    wf_dict_set_item_str(g, "fib", fib);
    /* from bytecode: fib(20) through inlined calls */
    Asm a;
    asm_init(&a);
    emit(&a, RESUME, 0);
    emit(&a, LOAD_GLOBAL, (0 << 1) | 1);
    emit(&a, LOAD_CONST, konst(&a, small(20)));
    emit(&a, CALL, 1);
    emit(&a, RETURN_VALUE, 0);
    const char *names[] = {"fib"};
    WfObject *code = assemble(&a, "<module>", 0, NULL, 0, names, 1, 0, 3);
    is_int(run_long(code, g), 6765, "fib(20) with inlined recursive calls");
    /* from C */
    WfObject *arg = small(15);
    WfObject *r = wf_function_vectorcall(fib, &arg, 1, NULL);
    ok(r && wf_int_as_long(r) == 610, "fib(15) called from C");
    wf_xdecref(r);
    /* binding errors */
    r = wf_function_vectorcall(fib, NULL, 0, NULL);
    ok(r == NULL && wf_err_exception_matches(wf_exc_TypeError), "missing argument raises TypeError");
    WfObject *exc = wf_err_get_raised();
    WfObject *s = exc ? wf_object_str(exc) : NULL;
    is_str(s ? wf_str_as_utf8(s) : NULL, "fib() missing 1 required positional argument: 'n'",
           "CPython's message for a missing argument");
    wf_xdecref(s);
    wf_xdecref(exc);
    WfObject *two[2] = {small(1), small(2)};
    r = wf_function_vectorcall(fib, two, 2, NULL);
    exc = wf_err_get_raised();
    s = exc ? wf_object_str(exc) : NULL;
    is_str(s ? wf_str_as_utf8(s) : NULL, "fib() takes 1 positional argument but 2 were given",
           "CPython's message for too many arguments");
    wf_xdecref(s);
    wf_xdecref(exc);
}

/* try: x (unbound) except UnboundLocalError: return 42 */
static void test_exception_table(void) {
    Asm a;
    asm_init(&a);
    int cexc = konst(&a, wf_exc_UnboundLocalError), c42 = konst(&a, small(42));
    emit(&a, RESUME, 0);
    int t0 = emit(&a, LOAD_FAST_CHECK, 0);
    emit(&a, RETURN_VALUE, 0);
    int t1 = a.n;
    /* handler: (exc) */
    int h = emit(&a, PUSH_EXC_INFO, 0);
    emit(&a, LOAD_CONST, cexc);
    emit(&a, CHECK_EXC_MATCH, 0);
    int jf = emit(&a, POP_JUMP_IF_FALSE, 0);
    emit(&a, POP_TOP, 0);
    emit(&a, POP_EXCEPT, 0);
    emit(&a, LOAD_CONST, c42);
    emit(&a, RETURN_VALUE, 0);
    int rr = emit(&a, RERAISE, 0);
    patch(&a, jf, rr);
    int h1 = a.n;
    int cleanup = emit(&a, COPY, 3);
    emit(&a, POP_EXCEPT, 0);
    emit(&a, RERAISE, 1);
    handler(&a, t0, t1, h, 0, 0);
    handler(&a, h, h1, cleanup, 1, 1);
    const char *locals[] = {"x"};
    WfObject *code = assemble(&a, "catch", 0, locals, 1, NULL, 0, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 4);
    WfObject *f = wf_function_new(code, new_globals(), NULL);
    WfThreadState *ts = wf_tstate_get();
    WfObject *r = wf_function_vectorcall(f, NULL, 0, NULL);
    ok(r && wf_int_check(r) && wf_int_as_long(r) == 42, "exception caught by a table entry");
    ok(ts->exc_info->exc_value == NULL, "POP_EXCEPT restored the handled exception");
    ok(!wf_err_occurred(), "no exception left pending");
    wf_xdecref(r);

    /* Uncaught: the error escapes with a traceback entry for the frame. */
    Asm b;
    asm_init(&b);
    emit(&b, RESUME, 0);
    emit(&b, LOAD_FAST_CHECK, 0);
    emit(&b, RETURN_VALUE, 0);
    code = assemble(&b, "boom", 0, locals, 1, NULL, 0, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 1);
    f = wf_function_new(code, new_globals(), NULL);
    r = wf_function_vectorcall(f, NULL, 0, NULL);
    WfObject *exc = wf_err_get_raised();
    ok(r == NULL && exc && wf_err_given_exception_matches(exc, wf_exc_UnboundLocalError),
       "uncaught UnboundLocalError propagates");
    WfObject *s = exc ? wf_object_str(exc) : NULL;
    is_str(s ? wf_str_as_utf8(s) : NULL,
           "cannot access local variable 'x' where it is not associated with a value",
           "UnboundLocalError message");
    WfTracebackObject *tb = exc ? (WfTracebackObject *)wf_exception_get_traceback(exc) : NULL;
    ok(tb && tb->tb_lineno == 7 && tb->tb_next == NULL, "one traceback entry, at line 7");
    ok(tb && tb->tb_lasti == 2, "tb_lasti is the byte offset of the failing instruction");
    ok(ts->current_frame == NULL, "frame chain unwound");
    wf_xdecref(s);
    wf_xdecref(exc);
}

/* def g(): yield 1; x = yield 2; return x */
static void test_generator(void) {
    Asm a;
    asm_init(&a);
    int c1 = konst(&a, small(1)), c2 = konst(&a, small(2));
    emit(&a, RETURN_GENERATOR, 0);
    emit(&a, RESUME, 0);
    emit(&a, LOAD_CONST, c1);
    emit(&a, YIELD_VALUE, 0);
    emit(&a, RESUME, 1);
    emit(&a, POP_TOP, 0);
    emit(&a, LOAD_CONST, c2);
    emit(&a, YIELD_VALUE, 0);
    emit(&a, RESUME, 1);
    emit(&a, STORE_FAST, 0);
    emit(&a, LOAD_FAST, 0);
    emit(&a, RETURN_VALUE, 0);
    const char *locals[] = {"x"};
    WfObject *code = assemble(&a, "g", 0, locals, 1, NULL, 0,
                              WF_CO_OPTIMIZED | WF_CO_NEWLOCALS | WF_CO_GENERATOR, 2);
    WfObject *f = wf_function_new(code, new_globals(), NULL);
    WfObject *gen = wf_function_vectorcall(f, NULL, 0, NULL);
    ok(gen && wf_gen_check(gen), "calling a generator function returns a generator");
    if (gen == NULL) {
        wf_err_clear();
        return;
    }
    WfGenObject *g = (WfGenObject *)gen;
    ok(g->gi_frame_state == WF_GEN_CREATED, "created, not started");
    WfObject *v;
    int st = wf_gen_send_ex(g, NULL, 0, &v);
    ok(st == 0 && v == small(1), "first next() yields 1");
    st = wf_gen_send_ex(g, NULL, 0, &v);
    ok(st == 0 && v == small(2), "second next() yields 2");
    ok(g->gi_frame_state == WF_GEN_SUSPENDED, "suspended between yields");
    WfObject *sent = small(99);
    st = wf_gen_send_ex(g, sent, 0, &v);
    ok(st == 1 && v == sent, "send(99) makes it return 99");
    ok(g->gi_frame_state == WF_GEN_COMPLETED, "completed");
    st = wf_gen_send_ex(g, NULL, 0, &v);
    ok(st == -1 && !wf_err_occurred(), "next() on a finished generator: exhausted, no error");
    ok(wf_tstate_get()->current_frame == NULL, "no frame left linked");
    wf_decref(gen);
}

/* ---- the exactness rule -------------------------------------------------
 * A C function called from bytecode walks the thread's roots the way the
 * collector will: every frame must have its stack pointer spilled (the
 * walker asserts it in debug builds) and the operands still needed by the
 * calling instructions must be among the slots it yields. */

static WfObject *walk_marker;
static int walk_seen, walk_frames;

static void walk_visit(WfStackRef *ref, void *arg) {
    if (wf_stackref_borrow_obj(*ref) == walk_marker)
        walk_seen++;
}

static WfObject *walk_roots(WfObject *self, WfObject *unused) {
    walk_seen = 0;
    walk_frames = wf_roots_visit_thread(wf_tstate_get(), walk_visit, NULL);
    return wf_newref(WF_NONE);
}

static WfMethodDef walk_def = {"walk", (void *)walk_roots, WF_METH_NOARGS, NULL};

/* def inner(): return (marker, walk()); outer: return (marker, inner()) */
static void test_exact_roots(void) {
    WfObject *g = new_globals();
    walk_marker = wf_float_from_double(2.5);
    WfObject *walk = wf_cfunction_new(&walk_def, NULL, NULL);
    wf_dict_set_item_str(g, "walk", walk);
    const char *names_inner[] = {"walk"};
    Asm a;
    asm_init(&a);
    emit(&a, RESUME, 0);
    emit(&a, LOAD_CONST, konst(&a, walk_marker));
    emit(&a, LOAD_GLOBAL, (0 << 1) | 1);
    emit(&a, CALL, 0);
    emit(&a, BUILD_TUPLE, 2);
    emit(&a, RETURN_VALUE, 0);
    WfObject *inner = wf_function_new(
        assemble(&a, "inner", 0, NULL, 0, names_inner, 1, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 3), g,
        NULL);
    wf_dict_set_item_str(g, "inner", inner);
    Asm b;
    asm_init(&b);
    const char *names_outer[] = {"inner"};
    emit(&b, RESUME, 0);
    emit(&b, LOAD_CONST, konst(&b, walk_marker));
    emit(&b, LOAD_GLOBAL, (0 << 1) | 1);
    emit(&b, CALL, 0);
    emit(&b, BUILD_TUPLE, 2);
    emit(&b, RETURN_VALUE, 0);
    WfObject *outer = wf_function_new(
        assemble(&b, "outer", 0, NULL, 0, names_outer, 1, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS, 3), g,
        NULL);
    WfObject *r = wf_function_vectorcall(outer, NULL, 0, NULL);
    ok(r != NULL, "outer() ran");
    is_int(walk_frames, 2, "the walk saw the inlined callee and its caller");
    is_int(walk_seen, 2, "each frame's pending operand was a visible root");
    wf_xdecref(r);
}

int main(void) {
    if (wf_runtime_init() < 0) {
        printf("Bail out! runtime init failed\n");
        return 1;
    }
    plan(27);
    test_arith();
    test_loop();
    test_calls();
    test_exception_table();
    test_generator();
    test_exact_roots();
    return done_testing();
}
