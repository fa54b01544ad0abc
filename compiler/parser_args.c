/* parser_args.c — parameter lists of def and lambda.
 *
 * Invariants:
 *  - Parameters are read left to right in one pass; the kinds seen so far
 *    (/, *, **, defaults) decide what may follow, with CPython 3.11's
 *    messages ("non-default argument follows default argument", ...).
 *  - kw_defaults has one entry per keyword-only parameter (NULL: none);
 *    defaults holds the defaults of the last positional parameters.
 *  - Duplicate names are left to the symbol table.
 */
#include "compiler/parser_impl.h"

typedef struct ParamState {
    WfPVec pos;          /* positional parameters (posonly until '/') */
    WfPVec defaults;
    WfPVec kwonly;
    WfPVec kw_defaults;
    int nposonly;        /* -1 until '/' */
    WfArg *vararg, *kwarg;
    int star_seen;       /* '*' or '*args' seen */
    WfToken *bare_star;  /* a bare '*' still waiting for a keyword-only parameter */
} ParamState;

static void state_free(ParamState *s) {
    wf_pvec_free(&s->pos);
    wf_pvec_free(&s->defaults);
    wf_pvec_free(&s->kwonly);
    wf_pvec_free(&s->kw_defaults);
}

/* NAME [':' annotation] */
static WfArg *one_param(WfParser *p, int is_lambda) {
    WfToken *t = wf_p_peek(p);
    if (!wf_p_at_name(p)) {
        if (t->type == WF_TOK_LPAR) {
            /* def f(a, (b, c)): CPython's "Function parameters cannot be parenthesized". */
            int save = p->pos;
            WfExpr *e = wf_p_expression(p);
            if (e != NULL)
                return wf_p_error_range(p, WF_ERR_SYNTAX, t->lineno, t->col, e->end_lineno,
                                        wf_p_last(p)->end_col,
                                        is_lambda ? "Lambda expression parameters cannot be parenthesized"
                                                  : "Function parameters cannot be parenthesized");
            wf_err_clear();
            p->error = 0;
            p->pos = save;
        }
        return wf_p_invalid_syntax(p);
    }
    wf_p_advance(p);
    WfObject *id = wf_p_identifier(p, t);
    if (id == NULL)
        return NULL;
    WfArg *a = wf_arena_calloc(p->arena, sizeof(WfArg));
    if (a == NULL) {
        p->error = 1;
        return NULL;
    }
    a->arg = id;
    a->lineno = t->lineno;
    a->col_offset = t->col;
    if (!is_lambda && wf_p_accept(p, WF_TOK_COLON)) {
        a->annotation = wf_p_at(p, WF_TOK_STAR) ? wf_p_star_expression(p) : wf_p_expression(p);
        if (a->annotation == NULL)
            return NULL;
    }
    WfToken *last = wf_p_last(p);
    a->end_lineno = last->end_lineno;
    a->end_col_offset = last->end_col;
    return a;
}

/* '=' default, or NULL (no error) when there is none. *err set on error. */
static WfExpr *opt_default(WfParser *p, int *err) {
    *err = 0;
    if (!wf_p_at(p, WF_TOK_EQUAL))
        return NULL;
    WfToken *eq = wf_p_advance(p);
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_COMMA || t->type == WF_TOK_RPAR || t->type == WF_TOK_COLON) {
        *err = 1;
        return wf_p_error_tok(p, eq, "expected default value expression");
    }
    WfExpr *e = wf_p_expression(p);
    if (e == NULL)
        *err = 1;
    return e;
}

static int slash(WfParser *p, ParamState *s) {
    WfToken *t = wf_p_advance(p);
    if (s->nposonly >= 0) {
        wf_p_error_tok(p, t, "/ may appear only once");
        return -1;
    }
    if (s->star_seen || s->kwarg) {
        wf_p_error_tok(p, t, "/ must be ahead of *");
        return -1;
    }
    if (s->pos.size == 0) {
        if (wf_p_at(p, WF_TOK_RPAR) || wf_p_at(p, WF_TOK_COLON)) {
            wf_p_error_tok(p, t, "invalid syntax");
            return -1;
        }
        wf_p_error_tok(p, t, "at least one argument must precede /");
        return -1;
    }
    s->nposonly = s->pos.size;
    return 0;
}

static int star(WfParser *p, ParamState *s, int is_lambda) {
    WfToken *t = wf_p_advance(p);
    if (s->star_seen) {
        wf_p_error_tok(p, t, "* argument may appear only once");
        return -1;
    }
    s->star_seen = 1;
    if (wf_p_at(p, WF_TOK_COMMA) || wf_p_at(p, WF_TOK_RPAR) || wf_p_at(p, WF_TOK_COLON)) {
        s->bare_star = t;
        return 0;
    }
    WfArg *a = one_param(p, is_lambda);
    if (a == NULL)
        return -1;
    if (wf_p_at(p, WF_TOK_EQUAL)) {
        wf_p_error_tok(p, wf_p_peek(p), "var-positional argument cannot have default value");
        return -1;
    }
    s->vararg = a;
    return 0;
}

static int plain_param(WfParser *p, ParamState *s, int is_lambda) {
    WfArg *a = one_param(p, is_lambda);
    if (a == NULL)
        return -1;
    int err;
    WfExpr *dflt = opt_default(p, &err);
    if (err)
        return -1;
    if (s->star_seen) {
        s->bare_star = NULL;
        if (wf_pvec_push(p, &s->kwonly, a) < 0 || wf_pvec_push(p, &s->kw_defaults, dflt) < 0)
            return -1;
        return 0;
    }
    if (dflt == NULL && s->defaults.size > 0) {
        wf_p_error_range(p, WF_ERR_SYNTAX, a->lineno, a->col_offset, a->end_lineno,
                         a->end_col_offset, "non-default argument follows default argument");
        return -1;
    }
    if (wf_pvec_push(p, &s->pos, a) < 0)
        return -1;
    if (dflt != NULL && wf_pvec_push(p, &s->defaults, dflt) < 0)
        return -1;
    return 0;
}

static int one_item(WfParser *p, ParamState *s, int is_lambda) {
    WfToken *t = wf_p_peek(p);
    if (s->kwarg != NULL) {
        wf_p_error_tok(p, t, "arguments cannot follow var-keyword argument");
        return -1;
    }
    if (t->type == WF_TOK_SLASH)
        return slash(p, s);
    if (t->type == WF_TOK_STAR)
        return star(p, s, is_lambda);
    if (t->type == WF_TOK_DOUBLESTAR) {
        wf_p_advance(p);
        if (s->bare_star) {
            wf_p_error_tok(p, is_lambda ? t : s->bare_star, "named arguments must follow bare *");
            return -1;
        }
        s->kwarg = one_param(p, is_lambda);
        if (s->kwarg == NULL)
            return -1;
        if (wf_p_at(p, WF_TOK_EQUAL)) {
            wf_p_error_tok(p, wf_p_peek(p), "var-keyword argument cannot have default value");
            return -1;
        }
        return 0;
    }
    return plain_param(p, s, is_lambda);
}

static WfArguments *build(WfParser *p, ParamState *s) {
    WfArguments *a = wf_arena_calloc(p->arena, sizeof(WfArguments));
    if (a == NULL) {
        p->error = 1;
        return NULL;
    }
    int npos = s->nposonly < 0 ? 0 : s->nposonly;
    a->posonlyargs = wf_p_seq(p, npos);
    a->args = wf_p_seq(p, s->pos.size - npos);
    if (a->posonlyargs == NULL || a->args == NULL)
        return NULL;
    for (int i = 0; i < s->pos.size; i++) {
        if (i < npos)
            WF_SEQ_SET(a->posonlyargs, i, s->pos.items[i]);
        else
            WF_SEQ_SET(a->args, i - npos, s->pos.items[i]);
    }
    wf_pvec_free(&s->pos);
    a->vararg = s->vararg;
    a->kwarg = s->kwarg;
    a->defaults = wf_pvec_finish(p, &s->defaults);
    a->kwonlyargs = wf_pvec_finish(p, &s->kwonly);
    a->kw_defaults = wf_pvec_finish(p, &s->kw_defaults);
    if (a->defaults == NULL || a->kwonlyargs == NULL || a->kw_defaults == NULL)
        return NULL;
    return a;
}

WfArguments *wf_p_parameters(WfParser *p, int is_lambda) {
    WfTokType close = is_lambda ? WF_TOK_COLON : WF_TOK_RPAR;
    ParamState s = {.nposonly = -1};
    wf_pvec_init(&s.pos);
    wf_pvec_init(&s.defaults);
    wf_pvec_init(&s.kwonly);
    wf_pvec_init(&s.kw_defaults);
    while (!wf_p_at(p, close)) {
        if (one_item(p, &s, is_lambda) < 0)
            goto fail;
        if (!wf_p_accept(p, WF_TOK_COMMA)) {
            if (!wf_p_at(p, close)) {
                wf_p_invalid_syntax(p);
                goto fail;
            }
            break;
        }
    }
    if (s.bare_star) {
        wf_p_error_tok(p, is_lambda ? wf_p_peek(p) : s.bare_star, "named arguments must follow bare *");
        goto fail;
    }
    WfArguments *a = build(p, &s);
    if (a == NULL)
        goto fail;
    return a;
fail:
    state_free(&s);
    return NULL;
}

WfArguments *wf_p_empty_arguments(WfParser *p) {
    ParamState s = {.nposonly = -1};
    wf_pvec_init(&s.pos);
    wf_pvec_init(&s.defaults);
    wf_pvec_init(&s.kwonly);
    wf_pvec_init(&s.kw_defaults);
    return build(p, &s);
}
