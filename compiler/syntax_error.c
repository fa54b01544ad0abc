/* syntax_error.c — building SyntaxError / IndentationError / TabError
 * with CPython's locations.
 *
 * Invariants:
 *  - The parser works in 0-based byte columns; SyntaxError.offset and
 *    end_offset are 1-based character columns: converted here, once.
 *  - Only the first error of a parse is raised (p->error guards the rest).
 *  - Errors inside an f-string replacement field get the "f-string: "
 *    prefix, as CPython 3.11 prints them.
 */
#include "compiler/parser_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static WfObject *exc_type(int kind) {
    switch (kind) {
    case WF_ERR_INDENTATION: return wf_exc_IndentationError;
    case WF_ERR_TAB: return wf_exc_TabError;
    default: return wf_exc_SyntaxError;
    }
}

/* 1-based character offset of byte column col in text (len bytes). */
static int char_offset(const char *text, int len, int col) {
    if (text == NULL || col < 0)
        return col + 1;
    int n = 0, i = 0;
    for (; i < col && i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n + (col - i) + 1;
}

/* Raises with final (already 1-based, character) offsets. */
static void raise_final(WfParser *p, int kind, const char *msg, int lineno, int offset,
                        int end_lineno, int end_offset, const char *text, int text_len,
                        int with_newline) {
    char *line = NULL;
    if (text != NULL) {
        line = wf_mem_malloc((size_t)text_len + 2);
        if (line != NULL) {
            memcpy(line, text, (size_t)text_len);
            if (with_newline)
                line[text_len++] = '\n';
            line[text_len] = '\0';
        }
    }
    WfObject *filename = p->filename;
    wf_err_set_syntax_location(exc_type(kind), msg, filename, lineno, offset, end_lineno,
                               end_offset, line);
    wf_mem_free(line);
    p->error = 1;
}

/* CPython's parser pulls tokens lazily, and after a parser error it
 * tokenizes the rest of the file: a lexical error wins when the parser
 * reached it, when it raises by itself, or (an unclosed bracket at EOF)
 * when the parser's error lies on a later line than the bracket. Returns 1
 * when the lexical error was raised instead. */
static int lex_error_wins(WfParser *p, int lineno) {
    const WfTokError *le = p->lex_err;
    if (le == NULL)
        return 0;
    /* CPython compares with the furthest token its parser fetched. */
    int far = p->toks[p->max_pos].lineno;
    int wins = p->max_pos >= p->ntoks - 1 || le->raises ||
               (le->paren_eof && (lineno > far ? lineno : far) > le->lineno);
    if (!wins)
        return 0;
    wf_p_raise_lex_error(p);
    return 1;
}

void wf_p_raise_lex_error(WfParser *p) {
    wf_p_raise_tok_error(p, p->lex_err, p->tz);
}

/* An error in an f-string field's expression: CPython 3.11 parsed the text
 * as "(expr)" and shows that text, with offsets into it. */
static void *fexpr_error(WfParser *p, int kind, const char *msg, int lineno, int col, int end_col) {
    int n = p->fexpr_len;
    char *text = wf_mem_malloc((size_t)n + 3);
    if (text == NULL) {
        wf_err_no_memory();
        p->error = 1;
        return NULL;
    }
    text[0] = '(';
    memcpy(text + 1, p->fexpr_text, (size_t)n);
    text[n + 1] = ')';
    text[n + 2] = '\0';
    int rel = col - p->fexpr_col, end_rel = end_col - p->fexpr_col;
    if (rel < 0) rel = 0;
    if (rel > n) rel = n;
    if (end_rel > n) end_rel = n;
    int offset = char_offset(text + 1, n, rel) + 1;
    int end_offset = end_col < 0 ? end_col + 1 : char_offset(text + 1, n, end_rel) + 1;
    if (rel == n && end_offset == offset)  /* at the end: the closing ')' */
        end_offset++;
    raise_final(p, kind, msg, lineno, offset, lineno, end_offset, text, n + 2, 1);
    wf_mem_free(text);
    return NULL;
}

void *wf_p_error_range(WfParser *p, int kind, int lineno, int col, int end_lineno, int end_col,
                       const char *fmt, ...) {
    if (p->error || lex_error_wins(p, lineno))
        return NULL;
    char msg[512];
    int prefix = p->fexpr ? snprintf(msg, sizeof(msg), "f-string: ") : 0;
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg + prefix, sizeof(msg) - (size_t)prefix, fmt, va);
    va_end(va);
    if (p->fexpr && p->fexpr_text != NULL && lineno == p->fexpr_lineno && end_lineno == lineno)
        return fexpr_error(p, kind, msg, lineno, col, end_col);
    int len = 0;
    const char *text = wf_tokenizer_line(p->file_tz, lineno, &len);
    int offset = char_offset(text, len, col);
    /* end_col < 0: CPython's odd end offsets, -1 gives 0 and -2 gives -1. */
    int end_offset = end_col + 1;
    if (end_col >= 0) {
        int elen = 0;
        const char *etext = wf_tokenizer_line(p->file_tz, end_lineno, &elen);
        end_offset = char_offset(etext, elen, end_col);
    }
    raise_final(p, kind, msg, lineno, offset, end_lineno, end_offset, text, len, 1);
    return NULL;
}

void *wf_p_error_tok(WfParser *p, WfToken *t, const char *fmt, ...) {
    if (p->error)
        return NULL;
    char msg[400];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    return wf_p_error_range(p, WF_ERR_SYNTAX, t->lineno, t->col, t->end_lineno, t->end_col, "%s",
                            msg);
}

void *wf_p_error_expr(WfParser *p, WfExpr *e, const char *fmt, ...) {
    if (p->error)
        return NULL;
    char msg[400];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    return wf_p_error_range(p, WF_ERR_SYNTAX, e->lineno, e->col_offset, e->end_lineno,
                            e->end_col_offset, "%s", msg);
}

void *wf_p_error_exprs(WfParser *p, WfExpr *a, WfExpr *b, const char *fmt, ...) {
    if (p->error)
        return NULL;
    char msg[400];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    return wf_p_error_range(p, WF_ERR_SYNTAX, a->lineno, a->col_offset, b->end_lineno,
                            b->end_col_offset, "%s", msg);
}

void *wf_p_invalid_syntax(WfParser *p) {
    if (p->error)
        return NULL;
    WfToken *t = wf_p_peek(p);
    if (t->type == WF_TOK_LEXERROR) {
        wf_p_raise_lex_error(p);
        return NULL;
    }
    if (t->type == WF_TOK_INDENT) {
        /* CPython raises this one directly, without looking further. */
        if (p->max_pos >= p->ntoks - 1 && p->lex_err) {
            wf_p_raise_lex_error(p);
            return NULL;
        }
        /* CPython: offset = the indentation width, end_offset -1. */
        int len = 0;
        const char *text = wf_tokenizer_line(p->file_tz, t->lineno, &len);
        int off = char_offset(text, len, t->col) - 1;
        raise_final(p, WF_ERR_INDENTATION, "unexpected indent", t->lineno, off, t->lineno, -1,
                    text, len, 1);
        return NULL;
    }
    if (t->kw == WF_KW_async || t->kw == WF_KW_await)
        return wf_p_error_tok(p, t, "async/await is not supported by weft");
    return wf_p_error_tok(p, t, "invalid syntax");
}

void wf_p_raise_tok_error(WfParser *p, const WfTokError *err, const WfTokenizer *tz) {
    if (p->error)
        return;
    int len = 0;
    const char *text = NULL;
    if (err->text_lineno > 0)
        text = wf_tokenizer_line(tz, err->text_lineno, &len);
    char msg[300];
    snprintf(msg, sizeof(msg), "%s%s", p->fexpr ? "f-string: " : "", err->msg);
    raise_final(p, err->kind, msg, err->lineno, err->col_offset, err->end_lineno,
                err->end_col_offset, text, len, 0);
}

const char *wf_p_expr_name(WfExpr *e) {
    switch (e->kind) {
    case WF_EXPR_Attribute: return "attribute";
    case WF_EXPR_Subscript: return "subscript";
    case WF_EXPR_Starred: return "starred";
    case WF_EXPR_Name: return "name";
    case WF_EXPR_List: return "list";
    case WF_EXPR_Tuple: return "tuple";
    case WF_EXPR_Lambda: return "lambda";
    case WF_EXPR_Call: return "function call";
    case WF_EXPR_BoolOp: case WF_EXPR_BinOp: case WF_EXPR_UnaryOp: return "expression";
    case WF_EXPR_GeneratorExp: return "generator expression";
    case WF_EXPR_Yield: case WF_EXPR_YieldFrom: return "yield expression";
    case WF_EXPR_ListComp: return "list comprehension";
    case WF_EXPR_SetComp: return "set comprehension";
    case WF_EXPR_DictComp: return "dict comprehension";
    case WF_EXPR_Dict: return "dict literal";
    case WF_EXPR_Set: return "set display";
    case WF_EXPR_JoinedStr: case WF_EXPR_FormattedValue: return "f-string expression";
    case WF_EXPR_Constant: {
        WfObject *v = e->v.Constant.value;
        if (v == WF_NONE) return "None";
        if (v == WF_FALSE) return "False";
        if (v == WF_TRUE) return "True";
        if (v == WF_ELLIPSIS) return "ellipsis";
        return "literal";
    }
    case WF_EXPR_Compare: return "comparison";
    case WF_EXPR_IfExp: return "conditional expression";
    case WF_EXPR_NamedExpr: return "named expression";
    default: return "expression";
    }
}
