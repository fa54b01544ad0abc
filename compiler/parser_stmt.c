/* parser_stmt.c — statements: simple statements, blocks and the compound
 * statements (if, while, for, try, with, def, class, decorators).
 *
 * Invariants:
 *  - A simple statement's position ends at its last token (before ';' or
 *    NEWLINE); a compound statement ends where its last body statement ends.
 *  - Blocks nest at most WF_TOK_MAXINDENT deep (the tokenizer refuses more
 *    indentation), and one-line blocks ("if x: pass") hold only simple
 *    statements, so statement recursion is bounded.
 *  - async, await and match statements are SyntaxErrors (weft has none).
 */
#include "compiler/parser_impl.h"

#include <string.h>

static int statement(WfParser *p, WfPVec *out);
static WfStmt *simple_stmt(WfParser *p);

/* ---- helpers ----------------------------------------------------------- */

/* The last real token consumed (NEWLINE, INDENT, DEDENT skipped): a
 * block ends there, a trailing ';' included, as in CPython. */
static WfToken *last_real_token(WfParser *p) {
    int i = p->pos - 1;
    while (i > 0 && (p->toks[i].type == WF_TOK_NEWLINE || p->toks[i].type == WF_TOK_INDENT ||
                     p->toks[i].type == WF_TOK_DEDENT))
        i--;
    return &p->toks[i < 0 ? 0 : i];
}

/* Ends s where the block just parsed ends (body documents which one). */
static void end_at_block(WfParser *p, WfStmt *s, WfStmtSeq *body) {
    (void)body;
    WfToken *t = last_real_token(p);
    s->end_lineno = t->end_lineno;
    s->end_col_offset = t->end_col;
}

/* An error at the current token; at the end of input, at the last NEWLINE
 * with end offset -1, as CPython reports those. */
static void *error_here(WfParser *p, int kind, const char *fmt, const char *arg, int line) {
    WfToken *t = wf_p_peek(p);
    int k = 0;
    while (wf_p_peek_at(p, k)->type == WF_TOK_DEDENT)
        k++;
    int at_end = wf_p_peek_at(p, k)->type == WF_TOK_ENDMARKER;
    if (t->type == WF_TOK_DEDENT && !at_end)  /* CPython: offset 0, end offset -1 */
        return wf_p_error_range(p, kind, t->lineno, -1, t->lineno, -2, fmt, arg, line);
    if (at_end) {
        int i = p->pos;
        while (i > 0 && p->toks[i].type != WF_TOK_NEWLINE)
            i--;
        WfToken *nl = &p->toks[i];
        return wf_p_error_range(p, kind, nl->lineno, nl->col, nl->lineno, -2, fmt, arg, line);
    }
    /* Running a file, CPython 3.11 shows one caret for IndentationError here. */
    if (kind == WF_ERR_INDENTATION)
        return wf_p_error_range(p, kind, t->lineno, t->col, t->lineno, -2, fmt, arg, line);
    return wf_p_error_range(p, kind, t->lineno, t->col, t->end_lineno, t->end_col, fmt, arg, line);
}

/* A condition of if/elif/while, with CPython's hint for a stray '='. */
static WfExpr *condition(WfParser *p) {
    WfExpr *e = wf_p_named_expression(p);
    if (e == NULL || !wf_p_at(p, WF_TOK_EQUAL))
        return e;
    int save = p->pos;
    wf_p_advance(p);
    WfExpr *b = wf_p_bitwise_or(p);
    if (b == NULL) {
        wf_err_clear();
        p->error = 0;
        p->pos = save;
        return wf_p_invalid_syntax(p);
    }
    if (e->kind == WF_EXPR_Name)
        return wf_p_error_exprs(p, e, b,
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    return wf_p_error_expr(p, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                           wf_p_expr_name(e));
}

/* ---- blocks ------------------------------------------------------------ */

/* simple_stmt (';' simple_stmt)* [';'] NEWLINE, appended to out. */
static int simple_stmts(WfParser *p, WfPVec *out) {
    for (;;) {
        WfStmt *s = simple_stmt(p);
        if (s == NULL || wf_pvec_push(p, out, s) < 0)
            return -1;
        if (!wf_p_accept(p, WF_TOK_SEMI))
            break;
        if (wf_p_at(p, WF_TOK_NEWLINE))
            break;
    }
    if (!wf_p_accept(p, WF_TOK_NEWLINE)) {
        WfStmt *last = out->items[out->size - 1];
        if (last->kind == WF_STMT_Expr)
            wf_p_missing_delimiter(p, last->v.Expr.value);
        else if (last->kind == WF_STMT_Assign)
            wf_p_missing_delimiter(p, last->v.Assign.value);
        else
            wf_p_invalid_syntax(p);
        return -1;
    }
    return 0;
}

/* ':' already consumed. what is "'if' statement" etc. (with a %d for the line). */
WfStmtSeq *wf_p_block(WfParser *p, const char *what, WfToken *kwtok) {
    WfPVec body;
    wf_pvec_init(&body);
    if (!wf_p_accept(p, WF_TOK_NEWLINE)) {
        if (simple_stmts(p, &body) < 0)
            goto fail;
        return wf_pvec_finish(p, &body);
    }
    if (!wf_p_accept(p, WF_TOK_INDENT)) {
        error_here(p, WF_ERR_INDENTATION, "expected an indented block after %s on line %d", what,
                   kwtok->lineno);
        goto fail;
    }
    while (!wf_p_accept(p, WF_TOK_DEDENT)) {
        if (wf_p_at(p, WF_TOK_ENDMARKER))
            break;
        if (statement(p, &body) < 0)
            goto fail;
    }
    return wf_pvec_finish(p, &body);
fail:
    wf_pvec_free(&body);
    return NULL;
}

/* ':' block. CPython says "expected ':'" for def/try/else/finally
 * (forced), and for the others only when the line ends there. */
static WfStmtSeq *colon_block_ex(WfParser *p, const char *what, WfToken *kwtok, int forced) {
    if (!wf_p_at(p, WF_TOK_COLON) && !forced && !wf_p_at(p, WF_TOK_NEWLINE))
        return wf_p_invalid_syntax(p);
    if (!wf_p_expect_msg(p, WF_TOK_COLON, ":"))
        return NULL;
    return wf_p_block(p, what, kwtok);
}

static WfStmtSeq *colon_block(WfParser *p, const char *what, WfToken *kwtok) {
    return colon_block_ex(p, what, kwtok, 0);
}

static WfStmtSeq *forced_colon_block(WfParser *p, const char *what, WfToken *kwtok) {
    return colon_block_ex(p, what, kwtok, 1);
}

/* ---- simple statements ------------------------------------------------- */

static WfExpr *assign_value(WfParser *p) {
    if (wf_p_at_kw(p, WF_KW_yield))
        return wf_p_yield_expr(p);
    return wf_p_star_expressions(p);
}

static int is_bitwise_or_level(WfExpr *e) {
    switch (e->kind) {
    case WF_EXPR_BoolOp: case WF_EXPR_NamedExpr: case WF_EXPR_Lambda: case WF_EXPR_IfExp:
    case WF_EXPR_Compare: case WF_EXPR_Starred: case WF_EXPR_Yield: case WF_EXPR_YieldFrom:
        return 0;
    case WF_EXPR_UnaryOp:
        return e->v.UnaryOp.op != WF_Not;
    default:
        return 1;
    }
}

/* Checks an assignment target; ntargets/value pick CPython's message. */
static int check_target(WfParser *p, WfExpr *t, int ntargets, WfExpr *value) {
    if (t->kind == WF_EXPR_Yield || t->kind == WF_EXPR_YieldFrom) {
        wf_p_error_expr(p, t, "assignment to yield expression not possible");
        return -1;
    }
    WfExpr *bad = wf_p_invalid_target(t, WF_TARGETS_STAR);
    if (bad == NULL)
        return wf_p_set_context(p, t, WF_Store, WF_TARGETS_STAR);
    int excluded = t->kind == WF_EXPR_List || t->kind == WF_EXPR_Tuple ||
                   t->kind == WF_EXPR_GeneratorExp ||
                   (t->kind == WF_EXPR_Constant &&
                    (t->v.Constant.value == WF_TRUE || t->v.Constant.value == WF_FALSE ||
                     t->v.Constant.value == WF_NONE));
    if (ntargets == 1 && !excluded && is_bitwise_or_level(t) && is_bitwise_or_level(value) &&
        value->kind != WF_EXPR_Tuple) {
        wf_p_error_expr(p, t, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                        wf_p_expr_name(t));
        return -1;
    }
    return wf_p_set_context(p, t, WF_Store, WF_TARGETS_STAR);
}

static WfOperator augassign_op(WfTokType t) {
    switch (t) {
    case WF_TOK_PLUSEQUAL: return WF_Add;
    case WF_TOK_MINEQUAL: return WF_Sub;
    case WF_TOK_STAREQUAL: return WF_Mult;
    case WF_TOK_ATEQUAL: return WF_MatMult;
    case WF_TOK_SLASHEQUAL: return WF_Div;
    case WF_TOK_PERCENTEQUAL: return WF_Mod;
    case WF_TOK_AMPEREQUAL: return WF_BitAnd;
    case WF_TOK_VBAREQUAL: return WF_BitOr;
    case WF_TOK_CIRCUMFLEXEQUAL: return WF_BitXor;
    case WF_TOK_LEFTSHIFTEQUAL: return WF_LShift;
    case WF_TOK_RIGHTSHIFTEQUAL: return WF_RShift;
    case WF_TOK_DOUBLESTAREQUAL: return WF_Pow;
    case WF_TOK_DOUBLESLASHEQUAL: return WF_FloorDiv;
    default: return (WfOperator)0;
    }
}

static WfStmt *ann_assign(WfParser *p, WfToken *start, WfExpr *target) {
    /* CPython's target errors need an annotation after the ':'. */
    WfToken *colon = wf_p_peek(p);
    WfToken *after = wf_p_peek_at(p, 1);
    int ann_follows = after->type == WF_TOK_NAME ? (after->kw == WF_KW_NONE || after->kw == WF_KW_None ||
                                                    after->kw == WF_KW_True || after->kw == WF_KW_False ||
                                                    after->kw == WF_KW_not || after->kw == WF_KW_lambda)
                      : (after->type == WF_TOK_NUMBER || after->type == WF_TOK_STRING ||
                         after->type == WF_TOK_LPAR || after->type == WF_TOK_LSQB ||
                         after->type == WF_TOK_LBRACE || after->type == WF_TOK_MINUS ||
                         after->type == WF_TOK_PLUS || after->type == WF_TOK_TILDE ||
                         after->type == WF_TOK_ELLIPSIS);
    int bad_target = target->kind != WF_EXPR_Name && target->kind != WF_EXPR_Attribute &&
                     target->kind != WF_EXPR_Subscript;
    if (bad_target && !ann_follows)
        return wf_p_error_tok(p, colon, "invalid syntax");
    if (target->kind == WF_EXPR_Tuple || target->kind == WF_EXPR_List)
        return wf_p_error_expr(p, target, "only single target (not %s) can be annotated",
                               target->kind == WF_EXPR_Tuple ? "tuple" : "list");
    if (target->kind != WF_EXPR_Name && target->kind != WF_EXPR_Attribute &&
        target->kind != WF_EXPR_Subscript)
        return wf_p_error_expr(p, target, "illegal target for annotation");
    /* A tuple without parentheses was caught above; "(a, b): int" too. */
    int simple = target->kind == WF_EXPR_Name && start->type == WF_TOK_NAME;
    wf_p_advance(p);  /* ':' */
    WfExpr *ann = wf_p_expression(p);
    if (ann == NULL)
        return NULL;
    WfExpr *value = NULL;
    if (wf_p_accept(p, WF_TOK_EQUAL)) {
        value = assign_value(p);
        if (value == NULL)
            return NULL;
    }
    if (wf_p_set_context(p, target, WF_Store, WF_TARGETS_STAR) < 0)
        return NULL;
    WfStmt *s = wf_p_stmt(p, WF_STMT_AnnAssign, start->lineno, start->col);
    if (s != NULL) {
        s->v.AnnAssign.target = target;
        s->v.AnnAssign.annotation = ann;
        s->v.AnnAssign.value = value;
        s->v.AnnAssign.simple = simple;
    }
    return s;
}

static WfStmt *aug_assign(WfParser *p, WfToken *start, WfExpr *target, WfOperator op) {
    /* The value is parsed first: CPython's rule reads it before judging. */
    wf_p_advance(p);
    WfExpr *value = assign_value(p);
    if (value == NULL)
        return NULL;
    if (target->kind != WF_EXPR_Name && target->kind != WF_EXPR_Attribute &&
        target->kind != WF_EXPR_Subscript)
        return wf_p_error_expr(p, target, "'%s' is an illegal expression for augmented assignment",
                               wf_p_expr_name(target));
    wf_p_set_context(p, target, WF_Store, WF_TARGETS_STAR);
    WfStmt *s = wf_p_stmt(p, WF_STMT_AugAssign, start->lineno, start->col);
    if (s != NULL) {
        s->v.AugAssign.target = target;
        s->v.AugAssign.op = op;
        s->v.AugAssign.value = value;
    }
    return s;
}

static WfStmt *assign(WfParser *p, WfToken *start, WfExpr *first) {
    WfPVec targets;
    wf_pvec_init(&targets);
    WfExpr *value = first;
    while (wf_p_accept(p, WF_TOK_EQUAL)) {
        if (wf_pvec_push(p, &targets, value) < 0)
            goto fail;
        value = assign_value(p);
        if (value == NULL)
            goto fail;
    }
    for (int i = 0; i < targets.size; i++)
        if (check_target(p, targets.items[i], targets.size, value) < 0)
            goto fail;
    WfExprSeq *seq = wf_pvec_finish(p, &targets);
    WfStmt *s = seq ? wf_p_stmt(p, WF_STMT_Assign, start->lineno, start->col) : NULL;
    if (s != NULL) {
        s->v.Assign.targets = seq;
        s->v.Assign.value = value;
    }
    return s;
fail:
    wf_pvec_free(&targets);
    return NULL;
}

static WfStmt *expr_or_assign(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfExpr *first = assign_value(p);
    if (first == NULL)
        return NULL;
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_COLON)
        return ann_assign(p, start, first);
    WfOperator op = augassign_op(t->type);
    if (op)
        return aug_assign(p, start, first, op);
    if (t->type == WF_TOK_EQUAL)
        return assign(p, start, first);
    WfStmt *s = wf_p_stmt(p, WF_STMT_Expr, start->lineno, start->col);
    if (s != NULL)
        s->v.Expr.value = first;
    return s;
}

static WfStmt *return_stmt(WfParser *p, WfToken *kw) {
    WfExpr *v = NULL;
    if (!wf_p_at(p, WF_TOK_NEWLINE) && !wf_p_at(p, WF_TOK_SEMI)) {
        v = wf_p_star_expressions(p);
        if (v == NULL)
            return NULL;
    }
    WfStmt *s = wf_p_stmt(p, WF_STMT_Return, kw->lineno, kw->col);
    if (s != NULL)
        s->v.Return.value = v;
    return s;
}

static WfStmt *raise_stmt(WfParser *p, WfToken *kw) {
    WfExpr *exc = NULL, *cause = NULL;
    if (!wf_p_at(p, WF_TOK_NEWLINE) && !wf_p_at(p, WF_TOK_SEMI)) {
        exc = wf_p_expression(p);
        if (exc == NULL)
            return NULL;
        if (wf_p_accept_kw(p, WF_KW_from)) {
            cause = wf_p_expression(p);
            if (cause == NULL)
                return NULL;
        }
    }
    WfStmt *s = wf_p_stmt(p, WF_STMT_Raise, kw->lineno, kw->col);
    if (s != NULL) {
        s->v.Raise.exc = exc;
        s->v.Raise.cause = cause;
    }
    return s;
}

static WfStmt *global_stmt(WfParser *p, WfToken *kw, WfStmtKind kind) {
    WfPVec names;
    wf_pvec_init(&names);
    do {
        if (!wf_p_at_name(p)) {
            wf_p_invalid_syntax(p);
            goto fail;
        }
        WfObject *id = wf_p_identifier(p, wf_p_advance(p));
        if (id == NULL || wf_pvec_push(p, &names, id) < 0)
            goto fail;
    } while (wf_p_accept(p, WF_TOK_COMMA));
    WfIdentifierSeq *seq = wf_pvec_finish(p, &names);
    WfStmt *s = seq ? wf_p_stmt(p, kind, kw->lineno, kw->col) : NULL;
    if (s != NULL)
        s->v.Global.names = seq;  /* Global and Nonlocal share a layout */
    return s;
fail:
    wf_pvec_free(&names);
    return NULL;
}

static WfStmt *del_stmt(WfParser *p, WfToken *kw) {
    WfPVec targets;
    wf_pvec_init(&targets);
    do {
        if (wf_p_at(p, WF_TOK_NEWLINE) || wf_p_at(p, WF_TOK_SEMI)) {
            if (targets.size > 0)
                break;  /* trailing comma */
            wf_p_invalid_syntax(p);
            goto fail;
        }
        WfExpr *t = wf_p_star_expression(p);
        if (t == NULL || wf_p_set_context(p, t, WF_Del, WF_TARGETS_DEL) < 0 ||
            wf_pvec_push(p, &targets, t) < 0)
            goto fail;
    } while (wf_p_accept(p, WF_TOK_COMMA));
    WfExprSeq *seq = wf_pvec_finish(p, &targets);
    WfStmt *s = seq ? wf_p_stmt(p, WF_STMT_Delete, kw->lineno, kw->col) : NULL;
    if (s != NULL)
        s->v.Delete.targets = seq;
    return s;
fail:
    wf_pvec_free(&targets);
    return NULL;
}

static WfStmt *assert_stmt(WfParser *p, WfToken *kw) {
    WfExpr *test = wf_p_expression(p), *msg = NULL;
    if (test == NULL)
        return NULL;
    if (wf_p_accept(p, WF_TOK_COMMA)) {
        msg = wf_p_expression(p);
        if (msg == NULL)
            return NULL;
    }
    WfStmt *s = wf_p_stmt(p, WF_STMT_Assert, kw->lineno, kw->col);
    if (s != NULL) {
        s->v.Assert.test = test;
        s->v.Assert.msg = msg;
    }
    return s;
}

/* dotted_name: NAME ('.' NAME)* as one interned identifier "a.b.c". */
static WfObject *dotted_name(WfParser *p) {
    if (!wf_p_at_name(p))
        return wf_p_invalid_syntax(p);
    WfToken *first = wf_p_advance(p);
    if (!wf_p_at(p, WF_TOK_DOT))
        return wf_p_identifier(p, first);
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_utf8(&b, first->start, first->len);
    while (wf_p_accept(p, WF_TOK_DOT)) {
        if (!wf_p_at_name(p)) {
            wf_str_builder_discard(&b);
            return wf_p_invalid_syntax(p);
        }
        WfToken *t = wf_p_advance(p);
        wf_str_builder_append_utf8(&b, ".", 1);
        wf_str_builder_append_utf8(&b, t->start, t->len);
    }
    WfObject *s = wf_str_builder_finish(&b);
    if (s == NULL) {
        p->error = 1;
        return NULL;
    }
    WfObject *id = wf_str_intern_utf8(WF_STR_DATA(s), WF_STR_BYTE_LENGTH(s));
    wf_decref(s);
    if (id == NULL)
        p->error = 1;
    return id;
}

static WfAlias *alias(WfParser *p, int dotted) {
    WfToken *start = wf_p_peek(p);
    WfObject *name;
    if (dotted) {
        name = dotted_name(p);
    } else if (wf_p_at_name(p)) {
        name = wf_p_identifier(p, wf_p_advance(p));
    } else {
        return wf_p_invalid_syntax(p);
    }
    if (name == NULL)
        return NULL;
    WfObject *asname = NULL;
    if (wf_p_accept_kw(p, WF_KW_as)) {
        if (!wf_p_at_name(p))
            return wf_p_invalid_syntax(p);
        asname = wf_p_identifier(p, wf_p_advance(p));
        if (asname == NULL)
            return NULL;
    }
    WfAlias *a = wf_arena_calloc(p->arena, sizeof(WfAlias));
    if (a == NULL) {
        p->error = 1;
        return NULL;
    }
    WfToken *last = wf_p_last(p);
    a->name = name;
    a->asname = asname;
    a->lineno = start->lineno;
    a->col_offset = start->col;
    a->end_lineno = last->end_lineno;
    a->end_col_offset = last->end_col;
    return a;
}

static WfStmt *import_stmt(WfParser *p, WfToken *kw) {
    WfPVec names;
    wf_pvec_init(&names);
    do {
        WfAlias *a = alias(p, 1);
        if (a == NULL || wf_pvec_push(p, &names, a) < 0) {
            wf_pvec_free(&names);
            return NULL;
        }
    } while (wf_p_accept(p, WF_TOK_COMMA));
    WfAliasSeq *seq = wf_pvec_finish(p, &names);
    WfStmt *s = seq ? wf_p_stmt(p, WF_STMT_Import, kw->lineno, kw->col) : NULL;
    if (s != NULL)
        s->v.Import.names = seq;
    return s;
}

static WfAliasSeq *import_from_names(WfParser *p) {
    WfPVec names;
    wf_pvec_init(&names);
    if (wf_p_at(p, WF_TOK_STAR)) {
        WfToken *t = wf_p_advance(p);
        WfAlias *a = wf_arena_calloc(p->arena, sizeof(WfAlias));
        if (a == NULL) {
            p->error = 1;
            return NULL;
        }
        a->name = wf_str_intern_cstr("*");
        a->lineno = t->lineno;
        a->col_offset = t->col;
        a->end_lineno = t->end_lineno;
        a->end_col_offset = t->end_col;
        if (a->name == NULL || wf_pvec_push(p, &names, a) < 0) {
            p->error = 1;
            return NULL;
        }
        return wf_pvec_finish(p, &names);
    }
    int parens = wf_p_accept(p, WF_TOK_LPAR) != NULL;
    for (;;) {
        WfAlias *a = alias(p, 0);
        if (a == NULL || wf_pvec_push(p, &names, a) < 0)
            goto fail;
        if (!wf_p_accept(p, WF_TOK_COMMA))
            break;
        if (parens && wf_p_at(p, WF_TOK_RPAR))
            break;
        if (!parens && (wf_p_at(p, WF_TOK_NEWLINE) || wf_p_at(p, WF_TOK_SEMI))) {
            wf_p_error_tok(p, wf_p_peek(p), "trailing comma not allowed without surrounding parentheses");
            goto fail;
        }
    }
    if (parens && !wf_p_expect(p, WF_TOK_RPAR))
        goto fail;
    return wf_pvec_finish(p, &names);
fail:
    wf_pvec_free(&names);
    return NULL;
}

static WfStmt *from_stmt(WfParser *p, WfToken *kw) {
    int level = 0;
    for (;;) {
        if (wf_p_accept(p, WF_TOK_DOT))
            level++;
        else if (wf_p_accept(p, WF_TOK_ELLIPSIS))
            level += 3;
        else
            break;
    }
    WfObject *module = NULL;
    if (level == 0 || !wf_p_at_kw(p, WF_KW_import)) {
        module = dotted_name(p);
        if (module == NULL)
            return NULL;
    }
    if (!wf_p_accept_kw(p, WF_KW_import))
        return wf_p_invalid_syntax(p);
    WfAliasSeq *names = import_from_names(p);
    if (names == NULL)
        return NULL;
    WfStmt *s = wf_p_stmt(p, WF_STMT_ImportFrom, kw->lineno, kw->col);
    if (s != NULL) {
        s->v.ImportFrom.module = module;
        s->v.ImportFrom.names = names;
        s->v.ImportFrom.level = level;
    }
    return s;
}

static WfStmt *simple_stmt(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    if (t->type != WF_TOK_NAME || t->kw == WF_KW_NONE || t->kw == WF_KW_yield ||
        t->kw == WF_KW_True || t->kw == WF_KW_False || t->kw == WF_KW_None ||
        t->kw == WF_KW_not || t->kw == WF_KW_lambda)
        return expr_or_assign(p);
    switch (t->kw) {
    case WF_KW_pass:
    case WF_KW_break:
    case WF_KW_continue:
        wf_p_advance(p);
        return wf_p_stmt(p, t->kw == WF_KW_pass ? WF_STMT_Pass
                            : t->kw == WF_KW_break ? WF_STMT_Break : WF_STMT_Continue,
                         t->lineno, t->col);
    case WF_KW_return: return return_stmt(p, wf_p_advance(p));
    case WF_KW_raise: return raise_stmt(p, wf_p_advance(p));
    case WF_KW_global: return global_stmt(p, wf_p_advance(p), WF_STMT_Global);
    case WF_KW_nonlocal: return global_stmt(p, wf_p_advance(p), WF_STMT_Nonlocal);
    case WF_KW_del: return del_stmt(p, wf_p_advance(p));
    case WF_KW_assert: return assert_stmt(p, wf_p_advance(p));
    case WF_KW_import: return import_stmt(p, wf_p_advance(p));
    case WF_KW_from: return from_stmt(p, wf_p_advance(p));
    default: return expr_or_assign(p);  /* reports the misplaced keyword */
    }
}

/* ---- compound statements ----------------------------------------------- */

static WfStmt *if_stmt(WfParser *p, WfToken *kw, const char *what) {
    WfExpr *test = condition(p);
    if (test == NULL)
        return NULL;
    WfStmtSeq *body = colon_block(p, what, kw);
    if (body == NULL)
        return NULL;
    WfStmtSeq *orelse = NULL;
    WfStmt *s = wf_p_stmt(p, WF_STMT_If, kw->lineno, kw->col);
    if (s == NULL)
        return NULL;
    end_at_block(p, s, body);
    if (wf_p_at_kw(p, WF_KW_elif)) {
        WfToken *ekw = wf_p_advance(p);
        if (wf_p_enter(p) < 0)  /* elif chains recurse */
            return NULL;
        WfStmt *e = if_stmt(p, ekw, "'elif' statement");
        wf_p_leave(p);
        orelse = e ? wf_p_seq(p, 1) : NULL;
        if (orelse == NULL)
            return NULL;
        WF_SEQ_SET(orelse, 0, e);
    } else if (wf_p_at_kw(p, WF_KW_else)) {
        WfToken *ekw = wf_p_advance(p);
        orelse = forced_colon_block(p, "'else' statement", ekw);
        if (orelse == NULL)
            return NULL;
    } else {
        orelse = wf_p_seq(p, 0);
        if (orelse == NULL)
            return NULL;
    }
    if (WF_SEQ_LEN(orelse) > 0)
        end_at_block(p, s, orelse);
    s->v.If.test = test;
    s->v.If.body = body;
    s->v.If.orelse = orelse;
    return s;
}

/* [else: block] of while / for / try. */
static WfStmtSeq *opt_else(WfParser *p) {
    if (!wf_p_at_kw(p, WF_KW_else))
        return wf_p_seq(p, 0);
    WfToken *kw = wf_p_advance(p);
    return forced_colon_block(p, "'else' statement", kw);
}

static WfStmt *while_stmt(WfParser *p, WfToken *kw) {
    WfExpr *test = condition(p);
    WfStmtSeq *body = test ? colon_block(p, "'while' statement", kw) : NULL;
    WfStmtSeq *orelse = body ? opt_else(p) : NULL;
    WfStmt *s = orelse ? wf_p_stmt(p, WF_STMT_While, kw->lineno, kw->col) : NULL;
    if (s == NULL)
        return NULL;
    s->v.While.test = test;
    s->v.While.body = body;
    s->v.While.orelse = orelse;
    end_at_block(p, s, WF_SEQ_LEN(orelse) ? orelse : body);
    return s;
}

/* star_targets before 'in' of a for statement. */
static WfExpr *for_target(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfPVec elts;
    wf_pvec_init(&elts);
    int trailing = 0;
    for (;;) {
        WfExpr *e;
        if (wf_p_at(p, WF_TOK_STAR)) {
            WfToken *star = wf_p_advance(p);
            WfExpr *v = wf_p_bitwise_or(p);
            e = v ? wf_p_expr(p, WF_EXPR_Starred, star->lineno, star->col) : NULL;
            if (e != NULL)
                e->v.Starred.value = v;
        } else {
            e = wf_p_bitwise_or(p);
        }
        if (e == NULL || wf_pvec_push(p, &elts, e) < 0)
            goto fail;
        trailing = 0;
        if (!wf_p_accept(p, WF_TOK_COMMA))
            break;
        trailing = 1;
        if (wf_p_at_kw(p, WF_KW_in))
            break;
    }
    if (elts.size == 1 && !trailing) {
        WfExpr *e = elts.items[0];
        wf_pvec_free(&elts);
        return e;
    }
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *t = seq ? wf_p_expr(p, WF_EXPR_Tuple, start->lineno, start->col) : NULL;
    if (t != NULL)
        t->v.Tuple.elts = seq;
    return t;
fail:
    wf_pvec_free(&elts);
    return NULL;
}

static WfStmt *for_stmt(WfParser *p, WfToken *kw) {
    WfExpr *target = for_target(p);
    if (target == NULL)
        return NULL;
    if (!wf_p_at_kw(p, WF_KW_in)) {
        if (wf_p_invalid_target(target, WF_TARGETS_FOR) != NULL)
            wf_p_set_context(p, target, WF_Store, WF_TARGETS_FOR);
        else
            wf_p_invalid_syntax(p);
        return NULL;
    }
    if (wf_p_set_context(p, target, WF_Store, WF_TARGETS_FOR) < 0)
        return NULL;
    wf_p_advance(p);
    WfExpr *iter = wf_p_star_expressions(p);
    WfStmtSeq *body = iter ? colon_block(p, "'for' statement", kw) : NULL;
    WfStmtSeq *orelse = body ? opt_else(p) : NULL;
    WfStmt *s = orelse ? wf_p_stmt(p, WF_STMT_For, kw->lineno, kw->col) : NULL;
    if (s == NULL)
        return NULL;
    s->v.For.target = target;
    s->v.For.iter = iter;
    s->v.For.body = body;
    s->v.For.orelse = orelse;
    end_at_block(p, s, WF_SEQ_LEN(orelse) ? orelse : body);
    return s;
}

static WfWithItem *with_item(WfParser *p) {
    WfExpr *ctx = wf_p_expression(p);
    if (ctx == NULL)
        return NULL;
    WfExpr *vars = NULL;
    if (wf_p_accept_kw(p, WF_KW_as)) {
        vars = wf_p_star_expression(p);
        if (vars == NULL || wf_p_set_context(p, vars, WF_Store, WF_TARGETS_STAR) < 0)
            return NULL;
        if (!wf_p_at(p, WF_TOK_COMMA) && !wf_p_at(p, WF_TOK_RPAR) && !wf_p_at(p, WF_TOK_COLON))
            return wf_p_invalid_syntax(p);
    }
    WfWithItem *w = wf_arena_calloc(p->arena, sizeof(WfWithItem));
    if (w == NULL) {
        p->error = 1;
        return NULL;
    }
    w->context_expr = ctx;
    w->optional_vars = vars;
    return w;
}

/* with_item (',' with_item)*, optionally inside parentheses; NULL + no
 * error (p->error == 0) when the parenthesised form does not apply. */
static WfWithItemSeq *with_items(WfParser *p, int parens) {
    WfPVec items;
    wf_pvec_init(&items);
    if (parens)
        wf_p_advance(p);
    for (;;) {
        WfWithItem *w = with_item(p);
        if (w == NULL || wf_pvec_push(p, &items, w) < 0)
            goto fail;
        if (!wf_p_accept(p, WF_TOK_COMMA))
            break;
        if (parens && wf_p_at(p, WF_TOK_RPAR))
            break;
    }
    if (parens && (!wf_p_accept(p, WF_TOK_RPAR) || !wf_p_at(p, WF_TOK_COLON)))
        goto fail;
    return wf_pvec_finish(p, &items);
fail:
    wf_pvec_free(&items);
    return NULL;
}

static WfStmt *with_stmt(WfParser *p, WfToken *kw) {
    WfWithItemSeq *items = NULL;
    if (wf_p_at(p, WF_TOK_LPAR)) {
        int save = p->pos, save_depth = p->depth;
        items = with_items(p, 1);
        if (items == NULL) {
            if (p->error)
                wf_err_clear();
            p->error = 0;
            p->pos = save;
            p->depth = save_depth;
        }
    }
    if (items == NULL)
        items = with_items(p, 0);
    if (items == NULL) {
        if (!p->error)
            wf_p_invalid_syntax(p);
        return NULL;
    }
    WfStmtSeq *body = colon_block(p, "'with' statement", kw);
    WfStmt *s = body ? wf_p_stmt(p, WF_STMT_With, kw->lineno, kw->col) : NULL;
    if (s == NULL)
        return NULL;
    s->v.With.items = items;
    s->v.With.body = body;
    end_at_block(p, s, body);
    return s;
}

static WfExceptHandler *except_block(WfParser *p) {
    WfToken *kw = wf_p_advance(p);
    if (wf_p_at(p, WF_TOK_STAR))
        return wf_p_error_tok(p, wf_p_peek(p), "except* is not supported by weft");
    WfExpr *type = NULL;
    WfObject *name = NULL;
    if (!wf_p_at(p, WF_TOK_COLON)) {
        type = wf_p_expression(p);
        if (type == NULL)
            return NULL;
        if (wf_p_at(p, WF_TOK_COMMA)) {
            int save = p->pos;
            wf_p_advance(p);
            WfExpr *more = wf_p_star_expressions(p);
            if (more != NULL && (wf_p_at(p, WF_TOK_COLON) || wf_p_at_kw(p, WF_KW_as)))
                return wf_p_error_exprs(p, type, more,
                                        "multiple exception types must be parenthesized");
            if (p->error)
                wf_err_clear();
            p->error = 0;
            p->pos = save;
            return wf_p_invalid_syntax(p);
        }
        if (wf_p_accept_kw(p, WF_KW_as)) {
            if (!wf_p_at_name(p))
                return wf_p_invalid_syntax(p);
            name = wf_p_identifier(p, wf_p_advance(p));
            if (name == NULL)
                return NULL;
        }
    }
    WfStmtSeq *body = colon_block(p, "'except' statement", kw);
    if (body == NULL)
        return NULL;
    WfExceptHandler *h = wf_arena_calloc(p->arena, sizeof(WfExceptHandler));
    if (h == NULL) {
        p->error = 1;
        return NULL;
    }
    WfToken *last = last_real_token(p);
    h->type = type;
    h->name = name;
    h->body = body;
    h->lineno = kw->lineno;
    h->col_offset = kw->col;
    h->end_lineno = last->end_lineno;
    h->end_col_offset = last->end_col;
    return h;
}

static WfStmt *try_stmt(WfParser *p, WfToken *kw) {
    WfStmtSeq *body = forced_colon_block(p, "'try' statement", kw);
    if (body == NULL)
        return NULL;
    WfPVec handlers;
    wf_pvec_init(&handlers);
    while (wf_p_at_kw(p, WF_KW_except)) {
        WfExceptHandler *h = except_block(p);
        if (h == NULL || wf_pvec_push(p, &handlers, h) < 0) {
            wf_pvec_free(&handlers);
            return NULL;
        }
    }
    WfExceptHandlerSeq *hs = wf_pvec_finish(p, &handlers);
    if (hs == NULL)
        return NULL;
    WfStmtSeq *orelse = WF_SEQ_LEN(hs) ? opt_else(p) : wf_p_seq(p, 0);
    if (orelse == NULL)
        return NULL;
    WfStmtSeq *finalbody = NULL;
    if (wf_p_at_kw(p, WF_KW_finally)) {
        WfToken *fkw = wf_p_advance(p);
        finalbody = forced_colon_block(p, "'finally' statement", fkw);
        if (finalbody == NULL)
            return NULL;
    } else if (WF_SEQ_LEN(hs) == 0) {
        return error_here(p, WF_ERR_SYNTAX, "expected 'except' or 'finally' block%s", "", 0);
    } else {
        finalbody = wf_p_seq(p, 0);
        if (finalbody == NULL)
            return NULL;
    }
    WfStmt *s = wf_p_stmt(p, WF_STMT_Try, kw->lineno, kw->col);
    if (s == NULL)
        return NULL;
    s->v.Try.body = body;
    s->v.Try.handlers = hs;
    s->v.Try.orelse = orelse;
    s->v.Try.finalbody = finalbody;
    if (WF_SEQ_LEN(finalbody))
        end_at_block(p, s, finalbody);
    else if (WF_SEQ_LEN(orelse))
        end_at_block(p, s, orelse);
    else {
        WfExceptHandler *h = WF_SEQ_GET(hs, WF_SEQ_LEN(hs) - 1);
        s->end_lineno = h->end_lineno;
        s->end_col_offset = h->end_col_offset;
    }
    return s;
}

static WfStmt *funcdef(WfParser *p, WfToken *kw, WfExprSeq *decorators) {
    if (!wf_p_at_name(p))
        return wf_p_invalid_syntax(p);
    WfObject *name = wf_p_identifier(p, wf_p_advance(p));
    if (name == NULL || !wf_p_expect_msg(p, WF_TOK_LPAR, "("))
        return NULL;
    WfArguments *args = wf_p_parameters(p, 0);
    if (args == NULL || !wf_p_expect(p, WF_TOK_RPAR))
        return NULL;
    WfExpr *returns = NULL;
    if (wf_p_at(p, WF_TOK_RARROW)) {
        WfToken *arrow = wf_p_advance(p);
        if (wf_p_at(p, WF_TOK_COLON))  /* "def f() -> :": CPython's forced ':' */
            return wf_p_error_tok(p, arrow, "expected ':'");
        returns = wf_p_expression(p);
        if (returns == NULL)
            return NULL;
    }
    WfStmtSeq *body = forced_colon_block(p, "function definition", kw);
    WfStmt *s = body ? wf_p_stmt(p, WF_STMT_FunctionDef, kw->lineno, kw->col) : NULL;
    if (s == NULL)
        return NULL;
    s->v.FunctionDef.name = name;
    s->v.FunctionDef.args = args;
    s->v.FunctionDef.body = body;
    s->v.FunctionDef.decorator_list = decorators;
    s->v.FunctionDef.returns = returns;
    end_at_block(p, s, body);
    return s;
}

static WfStmt *classdef(WfParser *p, WfToken *kw, WfExprSeq *decorators) {
    if (!wf_p_at_name(p))
        return wf_p_invalid_syntax(p);
    WfObject *name = wf_p_identifier(p, wf_p_advance(p));
    if (name == NULL)
        return NULL;
    WfExprSeq *bases = NULL;
    WfKeywordSeq *keywords = NULL;
    if (wf_p_at(p, WF_TOK_LPAR)) {
        int lparen = p->pos;
        wf_p_advance(p);
        if (wf_p_call_args(p, &bases, &keywords, lparen) < 0)
            return NULL;
        for (int i = 0; i < WF_SEQ_LEN(bases); i++) {
            WfExpr *b = WF_SEQ_GET(bases, i);
            if (b->kind != WF_EXPR_GeneratorExp)
                continue;
            /* class A(x for x in y): CPython fails at the 'for'. */
            int j = lparen;
            while (j < p->pos && !(p->toks[j].kw == WF_KW_for && p->toks[j].type == WF_TOK_NAME))
                j++;
            return wf_p_error_tok(p, &p->toks[j], "invalid syntax");
        }
    } else {
        bases = wf_p_seq(p, 0);
        keywords = wf_p_seq(p, 0);
        if (bases == NULL || keywords == NULL)
            return NULL;
    }
    WfStmtSeq *body = colon_block(p, "class definition", kw);
    WfStmt *s = body ? wf_p_stmt(p, WF_STMT_ClassDef, kw->lineno, kw->col) : NULL;
    if (s == NULL)
        return NULL;
    s->v.ClassDef.name = name;
    s->v.ClassDef.bases = bases;
    s->v.ClassDef.keywords = keywords;
    s->v.ClassDef.body = body;
    s->v.ClassDef.decorator_list = decorators;
    end_at_block(p, s, body);
    return s;
}

static WfStmt *decorated(WfParser *p) {
    WfPVec decs;
    wf_pvec_init(&decs);
    while (wf_p_accept(p, WF_TOK_AT)) {
        WfExpr *d = wf_p_named_expression(p);
        if (d == NULL || wf_pvec_push(p, &decs, d) < 0 || !wf_p_expect(p, WF_TOK_NEWLINE)) {
            wf_pvec_free(&decs);
            return NULL;
        }
    }
    WfExprSeq *seq = wf_pvec_finish(p, &decs);
    if (seq == NULL)
        return NULL;
    if (wf_p_at_kw(p, WF_KW_def))
        return funcdef(p, wf_p_advance(p), seq);
    if (wf_p_at_kw(p, WF_KW_class))
        return classdef(p, wf_p_advance(p), seq);
    return wf_p_invalid_syntax(p);
}

/* "match" as a statement: `match <subject>:` NEWLINE INDENT `case` ... */
static int is_match_stmt(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    if (t->type != WF_TOK_NAME || t->len != 5 || memcmp(t->start, "match", 5) != 0)
        return 0;
    WfToken *next = wf_p_peek_at(p, 1);
    if (next->type == WF_TOK_EQUAL || next->type == WF_TOK_DOT || next->type == WF_TOK_NEWLINE ||
        next->type == WF_TOK_COLON || next->type == WF_TOK_SEMI)
        return 0;
    int i = p->pos + 1;
    while (i < p->ntoks - 1 && p->toks[i].type != WF_TOK_NEWLINE)
        i++;
    if (i + 2 >= p->ntoks || p->toks[i - 1].type != WF_TOK_COLON)
        return 0;
    WfToken *ind = &p->toks[i + 1], *c = &p->toks[i + 2];
    return ind->type == WF_TOK_INDENT && c->type == WF_TOK_NAME && c->len == 4 &&
           memcmp(c->start, "case", 4) == 0;
}

static WfStmt *compound_stmt(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_AT)
        return decorated(p);
    switch (t->kw) {
    case WF_KW_if: return if_stmt(p, wf_p_advance(p), "'if' statement");
    case WF_KW_while: return while_stmt(p, wf_p_advance(p));
    case WF_KW_for: return for_stmt(p, wf_p_advance(p));
    case WF_KW_try: return try_stmt(p, wf_p_advance(p));
    case WF_KW_with: return with_stmt(p, wf_p_advance(p));
    case WF_KW_def: return funcdef(p, wf_p_advance(p), NULL);
    case WF_KW_class: return classdef(p, wf_p_advance(p), NULL);
    default: return NULL;
    }
}

static int is_compound_start(WfToken *t) {
    if (t->type == WF_TOK_AT)
        return 1;
    if (t->type != WF_TOK_NAME)
        return 0;
    switch (t->kw) {
    case WF_KW_if: case WF_KW_while: case WF_KW_for: case WF_KW_try: case WF_KW_with:
    case WF_KW_def: case WF_KW_class:
        return 1;
    default:
        return 0;
    }
}

static int statement(WfParser *p, WfPVec *out) {
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_INDENT || t->type == WF_TOK_DEDENT) {
        wf_p_invalid_syntax(p);
        return -1;
    }
    if (t->type == WF_TOK_NAME && t->kw == WF_KW_async) {
        wf_p_error_tok(p, t, "async/await is not supported by weft");
        return -1;
    }
    if (is_match_stmt(p)) {
        wf_p_error_tok(p, t, "match statements are not supported by weft");
        return -1;
    }
    if (is_compound_start(t)) {
        if (p->depth >= WF_PARSER_MAX_DEPTH) {
            wf_p_error_tok(p, t, "too many nested parentheses");
            return -1;
        }
        WfStmt *s = compound_stmt(p);
        if (s == NULL || wf_pvec_push(p, out, s) < 0)
            return -1;
        return 0;
    }
    return simple_stmts(p, out);
}

WfStmtSeq *wf_p_file(WfParser *p) {
    WfPVec body;
    wf_pvec_init(&body);
    while (!wf_p_at(p, WF_TOK_ENDMARKER)) {
        if (wf_p_accept(p, WF_TOK_NEWLINE))
            continue;
        if (statement(p, &body) < 0) {
            wf_pvec_free(&body);
            return NULL;
        }
    }
    return wf_pvec_finish(p, &body);
}

/* One statement (simple statements joined by ';' count as one), as
 * compile(..., 'single'); empty input is an error, as in CPython. */
WfStmtSeq *wf_p_interactive(WfParser *p) {
    WfPVec body;
    wf_pvec_init(&body);
    if (wf_p_at(p, WF_TOK_ENDMARKER))
        return wf_p_invalid_syntax(p);
    int compound = is_compound_start(wf_p_peek(p));
    if (statement(p, &body) < 0) {
        wf_pvec_free(&body);
        return NULL;
    }
    if (!wf_p_at(p, WF_TOK_ENDMARKER)) {
        wf_pvec_free(&body);
        if (compound)
            return wf_p_invalid_syntax(p);
        WfToken *nl = wf_p_last(p);  /* CPython points at the end of the first line */
        return wf_p_error_range(p, WF_ERR_SYNTAX, nl->lineno, nl->col, nl->lineno, nl->col,
                                "multiple statements found while compiling a single statement");
    }
    return wf_pvec_finish(p, &body);
}
