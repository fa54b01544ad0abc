/* parser_depth.c — bounds the depth of the finished AST.
 *
 * The parser builds left-associative chains (a+b+c..., a.b.c..., f()()...)
 * with loops, so their trees can be far deeper than the parser's own
 * recursion. Everything that walks the tree recursively (symtable, codegen,
 * wf_ast_dump) relies on this check: after a successful parse, no path from
 * the root is longer than WF_AST_MAX_DEPTH nodes.
 *
 * Invariants:
 *  - The walk is iterative (an explicit, heap-allocated stack), so it is
 *    safe on any tree the parser can build.
 *  - Too deep a tree raises RecursionError "maximum recursion depth
 *    exceeded during compilation", as CPython does for such sources.
 */
#include "compiler/parser_impl.h"

#include <string.h>

/* A pending node: is_stmt selects the union member. */
typedef struct Item {
    void *node;
    int kind;    /* 0 expr, 1 stmt */
    int depth;
} Item;

typedef struct Walk {
    Item *items;
    int size, cap;
    int failed;
} Walk;

static void push(Walk *w, void *node, int kind, int depth) {
    if (node == NULL || w->failed)
        return;
    if (w->size == w->cap) {
        int cap = w->cap ? w->cap * 2 : 256;
        Item *items = wf_mem_realloc(w->items, sizeof(Item) * (size_t)cap);
        if (items == NULL) {
            w->failed = 1;
            return;
        }
        w->items = items;
        w->cap = cap;
    }
    w->items[w->size++] = (Item){node, kind, depth};
}

static void push_exprs(Walk *w, WfExprSeq *seq, int depth) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++)
        push(w, WF_SEQ_GET(seq, i), 0, depth);
}

static void push_stmts(Walk *w, WfStmtSeq *seq, int depth) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++)
        push(w, WF_SEQ_GET(seq, i), 1, depth);
}

static void push_comprehensions(Walk *w, WfComprehensionSeq *gens, int d) {
    for (int i = 0; i < WF_SEQ_LEN(gens); i++) {
        WfComprehension *c = WF_SEQ_GET(gens, i);
        push(w, c->target, 0, d);
        push(w, c->iter, 0, d);
        push_exprs(w, c->ifs, d + 1);
    }
}

static void push_arguments(Walk *w, WfArguments *a, int d) {
    WfArgSeq *lists[3] = {a->posonlyargs, a->args, a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < WF_SEQ_LEN(lists[k]); i++)
            push(w, ((WfArg *)WF_SEQ_GET(lists[k], i))->annotation, 0, d + 1);
    if (a->vararg)
        push(w, a->vararg->annotation, 0, d + 1);
    if (a->kwarg)
        push(w, a->kwarg->annotation, 0, d + 1);
    push_exprs(w, a->defaults, d);
    push_exprs(w, a->kw_defaults, d);
}

static void push_keywords(Walk *w, WfKeywordSeq *kws, int d) {
    for (int i = 0; i < WF_SEQ_LEN(kws); i++)
        push(w, ((WfKeyword *)WF_SEQ_GET(kws, i))->value, 0, d + 1);
}

static void expr_children(Walk *w, WfExpr *e, int d) {
    switch (e->kind) {
    case WF_EXPR_BoolOp: push_exprs(w, e->v.BoolOp.values, d); break;
    case WF_EXPR_NamedExpr: push(w, e->v.NamedExpr.target, 0, d); push(w, e->v.NamedExpr.value, 0, d); break;
    case WF_EXPR_BinOp: push(w, e->v.BinOp.left, 0, d); push(w, e->v.BinOp.right, 0, d); break;
    case WF_EXPR_UnaryOp: push(w, e->v.UnaryOp.operand, 0, d); break;
    case WF_EXPR_Lambda: push_arguments(w, e->v.Lambda.args, d); push(w, e->v.Lambda.body, 0, d); break;
    case WF_EXPR_IfExp:
        push(w, e->v.IfExp.test, 0, d);
        push(w, e->v.IfExp.body, 0, d);
        push(w, e->v.IfExp.orelse, 0, d);
        break;
    case WF_EXPR_Dict: push_exprs(w, e->v.Dict.keys, d); push_exprs(w, e->v.Dict.values, d); break;
    case WF_EXPR_Set: push_exprs(w, e->v.Set.elts, d); break;
    case WF_EXPR_ListComp: case WF_EXPR_SetComp: case WF_EXPR_GeneratorExp:
        push(w, e->v.ListComp.elt, 0, d);
        push_comprehensions(w, e->v.ListComp.generators, d + 1);
        break;
    case WF_EXPR_DictComp:
        push(w, e->v.DictComp.key, 0, d);
        push(w, e->v.DictComp.value, 0, d);
        push_comprehensions(w, e->v.DictComp.generators, d + 1);
        break;
    case WF_EXPR_Yield: push(w, e->v.Yield.value, 0, d); break;
    case WF_EXPR_YieldFrom: push(w, e->v.YieldFrom.value, 0, d); break;
    case WF_EXPR_Compare: push(w, e->v.Compare.left, 0, d); push_exprs(w, e->v.Compare.comparators, d); break;
    case WF_EXPR_Call:
        push(w, e->v.Call.func, 0, d);
        push_exprs(w, e->v.Call.args, d);
        push_keywords(w, e->v.Call.keywords, d);
        break;
    case WF_EXPR_FormattedValue:
        push(w, e->v.FormattedValue.value, 0, d);
        push(w, e->v.FormattedValue.format_spec, 0, d);
        break;
    case WF_EXPR_JoinedStr: push_exprs(w, e->v.JoinedStr.values, d); break;
    case WF_EXPR_Attribute: push(w, e->v.Attribute.value, 0, d); break;
    case WF_EXPR_Subscript: push(w, e->v.Subscript.value, 0, d); push(w, e->v.Subscript.slice, 0, d); break;
    case WF_EXPR_Starred: push(w, e->v.Starred.value, 0, d); break;
    case WF_EXPR_List: push_exprs(w, e->v.List.elts, d); break;
    case WF_EXPR_Tuple: push_exprs(w, e->v.Tuple.elts, d); break;
    case WF_EXPR_Slice:
        push(w, e->v.Slice.lower, 0, d);
        push(w, e->v.Slice.upper, 0, d);
        push(w, e->v.Slice.step, 0, d);
        break;
    case WF_EXPR_Constant: case WF_EXPR_Name:
        break;
    }
}

static void stmt_children(Walk *w, WfStmt *s, int d) {
    switch (s->kind) {
    case WF_STMT_FunctionDef:
        push_arguments(w, s->v.FunctionDef.args, d);
        push_stmts(w, s->v.FunctionDef.body, d);
        push_exprs(w, s->v.FunctionDef.decorator_list, d);
        push(w, s->v.FunctionDef.returns, 0, d);
        break;
    case WF_STMT_ClassDef:
        push_exprs(w, s->v.ClassDef.bases, d);
        push_keywords(w, s->v.ClassDef.keywords, d);
        push_stmts(w, s->v.ClassDef.body, d);
        push_exprs(w, s->v.ClassDef.decorator_list, d);
        break;
    case WF_STMT_Return: push(w, s->v.Return.value, 0, d); break;
    case WF_STMT_Delete: push_exprs(w, s->v.Delete.targets, d); break;
    case WF_STMT_Assign: push_exprs(w, s->v.Assign.targets, d); push(w, s->v.Assign.value, 0, d); break;
    case WF_STMT_AugAssign: push(w, s->v.AugAssign.target, 0, d); push(w, s->v.AugAssign.value, 0, d); break;
    case WF_STMT_AnnAssign:
        push(w, s->v.AnnAssign.target, 0, d);
        push(w, s->v.AnnAssign.annotation, 0, d);
        push(w, s->v.AnnAssign.value, 0, d);
        break;
    case WF_STMT_For:
        push(w, s->v.For.target, 0, d);
        push(w, s->v.For.iter, 0, d);
        push_stmts(w, s->v.For.body, d);
        push_stmts(w, s->v.For.orelse, d);
        break;
    case WF_STMT_While: case WF_STMT_If:
        push(w, s->v.If.test, 0, d);
        push_stmts(w, s->v.If.body, d);
        push_stmts(w, s->v.If.orelse, d);
        break;
    case WF_STMT_With:
        for (int i = 0; i < WF_SEQ_LEN(s->v.With.items); i++) {
            WfWithItem *it = WF_SEQ_GET(s->v.With.items, i);
            push(w, it->context_expr, 0, d + 1);
            push(w, it->optional_vars, 0, d + 1);
        }
        push_stmts(w, s->v.With.body, d);
        break;
    case WF_STMT_Raise: push(w, s->v.Raise.exc, 0, d); push(w, s->v.Raise.cause, 0, d); break;
    case WF_STMT_Try: case WF_STMT_TryStar:
        push_stmts(w, s->v.Try.body, d);
        for (int i = 0; i < WF_SEQ_LEN(s->v.Try.handlers); i++) {
            WfExceptHandler *h = WF_SEQ_GET(s->v.Try.handlers, i);
            push(w, h->type, 0, d + 1);
            push_stmts(w, h->body, d + 1);
        }
        push_stmts(w, s->v.Try.orelse, d);
        push_stmts(w, s->v.Try.finalbody, d);
        break;
    case WF_STMT_Assert: push(w, s->v.Assert.test, 0, d); push(w, s->v.Assert.msg, 0, d); break;
    case WF_STMT_Expr: push(w, s->v.Expr.value, 0, d); break;
    default:
        break;
    }
}

int wf_p_check_depth(WfMod *mod) {
    Walk w = {0};
    switch (mod->kind) {
    case WF_MOD_Module: push_stmts(&w, mod->v.Module.body, 1); break;
    case WF_MOD_Interactive: push_stmts(&w, mod->v.Interactive.body, 1); break;
    case WF_MOD_Expression: push(&w, mod->v.Expression.body, 0, 1); break;
    }
    int too_deep = 0;
    while (w.size > 0 && !w.failed) {
        Item it = w.items[--w.size];
        if (it.depth > WF_AST_MAX_DEPTH) {
            too_deep = 1;
            break;
        }
        if (it.kind == 0)
            expr_children(&w, it.node, it.depth + 1);
        else
            stmt_children(&w, it.node, it.depth + 1);
    }
    int failed = w.failed;
    wf_mem_free(w.items);
    if (failed) {
        wf_err_no_memory();
        return -1;
    }
    if (too_deep) {
        wf_err_set_string(wf_exc_RecursionError, "maximum recursion depth exceeded during compilation");
        return -1;
    }
    return 0;
}
