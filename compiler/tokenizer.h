/* tokenizer.h — Python 3.12 lexical analysis (internal to compiler/).
 *
 * Invariants:
 *  - The tokenizer works on a private, NUL-terminated copy of the source in
 *    which "\r\n" and "\r" became "\n" and a final "\n" was added if missing;
 *    token start pointers point into that copy and stay valid until
 *    wf_tokenizer_free.
 *  - Whole-file tokenization: wf_tokenize either produces every token up to
 *    and including ENDMARKER, or stops at the first lexical error and
 *    records it in tz->err (no exception is set by the tokenizer itself).
 *  - Bracket nesting is bounded by WF_COMPILER_MAX_NESTING ("too many nested
 *    parentheses"); indentation levels by WF_TOK_MAXINDENT.
 *  - Positions: lineno 1-based, col 0-based byte offsets in the line.
 *  - No global state: one tokenizer per parse, any thread.
 */
#ifndef WF_TOKENIZER_H
#define WF_TOKENIZER_H

#include <stddef.h>

#include "compiler/compiler.h"
#include "runtime/objects/objects.h"

typedef enum WfTokType {
    WF_TOK_ENDMARKER = 0,
    WF_TOK_NAME,
    WF_TOK_NUMBER,
    WF_TOK_STRING,
    WF_TOK_NEWLINE,
    WF_TOK_INDENT,
    WF_TOK_DEDENT,
    /* operators and delimiters */
    WF_TOK_LPAR, WF_TOK_RPAR, WF_TOK_LSQB, WF_TOK_RSQB, WF_TOK_LBRACE, WF_TOK_RBRACE,
    WF_TOK_COLON, WF_TOK_COMMA, WF_TOK_SEMI, WF_TOK_PLUS, WF_TOK_MINUS, WF_TOK_STAR,
    WF_TOK_SLASH, WF_TOK_VBAR, WF_TOK_AMPER, WF_TOK_LESS, WF_TOK_GREATER, WF_TOK_EQUAL,
    WF_TOK_DOT, WF_TOK_PERCENT, WF_TOK_EQEQUAL, WF_TOK_NOTEQUAL, WF_TOK_LESSEQUAL,
    WF_TOK_GREATEREQUAL, WF_TOK_TILDE, WF_TOK_CIRCUMFLEX, WF_TOK_LEFTSHIFT,
    WF_TOK_RIGHTSHIFT, WF_TOK_DOUBLESTAR, WF_TOK_PLUSEQUAL, WF_TOK_MINEQUAL,
    WF_TOK_STAREQUAL, WF_TOK_SLASHEQUAL, WF_TOK_PERCENTEQUAL, WF_TOK_AMPEREQUAL,
    WF_TOK_VBAREQUAL, WF_TOK_CIRCUMFLEXEQUAL, WF_TOK_LEFTSHIFTEQUAL,
    WF_TOK_RIGHTSHIFTEQUAL, WF_TOK_DOUBLESTAREQUAL, WF_TOK_DOUBLESLASH,
    WF_TOK_DOUBLESLASHEQUAL, WF_TOK_AT, WF_TOK_ATEQUAL, WF_TOK_RARROW, WF_TOK_ELLIPSIS,
    WF_TOK_COLONEQUAL,
    WF_TOK_ERRORTOKEN,  /* a character that starts no token ($, ?, !, `): the parser
                         * reports "invalid syntax" at it, as CPython does */
    WF_TOK_LEXERROR,    /* where a lexical error stopped the tokenizer (last token);
                         * the error itself is in WfTokenizer.err */
    WF_TOK_COUNT
} WfTokType;

/* Hard keywords (soft ones, match/case/type/_, are plain names). */
typedef enum WfKw {
    WF_KW_NONE = 0,
    WF_KW_False, WF_KW_None, WF_KW_True, WF_KW_and, WF_KW_as, WF_KW_assert, WF_KW_async,
    WF_KW_await, WF_KW_break, WF_KW_class, WF_KW_continue, WF_KW_def, WF_KW_del,
    WF_KW_elif, WF_KW_else, WF_KW_except, WF_KW_finally, WF_KW_for, WF_KW_from,
    WF_KW_global, WF_KW_if, WF_KW_import, WF_KW_in, WF_KW_is, WF_KW_lambda,
    WF_KW_nonlocal, WF_KW_not, WF_KW_or, WF_KW_pass, WF_KW_raise, WF_KW_return,
    WF_KW_try, WF_KW_while, WF_KW_with, WF_KW_yield,
    WF_KW_COUNT
} WfKw;

typedef struct WfToken {
    WfTokType type;
    WfKw kw;                  /* for NAME tokens that are hard keywords */
    const char *start;        /* into the tokenizer's buffer */
    int len;                  /* bytes */
    int lineno, col, end_lineno, end_col;
    int level;                /* bracket nesting after this token */
} WfToken;

#define WF_TOK_MAXINDENT 100

/* A lexical error, turned into an exception by the parser. */
typedef struct WfTokError {
    int set;
    int kind;                 /* 0 SyntaxError, 1 IndentationError, 2 TabError */
    int raises;               /* CPython raises it as soon as the tokenizer meets it, so
                               * it replaces a parser error found earlier in the file
                               * (0: unclosed bracket at EOF, bad dedent, tabs, ...) */
    int paren_eof;            /* "'(' was never closed": lineno is the bracket's line */
    char msg[256];
    int lineno, col_offset;   /* col_offset 1-based (SyntaxError.offset); 0 = none */
    int end_lineno, end_col_offset;
    int text_lineno;          /* the line whose text the error shows (0: none) */
} WfTokError;

typedef struct WfTokenizer {
    /* the buffer */
    char *buf;                /* normalised source, NUL-terminated */
    size_t len;
    const char *cur;
    int lineno;               /* line of cur */
    const char *line_start;   /* start of the line containing cur */
    int *line_offsets;        /* line_offsets[i] = offset of line i+1 in buf */
    int nlines;
    /* indentation */
    int indstack[WF_TOK_MAXINDENT + 1];
    int altindstack[WF_TOK_MAXINDENT + 1];
    int indent;               /* top of indstack */
    int pendin;               /* <0: dedents to emit, >0: indents */
    int atbol;                /* at beginning of line */
    int cont_line;            /* last line ended with a backslash */
    /* brackets */
    char parenstack[WF_COMPILER_MAX_NESTING];
    int parenlinenostack[WF_COMPILER_MAX_NESTING];
    int parencolstack[WF_COMPILER_MAX_NESTING];
    int level;
    int base_level;           /* >0 for f-string expressions: newlines never end them */
    /* output */
    WfToken *tokens;
    int ntokens, cap;
    WfTokError err;
    /* for f-string expression tokenizers: position of buf[0] in the file */
    int line_base, col_base;
} WfTokenizer;

/* Prepares a tokenizer for a whole source file (validates UTF-8 and NUL
 * bytes, normalises newlines). Returns 0, or -1 with tz->err set (or
 * MemoryError set and tz->err unset). Must be followed by wf_tokenizer_free. */
int wf_tokenizer_init(WfTokenizer *tz, const char *source, size_t len);

/* Prepares a tokenizer for an f-string replacement field's expression:
 * text[0..len) lies at (lineno, col) of the enclosing file; newlines inside
 * behave as inside brackets. */
int wf_tokenizer_init_fexpr(WfTokenizer *tz, const char *text, size_t len, int lineno, int col);

/* Tokenizes everything. On a lexical error the token list ends with a
 * LEXERROR token (instead of ENDMARKER) and tz->err is set: the parser
 * decides, as CPython's does, whether that error or one of its own is
 * reported. Returns 0, or -1 with an exception set (out of memory). */
int wf_tokenize(WfTokenizer *tz);

void wf_tokenizer_free(WfTokenizer *tz);

/* Text of line `lineno` (1-based) of the tokenizer's buffer, without the
 * newline: *len receives the byte count. NULL when out of range. */
const char *wf_tokenizer_line(const WfTokenizer *tz, int lineno, int *len);

/* "if", "(", "NAME", ... for messages. */
const char *wf_token_type_text(WfTokType type);
const char *wf_kw_text(WfKw kw);

#endif /* WF_TOKENIZER_H */
