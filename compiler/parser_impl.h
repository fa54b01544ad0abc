/* parser_impl.h — the parser's internal state, shared by parser*.c,
 * string_parser.c and syntax_error.c. Not for use outside compiler/.
 *
 * Invariants:
 *  - p->toks[p->ntoks - 1] is ENDMARKER, and p->pos never passes it, so
 *    peeking is always safe.
 *  - Every function returning a node returns NULL only with an exception set
 *    (p->error is then 1); callers propagate NULL without adding another.
 *  - p->depth counts nested expression levels; past WF_PARSER_MAX_DEPTH the
 *    parser raises instead of recursing, so C stack use is bounded.
 *  - Nodes carry byte columns; syntax_error.c converts them to the 1-based
 *    character offsets SyntaxError reports.
 */
#ifndef WF_PARSER_IMPL_H
#define WF_PARSER_IMPL_H

#include "compiler/parser.h"
#include "compiler/tokenizer.h"

#define WF_PARSER_MAX_DEPTH 1000
#define WF_FSTRING_MAX_NESTING 2

typedef struct WfParser WfParser;
struct WfParser {
    WfArena *arena;
    WfToken *toks;
    int ntoks;
    int pos;
    WfObject *filename;
    const WfTokenizer *file_tz;   /* the whole file's tokenizer: error line texts */
    int depth;
    int error;                    /* an exception is set */
    int fstring_level;            /* 0 outside f-strings, 1 in a field, 2 in a nested one */
    int fexpr;                    /* parsing an f-string field: errors get "f-string: " */
    int fexpr_lineno, fexpr_col;  /* where the field's text starts (for error texts) */
    const char *fexpr_text;       /* the field's text, for "(expr)" error lines */
    int fexpr_len;
    const WfTokenizer *tz;        /* this parse's tokenizer (file or f-string field) */
    const WfTokError *lex_err;    /* the lexical error that ended the tokens, or NULL */
    int max_pos;                  /* furthest token index the parser has reached */
};

/* Error kinds, as WfTokError.kind. */
enum { WF_ERR_SYNTAX = 0, WF_ERR_INDENTATION = 1, WF_ERR_TAB = 2 };

/* The token list ends with ENDMARKER, or with LEXERROR when the tokenizer
 * stopped at a lexical error (lex_err). Which error is reported then
 * follows CPython: see wf_p_lex_error_wins in syntax_error.c. */

/* ---- tokens (parser.c) -------------------------------------------------- */

static inline WfToken *wf_p_peek(WfParser *p) { return &p->toks[p->pos]; }
static inline WfToken *wf_p_peek_at(WfParser *p, int n) {
    int i = p->pos + n;
    return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}
static inline WfToken *wf_p_last(WfParser *p) { return &p->toks[p->pos > 0 ? p->pos - 1 : 0]; }
static inline int wf_p_at(WfParser *p, WfTokType t) { return p->toks[p->pos].type == t; }
static inline int wf_p_at_kw(WfParser *p, WfKw kw) {
    return p->toks[p->pos].type == WF_TOK_NAME && p->toks[p->pos].kw == kw;
}
/* A plain (non-keyword) name. */
static inline int wf_p_at_name(WfParser *p) {
    return p->toks[p->pos].type == WF_TOK_NAME && p->toks[p->pos].kw == WF_KW_NONE;
}
static inline WfToken *wf_p_advance(WfParser *p) {
    WfToken *t = &p->toks[p->pos];
    if (p->pos < p->ntoks - 1)
        p->pos++;
    if (p->pos > p->max_pos)
        p->max_pos = p->pos;
    return t;
}
/* Consumes the token if it has type t; returns it or NULL (no error). */
static inline WfToken *wf_p_accept(WfParser *p, WfTokType t) {
    return wf_p_at(p, t) ? wf_p_advance(p) : NULL;
}
static inline WfToken *wf_p_accept_kw(WfParser *p, WfKw kw) {
    return wf_p_at_kw(p, kw) ? wf_p_advance(p) : NULL;
}
/* Consumes a token of type t or raises "invalid syntax" there. */
WfToken *wf_p_expect(WfParser *p, WfTokType t);
/* Consumes t or raises "expected '<what>'" (e.g. "expected ':'"). */
WfToken *wf_p_expect_msg(WfParser *p, WfTokType t, const char *what);
/* Interned identifier for a NAME token. */
WfObject *wf_p_identifier(WfParser *p, WfToken *t);
/* Arena-owned constant (steals obj); NULL stays NULL. */
WfObject *wf_p_own(WfParser *p, WfObject *obj);

/* Node builders spanning from a start token (or node) to the last consumed token. */
WfExpr *wf_p_expr(WfParser *p, WfExprKind kind, int lineno, int col);
WfStmt *wf_p_stmt(WfParser *p, WfStmtKind kind, int lineno, int col);
WfAstSeq *wf_p_seq(WfParser *p, int n);

/* A growable list of pointers, turned into an arena sequence at the end. */
typedef struct WfPVec {
    void **items;
    int size, cap;
    void *inline_items[8];
} WfPVec;
void wf_pvec_init(WfPVec *v);
int wf_pvec_push(WfParser *p, WfPVec *v, void *item);
WfAstSeq *wf_pvec_finish(WfParser *p, WfPVec *v);   /* frees v's storage */
void wf_pvec_free(WfPVec *v);

/* ---- errors (syntax_error.c) ------------------------------------------- */

/* Raises kind at a byte-column range; returns NULL. Columns are 0-based
 * bytes of their lines; end_col < 0 is passed through as is (CPython's -1). */
void *wf_p_error_range(WfParser *p, int kind, int lineno, int col, int end_lineno, int end_col,
                       const char *fmt, ...);
/* At a token / node. */
void *wf_p_error_tok(WfParser *p, WfToken *t, const char *fmt, ...);
void *wf_p_error_expr(WfParser *p, WfExpr *e, const char *fmt, ...);
void *wf_p_error_exprs(WfParser *p, WfExpr *a, WfExpr *b, const char *fmt, ...);
/* "invalid syntax" at the current token, with CPython's refinements. */
void *wf_p_invalid_syntax(WfParser *p);
/* Turns a tokenizer error into an exception. */
void wf_p_raise_lex_error(WfParser *p);
void wf_p_raise_tok_error(WfParser *p, const WfTokError *err, const WfTokenizer *tz);
/* A SyntaxError raised by other code already carries its location. */
/* "expression", "function call", "literal", ...: CPython's _PyPegen_get_expr_name. */
const char *wf_p_expr_name(WfExpr *e);

/* ---- statements (parser_stmt.c) ---------------------------------------- */

WfStmtSeq *wf_p_file(WfParser *p);
WfStmtSeq *wf_p_interactive(WfParser *p);
WfStmtSeq *wf_p_block(WfParser *p, const char *what, WfToken *kwtok);

/* ---- expressions (parser_expr.c) --------------------------------------- */

WfExpr *wf_p_expression(WfParser *p);           /* expression (incl. lambda, ifexp) */
WfExpr *wf_p_named_expression(WfParser *p);     /* NAME := expr | expression */
WfExpr *wf_p_star_expressions(WfParser *p);     /* a, *b, c -> Tuple */
WfExpr *wf_p_star_named_expression(WfParser *p);
WfExpr *wf_p_star_expression(WfParser *p);      /* '*' bitwise_or | expression */
WfExpr *wf_p_disjunction(WfParser *p);
WfExpr *wf_p_bitwise_or(WfParser *p);
WfExpr *wf_p_yield_expr(WfParser *p);           /* at 'yield' */
WfExpr *wf_p_atom_strings(WfParser *p);         /* one or more STRING tokens */
WfExpr *wf_p_slices(WfParser *p);
/* Starting after '(' of a call: arguments up to ')' (consumed). */
int wf_p_call_args(WfParser *p, WfExprSeq **args, WfKeywordSeq **keywords, int lparen_idx);
/* Comprehension clauses starting at 'for'. */
WfComprehensionSeq *wf_p_for_if_clauses(WfParser *p);
int wf_p_enter(WfParser *p);
/* After a complete expression a, the expected delimiter is missing:
 * "Perhaps you forgot a comma?", "Missing parentheses in call to 'print'",
 * or plain "invalid syntax". Returns NULL. */
void *wf_p_missing_delimiter(WfParser *p, WfExpr *a);                    /* depth++, error past the limit */
static inline void wf_p_leave(WfParser *p) { p->depth--; }

/* ---- parameters (parser_args.c) ---------------------------------------- */

/* def f(...) parameters up to ')' (not consumed) / lambda parameters up to ':'. */
WfArguments *wf_p_parameters(WfParser *p, int is_lambda);
WfArguments *wf_p_empty_arguments(WfParser *p);

/* ---- targets (parser_target.c) ----------------------------------------- */

enum { WF_TARGETS_STAR = 0, WF_TARGETS_DEL = 1, WF_TARGETS_FOR = 2 };
/* Sets ctx on a valid target (Name, Attribute, Subscript, Starred, List,
 * Tuple, recursively) or raises "cannot assign to X" / "cannot delete X".
 * Returns 0 or -1. */
int wf_p_set_context(WfParser *p, WfExpr *e, WfExprContext ctx, int targets_kind);
/* The innermost sub-expression that is not a valid target, or NULL. */
WfExpr *wf_p_invalid_target(WfExpr *e, int targets_kind);

/* ---- strings (string_parser.c) ----------------------------------------- */

/* Concatenates adjacent STRING tokens toks[first .. first+n) into a
 * Constant or JoinedStr. */
WfExpr *wf_p_concat_strings(WfParser *p, int first, int n);

/* ---- depth (parser_depth.c) -------------------------------------------- */

/* 0, or -1 with RecursionError (or MemoryError) set when the tree is
 * deeper than WF_AST_MAX_DEPTH. Iterative. */
int wf_p_check_depth(WfMod *mod);

/* ---- entry for nested parses (parser.c) -------------------------------- */

/* Parses an f-string replacement field's expression text located at
 * (lineno, col) in the file; returns the expression or NULL. */
WfExpr *wf_p_parse_fexpr(WfParser *parent, const char *text, int len, int lineno, int col);

#endif /* WF_PARSER_IMPL_H */
