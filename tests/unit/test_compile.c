/* test_compile.c — the compiler back end: symbol tables, code generation,
 * the assembler and code objects. Compiles snippets, checks instruction
 * sequences, stack sizes, tables, names and syntax errors. */
#include <stdarg.h>
#include <string.h>

#include "compiler/compiler.h"
#include "compiler/opcode.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

typedef struct Ins {
    int op, arg, offset;
} Ins;

/* Decodes co_code: EXTENDED_ARG merged, caches skipped. */
static int decode(WfCodeObject *co, Ins *out, int max) {
    int n = 0, ext = 0;
    for (int pos = 0; pos < co->co_size && n < max; pos++) {
        int op = co->co_code[pos].op.opcode, arg = co->co_code[pos].op.arg | ext;
        if (op == EXTENDED_ARG) {
            ext = arg << 8;
            continue;
        }
        ext = 0;
        out[n++] = (Ins){op, arg, pos};
        pos += wf_opcode_cache_size[op];
    }
    return n;
}

static WfObject *compile_mode(const char *src, WfCompileMode mode) {
    WfObject *fn = wf_str_from_cstr("t.py");
    WfObject *co = wf_compile_source(src, strlen(src), fn, mode);
    wf_decref(fn);
    return co;
}

static WfObject *compile(const char *src) {
    WfObject *co = compile_mode(src, WF_COMPILE_EXEC);
    if (co == NULL) {
        WfObject *e = wf_err_get_raised();
        WfObject *r = e ? wf_object_repr(e) : NULL;
        diag("compile failed: %s", r ? wf_str_as_utf8(r) : "?");
        wf_xdecref(r);
        wf_xdecref(e);
    }
    return co;
}

/* The first nested code object named name (depth-first), or NULL. */
static WfCodeObject *find_code(WfObject *code, const char *name) {
    WfCodeObject *co = (WfCodeObject *)code;
    if (wf_str_equal_cstr(co->co_name, name))
        return co;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(co->co_consts); i++) {
        WfObject *c = WF_TUPLE_ITEM(co->co_consts, i);
        if (wf_code_check(c)) {
            WfCodeObject *r = find_code(c, name);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* Does the code contain the opcodes given (terminated by -1) consecutively? */
static bool has_seq(WfCodeObject *co, ...) {
    int want[64], nw = 0;
    va_list va;
    va_start(va, co);
    for (int op; (op = va_arg(va, int)) >= 0 && nw < 64;)
        want[nw++] = op;
    va_end(va);
    static Ins ins[4096];
    int n = decode(co, ins, 4096);
    for (int i = 0; i + nw <= n; i++) {
        int k = 0;
        while (k < nw && ins[i + k].op == want[k])
            k++;
        if (k == nw)
            return true;
    }
    return false;
}

static int count_op(WfCodeObject *co, int op) {
    static Ins ins[4096];
    int n = decode(co, ins, 4096), k = 0;
    for (int i = 0; i < n; i++)
        k += ins[i].op == op;
    return k;
}

static int first_arg(WfCodeObject *co, int op) {
    static Ins ins[4096];
    int n = decode(co, ins, 4096);
    for (int i = 0; i < n; i++)
        if (ins[i].op == op)
            return ins[i].arg;
    return -1;
}

static const char *name_at(WfObject *tuple, int i) {
    if (i < 0 || i >= WF_TUPLE_SIZE(tuple))
        return "(out of range)";
    return wf_str_as_utf8(WF_TUPLE_ITEM(tuple, i));
}

static char *dis_text(WfObject *co) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wf_code_disassemble(co, f);
    fclose(f);
    return buf;
}

/* ---- syntax errors ------------------------------------------------------ */

static void check_error(const char *src, const char *msg, int lineno, int offset) {
    WfObject *co = compile_mode(src, WF_COMPILE_EXEC);
    if (co != NULL) {
        ok(0, "error '%s': compiled", msg);
        wf_decref(co);
        skip(2, "no error");
        return;
    }
    WfObject *e = wf_err_get_raised();
    WfObject *m = e ? wf_object_getattr_cstr(e, "msg") : NULL;
    is_str(m ? wf_str_as_utf8(m) : NULL, msg, "error message '%s'", msg);
    WfObject *l = e ? wf_object_getattr_cstr(e, "lineno") : NULL;
    WfObject *o = e ? wf_object_getattr_cstr(e, "offset") : NULL;
    is_int(l ? wf_int_as_long(l) : -99, lineno, "  lineno of '%s'", msg);
    is_int(o ? wf_int_as_long(o) : -99, offset, "  offset of '%s'", msg);
    wf_err_clear();
    wf_xdecref(m);
    wf_xdecref(l);
    wf_xdecref(o);
    wf_xdecref(e);
}

static void test_errors(void) {
    check_error("x = 1\nreturn 5\n", "'return' outside function", 2, 1);
    check_error("class A:\n    return\n", "'return' outside function", 2, 5);
    check_error("yield 1\n", "'yield' outside function", 1, 1);
    check_error("if x:\n    break\n", "'break' outside loop", 2, 5);
    check_error("def f():\n    continue\n", "'continue' not properly in loop", 2, 5);
    check_error("def f():\n    x = 1\n    global x\n",
                "name 'x' is assigned to before global declaration", 3, 5);
    check_error("def f():\n    print(x)\n    global x\n",
                "name 'x' is used prior to global declaration", 3, 5);
    check_error("def f(x):\n    global x\n", "name 'x' is parameter and global", 2, 5);
    check_error("def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x\n",
                "name 'x' is assigned to before nonlocal declaration", 5, 9);
    check_error("nonlocal x\n", "nonlocal declaration not allowed at module level", 1, 1);
    check_error("def f():\n    nonlocal y\n", "no binding for nonlocal 'y' found", 2, 5);
    check_error("def f(a, b, a):\n    pass\n", "duplicate argument 'a' in function definition",
                1, 13);
    check_error("def f():\n    from os import *\n", "import * only allowed at module level", 2,
                20);
    check_error("__debug__ = 1\n", "cannot assign to __debug__", 1, 1);
    check_error("f(a=1, a=2)\n", "keyword argument repeated: a", 1, 8);
    check_error("[(yield x) for x in y]\n", "'yield' inside list comprehension", 1, 3);
    /* 21 nested loops */
    char src[4096];
    int p = 0;
    for (int i = 0; i < 21; i++)
        p += snprintf(src + p, sizeof(src) - (size_t)p, "%*sfor x%d in y:\n", i, "", i);
    snprintf(src + p, sizeof(src) - (size_t)p, "%*spass\n", 21, "");
    check_error(src, "too many statically nested blocks", 21, 21);
}

/* ---- code generation --------------------------------------------------- */

static void test_module_basics(void) {
    WfObject *co = compile("x = 1\nprint(x)\n");
    ok(co != NULL, "compiles a module");
    if (!co)
        return;
    WfCodeObject *c = (WfCodeObject *)co;
    is_str(wf_str_as_utf8(c->co_name), "<module>", "module name");
    ok(c->co_code[0].op.opcode == RESUME && c->co_code[0].op.arg == 0, "starts with RESUME 0");
    ok(has_seq(c, LOAD_CONST, STORE_NAME, LOAD_NAME, PUSH_NULL, LOAD_NAME, CALL, POP_TOP,
               RETURN_CONST, -1),
       "x = 1; print(x) sequence");
    is_int(c->co_stacksize, 3, "stack size of print(x)");
    is_int(c->co_flags, 0, "module flags");
    wf_decref(co);
}

static void test_consts(void) {
    WfObject *co = compile("a = 1\nb = 1.0\nc = True\nd = 1\ne = 'x'\nf = 'x'\ng = -0.0\nh = 0.0\n");
    if (!co) {
        skip(2, "no code");
        return;
    }
    WfCodeObject *c = (WfCodeObject *)co;
    /* 1, 1.0, True, 'x', -0.0, 0.0, None */
    is_int(WF_TUPLE_SIZE(c->co_consts), 7, "1, 1.0, True stay distinct, 'x' is shared");
    WfObject *r = wf_object_repr(c->co_consts);
    is_str(r ? wf_str_as_utf8(r) : NULL, "(1, 1.0, True, 'x', -0.0, 0.0, None)", "co_consts");
    wf_xdecref(r);
    wf_decref(co);
}

static void test_function(void) {
    WfObject *co = compile("def f(a, b=2, *args, c, d=4, **kw):\n"
                           "    'doc'\n"
                           "    return a + b\n");
    WfCodeObject *f = co ? find_code(co, "f") : NULL;
    ok(f != NULL, "function code object");
    if (!f) {
        skip(8, "no code");
        wf_xdecref(co);
        return;
    }
    is_int(f->co_argcount, 2, "co_argcount");
    is_int(f->co_kwonlyargcount, 2, "co_kwonlyargcount");
    is_int(f->co_flags, WF_CO_OPTIMIZED | WF_CO_NEWLOCALS | WF_CO_VARARGS | WF_CO_VARKEYWORDS,
           "co_flags");
    is_str(name_at(f->co_localsplusnames, 4), "args", "*args after kwonly");
    is_str(name_at(f->co_localsplusnames, 5), "kw", "**kw last");
    WfObject *doc = WF_TUPLE_ITEM(f->co_consts, 0);
    ok(wf_str_check(doc) && wf_str_equal_cstr(doc, "doc"), "docstring is co_consts[0]");
    ok(has_seq(f, RESUME, LOAD_FAST_BORROW, LOAD_FAST_BORROW, BINARY_OP, RETURN_VALUE, -1),
       "a + b: both operands borrowed");
    WfCodeObject *m = (WfCodeObject *)co;
    ok(has_seq(m, LOAD_CONST, LOAD_CONST, LOAD_CONST, BUILD_CONST_KEY_MAP, LOAD_CONST,
               MAKE_FUNCTION, STORE_NAME, -1),
       "defaults, kwdefaults, MAKE_FUNCTION");
    is_int(first_arg(m, MAKE_FUNCTION), 3, "MAKE_FUNCTION flags");
    wf_decref(co);

    co = compile("def g():\n    return 1\n");
    WfCodeObject *g = co ? find_code(co, "g") : NULL;
    ok(g && WF_TUPLE_ITEM(g->co_consts, 0) == WF_NONE, "no docstring: co_consts[0] is None");
    ok(g && has_seq(g, RESUME, RETURN_CONST, -1), "return 1 is RETURN_CONST");
    wf_xdecref(co);
}

static void test_calls(void) {
    WfObject *co = compile("o.m(1, k=2)\nf(*a, **k)\ng(x)\n");
    if (!co) {
        skip(4, "no code");
        return;
    }
    WfCodeObject *c = (WfCodeObject *)co;
    ok(has_seq(c, LOAD_NAME, LOAD_ATTR, LOAD_CONST, LOAD_CONST, LOAD_CONST, CALL_KW, -1),
       "method call with keywords");
    ok((first_arg(c, LOAD_ATTR) & 1) == 1, "LOAD_ATTR with the method bit");
    ok(has_seq(c, LOAD_NAME, PUSH_NULL, LOAD_NAME, BUILD_MAP, LOAD_NAME, DICT_MERGE,
               CALL_FUNCTION_EX, -1),
       "f(*a, **k)");
    is_int(first_arg(c, CALL_FUNCTION_EX), 1, "CALL_FUNCTION_EX with kwargs");
    wf_decref(co);

    co = compile("def h():\n    return len(x)\n");
    WfCodeObject *h = co ? find_code(co, "h") : NULL;
    ok(h && has_seq(h, LOAD_GLOBAL, LOAD_GLOBAL, CALL, RETURN_VALUE, -1) &&
           (first_arg(h, LOAD_GLOBAL) & 1) == 1,
       "LOAD_GLOBAL with the NULL bit");
    wf_xdecref(co);
}

static void test_loops(void) {
    WfObject *co = compile("def f(n):\n"
                           "    t = 0\n"
                           "    for i in range(n):\n"
                           "        if i == 3:\n"
                           "            continue\n"
                           "        if i > 5:\n"
                           "            break\n"
                           "        t += i\n"
                           "    else:\n"
                           "        t = -1\n"
                           "    while t < 100:\n"
                           "        t *= 2\n"
                           "    return t\n");
    WfCodeObject *f = co ? find_code(co, "f") : NULL;
    ok(f != NULL, "loops compile");
    if (!f) {
        wf_xdecref(co);
        skip(5, "no code");
        return;
    }
    ok(count_op(f, FOR_ITER) == 1 && count_op(f, GET_ITER) == 1, "one FOR_ITER");
    ok(count_op(f, JUMP_BACKWARD) >= 3, "backward jumps");
    ok(count_op(f, LOAD_FAST_CHECK) == 0, "all locals proven bound");
    ok(has_seq(f, POP_TOP, JUMP_FORWARD, -1) || has_seq(f, POP_TOP, JUMP_BACKWARD, -1),
       "break pops the iterator");
    /* check every jump lands inside the code */
    static Ins ins[1024];
    int n = decode(f, ins, 1024);
    bool okj = true;
    for (int i = 0; i < n; i++) {
        if (!wf_opcode_is_jump(ins[i].op))
            continue;
        int after = ins[i].offset + 1 + wf_opcode_cache_size[ins[i].op];
        int t = (wf_opcode_flags[ins[i].op] & WF_OPF_JUMP_BACKWARD) ? after - ins[i].arg
                                                                     : after + ins[i].arg;
        bool lands = false;
        for (int k = 0; k < n; k++)
            lands |= ins[k].offset == t;
        okj &= lands;
    }
    ok(okj, "every jump lands on an instruction");
    wf_decref(co);
}

/* Counts LOAD_FAST and LOAD_FAST_BORROW in function `name` of `src`. */
static void borrow_counts(const char *src, int *plain, int *borrowed) {
    WfObject *co = compile(src);
    WfCodeObject *f = co ? find_code(co, "f") : NULL;
    *plain = f ? count_op(f, LOAD_FAST) : -1;
    *borrowed = f ? count_op(f, LOAD_FAST_BORROW) : -1;
    wf_xdecref(co);
}

/* assemble.c's borrow_fast_loads: a copy is borrowed only when a reader
 * consumes it in the same block before the local can change. */
static void test_borrowed_loads(void) {
    static const struct {
        const char *src;
        int plain, borrowed;
        const char *what;
    } cases[] = {
        {"def f(d, i, n):\n    while i < n:\n        i = i + d[i & 7]\n", 0, 7,
         "loop reads borrowed (the test twice)"},
        {"def f(a):\n    return a\n", 1, 0, "returned: counted"},
        {"def f(a):\n    b = a\n    return b\n", 2, 0, "stored into a local: counted"},
        {"def f(a, g):\n    return g(a)\n", 1, 1, "call argument borrowed, the callable counted"},
        {"def f(o, a):\n    return o.x + o.m(a, k=a)\n", 0, 4, "attribute owner, method self, arguments borrowed"},
        {"def f(a):\n    return [a].append(a)\n", 1, 1, "list item counted, argument borrowed"},
        {"def f(x):\n    return x + (x := 1)\n", 1, 0, "local rebound before the read: counted"},
        {"def f(s, t):\n    s = s + t\n    return s\n", 1, 2, "`s = s + t` borrowed, the return counted"},
        {"def f(c, a, b):\n    return (a if c else b) + 1\n", 2, 1, "value live across blocks: counted"},
        {"def f(l, v, i):\n    l[i] = v\n    del l[i]\n    return v is None\n", 0, 6,
         "subscript stores and deletes read borrowed"},
        {"def f(a):\n    x = [a, a]\n    return x\n", 3, 0, "items of a new list: counted"},
        {"def f(p, s):\n    x, y = p\n    for c in s:\n        x += c\n    return f'{x}{y}'\n", 0, 6,
         "unpacked, iterated and formatted in place"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int plain, borrowed;
        borrow_counts(cases[i].src, &plain, &borrowed);
        ok(plain == cases[i].plain && borrowed == cases[i].borrowed, "%s", cases[i].what);
        if (plain != cases[i].plain || borrowed != cases[i].borrowed)
            diag("LOAD_FAST %d (want %d), LOAD_FAST_BORROW %d (want %d)", plain, cases[i].plain,
                 borrowed, cases[i].borrowed);
    }
}

static void test_unbound_locals(void) {
    WfObject *co = compile("def f(c):\n"
                           "    if c:\n"
                           "        x = 1\n"
                           "    y = 2\n"
                           "    print(y)\n"
                           "    return x\n");
    WfCodeObject *f = co ? find_code(co, "f") : NULL;
    is_int(f ? count_op(f, LOAD_FAST_CHECK) : -1, 1, "x may be unbound: one LOAD_FAST_CHECK");
    wf_xdecref(co);
    co = compile("def g():\n    x = 1\n    del x\n    return x\n");
    f = co ? find_code(co, "g") : NULL;
    is_int(f ? count_op(f, LOAD_FAST_CHECK) : -1, 1, "deleted local: LOAD_FAST_CHECK");
    wf_xdecref(co);
}

static void test_try(void) {
    WfObject *co = compile("def f():\n"
                           "    try:\n"
                           "        a()\n"
                           "    except E as e:\n"
                           "        b(e)\n"
                           "    finally:\n"
                           "        c()\n");
    WfCodeObject *f = co ? find_code(co, "f") : NULL;
    ok(f != NULL, "try/except/finally compiles");
    if (!f) {
        wf_xdecref(co);
        skip(4, "no code");
        return;
    }
    ok(f->co_exceptiontable_len >= 3, "exception table entries");
    bool sorted = true;
    for (int i = 1; i < f->co_exceptiontable_len; i++)
        sorted &= f->co_exceptiontable[i].start >= f->co_exceptiontable[i - 1].end;
    ok(sorted, "entries sorted and disjoint");
    ok(has_seq(f, PUSH_EXC_INFO, LOAD_GLOBAL, CHECK_EXC_MATCH, POP_JUMP_IF_FALSE, STORE_FAST, -1),
       "except E as e");
    ok(has_seq(f, COPY, POP_EXCEPT, RERAISE, -1), "cleanup: COPY 3; POP_EXCEPT; RERAISE 1");
    const WfExceptionTableEntry *h = wf_code_find_handler(f, 3);
    ok(h != NULL && h->depth == 0 && !h->push_lasti, "body handler: depth 0, no lasti");
    wf_decref(co);
}

static void test_with(void) {
    WfObject *co = compile("with open(p) as f, g() as h:\n    f.read()\n");
    WfCodeObject *c = (WfCodeObject *)co;
    ok(co && count_op(c, BEFORE_WITH) == 2 && count_op(c, WITH_EXCEPT_START) == 2,
       "two with items");
    ok(co && has_seq(c, LOAD_CONST, LOAD_CONST, LOAD_CONST, CALL, POP_TOP, -1),
       "__exit__(None, None, None)");
    bool lasti = false;
    for (int i = 0; co && i < c->co_exceptiontable_len; i++)
        lasti |= c->co_exceptiontable[i].push_lasti && c->co_exceptiontable[i].depth == 1;
    ok(lasti, "with handler keeps __exit__ and pushes lasti");
    wf_xdecref(co);
}

static void test_closures(void) {
    WfObject *co = compile("def outer(a):\n"
                           "    b = 1\n"
                           "    def inner():\n"
                           "        nonlocal b\n"
                           "        b += a\n"
                           "        return b\n"
                           "    return inner\n");
    WfCodeObject *o = co ? find_code(co, "outer") : NULL, *in = co ? find_code(co, "inner") : NULL;
    ok(o && in, "closure compiles");
    if (!o || !in) {
        wf_xdecref(co);
        skip(5, "no code");
        return;
    }
    is_int(o->co_ncellvars, 2, "outer has two cells");
    ok(o->co_localspluskinds[0] == (WF_LOCALS_KIND_LOCAL | WF_LOCALS_KIND_CELL),
       "argument cell is LOCAL|CELL");
    ok(o->co_code[0].op.opcode == MAKE_CELL, "MAKE_CELL prologue");
    is_int(in->co_nfreevars, 2, "inner has two free variables");
    ok(in->co_code[0].op.opcode == COPY_FREE_VARS && in->co_code[0].op.arg == 2,
       "COPY_FREE_VARS 2");
    is_str(wf_str_as_utf8(in->co_qualname), "outer.<locals>.inner", "qualname");
    ok(has_seq(o, LOAD_CLOSURE, LOAD_CLOSURE, BUILD_TUPLE, LOAD_CONST, MAKE_FUNCTION, -1),
       "closure tuple");
    is_int(first_arg(o, MAKE_FUNCTION), 8, "MAKE_FUNCTION closure flag");
    wf_decref(co);
}

static void test_class(void) {
    WfObject *co = compile("class C(B, metaclass=M):\n"
                           "    x: int = 1\n"
                           "    def f(self):\n"
                           "        self.__p = 1\n"
                           "        return super().f()\n");
    WfCodeObject *m = (WfCodeObject *)co, *c = co ? find_code(co, "C") : NULL,
                 *f = co ? find_code(co, "f") : NULL;
    ok(c && f, "class compiles");
    if (!c || !f) {
        wf_xdecref(co);
        skip(7, "no code");
        return;
    }
    ok(has_seq(m, LOAD_BUILD_CLASS, PUSH_NULL, LOAD_CLOSURE, -1) ||
           has_seq(m, LOAD_BUILD_CLASS, PUSH_NULL, LOAD_CONST, MAKE_FUNCTION, -1),
       "LOAD_BUILD_CLASS, PUSH_NULL, the body function");
    ok(has_seq(m, LOAD_CONST, LOAD_NAME, LOAD_NAME, LOAD_CONST, CALL_KW, -1), "name, bases, kw");
    ok(has_seq(c, LOAD_NAME, STORE_NAME, LOAD_CONST, STORE_NAME, SETUP_ANNOTATIONS, -1),
       "__module__, __qualname__, annotations");
    ok(has_seq(c, LOAD_CLOSURE, COPY, STORE_NAME, RETURN_VALUE, -1), "__classcell__");
    is_str(name_at(f->co_localsplusnames, f->co_nlocalsplus - 1), "__class__",
           "method has __class__ free");
    is_str(name_at(f->co_names, first_arg(f, STORE_ATTR)), "_C__p", "private name mangled");
    is_str(wf_str_as_utf8(f->co_qualname), "C.f", "method qualname");
    wf_decref(co);
}

static void test_comprehensions(void) {
    WfObject *co = compile("def f(xs):\n"
                           "    return [x * y for x in xs if x for y in range(x)], "
                           "(x for x in xs), {k: 1 for k in xs}, {x for x in xs}\n");
    WfCodeObject *lc = co ? find_code(co, "<listcomp>") : NULL,
                 *ge = co ? find_code(co, "<genexpr>") : NULL;
    ok(lc && ge && find_code(co, "<dictcomp>") && find_code(co, "<setcomp>"),
       "comprehensions are functions");
    if (!lc || !ge) {
        wf_xdecref(co);
        skip(6, "no code");
        return;
    }
    is_str(wf_str_as_utf8(lc->co_qualname), "f.<locals>.<listcomp>", "listcomp qualname");
    is_str(name_at(lc->co_localsplusnames, 0), ".0", "argument .0");
    ok(has_seq(lc, BUILD_LIST, LOAD_FAST, FOR_ITER, -1), "BUILD_LIST, .0, FOR_ITER");
    is_int(first_arg(lc, LIST_APPEND), 3, "LIST_APPEND under two iterators");
    ok(ge->co_flags & WF_CO_GENERATOR, "genexpr is a generator");
    ok(ge->co_code[0].op.opcode == RETURN_GENERATOR && ge->co_code[1].op.opcode == RESUME,
       "RETURN_GENERATOR then RESUME 0");
    ok(has_seq(ge, YIELD_VALUE, RESUME, POP_TOP, -1), "yield, RESUME 1");
    ok(has_seq(ge, CALL_INTRINSIC_1, RERAISE, -1), "StopIteration handler");
    wf_decref(co);
}

static void test_generators(void) {
    WfObject *co = compile("def g(x):\n    y = yield x\n    yield from y\n    return 5\n");
    WfCodeObject *g = co ? find_code(co, "g") : NULL;
    ok(g && (g->co_flags & WF_CO_GENERATOR), "generator flag");
    ok(g && has_seq(g, GET_YIELD_FROM_ITER, LOAD_CONST, SEND, YIELD_VALUE, RESUME,
                    JUMP_BACKWARD_NO_INTERRUPT, CLEANUP_THROW, END_SEND, -1),
       "yield from");
    ok(g && wf_code_find_handler(g, 3) != NULL, "body covered by the StopIteration handler");
    wf_xdecref(co);
}

static void test_misc(void) {
    WfObject *co = compile("import a.b.c\nimport a.b.c as d\nfrom . import x as y\n"
                           "from m import *\n");
    WfCodeObject *c = (WfCodeObject *)co;
    ok(co && has_seq(c, IMPORT_NAME, STORE_NAME, -1), "import a.b.c binds a");
    ok(co && has_seq(c, IMPORT_NAME, IMPORT_FROM, SWAP, POP_TOP, IMPORT_FROM, STORE_NAME, POP_TOP,
                     -1),
       "import a.b.c as d");
    ok(co && has_seq(c, IMPORT_NAME, CALL_INTRINSIC_1, POP_TOP, -1), "import *");
    wf_xdecref(co);

    co = compile("a < b < c\nx = a and b or c\nf'{x!r:>{w}} {y}'\n");
    c = (WfCodeObject *)co;
    ok(co && has_seq(c, SWAP, COPY, COMPARE_OP, COPY, POP_JUMP_IF_FALSE, POP_TOP, -1),
       "chained comparison");
    ok(co && has_seq(c, COPY, POP_JUMP_IF_FALSE, POP_TOP, -1), "and: COPY 1 + jump + POP_TOP");
    ok(co && count_op(c, FORMAT_VALUE) == 3 && count_op(c, BUILD_STRING) == 2, "f-string");
    wf_xdecref(co);

    co = compile("x = (1, 2, (3, 4))\ny = [1, 2, 3]\nz = -5\n");
    c = (WfCodeObject *)co;
    ok(co && count_op(c, BUILD_TUPLE) == 0, "constant tuples folded");
    ok(co && has_seq(c, BUILD_LIST, LOAD_CONST, LIST_EXTEND, -1), "constant list via LIST_EXTEND");
    ok(co && count_op(c, UNARY_NEGATIVE) == 0, "-5 folded");
    wf_xdecref(co);

    co = compile("a, *b, c = x\nx[1:2] += y\ndel x.a, x[0]\nassert x, 'm'\n");
    c = (WfCodeObject *)co;
    ok(co && first_arg(c, UNPACK_EX) == (1 | (1 << 8)), "UNPACK_EX 1 before, 1 after");
    ok(co && has_seq(c, COPY, COPY, COPY, BINARY_SLICE, -1), "slice augmented assignment");
    ok(co && has_seq(c, LOAD_ASSERTION_ERROR, LOAD_CONST, CALL, RAISE_VARARGS, -1), "assert");
    wf_xdecref(co);

    /* EXTENDED_ARG: 300 distinct constants */
    char *src = malloc(300 * 16);
    int p = 0;
    for (int i = 0; i < 300; i++)
        p += sprintf(src + p, "x = %d\n", 1000 + i);
    co = compile(src);
    free(src);
    c = (WfCodeObject *)co;
    ok(co && count_op(c, EXTENDED_ARG) == 0 && first_arg(c, LOAD_CONST) == 0, "decoder sanity");
    bool ext = false;
    for (int i = 0; co && i < c->co_size; i++)
        ext |= c->co_code[i].op.opcode == EXTENDED_ARG;
    ok(ext, "EXTENDED_ARG for constant 256+");
    wf_xdecref(co);

    co = compile_mode("x\n", WF_COMPILE_SINGLE);
    c = (WfCodeObject *)co;
    ok(co && has_seq(c, LOAD_NAME, COPY, POP_JUMP_IF_NONE, FORMAT_VALUE, -1),
       "single mode prints the repr of non-None values");
    wf_xdecref(co);

    co = compile_mode("1 + x", WF_COMPILE_EVAL);
    c = (WfCodeObject *)co;
    ok(co && has_seq(c, LOAD_CONST, LOAD_NAME, BINARY_OP, RETURN_VALUE, -1), "eval mode");
    wf_xdecref(co);
}

static void test_locations(void) {
    WfObject *co = compile("x = 1\ny = (a +\n     b[c])\n");
    WfCodeObject *c = (WfCodeObject *)co;
    if (!co) {
        skip(3, "no code");
        return;
    }
    static Ins ins[64];
    int n = decode(c, ins, 64), l, el, col, ecol;
    for (int i = 0; i < n; i++) {
        if (ins[i].op == BINARY_SUBSCR) {
            wf_code_addr_to_location(c, ins[i].offset, &l, &el, &col, &ecol);
            ok(l == 3 && el == 3 && col == 5 && ecol == 9, "b[c] span (%d,%d,%d,%d)", l, el, col,
               ecol);
        }
        if (ins[i].op == BINARY_OP) {
            wf_code_addr_to_location(c, ins[i].offset, &l, &el, &col, &ecol);
            ok(l == 2 && el == 3 && col == 5 && ecol == 9, "a + b[c] span (%d,%d,%d,%d)", l, el,
               col, ecol);
        }
    }
    is_int(wf_code_addr_to_line(c, 1), 1, "line of x = 1");
    wf_decref(co);
}

static void test_disassembler(void) {
    WfObject *co = compile("def f(a):\n    return a.b\n");
    char *text = co ? dis_text(co) : NULL;
    ok(text && strstr(text, "  0           0 RESUME                   0\n"), "RESUME line");
    ok(text && strstr(text, "Disassembly of <code object f at 0x"), "nested code objects");
    ok(text && strstr(text, "LOAD_ATTR                0 (b)"), "LOAD_ATTR detail");
    ok(text && strstr(text, "CACHE                    0"), "cache units shown");
    WfObject *r = co ? wf_object_repr(WF_TUPLE_ITEM(((WfCodeObject *)co)->co_consts, 0)) : NULL;
    ok(r && strstr(wf_str_as_utf8(r), "file \"t.py\", line 1>"), "code repr");
    wf_xdecref(r);
    free(text);
    wf_xdecref(co);
}

int main(void) {
    if (wf_runtime_init() < 0) {
        bail_out("runtime init failed");
    }
    test_errors();
    test_module_basics();
    test_consts();
    test_function();
    test_calls();
    test_loops();
    test_unbound_locals();
    test_borrowed_loads();
    test_try();
    test_with();
    test_closures();
    test_class();
    test_comprehensions();
    test_generators();
    test_misc();
    test_locations();
    test_disassembler();
    return done_testing();
}
