/* parser_expr.c — expressions: precedence levels, atoms, displays,
 * comprehensions, calls, subscripts (CPython 3.12 grammar, minus await).
 *
 * Invariants:
 *  - Each function starts at the current token and leaves p->pos after the
 *    last token of what it parsed; on error it returns NULL with p->error.
 *  - Node positions: from the first token to the last consumed token, as
 *    CPython's EXTRA; a parenthesised expression keeps its inner position,
 *    a parenthesised tuple includes its parentheses.
 *  - Recursion goes through wf_p_enter at every level that can nest
 *    (expression, not, unary operators, power), so depth is bounded.
 */
#include "compiler/parser_impl.h"

#include <stdlib.h>
#include <string.h>

int wf_p_enter(WfParser *p) {
    if (p->depth >= WF_PARSER_MAX_DEPTH) {
        wf_p_error_tok(p, wf_p_peek(p), "too many nested parentheses");
        return -1;
    }
    p->depth++;
    return 0;
}

/* Can this token start an expression? (used for trailing commas and the
 * "Perhaps you forgot a comma?" check) */
static int starts_expression(WfToken *t) {
    switch (t->type) {
    case WF_TOK_NAME:
        switch (t->kw) {
        case WF_KW_NONE: case WF_KW_True: case WF_KW_False: case WF_KW_None:
        case WF_KW_not: case WF_KW_lambda: case WF_KW_await:
            return 1;
        default:
            return 0;
        }
    case WF_TOK_NUMBER: case WF_TOK_STRING: case WF_TOK_LPAR: case WF_TOK_LSQB:
    case WF_TOK_LBRACE: case WF_TOK_MINUS: case WF_TOK_PLUS: case WF_TOK_TILDE:
    case WF_TOK_ELLIPSIS: case WF_TOK_STAR:
        return 1;
    default:
        return 0;
    }
}

/* CPython's invalid_expression rule starts with !(NAME STRING | SOFT_KEYWORD):
 * is a's first token a name followed by a string, or match/case/_? */
static int starts_with_name_string_or_soft_keyword(WfParser *p, WfExpr *a, int end) {
    int i = end - 1;
    while (i > 0 && (p->toks[i].lineno != a->lineno || p->toks[i].col != a->col_offset))
        i--;
    WfToken *t = &p->toks[i];
    if (t->type != WF_TOK_NAME || t->kw != WF_KW_NONE)
        return 0;
    if (p->toks[i + 1].type == WF_TOK_STRING)
        return 1;
    return (t->len == 5 && memcmp(t->start, "match", 5) == 0) ||
           (t->len == 4 && memcmp(t->start, "case", 4) == 0) || (t->len == 1 && t->start[0] == '_');
}

/* After a complete expression `a` the parser expected a delimiter but found
 * something else: CPython's invalid_expression rule. Raises the best
 * message and returns NULL. */
void *wf_p_missing_delimiter(WfParser *p, WfExpr *a) {
    WfToken *t = wf_p_peek(p);
    if (t->kw == WF_KW_not && t->type == WF_TOK_NAME && !p->error) {
        /* "a not b": CPython looked for "not in" and fails at the token after. */
        wf_p_advance(p);
        return wf_p_invalid_syntax(p);
    }
    if (a == NULL || p->error || !starts_expression(t) || t->type == WF_TOK_STAR)
        return wf_p_invalid_syntax(p);
    /* Speculatively parse the next expression b. */
    int save = p->pos, save_depth = p->depth;
    WfExpr *b = wf_p_expression(p);
    if (b == NULL) {
        wf_err_clear();
        p->error = 0;
        p->pos = save;
        p->depth = save_depth;
        return wf_p_invalid_syntax(p);
    }
    if (a->kind == WF_EXPR_Name && (wf_str_equal_cstr(a->v.Name.id, "print") ||
                                    wf_str_equal_cstr(a->v.Name.id, "exec"))) {
        const char *n = wf_str_as_utf8(a->v.Name.id);
        return wf_p_error_exprs(p, a, b,
                                "Missing parentheses in call to '%s'. Did you mean %s(...)?", n, n);
    }
    if (wf_p_last(p)->level > 0 && !starts_with_name_string_or_soft_keyword(p, a, save))
        return wf_p_error_exprs(p, a, b, "invalid syntax. Perhaps you forgot a comma?");
    p->pos = save;
    return wf_p_invalid_syntax(p);
}

/* ---- atoms ------------------------------------------------------------- */

static WfExpr *constant(WfParser *p, WfToken *t, WfObject *value) {
    WfExpr *e = wf_p_expr(p, WF_EXPR_Constant, t->lineno, t->col);
    if (e != NULL)
        e->v.Constant.value = value;
    return e;
}

/* Decodes a NUMBER token (already validated by the tokenizer). */
static WfObject *parse_number(WfParser *p, WfToken *t) {
    char small[64];
    char *buf = t->len < (int)sizeof(small) ? small : wf_mem_malloc((size_t)t->len + 1);
    if (buf == NULL) {
        p->error = 1;
        return wf_err_no_memory();
    }
    int n = 0, is_float = 0, base = 10;
    const char *s = t->start;
    int len = t->len;
    if (len > 1 && s[0] == '0' && strchr("xXoObB", s[1])) {
        base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
        s += 2;
        len -= 2;
    }
    for (int i = 0; i < len; i++) {
        if (s[i] == '_')
            continue;
        if (base == 10 && (s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
            is_float = 1;
        buf[n++] = s[i];
    }
    buf[n] = '\0';
    WfObject *v;
    if (is_float) {
        v = wf_float_from_double(strtod(buf, NULL));
    } else {
        /* "000" is zero; wf_int_from_string takes the digits as they are. */
        v = wf_int_from_string(buf, (size_t)n, base);
    }
    if (buf != small)
        wf_mem_free(buf);
    return wf_p_own(p, v);
}

static WfExpr *paren_atom(WfParser *p);
static WfExpr *list_atom(WfParser *p);
static WfExpr *brace_atom(WfParser *p);

static WfExpr *atom(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    switch (t->type) {
    case WF_TOK_NAME:
        switch (t->kw) {
        case WF_KW_NONE: {
            wf_p_advance(p);
            WfObject *id = wf_p_identifier(p, t);
            if (id == NULL)
                return NULL;
            WfExpr *e = wf_p_expr(p, WF_EXPR_Name, t->lineno, t->col);
            if (e != NULL) {
                e->v.Name.id = id;
                e->v.Name.ctx = WF_Load;
            }
            return e;
        }
        case WF_KW_True: wf_p_advance(p); return constant(p, t, WF_TRUE);
        case WF_KW_False: wf_p_advance(p); return constant(p, t, WF_FALSE);
        case WF_KW_None: wf_p_advance(p); return constant(p, t, WF_NONE);
        default:
            return wf_p_invalid_syntax(p);
        }
    case WF_TOK_NUMBER: {
        wf_p_advance(p);
        WfObject *v = parse_number(p, t);
        return v ? constant(p, t, v) : NULL;
    }
    case WF_TOK_STRING:
        return wf_p_atom_strings(p);
    case WF_TOK_ELLIPSIS:
        wf_p_advance(p);
        return constant(p, t, WF_ELLIPSIS);
    case WF_TOK_LPAR:
        return paren_atom(p);
    case WF_TOK_LSQB:
        return list_atom(p);
    case WF_TOK_LBRACE:
        return brace_atom(p);
    default:
        return wf_p_invalid_syntax(p);
    }
}

WfExpr *wf_p_atom_strings(WfParser *p) {
    int first = p->pos, n = 0;
    while (wf_p_at(p, WF_TOK_STRING)) {
        wf_p_advance(p);
        n++;
    }
    return wf_p_concat_strings(p, first, n);
}

/* Elements of a display or parenthesised tuple after the first, up to the
 * closing token (not consumed). */
static int display_rest(WfParser *p, WfPVec *elts, WfTokType close) {
    while (wf_p_accept(p, WF_TOK_COMMA)) {
        if (wf_p_at(p, close))
            break;
        WfExpr *e = wf_p_star_named_expression(p);
        if (e == NULL || wf_pvec_push(p, elts, e) < 0)
            return -1;
    }
    if (!wf_p_at(p, close)) {
        wf_p_missing_delimiter(p, elts->items[elts->size - 1]);
        return -1;
    }
    return 0;
}

static WfExpr *comprehension(WfParser *p, WfExprKind kind, WfToken *open, WfExpr *elt,
                             WfTokType close) {
    if (elt->kind == WF_EXPR_Starred)
        return wf_p_error_expr(p, elt, "iterable unpacking cannot be used in comprehension");
    WfComprehensionSeq *gens = wf_p_for_if_clauses(p);
    if (gens == NULL)
        return NULL;
    if (!wf_p_at(p, close)) {
        if (wf_p_at(p, WF_TOK_COMMA) && kind == WF_EXPR_GeneratorExp)
            return wf_p_error_range(p, WF_ERR_SYNTAX, elt->lineno, elt->col_offset,
                                    wf_p_last(p)->end_lineno, wf_p_last(p)->end_col,
                                    "Generator expression must be parenthesized");
        return wf_p_invalid_syntax(p);
    }
    wf_p_advance(p);
    WfExpr *e = wf_p_expr(p, kind, open->lineno, open->col);
    if (e == NULL)
        return NULL;
    e->v.ListComp.elt = elt;  /* ListComp, SetComp and GeneratorExp share a layout */
    e->v.ListComp.generators = gens;
    return e;
}

static WfExpr *paren_atom(WfParser *p) {
    WfToken *open = wf_p_advance(p);
    if (wf_p_accept(p, WF_TOK_RPAR)) {
        WfExpr *e = wf_p_expr(p, WF_EXPR_Tuple, open->lineno, open->col);
        if (e == NULL)
            return NULL;
        e->v.Tuple.elts = wf_p_seq(p, 0);
        e->v.Tuple.ctx = WF_Load;
        return e->v.Tuple.elts ? e : NULL;
    }
    if (wf_p_at_kw(p, WF_KW_yield)) {
        WfExpr *y = wf_p_yield_expr(p);
        if (y == NULL)
            return NULL;
        if (!wf_p_accept(p, WF_TOK_RPAR))
            return wf_p_invalid_syntax(p);
        return y;
    }
    WfExpr *first = wf_p_star_named_expression(p);
    if (first == NULL)
        return NULL;
    if (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async))
        return comprehension(p, WF_EXPR_GeneratorExp, open, first, WF_TOK_RPAR);
    if (wf_p_accept(p, WF_TOK_RPAR)) {
        if (first->kind == WF_EXPR_Starred)
            return wf_p_error_expr(p, first, "cannot use starred expression here");
        return first;
    }
    if (!wf_p_at(p, WF_TOK_COMMA)) {
        if (first->kind == WF_EXPR_NamedExpr || !wf_p_at(p, WF_TOK_EQUAL))
            return wf_p_missing_delimiter(p, first);
        return wf_p_invalid_syntax(p);
    }
    WfPVec elts;
    wf_pvec_init(&elts);
    if (wf_pvec_push(p, &elts, first) < 0 || display_rest(p, &elts, WF_TOK_RPAR) < 0) {
        wf_pvec_free(&elts);
        return NULL;
    }
    wf_p_advance(p);
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *e = seq ? wf_p_expr(p, WF_EXPR_Tuple, open->lineno, open->col) : NULL;
    if (e == NULL)
        return NULL;
    e->v.Tuple.elts = seq;
    e->v.Tuple.ctx = WF_Load;
    return e;
}

static WfExpr *list_atom(WfParser *p) {
    WfToken *open = wf_p_advance(p);
    WfPVec elts;
    wf_pvec_init(&elts);
    if (!wf_p_at(p, WF_TOK_RSQB)) {
        WfExpr *first = wf_p_star_named_expression(p);
        if (first == NULL)
            return NULL;
        if (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async))
            return comprehension(p, WF_EXPR_ListComp, open, first, WF_TOK_RSQB);
        if (wf_pvec_push(p, &elts, first) < 0 || display_rest(p, &elts, WF_TOK_RSQB) < 0) {
            wf_pvec_free(&elts);
            return NULL;
        }
    }
    wf_p_advance(p);
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *e = seq ? wf_p_expr(p, WF_EXPR_List, open->lineno, open->col) : NULL;
    if (e == NULL)
        return NULL;
    e->v.List.elts = seq;
    e->v.List.ctx = WF_Load;
    return e;
}

/* One key: value or **mapping of a dict display; pushes key (NULL for **) and value. */
static int dict_item(WfParser *p, WfPVec *keys, WfPVec *values) {
    WfExpr *k = NULL, *v;
    if (wf_p_accept(p, WF_TOK_DOUBLESTAR)) {
        v = wf_p_bitwise_or(p);
    } else {
        k = wf_p_expression(p);
        if (k == NULL)
            return -1;
        if (!wf_p_at(p, WF_TOK_COLON)) {
            if (wf_p_at(p, WF_TOK_COMMA) || wf_p_at(p, WF_TOK_RBRACE)) {
                WfToken *t = wf_p_peek(p);
                wf_p_error_range(p, WF_ERR_SYNTAX, k->lineno, k->col_offset, t->lineno, -1,
                                 "':' expected after dictionary key");
                return -1;
            }
            wf_p_missing_delimiter(p, k);
            return -1;
        }
        wf_p_advance(p);
        if (wf_p_at(p, WF_TOK_STAR)) {
            WfExpr *s = wf_p_star_expression(p);
            if (s != NULL)
                wf_p_error_expr(p, s, "cannot use a starred expression in a dictionary value");
            return -1;
        }
        if (wf_p_at(p, WF_TOK_RBRACE) || wf_p_at(p, WF_TOK_COMMA)) {
            wf_p_error_tok(p, wf_p_last(p), "expression expected after dictionary key and ':'");
            return -1;
        }
        v = wf_p_expression(p);
    }
    if (v == NULL || wf_pvec_push(p, keys, k) < 0 || wf_pvec_push(p, values, v) < 0)
        return -1;
    return 0;
}

static WfExpr *dict_display(WfParser *p, WfToken *open, WfPVec *keys, WfPVec *values) {
    while (wf_p_accept(p, WF_TOK_COMMA)) {
        if (wf_p_at(p, WF_TOK_RBRACE))
            break;
        if (dict_item(p, keys, values) < 0)
            goto fail;
    }
    if (!wf_p_at(p, WF_TOK_RBRACE)) {
        wf_p_missing_delimiter(p, values->items[values->size - 1]);
        goto fail;
    }
    wf_p_advance(p);
    WfExprSeq *ks = wf_pvec_finish(p, keys);
    WfExprSeq *vs = wf_pvec_finish(p, values);
    WfExpr *e = (ks && vs) ? wf_p_expr(p, WF_EXPR_Dict, open->lineno, open->col) : NULL;
    if (e == NULL)
        return NULL;
    e->v.Dict.keys = ks;
    e->v.Dict.values = vs;
    return e;
fail:
    wf_pvec_free(keys);
    wf_pvec_free(values);
    return NULL;
}

static WfExpr *dict_comp(WfParser *p, WfToken *open, WfExpr *key, WfExpr *value) {
    WfComprehensionSeq *gens = wf_p_for_if_clauses(p);
    if (gens == NULL)
        return NULL;
    if (!wf_p_accept(p, WF_TOK_RBRACE))
        return wf_p_invalid_syntax(p);
    WfExpr *e = wf_p_expr(p, WF_EXPR_DictComp, open->lineno, open->col);
    if (e == NULL)
        return NULL;
    e->v.DictComp.key = key;
    e->v.DictComp.value = value;
    e->v.DictComp.generators = gens;
    return e;
}

static WfExpr *brace_atom(WfParser *p) {
    WfToken *open = wf_p_advance(p);
    WfPVec keys, values;
    wf_pvec_init(&keys);
    wf_pvec_init(&values);
    if (wf_p_at(p, WF_TOK_RBRACE))
        return dict_display(p, open, &keys, &values);
    if (wf_p_at(p, WF_TOK_DOUBLESTAR)) {
        WfToken *star = wf_p_peek(p);
        if (dict_item(p, &keys, &values) < 0)
            goto fail;
        if (wf_p_at_kw(p, WF_KW_for)) {
            wf_p_error_tok(p, star, "dict unpacking cannot be used in dict comprehension");
            goto fail;
        }
        return dict_display(p, open, &keys, &values);
    }
    WfExpr *first = wf_p_star_named_expression(p);
    if (first == NULL)
        return NULL;
    if (wf_p_at(p, WF_TOK_COLON) && first->kind != WF_EXPR_Starred &&
        first->kind != WF_EXPR_NamedExpr) {
        wf_p_advance(p);
        if (wf_p_at(p, WF_TOK_STAR)) {
            WfExpr *s = wf_p_star_expression(p);
            if (s != NULL)
                wf_p_error_expr(p, s, "cannot use a starred expression in a dictionary value");
            return NULL;
        }
        if (wf_p_at(p, WF_TOK_RBRACE) || wf_p_at(p, WF_TOK_COMMA))
            return wf_p_error_tok(p, wf_p_last(p), "expression expected after dictionary key and ':'");
        WfExpr *v = wf_p_expression(p);
        if (v == NULL)
            return NULL;
        if (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async))
            return dict_comp(p, open, first, v);
        if (wf_pvec_push(p, &keys, first) < 0 || wf_pvec_push(p, &values, v) < 0)
            goto fail;
        return dict_display(p, open, &keys, &values);
    }
    if (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async))
        return comprehension(p, WF_EXPR_SetComp, open, first, WF_TOK_RBRACE);
    WfPVec elts;
    wf_pvec_init(&elts);
    if (wf_pvec_push(p, &elts, first) < 0 || display_rest(p, &elts, WF_TOK_RBRACE) < 0) {
        wf_pvec_free(&elts);
        return NULL;
    }
    wf_p_advance(p);
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *e = seq ? wf_p_expr(p, WF_EXPR_Set, open->lineno, open->col) : NULL;
    if (e == NULL)
        return NULL;
    e->v.Set.elts = seq;
    return e;
fail:
    wf_pvec_free(&keys);
    wf_pvec_free(&values);
    return NULL;
}

/* ---- comprehension clauses --------------------------------------------- */

/* star_targets of a for clause: bitwise_or-level items, up to 'in'. */
static WfExpr *for_targets(WfParser *p) {
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
            if (e != NULL) {
                e->v.Starred.value = v;
                e->v.Starred.ctx = WF_Load;
            }
        } else {
            e = wf_p_bitwise_or(p);
        }
        if (e == NULL || wf_pvec_push(p, &elts, e) < 0)
            goto fail;
        trailing = 0;
        if (!wf_p_accept(p, WF_TOK_COMMA))
            break;
        trailing = 1;
        if (!starts_expression(wf_p_peek(p)))
            break;
    }
    if (elts.size == 1 && !trailing) {
        WfExpr *e = elts.items[0];
        wf_pvec_free(&elts);
        return e;
    }
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *t = seq ? wf_p_expr(p, WF_EXPR_Tuple, start->lineno, start->col) : NULL;
    if (t != NULL) {
        t->v.Tuple.elts = seq;
        t->v.Tuple.ctx = WF_Load;
    }
    return t;
fail:
    wf_pvec_free(&elts);
    return NULL;
}

WfComprehensionSeq *wf_p_for_if_clauses(WfParser *p) {
    WfPVec gens;
    wf_pvec_init(&gens);
    while (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async)) {
        if (wf_p_at_kw(p, WF_KW_async)) {
            wf_p_invalid_syntax(p);
            goto fail;
        }
        wf_p_advance(p);
        WfExpr *target = for_targets(p);
        if (target == NULL)
            goto fail;
        if (!wf_p_at_kw(p, WF_KW_in)) {
            /* CPython: "'in' expected after for-loop variables" only if the target was valid. */
            if (wf_p_invalid_target(target, WF_TARGETS_FOR) == NULL) {
                WfToken *t = wf_p_peek(p);
                wf_p_error_range(p, WF_ERR_SYNTAX, t->lineno, t->col, t->lineno, t->end_col,
                                 "'in' expected after for-loop variables");
            } else {
                wf_p_set_context(p, target, WF_Store, WF_TARGETS_FOR);
            }
            goto fail;
        }
        if (wf_p_set_context(p, target, WF_Store, WF_TARGETS_FOR) < 0)
            goto fail;
        wf_p_advance(p);
        WfExpr *iter = wf_p_disjunction(p);
        if (iter == NULL)
            goto fail;
        WfPVec ifs;
        wf_pvec_init(&ifs);
        while (wf_p_accept_kw(p, WF_KW_if)) {
            WfExpr *cond = wf_p_disjunction(p);
            if (cond == NULL || wf_pvec_push(p, &ifs, cond) < 0) {
                wf_pvec_free(&ifs);
                goto fail;
            }
        }
        WfComprehension *c = wf_arena_calloc(p->arena, sizeof(WfComprehension));
        WfExprSeq *ifseq = wf_pvec_finish(p, &ifs);
        if (c == NULL || ifseq == NULL) {
            p->error = 1;
            goto fail;
        }
        c->target = target;
        c->iter = iter;
        c->ifs = ifseq;
        if (wf_pvec_push(p, &gens, c) < 0)
            goto fail;
    }
    return wf_pvec_finish(p, &gens);
fail:
    wf_pvec_free(&gens);
    return NULL;
}

/* ---- calls ------------------------------------------------------------- */

static WfKeyword *new_keyword(WfParser *p, WfObject *arg, WfExpr *value, int lineno, int col) {
    WfKeyword *k = wf_arena_calloc(p->arena, sizeof(WfKeyword));
    if (k == NULL) {
        p->error = 1;
        return NULL;
    }
    k->arg = arg;
    k->value = value;
    k->lineno = lineno;
    k->col_offset = col;
    /* The end of the last token: a parenthesised value's ')' included. */
    k->end_lineno = wf_p_last(p)->end_lineno;
    k->end_col_offset = wf_p_last(p)->end_col;
    return k;
}

/* name=value, with CPython's errors for other expressions before '='. */
static WfKeyword *keyword_arg(WfParser *p) {
    WfToken *name = wf_p_advance(p);
    wf_p_advance(p);  /* '=' */
    WfExpr *v = wf_p_expression(p);
    if (v == NULL)
        return NULL;
    WfObject *id = wf_p_identifier(p, name);
    return id ? new_keyword(p, id, v, name->lineno, name->col) : NULL;
}

/* One argument; *kind: 0 positional, 1 *iterable, 2 keyword, 3 **mapping. */
static void *one_arg(WfParser *p, int *kind) {
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_STAR) {
        wf_p_advance(p);
        WfExpr *v = wf_p_expression(p);
        WfExpr *e = v ? wf_p_expr(p, WF_EXPR_Starred, t->lineno, t->col) : NULL;
        if (e != NULL) {
            e->v.Starred.value = v;
            e->v.Starred.ctx = WF_Load;
        }
        *kind = 1;
        return e;
    }
    if (t->type == WF_TOK_DOUBLESTAR) {
        wf_p_advance(p);
        WfExpr *v = wf_p_expression(p);
        *kind = 3;
        return v ? new_keyword(p, NULL, v, t->lineno, t->col) : NULL;
    }
    if (t->type == WF_TOK_NAME && wf_p_peek_at(p, 1)->type == WF_TOK_EQUAL) {
        *kind = 2;
        if (t->kw == WF_KW_True || t->kw == WF_KW_False || t->kw == WF_KW_None) {
            WfToken *eq = wf_p_peek_at(p, 1);
            return wf_p_error_range(p, WF_ERR_SYNTAX, t->lineno, t->col, eq->end_lineno,
                                    eq->end_col, "cannot assign to %s", wf_kw_text(t->kw));
        }
        if (t->kw == WF_KW_NONE)
            return keyword_arg(p);
    }
    *kind = 0;
    WfExpr *e = wf_p_named_expression(p);
    if (e != NULL && wf_p_at(p, WF_TOK_EQUAL)) {
        WfToken *eq = wf_p_peek(p);
        return wf_p_error_range(p, WF_ERR_SYNTAX, e->lineno, e->col_offset, eq->end_lineno,
                                eq->end_col,
                                "expression cannot contain assignment, perhaps you meant \"==\"?");
    }
    return e;
}

int wf_p_call_args(WfParser *p, WfExprSeq **args_out, WfKeywordSeq **kw_out, int lparen_idx) {
    WfPVec args, kws;
    wf_pvec_init(&args);
    wf_pvec_init(&kws);
    int seen_kw = 0, seen_kwunpack = 0;
    WfToken *open = &p->toks[lparen_idx];
    while (!wf_p_at(p, WF_TOK_RPAR)) {
        int kind;
        WfToken *start = wf_p_peek(p);
        void *a = one_arg(p, &kind);
        if (a == NULL)
            goto fail;
        if (kind == 0 && (wf_p_at_kw(p, WF_KW_for) || wf_p_at_kw(p, WF_KW_async))) {
            WfExpr *elt = a;
            if (elt->kind == WF_EXPR_Starred) {
                wf_p_error_expr(p, elt, "iterable unpacking cannot be used in comprehension");
                goto fail;
            }
            WfComprehensionSeq *gens = wf_p_for_if_clauses(p);
            if (gens == NULL)
                goto fail;
            int sole = args.size == 0 && kws.size == 0 && wf_p_at(p, WF_TOK_RPAR);
            WfExpr *g;
            if (sole) {
                /* f(x for x in y): the genexp spans the call's parentheses. */
                WfToken *close = wf_p_peek(p);
                g = wf_ast_new_expr(p->arena, WF_EXPR_GeneratorExp, open->lineno, open->col,
                                    close->end_lineno, close->end_col);
            } else {
                WfToken *last = wf_p_last(p);
                if (wf_p_at(p, WF_TOK_COMMA) || args.size || kws.size) {
                    wf_p_error_range(p, WF_ERR_SYNTAX, elt->lineno, elt->col_offset,
                                     last->end_lineno, last->end_col,
                                     "Generator expression must be parenthesized");
                    goto fail;
                }
                wf_p_invalid_syntax(p);
                goto fail;
            }
            if (g == NULL) {
                p->error = 1;
                goto fail;
            }
            g->v.GeneratorExp.elt = elt;
            g->v.GeneratorExp.generators = gens;
            a = g;
        }
        if (kind == 0 && (seen_kw || seen_kwunpack)) {
            /* CPython points at the token after the argument. */
            wf_p_error_tok(p, wf_p_peek(p),
                           seen_kwunpack ? "positional argument follows keyword argument unpacking"
                                         : "positional argument follows keyword argument");
            goto fail;
        }
        if (kind == 1 && seen_kwunpack) {
            wf_p_error_tok(p, start, "iterable argument unpacking follows keyword argument unpacking");
            goto fail;
        }
        if (kind == 2)
            seen_kw = 1;
        if (kind == 3)
            seen_kwunpack = 1;
        if (wf_pvec_push(p, kind <= 1 ? &args : &kws, a) < 0)
            goto fail;
        if (!wf_p_accept(p, WF_TOK_COMMA)) {
            if (!wf_p_at(p, WF_TOK_RPAR)) {
                wf_p_missing_delimiter(p, kind <= 1 ? (WfExpr *)a : ((WfKeyword *)a)->value);
                goto fail;
            }
            break;
        }
    }
    wf_p_advance(p);  /* ')' */
    *args_out = wf_pvec_finish(p, &args);
    *kw_out = wf_pvec_finish(p, &kws);
    return (*args_out && *kw_out) ? 0 : -1;
fail:
    wf_pvec_free(&args);
    wf_pvec_free(&kws);
    return -1;
}

/* ---- subscripts -------------------------------------------------------- */

static WfExpr *one_slice(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    if (wf_p_at(p, WF_TOK_STAR))
        return wf_p_star_expression(p);
    WfExpr *lower = NULL, *upper = NULL, *step = NULL;
    if (!wf_p_at(p, WF_TOK_COLON)) {
        lower = wf_p_named_expression(p);
        if (lower == NULL || !wf_p_at(p, WF_TOK_COLON))
            return lower;
    }
    wf_p_advance(p);  /* ':' */
    if (!wf_p_at(p, WF_TOK_COLON) && !wf_p_at(p, WF_TOK_COMMA) && !wf_p_at(p, WF_TOK_RSQB)) {
        upper = wf_p_expression(p);
        if (upper == NULL)
            return NULL;
    }
    if (wf_p_accept(p, WF_TOK_COLON)) {
        if (!wf_p_at(p, WF_TOK_COMMA) && !wf_p_at(p, WF_TOK_RSQB)) {
            step = wf_p_expression(p);
            if (step == NULL)
                return NULL;
        }
    }
    WfExpr *e = wf_p_expr(p, WF_EXPR_Slice, start->lineno, start->col);
    if (e != NULL) {
        e->v.Slice.lower = lower;
        e->v.Slice.upper = upper;
        e->v.Slice.step = step;
    }
    return e;
}

WfExpr *wf_p_slices(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfExpr *first = one_slice(p);
    if (first == NULL)
        return NULL;
    if (!wf_p_at(p, WF_TOK_COMMA) && first->kind != WF_EXPR_Starred)
        return first;
    WfPVec elts;
    wf_pvec_init(&elts);
    if (wf_pvec_push(p, &elts, first) < 0)
        goto fail;
    while (wf_p_accept(p, WF_TOK_COMMA)) {
        if (wf_p_at(p, WF_TOK_RSQB))
            break;
        WfExpr *e = one_slice(p);
        if (e == NULL || wf_pvec_push(p, &elts, e) < 0)
            goto fail;
    }
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *t = seq ? wf_p_expr(p, WF_EXPR_Tuple, start->lineno, start->col) : NULL;
    if (t != NULL) {
        t->v.Tuple.elts = seq;
        t->v.Tuple.ctx = WF_Load;
    }
    return t;
fail:
    wf_pvec_free(&elts);
    return NULL;
}

/* ---- primaries and operators ------------------------------------------- */

static WfExpr *primary(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfExpr *e = atom(p);
    while (e != NULL) {
        if (wf_p_accept(p, WF_TOK_DOT)) {
            if (!wf_p_at_name(p))
                return wf_p_invalid_syntax(p);
            WfObject *attr = wf_p_identifier(p, wf_p_advance(p));
            WfExpr *a = attr ? wf_p_expr(p, WF_EXPR_Attribute, start->lineno, start->col) : NULL;
            if (a == NULL)
                return NULL;
            a->v.Attribute.value = e;
            a->v.Attribute.attr = attr;
            a->v.Attribute.ctx = WF_Load;
            e = a;
        } else if (wf_p_at(p, WF_TOK_LPAR)) {
            int lparen = p->pos;
            wf_p_advance(p);
            WfExprSeq *args;
            WfKeywordSeq *kws;
            if (wf_p_call_args(p, &args, &kws, lparen) < 0)
                return NULL;
            WfExpr *c = wf_p_expr(p, WF_EXPR_Call, start->lineno, start->col);
            if (c == NULL)
                return NULL;
            c->v.Call.func = e;
            c->v.Call.args = args;
            c->v.Call.keywords = kws;
            e = c;
        } else if (wf_p_accept(p, WF_TOK_LSQB)) {
            WfExpr *slice = wf_p_slices(p);
            if (slice == NULL)
                return NULL;
            if (!wf_p_accept(p, WF_TOK_RSQB))
                return wf_p_missing_delimiter(p, slice);
            WfExpr *s = wf_p_expr(p, WF_EXPR_Subscript, start->lineno, start->col);
            if (s == NULL)
                return NULL;
            s->v.Subscript.value = e;
            s->v.Subscript.slice = slice;
            s->v.Subscript.ctx = WF_Load;
            e = s;
        } else {
            break;
        }
    }
    return e;
}

static WfExpr *factor(WfParser *p);

/* Compound nodes start at their first token, which includes any
 * parenthesis around the left operand ("(a) + b" starts at the '('). */
static WfExpr *binop(WfParser *p, WfToken *start, WfExpr *left, WfOperator op, WfExpr *right) {
    WfExpr *e = wf_p_expr(p, WF_EXPR_BinOp, start->lineno, start->col);
    if (e != NULL) {
        e->v.BinOp.left = left;
        e->v.BinOp.op = op;
        e->v.BinOp.right = right;
    }
    return e;
}

static WfExpr *power(WfParser *p) {
    if (wf_p_at_kw(p, WF_KW_await))
        return wf_p_error_tok(p, wf_p_peek(p), "async/await is not supported by weft");
    WfToken *start = wf_p_peek(p);
    WfExpr *e = primary(p);
    if (e == NULL || !wf_p_accept(p, WF_TOK_DOUBLESTAR))
        return e;
    if (wf_p_enter(p) < 0)
        return NULL;
    WfExpr *r = factor(p);
    wf_p_leave(p);
    return r ? binop(p, start, e, WF_Pow, r) : NULL;
}

static WfExpr *factor(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    WfUnaryOp op;
    switch (t->type) {
    case WF_TOK_PLUS: op = WF_UAdd; break;
    case WF_TOK_MINUS: op = WF_USub; break;
    case WF_TOK_TILDE: op = WF_Invert; break;
    default: return power(p);
    }
    wf_p_advance(p);
    if (wf_p_enter(p) < 0)
        return NULL;
    WfExpr *operand = factor(p);
    wf_p_leave(p);
    if (operand == NULL)
        return NULL;
    WfExpr *e = wf_p_expr(p, WF_EXPR_UnaryOp, t->lineno, t->col);
    if (e != NULL) {
        e->v.UnaryOp.op = op;
        e->v.UnaryOp.operand = operand;
    }
    return e;
}

/* Left-associative binary levels, loosest first. */
static const struct { WfTokType tok; WfOperator op; int level; } binops[] = {
    {WF_TOK_VBAR, WF_BitOr, 0},     {WF_TOK_CIRCUMFLEX, WF_BitXor, 1},
    {WF_TOK_AMPER, WF_BitAnd, 2},   {WF_TOK_LEFTSHIFT, WF_LShift, 3},
    {WF_TOK_RIGHTSHIFT, WF_RShift, 3}, {WF_TOK_PLUS, WF_Add, 4},
    {WF_TOK_MINUS, WF_Sub, 4},      {WF_TOK_STAR, WF_Mult, 5},
    {WF_TOK_SLASH, WF_Div, 5},      {WF_TOK_DOUBLESLASH, WF_FloorDiv, 5},
    {WF_TOK_PERCENT, WF_Mod, 5},    {WF_TOK_AT, WF_MatMult, 5},
};
#define TERM_LEVEL 5

static int binop_of(WfTokType t, int level, WfOperator *op) {
    for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
        if (binops[i].tok == t && binops[i].level == level) {
            *op = binops[i].op;
            return 1;
        }
    return 0;
}

static WfExpr *binary_level(WfParser *p, int level) {
    WfToken *start = wf_p_peek(p);
    WfExpr *left = level == TERM_LEVEL ? factor(p) : binary_level(p, level + 1);
    WfOperator op;
    while (left != NULL && binop_of(wf_p_peek(p)->type, level, &op)) {
        wf_p_advance(p);
        WfExpr *right = level == TERM_LEVEL ? factor(p) : binary_level(p, level + 1);
        if (right == NULL)
            return NULL;
        left = binop(p, start, left, op, right);
    }
    return left;
}

WfExpr *wf_p_bitwise_or(WfParser *p) { return binary_level(p, 0); }

static int compare_op(WfParser *p, WfCmpOp *op) {
    WfToken *t = wf_p_peek(p);
    switch (t->type) {
    case WF_TOK_EQEQUAL: *op = WF_Eq; break;
    case WF_TOK_NOTEQUAL: *op = WF_NotEq; break;
    case WF_TOK_LESS: *op = WF_Lt; break;
    case WF_TOK_LESSEQUAL: *op = WF_LtE; break;
    case WF_TOK_GREATER: *op = WF_Gt; break;
    case WF_TOK_GREATEREQUAL: *op = WF_GtE; break;
    case WF_TOK_NAME:
        if (t->kw == WF_KW_in) {
            *op = WF_In;
        } else if (t->kw == WF_KW_is) {
            if (wf_p_peek_at(p, 1)->kw == WF_KW_not && wf_p_peek_at(p, 1)->type == WF_TOK_NAME) {
                wf_p_advance(p);
                *op = WF_IsNot;
            } else {
                *op = WF_Is;
            }
        } else if (t->kw == WF_KW_not && wf_p_peek_at(p, 1)->kw == WF_KW_in &&
                   wf_p_peek_at(p, 1)->type == WF_TOK_NAME) {
            wf_p_advance(p);
            *op = WF_NotIn;
        } else {
            return 0;
        }
        break;
    default:
        return 0;
    }
    wf_p_advance(p);
    return 1;
}

static WfExpr *comparison(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfExpr *left = wf_p_bitwise_or(p);
    WfCmpOp op;
    if (left == NULL || !compare_op(p, &op))
        return left;
    WfPVec ops, comps;
    wf_pvec_init(&ops);
    wf_pvec_init(&comps);
    do {
        WfExpr *right = wf_p_bitwise_or(p);
        if (right == NULL || wf_pvec_push(p, &ops, (void *)(intptr_t)op) < 0 ||
            wf_pvec_push(p, &comps, right) < 0) {
            wf_pvec_free(&ops);
            wf_pvec_free(&comps);
            return NULL;
        }
    } while (compare_op(p, &op));
    WfAstIntSeq *opseq = wf_ast_int_seq_new(p->arena, ops.size);
    if (opseq == NULL) {
        p->error = 1;
        wf_pvec_free(&ops);
        wf_pvec_free(&comps);
        return NULL;
    }
    for (int i = 0; i < ops.size; i++)
        opseq->items[i] = (int)(intptr_t)ops.items[i];
    wf_pvec_free(&ops);
    WfExprSeq *cs = wf_pvec_finish(p, &comps);
    WfExpr *e = cs ? wf_p_expr(p, WF_EXPR_Compare, start->lineno, start->col) : NULL;
    if (e != NULL) {
        e->v.Compare.left = left;
        e->v.Compare.ops = opseq;
        e->v.Compare.comparators = cs;
    }
    return e;
}

static WfExpr *inversion(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    if (!wf_p_at_kw(p, WF_KW_not))
        return comparison(p);
    wf_p_advance(p);
    if (wf_p_enter(p) < 0)
        return NULL;
    WfExpr *operand = inversion(p);
    wf_p_leave(p);
    if (operand == NULL)
        return NULL;
    WfExpr *e = wf_p_expr(p, WF_EXPR_UnaryOp, t->lineno, t->col);
    if (e != NULL) {
        e->v.UnaryOp.op = WF_Not;
        e->v.UnaryOp.operand = operand;
    }
    return e;
}

/* and / or: flattened BoolOp over the next level. */
static WfExpr *boolop(WfParser *p, WfKw kw, WfBoolOp op, WfExpr *(*sub)(WfParser *)) {
    WfToken *start = wf_p_peek(p);
    WfExpr *first = sub(p);
    if (first == NULL || !wf_p_at_kw(p, kw))
        return first;
    WfPVec vals;
    wf_pvec_init(&vals);
    if (wf_pvec_push(p, &vals, first) < 0)
        return NULL;
    while (wf_p_accept_kw(p, kw)) {
        WfExpr *e = sub(p);
        if (e == NULL || wf_pvec_push(p, &vals, e) < 0) {
            wf_pvec_free(&vals);
            return NULL;
        }
    }
    WfExprSeq *seq = wf_pvec_finish(p, &vals);
    WfExpr *e = seq ? wf_p_expr(p, WF_EXPR_BoolOp, start->lineno, start->col) : NULL;
    if (e != NULL) {
        e->v.BoolOp.op = op;
        e->v.BoolOp.values = seq;
    }
    return e;
}

static WfExpr *conjunction(WfParser *p) { return boolop(p, WF_KW_and, WF_And, inversion); }

WfExpr *wf_p_disjunction(WfParser *p) { return boolop(p, WF_KW_or, WF_Or, conjunction); }

static WfExpr *lambdef(WfParser *p) {
    WfToken *t = wf_p_advance(p);
    WfArguments *args = wf_p_parameters(p, 1);
    if (args == NULL)
        return NULL;
    if (!wf_p_expect(p, WF_TOK_COLON))
        return NULL;
    WfExpr *body = wf_p_expression(p);
    if (body == NULL)
        return NULL;
    WfExpr *e = wf_p_expr(p, WF_EXPR_Lambda, t->lineno, t->col);
    if (e != NULL) {
        e->v.Lambda.args = args;
        e->v.Lambda.body = body;
    }
    return e;
}

static WfExpr *expression_body(WfParser *p) {
    if (wf_p_at_kw(p, WF_KW_lambda))
        return lambdef(p);
    WfToken *start = wf_p_peek(p);
    WfExpr *body = wf_p_disjunction(p);
    if (body == NULL || !wf_p_at_kw(p, WF_KW_if))
        return body;
    wf_p_advance(p);
    WfExpr *test = wf_p_disjunction(p);
    if (test == NULL)
        return NULL;
    if (!wf_p_accept_kw(p, WF_KW_else)) {
        WfToken *t = wf_p_peek(p);
        if (t->type == WF_TOK_NEWLINE || t->type == WF_TOK_RPAR || t->type == WF_TOK_RSQB ||
            t->type == WF_TOK_RBRACE || t->type == WF_TOK_COMMA || t->type == WF_TOK_SEMI ||
            t->type == WF_TOK_ENDMARKER || t->type == WF_TOK_EQUAL)
            return wf_p_error_exprs(p, body, test, "expected 'else' after 'if' expression");
        return wf_p_invalid_syntax(p);
    }
    WfExpr *orelse = wf_p_expression(p);
    if (orelse == NULL)
        return NULL;
    WfExpr *e = wf_p_expr(p, WF_EXPR_IfExp, start->lineno, start->col);
    if (e != NULL) {
        e->v.IfExp.test = test;
        e->v.IfExp.body = body;
        e->v.IfExp.orelse = orelse;
    }
    return e;
}

WfExpr *wf_p_expression(WfParser *p) {
    if (wf_p_enter(p) < 0)
        return NULL;
    WfExpr *e = expression_body(p);
    wf_p_leave(p);
    return e;
}

WfExpr *wf_p_named_expression(WfParser *p) {
    WfToken *t = wf_p_peek(p);
    if (wf_p_at_name(p) && wf_p_peek_at(p, 1)->type == WF_TOK_COLONEQUAL) {
        wf_p_advance(p);
        wf_p_advance(p);
        WfObject *id = wf_p_identifier(p, t);
        WfExpr *value = id ? wf_p_expression(p) : NULL;
        if (value == NULL)
            return NULL;
        WfExpr *target = wf_ast_new_expr(p->arena, WF_EXPR_Name, t->lineno, t->col,
                                         t->end_lineno, t->end_col);
        WfExpr *e = target ? wf_p_expr(p, WF_EXPR_NamedExpr, t->lineno, t->col) : NULL;
        if (e == NULL) {
            p->error = 1;
            return NULL;
        }
        target->v.Name.id = id;
        target->v.Name.ctx = WF_Store;
        e->v.NamedExpr.target = target;
        e->v.NamedExpr.value = value;
        return e;
    }
    WfExpr *e = wf_p_expression(p);
    if (e != NULL && wf_p_at(p, WF_TOK_COLONEQUAL))
        return wf_p_error_expr(p, e, "cannot use assignment expressions with %s",
                               wf_p_expr_name(e));
    return e;
}

WfExpr *wf_p_star_expression(WfParser *p) {
    if (!wf_p_at(p, WF_TOK_STAR))
        return wf_p_expression(p);
    WfToken *t = wf_p_advance(p);
    WfExpr *v = wf_p_bitwise_or(p);
    WfExpr *e = v ? wf_p_expr(p, WF_EXPR_Starred, t->lineno, t->col) : NULL;
    if (e != NULL) {
        e->v.Starred.value = v;
        e->v.Starred.ctx = WF_Load;
    }
    return e;
}

WfExpr *wf_p_star_named_expression(WfParser *p) {
    if (wf_p_at(p, WF_TOK_STAR))
        return wf_p_star_expression(p);
    return wf_p_named_expression(p);
}

WfExpr *wf_p_star_expressions(WfParser *p) {
    WfToken *start = wf_p_peek(p);
    WfExpr *first = wf_p_star_expression(p);
    if (first == NULL || !wf_p_at(p, WF_TOK_COMMA))
        return first;
    WfPVec elts;
    wf_pvec_init(&elts);
    if (wf_pvec_push(p, &elts, first) < 0)
        return NULL;
    while (wf_p_accept(p, WF_TOK_COMMA)) {
        if (!starts_expression(wf_p_peek(p)))
            break;
        WfExpr *e = wf_p_star_expression(p);
        if (e == NULL || wf_pvec_push(p, &elts, e) < 0) {
            wf_pvec_free(&elts);
            return NULL;
        }
    }
    WfExprSeq *seq = wf_pvec_finish(p, &elts);
    WfExpr *t = seq ? wf_p_expr(p, WF_EXPR_Tuple, start->lineno, start->col) : NULL;
    if (t != NULL) {
        t->v.Tuple.elts = seq;
        t->v.Tuple.ctx = WF_Load;
    }
    return t;
}

WfExpr *wf_p_yield_expr(WfParser *p) {
    WfToken *t = wf_p_advance(p);
    if (wf_p_accept_kw(p, WF_KW_from)) {
        WfExpr *v = wf_p_expression(p);
        WfExpr *e = v ? wf_p_expr(p, WF_EXPR_YieldFrom, t->lineno, t->col) : NULL;
        if (e != NULL)
            e->v.YieldFrom.value = v;
        return e;
    }
    WfExpr *v = NULL;
    if (starts_expression(wf_p_peek(p))) {
        v = wf_p_star_expressions(p);
        if (v == NULL)
            return NULL;
    }
    WfExpr *e = wf_p_expr(p, WF_EXPR_Yield, t->lineno, t->col);
    if (e != NULL)
        e->v.Yield.value = v;
    return e;
}
