/* parser.c — wf_parse: runs the tokenizer, then the recursive-descent
 * parser (parser_stmt.c, parser_expr.c, parser_args.c, parser_target.c,
 * string_parser.c); token and node helpers shared by those files.
 *
 * Invariants:
 *  - The whole file is tokenized before parsing starts; a lexical error is
 *    reported as soon as it is found (CPython reports most of them first too,
 *    since its parser pulls tokens ahead of its errors).
 *  - Every node is allocated in the caller's arena; the token array is
 *    freed before wf_parse returns.
 *  - No global state.
 */
#include "compiler/parser_impl.h"

#include <string.h>

/* ---- tokens ------------------------------------------------------------ */

WfToken *wf_p_expect(WfParser *p, WfTokType t) {
    if (wf_p_at(p, t))
        return wf_p_advance(p);
    wf_p_invalid_syntax(p);
    return NULL;
}

WfToken *wf_p_expect_msg(WfParser *p, WfTokType t, const char *what) {
    if (wf_p_at(p, t))
        return wf_p_advance(p);
    /* CPython's RAISE_SYNTAX_ERROR("expected ':'") points at the last token
     * the parser read: the one where the ':' should be. */
    WfToken *cur = wf_p_peek(p);
    if (cur->type == WF_TOK_ERRORTOKEN || cur->type == WF_TOK_INDENT ||
        cur->type == WF_TOK_DEDENT || cur->type == WF_TOK_ENDMARKER) {
        wf_p_invalid_syntax(p);
        return NULL;
    }
    wf_p_error_tok(p, cur, "expected '%s'", what);
    return NULL;
}

WfObject *wf_p_identifier(WfParser *p, WfToken *t) {
    WfObject *id = wf_str_intern_utf8(t->start, t->len);
    if (id == NULL)
        p->error = 1;
    return id;
}

WfObject *wf_p_own(WfParser *p, WfObject *obj) {
    if (obj == NULL) {
        p->error = 1;
        return NULL;
    }
    if (wf_arena_add_object(p->arena, obj) < 0) {
        p->error = 1;
        return NULL;
    }
    return obj;
}

WfExpr *wf_p_expr(WfParser *p, WfExprKind kind, int lineno, int col) {
    WfToken *last = wf_p_last(p);
    WfExpr *e = wf_ast_new_expr(p->arena, kind, lineno, col, last->end_lineno, last->end_col);
    if (e == NULL)
        p->error = 1;
    return e;
}

WfStmt *wf_p_stmt(WfParser *p, WfStmtKind kind, int lineno, int col) {
    WfToken *last = wf_p_last(p);
    WfStmt *s = wf_ast_new_stmt(p->arena, kind, lineno, col, last->end_lineno, last->end_col);
    if (s == NULL)
        p->error = 1;
    return s;
}

WfAstSeq *wf_p_seq(WfParser *p, int n) {
    WfAstSeq *s = wf_ast_seq_new(p->arena, n);
    if (s == NULL)
        p->error = 1;
    return s;
}

/* ---- growable vectors -------------------------------------------------- */

void wf_pvec_init(WfPVec *v) {
    v->items = v->inline_items;
    v->size = 0;
    v->cap = (int)(sizeof(v->inline_items) / sizeof(v->inline_items[0]));
}

int wf_pvec_push(WfParser *p, WfPVec *v, void *item) {
    if (v->size == v->cap) {
        int cap = v->cap * 2;
        void **items;
        if (v->items == v->inline_items) {
            items = wf_mem_malloc(sizeof(void *) * (size_t)cap);
            if (items != NULL)
                memcpy(items, v->inline_items, sizeof(void *) * (size_t)v->size);
        } else {
            items = wf_mem_realloc(v->items, sizeof(void *) * (size_t)cap);
        }
        if (items == NULL) {
            wf_err_no_memory();
            p->error = 1;
            return -1;
        }
        v->items = items;
        v->cap = cap;
    }
    v->items[v->size++] = item;
    return 0;
}

void wf_pvec_free(WfPVec *v) {
    if (v->items != v->inline_items)
        wf_mem_free(v->items);
    wf_pvec_init(v);
}

WfAstSeq *wf_pvec_finish(WfParser *p, WfPVec *v) {
    WfAstSeq *s = wf_p_seq(p, v->size);
    if (s != NULL)
        memcpy(s->items, v->items, sizeof(void *) * (size_t)v->size);
    wf_pvec_free(v);
    return s;
}

/* ---- entry points ------------------------------------------------------ */

static WfMod *parse_mod(WfParser *p, int mode) {
    WfMod *mod;
    switch (mode) {
    case WF_COMPILE_EVAL: {
        /* eval: expressions NEWLINE* ENDMARKER (leading blank lines and
         * indentation are tolerated as CPython's eval() strips them). */
        while (wf_p_at(p, WF_TOK_NEWLINE))
            wf_p_advance(p);
        if (wf_p_at(p, WF_TOK_INDENT))
            wf_p_advance(p);
        WfExpr *body = wf_p_star_expressions(p);
        if (body == NULL)
            return NULL;
        /* eval takes `expressions`: no starred item at the top level. */
        WfExprSeq *elts = body->kind == WF_EXPR_Tuple ? body->v.Tuple.elts : NULL;
        for (int i = 0; i < WF_SEQ_LEN(elts) || body->kind == WF_EXPR_Starred; i++) {
            WfExpr *e = body->kind == WF_EXPR_Starred ? body : WF_SEQ_GET(elts, i);
            if (e->kind == WF_EXPR_Starred)
                return wf_p_error_range(p, WF_ERR_SYNTAX, e->lineno, e->col_offset, e->lineno,
                                        e->col_offset + 1, "invalid syntax");
            if (body->kind == WF_EXPR_Starred)
                break;
        }
        while (wf_p_at(p, WF_TOK_NEWLINE) || wf_p_at(p, WF_TOK_DEDENT))
            wf_p_advance(p);
        if (!wf_p_at(p, WF_TOK_ENDMARKER))
            return wf_p_invalid_syntax(p);
        mod = wf_ast_new_mod(p->arena, WF_MOD_Expression);
        if (mod == NULL)
            return NULL;
        mod->v.Expression.body = body;
        return mod;
    }
    case WF_COMPILE_SINGLE: {
        WfStmtSeq *body = wf_p_interactive(p);
        if (body == NULL)
            return NULL;
        mod = wf_ast_new_mod(p->arena, WF_MOD_Interactive);
        if (mod == NULL)
            return NULL;
        mod->v.Interactive.body = body;
        return mod;
    }
    default: {
        WfStmtSeq *body = wf_p_file(p);
        if (body == NULL)
            return NULL;
        mod = wf_ast_new_mod(p->arena, WF_MOD_Module);
        if (mod == NULL)
            return NULL;
        mod->v.Module.body = body;
        return mod;
    }
    }
}

WfMod *wf_parse(WfArena *arena, const char *source, size_t len, WfObject *filename, int mode) {
    WfTokenizer tz;
    WfParser p;
    memset(&p, 0, sizeof(p));
    p.arena = arena;
    p.filename = filename;
    p.file_tz = &tz;
    p.tz = &tz;
    if (wf_tokenizer_init(&tz, source, len) < 0 || wf_tokenize(&tz) < 0) {
        if (tz.err.set)
            wf_p_raise_tok_error(&p, &tz.err, &tz);
        wf_tokenizer_free(&tz);
        return NULL;
    }
    p.toks = tz.tokens;
    p.ntoks = tz.ntokens;
    p.lex_err = tz.err.set ? &tz.err : NULL;
    WfMod *mod = parse_mod(&p, mode);
    wf_tokenizer_free(&tz);
    if (mod != NULL && wf_p_check_depth(mod) < 0)
        mod = NULL;
    if (mod == NULL && !wf_err_occurred())
        wf_err_set_string(wf_exc_SystemError, "parser failed without setting an error");
    return mod;
}

WfExpr *wf_p_parse_fexpr(WfParser *parent, const char *text, int len, int lineno, int col) {
    WfTokenizer tz;
    WfParser p;
    memset(&p, 0, sizeof(p));
    p.arena = parent->arena;
    p.filename = parent->filename;
    p.file_tz = parent->file_tz;
    p.fstring_level = parent->fstring_level;
    p.fexpr = 1;
    p.fexpr_text = text;
    p.fexpr_len = len;
    p.fexpr_lineno = lineno;
    p.fexpr_col = col;
    p.depth = parent->depth;
    WfExpr *e = NULL;
    p.tz = &tz;
    if (wf_tokenizer_init_fexpr(&tz, text, (size_t)len, lineno, col) < 0 || wf_tokenize(&tz) < 0)
        goto done;
    p.toks = tz.tokens;
    p.ntoks = tz.ntokens;
    p.lex_err = tz.err.set ? &tz.err : NULL;
    if (wf_p_at_kw(&p, WF_KW_yield))
        e = wf_p_yield_expr(&p);
    else
        e = wf_p_star_expressions(&p);
    if (e != NULL && !wf_p_at(&p, WF_TOK_ENDMARKER)) {
        wf_p_missing_delimiter(&p, e);
        e = NULL;
    }
done:
    wf_tokenizer_free(&tz);
    if (e == NULL)
        parent->error = 1;
    return e;
}
