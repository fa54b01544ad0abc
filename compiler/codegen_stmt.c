/* codegen_stmt.c — code generation for statements: definitions, control
 * flow, exception handling, with, imports, assignments.
 *
 * The instruction shapes are CPython 3.12's compile.c (block stack, unwinding
 * through finally/with/except handlers, SETUP_* pseudo-instructions that the
 * assembler turns into the exception table), with weft's FOR_ITER (it pops
 * the iterator itself when exhausted, so there is no END_FOR).
 */
#include "compiler/codegen.h"

#include <string.h>

#define ADDOP(c, loc, op) wf_cg_addop((c), (loc), (op), 0)
#define CHECK(x) do { if ((x) < 0) return -1; } while (0)
#define NEW_LABEL(c, name) int name = wf_cg_new_label(c); if (name < 0) return -1

/* ======================================================================
 * Helpers
 * ====================================================================== */

WfObject *wf_cg_docstring(WfStmtSeq *body) {
    if (WF_SEQ_LEN(body) == 0)
        return NULL;
    WfStmt *st = WF_SEQ_GET(body, 0);
    if (st->kind != WF_STMT_Expr)
        return NULL;
    WfExpr *e = st->v.Expr.value;
    if (e->kind != WF_EXPR_Constant || !wf_str_check_exact(e->v.Constant.value))
        return NULL;
    return e->v.Constant.value;
}

bool wf_cg_find_ann(WfStmtSeq *stmts) {
    for (int i = 0; i < WF_SEQ_LEN(stmts); i++) {
        WfStmt *st = WF_SEQ_GET(stmts, i);
        switch (st->kind) {
        case WF_STMT_AnnAssign:
            return true;
        case WF_STMT_For:
            if (wf_cg_find_ann(st->v.For.body) || wf_cg_find_ann(st->v.For.orelse))
                return true;
            break;
        case WF_STMT_While:
        case WF_STMT_If:
            if (wf_cg_find_ann(st->v.While.body) || wf_cg_find_ann(st->v.While.orelse))
                return true;
            break;
        case WF_STMT_With:
            if (wf_cg_find_ann(st->v.With.body))
                return true;
            break;
        case WF_STMT_Try:
        case WF_STMT_TryStar:
            for (int j = 0; j < WF_SEQ_LEN(st->v.Try.handlers); j++) {
                WfExceptHandler *h = WF_SEQ_GET(st->v.Try.handlers, j);
                if (wf_cg_find_ann(h->body))
                    return true;
            }
            if (wf_cg_find_ann(st->v.Try.body) || wf_cg_find_ann(st->v.Try.finalbody) ||
                wf_cg_find_ann(st->v.Try.orelse))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

int wf_cg_visit_stmts(WfCompiler *c, WfStmtSeq *seq) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++)
        CHECK(wf_cg_visit_stmt(c, WF_SEQ_GET(seq, i)));
    return 0;
}

/* Module and class bodies: annotations dict, docstring into __doc__. */
int wf_cg_body(WfCompiler *c, WfStmtSeq *stmts) {
    WfLoc loc = WF_NO_LOC;
    if (c->u->scope_type == WF_SCOPE_MODULE && WF_SEQ_LEN(stmts) > 0)
        loc = WF_LOC((WfStmt *)WF_SEQ_GET(stmts, 0));
    if (wf_cg_find_ann(stmts))
        CHECK(ADDOP(c, loc, SETUP_ANNOTATIONS));
    int i = 0;
    if (wf_cg_docstring(stmts) != NULL) {
        WfStmt *st = WF_SEQ_GET(stmts, 0);
        c->loc = WF_LOC(st);
        CHECK(wf_cg_visit_expr(c, st->v.Expr.value));
        CHECK(wf_cg_nameop(c, WF_NO_LOC, WF_ID(__doc__), WF_Store));
        i = 1;
    }
    for (; i < WF_SEQ_LEN(stmts); i++)
        CHECK(wf_cg_visit_stmt(c, WF_SEQ_GET(stmts, i)));
    return 0;
}

/* ======================================================================
 * Unwinding the block stack (return / break / continue)
 * ====================================================================== */

static int call_exit_with_nones(WfCompiler *c, WfLoc loc) {
    for (int i = 0; i < 3; i++)
        CHECK(wf_cg_load_const(c, loc, WF_NONE));
    /* (exit, None, None, None): exit is the callable, the first None its
       "self", so this calls exit(None, None, None). */
    return wf_cg_addop(c, loc, CALL, 2);
}

static int unwind_fblock(WfCompiler *c, WfLoc *loc, WfFblock *info, int preserve_tos) {
    switch (info->type) {
    case WF_FB_WHILE_LOOP:
    case WF_FB_EXCEPTION_HANDLER:
        return 0;
    case WF_FB_FOR_LOOP:   /* pop the iterator */
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        return ADDOP(c, *loc, POP_TOP);
    case WF_FB_TRY_EXCEPT:
        return ADDOP(c, *loc, WF_POP_BLOCK);
    case WF_FB_FINALLY_TRY:
        CHECK(ADDOP(c, *loc, WF_POP_BLOCK));
        if (preserve_tos)
            CHECK(wf_cg_push_fblock(c, *loc, WF_FB_POP_VALUE, -1, -1, NULL));
        CHECK(wf_cg_visit_stmts(c, info->datum));
        if (preserve_tos)
            wf_cg_pop_fblock(c);
        /* the finally body appears to run after the unwinding statement */
        *loc = WF_NO_LOC;
        return 0;
    case WF_FB_FINALLY_END:
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        CHECK(ADDOP(c, *loc, POP_TOP));   /* exc_value */
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        CHECK(ADDOP(c, *loc, WF_POP_BLOCK));
        return ADDOP(c, *loc, POP_EXCEPT);
    case WF_FB_WITH:
        *loc = WF_LOC((WfStmt *)info->datum);
        CHECK(ADDOP(c, *loc, WF_POP_BLOCK));
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        CHECK(call_exit_with_nones(c, *loc));
        CHECK(ADDOP(c, *loc, POP_TOP));
        *loc = WF_NO_LOC;
        return 0;
    case WF_FB_HANDLER_CLEANUP:
        if (info->datum)
            CHECK(ADDOP(c, *loc, WF_POP_BLOCK));
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        CHECK(ADDOP(c, *loc, WF_POP_BLOCK));
        CHECK(ADDOP(c, *loc, POP_EXCEPT));
        if (info->datum) {
            CHECK(wf_cg_load_const(c, *loc, WF_NONE));
            CHECK(wf_cg_nameop(c, *loc, info->datum, WF_Store));
            CHECK(wf_cg_nameop(c, *loc, info->datum, WF_Del));
        }
        return 0;
    case WF_FB_POP_VALUE:
        if (preserve_tos)
            CHECK(wf_cg_addop(c, *loc, SWAP, 2));
        return ADDOP(c, *loc, POP_TOP);
    }
    return 0;
}

/* Unwinds every block (loop == NULL) or up to the innermost loop, which is
 * returned in *loop (and not unwound). */
int wf_cg_unwind_fblock_stack(WfCompiler *c, WfLoc *loc, int preserve_tos, WfFblock **loop) {
    WfUnit *u = c->u;
    if (u->nfblocks == 0)
        return 0;
    WfFblock *top = &u->fblocks[u->nfblocks - 1];
    if (loop != NULL && (top->type == WF_FB_WHILE_LOOP || top->type == WF_FB_FOR_LOOP)) {
        *loop = top;
        return 0;
    }
    WfFblock copy = *top;
    u->nfblocks--;
    CHECK(unwind_fblock(c, loc, &copy, preserve_tos));
    CHECK(wf_cg_unwind_fblock_stack(c, loc, preserve_tos, loop));
    u->fblocks[u->nfblocks++] = copy;
    return 0;
}

static int compile_return(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    WfExpr *value = s->v.Return.value;
    int preserve_tos = value != NULL && value->kind != WF_EXPR_Constant;
    if (!wf_symtable_is_function_like(c->u->ste))
        return wf_cg_error(c, loc, "'return' outside function");
    if (preserve_tos)
        CHECK(wf_cg_visit_expr(c, value));
    CHECK(wf_cg_unwind_fblock_stack(c, &loc, preserve_tos, NULL));
    if (value == NULL)
        CHECK(wf_cg_load_const(c, loc, WF_NONE));
    else if (!preserve_tos)
        CHECK(wf_cg_load_const(c, loc, value->v.Constant.value));
    return ADDOP(c, loc, RETURN_VALUE);
}

static int compile_break(WfCompiler *c, WfLoc loc) {
    WfFblock *loop = NULL;
    WfLoc origin = loc;
    CHECK(wf_cg_unwind_fblock_stack(c, &loc, 0, &loop));
    if (loop == NULL)
        return wf_cg_error(c, origin, "'break' outside loop");
    CHECK(unwind_fblock(c, &loc, loop, 0));
    return wf_cg_addop_jump(c, loc, WF_JUMP, loop->exit);
}

static int compile_continue(WfCompiler *c, WfLoc loc) {
    WfFblock *loop = NULL;
    WfLoc origin = loc;
    CHECK(wf_cg_unwind_fblock_stack(c, &loc, 0, &loop));
    if (loop == NULL)
        return wf_cg_error(c, origin, "'continue' not properly in loop");
    return wf_cg_addop_jump(c, loc, WF_JUMP, loop->block);
}

/* ======================================================================
 * Functions and classes
 * ====================================================================== */

/* An argument named __debug__; reported at the definition, as CPython. */
static int check_debug_arg(WfCompiler *c, WfLoc loc, WfArg *a) {
    if (a != NULL && wf_str_equal_cstr(a->arg, "__debug__"))
        return wf_cg_error(c, loc, "cannot assign to __debug__");
    return 0;
}

int wf_cg_check_debug_args(WfCompiler *c, WfLoc loc, WfArguments *args) {
    WfArgSeq *seqs[3] = {args->posonlyargs, args->args, args->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < WF_SEQ_LEN(seqs[k]); i++)
            CHECK(check_debug_arg(c, loc, WF_SEQ_GET(seqs[k], i)));
    CHECK(check_debug_arg(c, loc, args->vararg));
    return check_debug_arg(c, loc, args->kwarg);
}

static int apply_decorators(WfCompiler *c, WfExprSeq *decos) {
    for (int i = WF_SEQ_LEN(decos) - 1; i >= 0; i--)
        CHECK(wf_cg_addop(c, WF_LOC((WfExpr *)WF_SEQ_GET(decos, i)), CALL, 0));
    return 0;
}

int wf_cg_function(WfCompiler *c, WfStmt *s) {
    WfArguments *args = s->v.FunctionDef.args;
    WfExprSeq *decos = s->v.FunctionDef.decorator_list;
    WfStmtSeq *body = s->v.FunctionDef.body;
    WfLoc loc = WF_LOC(s);
    CHECK(wf_cg_check_debug_args(c, loc, args));
    CHECK(wf_cg_visit_exprs(c, decos));
    int firstlineno = s->lineno;
    if (WF_SEQ_LEN(decos) > 0)
        firstlineno = ((WfExpr *)WF_SEQ_GET(decos, 0))->lineno;
    int funcflags = wf_cg_default_arguments(c, loc, args);
    CHECK(funcflags);
    int ann = wf_cg_annotations(c, loc, args, s->v.FunctionDef.returns);
    CHECK(ann);
    if (ann > 0)
        funcflags |= 0x04;

    WfLoc resume = {firstlineno, firstlineno, 0, 0};
    CHECK(wf_cg_enter_scope(c, s->v.FunctionDef.name, WF_SCOPE_FUNCTION, s, firstlineno, resume));
    WfObject *doc = wf_cg_docstring(body);
    /* co_consts[0] is the docstring or None (code.h) */
    CHECK(wf_cg_add_const(c, doc ? doc : WF_NONE));
    c->u->argcount = WF_SEQ_LEN(args->args) + WF_SEQ_LEN(args->posonlyargs);
    c->u->posonlyargcount = WF_SEQ_LEN(args->posonlyargs);
    c->u->kwonlyargcount = WF_SEQ_LEN(args->kwonlyargs);
    for (int i = doc ? 1 : 0; i < WF_SEQ_LEN(body); i++)
        CHECK(wf_cg_visit_stmt(c, WF_SEQ_GET(body, i)));
    WfObject *co = wf_cg_assemble_unit(c);
    wf_cg_exit_scope(c);
    if (co == NULL || wf_cg_own(c, co) < 0)
        return -1;
    CHECK(wf_cg_make_closure(c, loc, co, funcflags));
    CHECK(apply_decorators(c, decos));
    return wf_cg_nameop(c, loc, s->v.FunctionDef.name, WF_Store);
}

static int class_body(WfCompiler *c, WfStmt *s, WfLoc loc) {
    c->u->private_name = s->v.ClassDef.name;
    CHECK(wf_cg_nameop(c, loc, WF_ID(__name__), WF_Load));
    CHECK(wf_cg_nameop(c, loc, WF_ID(__module__), WF_Store));
    CHECK(wf_cg_load_const(c, loc, c->u->qualname));
    CHECK(wf_cg_nameop(c, loc, WF_ID(__qualname__), WF_Store));
    CHECK(wf_cg_body(c, s->v.ClassDef.body));
    if (c->u->ste->needs_class_closure) {
        /* store the __class__ cell as __classcell__ and return it */
        int i = wf_cg_cellvar_index(c->u, WF_ID(__class__));
        CHECK(wf_cg_addop(c, WF_NO_LOC, LOAD_CLOSURE, i));
        CHECK(wf_cg_addop(c, WF_NO_LOC, COPY, 1));
        CHECK(wf_cg_nameop(c, WF_NO_LOC, WF_ID(__classcell__), WF_Store));
    } else {
        CHECK(wf_cg_load_const(c, WF_NO_LOC, WF_NONE));
    }
    return ADDOP(c, WF_NO_LOC, RETURN_VALUE);
}

int wf_cg_class(WfCompiler *c, WfStmt *s) {
    WfExprSeq *decos = s->v.ClassDef.decorator_list;
    WfLoc loc = WF_LOC(s);
    CHECK(wf_cg_visit_exprs(c, decos));
    int firstlineno = s->lineno;
    if (WF_SEQ_LEN(decos) > 0)
        firstlineno = ((WfExpr *)WF_SEQ_GET(decos, 0))->lineno;
    WfLoc resume = {firstlineno, firstlineno, 0, 0};
    CHECK(wf_cg_enter_scope(c, s->v.ClassDef.name, WF_SCOPE_CLASS, s, firstlineno, resume));
    if (class_body(c, s, loc) < 0)
        return -1;
    WfObject *co = wf_cg_assemble_unit(c);
    wf_cg_exit_scope(c);
    if (co == NULL || wf_cg_own(c, co) < 0)
        return -1;
    CHECK(ADDOP(c, loc, LOAD_BUILD_CLASS));
    CHECK(ADDOP(c, loc, PUSH_NULL));
    CHECK(wf_cg_make_closure(c, loc, co, 0));
    CHECK(wf_cg_load_const(c, loc, s->v.ClassDef.name));
    CHECK(wf_cg_call_helper(c, loc, 2, s->v.ClassDef.bases, s->v.ClassDef.keywords));
    CHECK(apply_decorators(c, decos));
    return wf_cg_nameop(c, loc, s->v.ClassDef.name, WF_Store);
}

/* ======================================================================
 * Control flow
 * ====================================================================== */

static int compile_if(WfCompiler *c, WfStmt *s) {
    NEW_LABEL(c, end);
    int next = end;
    if (WF_SEQ_LEN(s->v.If.orelse) > 0) {
        next = wf_cg_new_label(c);
        CHECK(next);
    }
    CHECK(wf_cg_jump_if(c, WF_LOC(s), s->v.If.test, next, 0));
    CHECK(wf_cg_visit_stmts(c, s->v.If.body));
    if (WF_SEQ_LEN(s->v.If.orelse) > 0) {
        CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end));
        CHECK(wf_cg_use_label(c, next));
        CHECK(wf_cg_visit_stmts(c, s->v.If.orelse));
    }
    return wf_cg_use_label(c, end);
}

static int compile_while(WfCompiler *c, WfStmt *s) {
    NEW_LABEL(c, loop);
    NEW_LABEL(c, body);
    NEW_LABEL(c, end);
    NEW_LABEL(c, anchor);
    CHECK(wf_cg_use_label(c, loop));
    CHECK(wf_cg_push_fblock(c, WF_LOC(s), WF_FB_WHILE_LOOP, loop, end, NULL));
    CHECK(wf_cg_jump_if(c, WF_LOC(s), s->v.While.test, anchor, 0));
    CHECK(wf_cg_use_label(c, body));
    CHECK(wf_cg_visit_stmts(c, s->v.While.body));
    CHECK(wf_cg_jump_if(c, WF_LOC(s), s->v.While.test, body, 1));
    wf_cg_pop_fblock(c);
    CHECK(wf_cg_use_label(c, anchor));
    CHECK(wf_cg_visit_stmts(c, s->v.While.orelse));
    return wf_cg_use_label(c, end);
}

static int compile_for(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    NEW_LABEL(c, start);
    NEW_LABEL(c, cleanup);
    NEW_LABEL(c, end);
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_FOR_LOOP, start, end, NULL));
    CHECK(wf_cg_visit_expr(c, s->v.For.iter));
    CHECK(ADDOP(c, loc, GET_ITER));
    CHECK(wf_cg_use_label(c, start));
    /* FOR_ITER pops the exhausted iterator itself and jumps to cleanup */
    CHECK(wf_cg_addop_jump(c, loc, FOR_ITER, cleanup));
    CHECK(wf_cg_visit_expr(c, s->v.For.target));
    CHECK(wf_cg_visit_stmts(c, s->v.For.body));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, start));
    CHECK(wf_cg_use_label(c, cleanup));
    wf_cg_pop_fblock(c);
    CHECK(wf_cg_visit_stmts(c, s->v.For.orelse));
    return wf_cg_use_label(c, end);
}

/* COPY 3; POP_EXCEPT; RERAISE 1 */
static int pop_except_and_reraise(WfCompiler *c, WfLoc loc) {
    CHECK(wf_cg_addop(c, loc, COPY, 3));
    CHECK(ADDOP(c, loc, POP_EXCEPT));
    return wf_cg_addop(c, loc, RERAISE, 1);
}

static int handler_with_name(WfCompiler *c, WfExceptHandler *h, int end) {
    WfLoc loc = WF_LOC(h);
    NEW_LABEL(c, cleanup_end);
    NEW_LABEL(c, cleanup_body);
    CHECK(wf_cg_nameop(c, loc, h->name, WF_Store));
    /* try: body finally: name = None; del name */
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_CLEANUP, cleanup_end));
    CHECK(wf_cg_use_label(c, cleanup_body));
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_HANDLER_CLEANUP, cleanup_body, -1, h->name));
    CHECK(wf_cg_visit_stmts(c, h->body));
    wf_cg_pop_fblock(c);
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(ADDOP(c, WF_NO_LOC, POP_EXCEPT));
    CHECK(wf_cg_load_const(c, WF_NO_LOC, WF_NONE));
    CHECK(wf_cg_nameop(c, WF_NO_LOC, h->name, WF_Store));
    CHECK(wf_cg_nameop(c, WF_NO_LOC, h->name, WF_Del));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end));
    /* except: */
    CHECK(wf_cg_use_label(c, cleanup_end));
    CHECK(wf_cg_load_const(c, WF_NO_LOC, WF_NONE));
    CHECK(wf_cg_nameop(c, WF_NO_LOC, h->name, WF_Store));
    CHECK(wf_cg_nameop(c, WF_NO_LOC, h->name, WF_Del));
    return wf_cg_addop(c, WF_NO_LOC, RERAISE, 1);
}

static int handler_without_name(WfCompiler *c, WfExceptHandler *h, int end) {
    WfLoc loc = WF_LOC(h);
    NEW_LABEL(c, cleanup_body);
    CHECK(ADDOP(c, loc, POP_TOP));   /* exc_value */
    CHECK(wf_cg_use_label(c, cleanup_body));
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_HANDLER_CLEANUP, cleanup_body, -1, NULL));
    CHECK(wf_cg_visit_stmts(c, h->body));
    wf_cg_pop_fblock(c);
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(ADDOP(c, WF_NO_LOC, POP_EXCEPT));
    return wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end);
}

static int compile_try_except(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    NEW_LABEL(c, body);
    NEW_LABEL(c, except);
    NEW_LABEL(c, end);
    NEW_LABEL(c, cleanup);
    CHECK(wf_cg_use_label(c, body));
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_FINALLY, except));
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_TRY_EXCEPT, body, -1, NULL));
    CHECK(wf_cg_visit_stmts(c, s->v.Try.body));
    wf_cg_pop_fblock(c);
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(wf_cg_visit_stmts(c, s->v.Try.orelse));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end));

    CHECK(wf_cg_use_label(c, except));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_SETUP_CLEANUP, cleanup));
    CHECK(ADDOP(c, WF_NO_LOC, PUSH_EXC_INFO));
    /* the runtime pushed a handled exception: account for it */
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_EXCEPTION_HANDLER, -1, -1, NULL));
    int n = WF_SEQ_LEN(s->v.Try.handlers);
    for (int i = 0; i < n; i++) {
        WfExceptHandler *h = WF_SEQ_GET(s->v.Try.handlers, i);
        WfLoc hloc = WF_LOC(h);
        if (h->type == NULL && i < n - 1)
            return wf_cg_error(c, hloc, "default 'except:' must be last");
        NEW_LABEL(c, next_except);
        if (h->type != NULL) {
            CHECK(wf_cg_visit_expr(c, h->type));
            CHECK(ADDOP(c, hloc, CHECK_EXC_MATCH));
            CHECK(wf_cg_addop_jump(c, hloc, POP_JUMP_IF_FALSE, next_except));
        }
        if (h->name != NULL)
            CHECK(handler_with_name(c, h, end));
        else
            CHECK(handler_without_name(c, h, end));
        CHECK(wf_cg_use_label(c, next_except));
    }
    wf_cg_pop_fblock(c);
    CHECK(wf_cg_addop(c, WF_NO_LOC, RERAISE, 0));
    CHECK(wf_cg_use_label(c, cleanup));
    CHECK(pop_except_and_reraise(c, WF_NO_LOC));
    return wf_cg_use_label(c, end);
}

static int compile_try_finally(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    NEW_LABEL(c, body);
    NEW_LABEL(c, end);
    NEW_LABEL(c, exit);
    NEW_LABEL(c, cleanup);
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_FINALLY, end));
    CHECK(wf_cg_use_label(c, body));
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_FINALLY_TRY, body, end, s->v.Try.finalbody));
    if (WF_SEQ_LEN(s->v.Try.handlers) > 0)
        CHECK(compile_try_except(c, s));
    else
        CHECK(wf_cg_visit_stmts(c, s->v.Try.body));
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    wf_cg_pop_fblock(c);
    CHECK(wf_cg_visit_stmts(c, s->v.Try.finalbody));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, exit));
    /* the exceptional path */
    CHECK(wf_cg_use_label(c, end));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_SETUP_CLEANUP, cleanup));
    CHECK(ADDOP(c, WF_NO_LOC, PUSH_EXC_INFO));
    CHECK(wf_cg_push_fblock(c, WF_NO_LOC, WF_FB_FINALLY_END, end, -1, NULL));
    CHECK(wf_cg_visit_stmts(c, s->v.Try.finalbody));
    wf_cg_pop_fblock(c);
    CHECK(wf_cg_addop(c, WF_NO_LOC, RERAISE, 0));
    CHECK(wf_cg_use_label(c, cleanup));
    CHECK(pop_except_and_reraise(c, WF_NO_LOC));
    return wf_cg_use_label(c, exit);
}

static int compile_try(WfCompiler *c, WfStmt *s) {
    if (WF_SEQ_LEN(s->v.Try.finalbody) > 0)
        return compile_try_finally(c, s);
    return compile_try_except(c, s);
}

/* The exceptional exit of a with block: __exit__ said suppress or not. */
static int with_except_finish(WfCompiler *c, int cleanup) {
    NEW_LABEL(c, suppress);
    NEW_LABEL(c, exit);
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, POP_JUMP_IF_TRUE, suppress));
    CHECK(wf_cg_addop(c, WF_NO_LOC, RERAISE, 2));
    CHECK(wf_cg_use_label(c, suppress));
    CHECK(ADDOP(c, WF_NO_LOC, POP_TOP));   /* exc_value */
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(ADDOP(c, WF_NO_LOC, POP_EXCEPT));
    CHECK(ADDOP(c, WF_NO_LOC, POP_TOP));
    CHECK(ADDOP(c, WF_NO_LOC, POP_TOP));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, exit));
    CHECK(wf_cg_use_label(c, cleanup));
    CHECK(pop_except_and_reraise(c, WF_NO_LOC));
    return wf_cg_use_label(c, exit);
}

static int compile_with(WfCompiler *c, WfStmt *s, int pos) {
    WfWithItem *item = WF_SEQ_GET(s->v.With.items, pos);
    NEW_LABEL(c, block);
    NEW_LABEL(c, final);
    NEW_LABEL(c, exit);
    NEW_LABEL(c, cleanup);
    CHECK(wf_cg_visit_expr(c, item->context_expr));
    WfLoc loc = WF_LOC(s);
    CHECK(ADDOP(c, loc, BEFORE_WITH));
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_WITH, final));
    CHECK(wf_cg_use_label(c, block));
    CHECK(wf_cg_push_fblock(c, loc, WF_FB_WITH, block, final, s));
    if (item->optional_vars != NULL)
        CHECK(wf_cg_visit_expr(c, item->optional_vars));
    else
        CHECK(ADDOP(c, loc, POP_TOP));   /* discard the __enter__ result */
    if (pos + 1 == WF_SEQ_LEN(s->v.With.items))
        CHECK(wf_cg_visit_stmts(c, s->v.With.body));
    else
        CHECK(compile_with(c, s, pos + 1));
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    wf_cg_pop_fblock(c);
    /* success: __exit__(None, None, None) */
    CHECK(call_exit_with_nones(c, loc));
    CHECK(ADDOP(c, loc, POP_TOP));
    CHECK(wf_cg_addop_jump(c, loc, WF_JUMP, exit));
    /* exception: (exit lasti exc) */
    CHECK(wf_cg_use_label(c, final));
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_CLEANUP, cleanup));
    CHECK(ADDOP(c, loc, PUSH_EXC_INFO));
    CHECK(ADDOP(c, loc, WITH_EXCEPT_START));
    CHECK(with_except_finish(c, cleanup));
    return wf_cg_use_label(c, exit);
}

static int compile_raise(WfCompiler *c, WfStmt *s) {
    int n = 0;
    if (s->v.Raise.exc != NULL) {
        CHECK(wf_cg_visit_expr(c, s->v.Raise.exc));
        n++;
        if (s->v.Raise.cause != NULL) {
            CHECK(wf_cg_visit_expr(c, s->v.Raise.cause));
            n++;
        }
    }
    return wf_cg_addop(c, WF_LOC(s), RAISE_VARARGS, n);
}

static int compile_assert(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    NEW_LABEL(c, end);
    CHECK(wf_cg_jump_if(c, loc, s->v.Assert.test, end, 1));
    CHECK(ADDOP(c, loc, LOAD_ASSERTION_ERROR));
    if (s->v.Assert.msg != NULL) {
        /* (AssertionError, msg) CALL 0: msg acts as "self", the argument */
        CHECK(wf_cg_visit_expr(c, s->v.Assert.msg));
        CHECK(wf_cg_addop(c, loc, CALL, 0));
    }
    CHECK(wf_cg_addop(c, loc, RAISE_VARARGS, 1));
    return wf_cg_use_label(c, end);
}

/* ======================================================================
 * Imports
 * ====================================================================== */

static int import_as(WfCompiler *c, WfLoc loc, WfObject *name, WfObject *asname) {
    wf_ssize_t len;
    const char *s = wf_str_as_utf8_and_size(name, &len);
    const char *dot = memchr(s, '.', (size_t)len);
    if (dot == NULL)
        return wf_cg_nameop(c, loc, asname, WF_Store);
    /* import a.b.c as d: IMPORT_FROM b, IMPORT_FROM c, store d */
    for (;;) {
        const char *start = dot + 1;
        const char *next = memchr(start, '.', (size_t)(s + len - start));
        const char *stop = next ? next : s + len;
        WfObject *attr = wf_str_intern_utf8(start, stop - start);
        if (attr == NULL)
            return -1;
        int ix = wf_cg_add_name(c, attr);
        CHECK(ix);
        CHECK(wf_cg_addop(c, loc, IMPORT_FROM, ix));
        if (next == NULL)
            break;
        CHECK(wf_cg_addop(c, loc, SWAP, 2));
        CHECK(ADDOP(c, loc, POP_TOP));
        dot = next;
    }
    CHECK(wf_cg_nameop(c, loc, asname, WF_Store));
    return ADDOP(c, loc, POP_TOP);
}

static int compile_import(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    for (int i = 0; i < WF_SEQ_LEN(s->v.Import.names); i++) {
        WfAlias *a = WF_SEQ_GET(s->v.Import.names, i);
        CHECK(wf_cg_load_const(c, loc, wf_int_from_long(0)));
        CHECK(wf_cg_load_const(c, loc, WF_NONE));
        CHECK(wf_cg_addop_name(c, loc, IMPORT_NAME, a->name));
        if (a->asname != NULL) {
            CHECK(import_as(c, loc, a->name, a->asname));
            continue;
        }
        wf_ssize_t len;
        const char *n = wf_str_as_utf8_and_size(a->name, &len);
        const char *dot = memchr(n, '.', (size_t)len);
        WfObject *store = a->name;
        if (dot != NULL) {
            store = wf_str_intern_utf8(n, dot - n);
            if (store == NULL)
                return -1;
        }
        CHECK(wf_cg_nameop(c, loc, store, WF_Store));
    }
    return 0;
}

static int compile_import_from(WfCompiler *c, WfStmt *s) {
    WfLoc loc = WF_LOC(s);
    int n = WF_SEQ_LEN(s->v.ImportFrom.names);
    WfObject *level = wf_int_from_long(s->v.ImportFrom.level);
    if (wf_cg_own(c, level) < 0 || wf_cg_load_const(c, loc, level) < 0)
        return -1;
    WfObject *names = wf_tuple_new(n);
    if (wf_cg_own(c, names) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        WfAlias *a = WF_SEQ_GET(s->v.ImportFrom.names, i);
        WF_TUPLE_SET_ITEM(names, i, wf_newref(a->name));
    }
    CHECK(wf_cg_load_const(c, loc, names));
    WfObject *module = s->v.ImportFrom.module ? s->v.ImportFrom.module : wf_str_empty;
    CHECK(wf_cg_addop_name(c, loc, IMPORT_NAME, module));
    for (int i = 0; i < n; i++) {
        WfAlias *a = WF_SEQ_GET(s->v.ImportFrom.names, i);
        if (i == 0 && wf_str_equal_cstr(a->name, "*")) {
            CHECK(wf_cg_addop(c, loc, CALL_INTRINSIC_1, WF_INTRINSIC_IMPORT_STAR));
            return ADDOP(c, WF_NO_LOC, POP_TOP);
        }
        CHECK(wf_cg_addop_name(c, loc, IMPORT_FROM, a->name));
        CHECK(wf_cg_nameop(c, loc, a->asname ? a->asname : a->name, WF_Store));
    }
    return ADDOP(c, loc, POP_TOP);   /* the module */
}

/* ======================================================================
 * Assignments
 * ====================================================================== */

static int compile_assign(WfCompiler *c, WfStmt *s) {
    int n = WF_SEQ_LEN(s->v.Assign.targets);
    CHECK(wf_cg_visit_expr(c, s->v.Assign.value));
    for (int i = 0; i < n; i++) {
        if (i < n - 1)
            CHECK(wf_cg_addop(c, WF_LOC(s), COPY, 1));
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(s->v.Assign.targets, i)));
    }
    return 0;
}

static int compile_augassign(WfCompiler *c, WfStmt *s) {
    WfExpr *e = s->v.AugAssign.target;
    WfLoc loc = WF_LOC(e);
    switch (e->kind) {
    case WF_EXPR_Attribute:
        CHECK(wf_cg_visit_expr(c, e->v.Attribute.value));
        CHECK(wf_cg_addop(c, loc, COPY, 1));
        CHECK(wf_cg_addop_name(c, wf_cg_attr_loc(loc, e), LOAD_ATTR, e->v.Attribute.attr));
        break;
    case WF_EXPR_Subscript:
        CHECK(wf_cg_visit_expr(c, e->v.Subscript.value));
        if (wf_cg_is_two_element_slice(e->v.Subscript.slice)) {
            CHECK(wf_cg_slice(c, e->v.Subscript.slice));
            for (int i = 0; i < 3; i++)
                CHECK(wf_cg_addop(c, loc, COPY, 3));
            CHECK(ADDOP(c, loc, BINARY_SLICE));
        } else {
            CHECK(wf_cg_visit_expr(c, e->v.Subscript.slice));
            CHECK(wf_cg_addop(c, loc, COPY, 2));
            CHECK(wf_cg_addop(c, loc, COPY, 2));
            CHECK(ADDOP(c, loc, BINARY_SUBSCR));
        }
        break;
    case WF_EXPR_Name:
        CHECK(wf_cg_nameop(c, loc, e->v.Name.id, WF_Load));
        break;
    default:
        return wf_cg_error(c, loc, "'%s' is an illegal expression for augmented assignment",
                           wf_ast_expr_kind_name(e->kind));
    }
    CHECK(wf_cg_visit_expr(c, s->v.AugAssign.value));
    CHECK(wf_cg_addop_binary(c, WF_LOC(s), s->v.AugAssign.op, true));
    switch (e->kind) {
    case WF_EXPR_Attribute:
        loc = wf_cg_attr_loc(loc, e);
        CHECK(wf_cg_addop(c, loc, SWAP, 2));
        return wf_cg_addop_name(c, loc, STORE_ATTR, e->v.Attribute.attr);
    case WF_EXPR_Subscript:
        if (wf_cg_is_two_element_slice(e->v.Subscript.slice)) {
            CHECK(wf_cg_addop(c, loc, SWAP, 4));
            CHECK(wf_cg_addop(c, loc, SWAP, 3));
            CHECK(wf_cg_addop(c, loc, SWAP, 2));
            return ADDOP(c, loc, STORE_SLICE);
        }
        CHECK(wf_cg_addop(c, loc, SWAP, 3));
        CHECK(wf_cg_addop(c, loc, SWAP, 2));
        return ADDOP(c, loc, STORE_SUBSCR);
    default:
        return wf_cg_nameop(c, loc, e->v.Name.id, WF_Store);
    }
}

static int check_ann_expr(WfCompiler *c, WfExpr *e) {
    CHECK(wf_cg_visit_expr(c, e));
    return ADDOP(c, WF_LOC(e), POP_TOP);
}

static int check_ann_subscr(WfCompiler *c, WfExpr *e) {
    if (e->kind == WF_EXPR_Slice) {
        if (e->v.Slice.lower && check_ann_expr(c, e->v.Slice.lower) < 0)
            return -1;
        if (e->v.Slice.upper && check_ann_expr(c, e->v.Slice.upper) < 0)
            return -1;
        if (e->v.Slice.step && check_ann_expr(c, e->v.Slice.step) < 0)
            return -1;
        return 0;
    }
    if (e->kind == WF_EXPR_Tuple) {
        for (int i = 0; i < WF_SEQ_LEN(e->v.Tuple.elts); i++)
            CHECK(check_ann_subscr(c, WF_SEQ_GET(e->v.Tuple.elts, i)));
        return 0;
    }
    return check_ann_expr(c, e);
}

static int compile_annassign(WfCompiler *c, WfStmt *s) {
    WfExpr *t = s->v.AnnAssign.target;
    bool module_or_class = c->u->scope_type == WF_SCOPE_MODULE ||
                           c->u->scope_type == WF_SCOPE_CLASS;
    if (s->v.AnnAssign.value != NULL) {
        CHECK(wf_cg_visit_expr(c, s->v.AnnAssign.value));
        CHECK(wf_cg_visit_expr(c, t));
    }
    switch (t->kind) {
    case WF_EXPR_Name:
        CHECK(wf_cg_forbidden_name(c, WF_LOC(t), t->v.Name.id, WF_Store));
        if (s->v.AnnAssign.simple && module_or_class) {
            /* __annotations__['x'] = annotation */
            CHECK(wf_cg_visit_expr(c, s->v.AnnAssign.annotation));
            CHECK(wf_cg_addop_name(c, WF_LOC(s), LOAD_NAME, WF_ID(__annotations__)));
            WfObject *mangled = wf_mangle(c->u->private_name, t->v.Name.id);
            if (mangled == NULL)
                return -1;
            CHECK(wf_cg_load_const(c, WF_LOC(s), mangled));
            CHECK(ADDOP(c, WF_LOC(s), STORE_SUBSCR));
        }
        break;
    case WF_EXPR_Attribute:
        CHECK(wf_cg_forbidden_name(c, WF_LOC(t), t->v.Attribute.attr, WF_Store));
        if (s->v.AnnAssign.value == NULL)
            CHECK(check_ann_expr(c, t->v.Attribute.value));
        break;
    case WF_EXPR_Subscript:
        if (s->v.AnnAssign.value == NULL) {
            CHECK(check_ann_expr(c, t->v.Subscript.value));
            CHECK(check_ann_subscr(c, t->v.Subscript.slice));
        }
        break;
    default:
        return wf_cg_error(c, WF_LOC(t), "invalid target for annotated assignment");
    }
    /* annotations of complex targets are evaluated (module/class only) */
    if (!s->v.AnnAssign.simple && module_or_class)
        CHECK(check_ann_expr(c, s->v.AnnAssign.annotation));
    return 0;
}

/* ======================================================================
 * Expression statements and the dispatcher
 * ====================================================================== */

/* Interactive mode: print repr(value) unless it is None. */
static int interactive_print(WfCompiler *c, WfLoc loc) {
    NEW_LABEL(c, done);
    CHECK(wf_cg_addop(c, loc, COPY, 1));
    CHECK(wf_cg_addop_jump(c, loc, POP_JUMP_IF_NONE, done));
    CHECK(wf_cg_addop(c, loc, FORMAT_VALUE, 2));              /* repr() */
    CHECK(wf_cg_addop_name(c, loc, LOAD_NAME, wf_str_intern_cstr("print")));
    CHECK(wf_cg_addop(c, loc, SWAP, 2));
    CHECK(ADDOP(c, loc, PUSH_NULL));
    CHECK(wf_cg_addop(c, loc, SWAP, 2));
    CHECK(wf_cg_addop(c, loc, CALL, 1));
    CHECK(wf_cg_use_label(c, done));
    return ADDOP(c, WF_NO_LOC, POP_TOP);
}

static int compile_expr_stmt(WfCompiler *c, WfStmt *s) {
    WfExpr *value = s->v.Expr.value;
    if (c->u->in_interactive_top) {
        CHECK(wf_cg_visit_expr(c, value));
        return interactive_print(c, WF_LOC(s));
    }
    if (value->kind == WF_EXPR_Constant)
        return 0;   /* ignored */
    CHECK(wf_cg_visit_expr(c, value));
    return ADDOP(c, WF_NO_LOC, POP_TOP);
}

static int visit_stmt_inner(WfCompiler *c, WfStmt *s) {
    c->loc = WF_LOC(s);
    switch (s->kind) {
    case WF_STMT_FunctionDef:
        return wf_cg_function(c, s);
    case WF_STMT_ClassDef:
        return wf_cg_class(c, s);
    case WF_STMT_Return:
        return compile_return(c, s);
    case WF_STMT_Delete:
        return wf_cg_visit_exprs(c, s->v.Delete.targets);
    case WF_STMT_Assign:
        return compile_assign(c, s);
    case WF_STMT_AugAssign:
        return compile_augassign(c, s);
    case WF_STMT_AnnAssign:
        return compile_annassign(c, s);
    case WF_STMT_For:
        return compile_for(c, s);
    case WF_STMT_While:
        return compile_while(c, s);
    case WF_STMT_If:
        return compile_if(c, s);
    case WF_STMT_With:
        return compile_with(c, s, 0);
    case WF_STMT_Raise:
        return compile_raise(c, s);
    case WF_STMT_Try:
        return compile_try(c, s);
    case WF_STMT_TryStar:
        return wf_cg_error(c, WF_LOC(s), "'except*' is not supported");
    case WF_STMT_Assert:
        return compile_assert(c, s);
    case WF_STMT_Import:
        return compile_import(c, s);
    case WF_STMT_ImportFrom:
        return compile_import_from(c, s);
    case WF_STMT_Global:
    case WF_STMT_Nonlocal:
    case WF_STMT_Pass:
        return 0;
    case WF_STMT_Expr:
        return compile_expr_stmt(c, s);
    case WF_STMT_Break:
        return compile_break(c, WF_LOC(s));
    case WF_STMT_Continue:
        return compile_continue(c, WF_LOC(s));
    }
    return 0;
}

int wf_cg_visit_stmt(WfCompiler *c, WfStmt *s) {
    CHECK(wf_cg_enter_depth(c));
    int r = visit_stmt_inner(c, s);
    wf_cg_leave_depth(c);
    return r;
}
