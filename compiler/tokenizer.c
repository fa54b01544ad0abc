/* tokenizer.c — Python 3.12 lexical analysis, following CPython's
 * Parser/tokenizer.c (3.11) closely so that error messages and positions
 * match.
 *
 * Invariants:
 *  - tz->buf ends with "\n\0": every line, the last included, ends with a
 *    newline, and reading one byte past any position up to the NUL is safe.
 *  - tz->cur never passes the NUL terminator.
 *  - indstack[0] == 0; indstack strictly increases up to indstack[indent].
 *  - parenstack holds at most WF_COMPILER_MAX_NESTING open brackets.
 *  - F-strings are single STRING tokens (3.11 style); string_parser.c takes
 *    them apart and tokenizes each replacement field with a tokenizer made by
 *    wf_tokenizer_init_fexpr.
 */
#include "compiler/tokenizer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "compiler/compiler.h"

#define TABSIZE 8

/* ---- keywords and names ------------------------------------------------ */

static const char *const kw_text[WF_KW_COUNT] = {
    "", "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
    "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
    "pass", "raise", "return", "try", "while", "with", "yield",
};

const char *wf_kw_text(WfKw kw) {
    return (unsigned)kw < WF_KW_COUNT ? kw_text[kw] : "";
}

static WfKw keyword_of(const char *s, int len) {
    if (len < 2 || len > 8)
        return WF_KW_NONE;
    for (int k = 1; k < WF_KW_COUNT; k++)
        if ((int)strlen(kw_text[k]) == len && memcmp(kw_text[k], s, (size_t)len) == 0)
            return (WfKw)k;
    return WF_KW_NONE;
}

/* Operator spellings, longest first within each starting character is not
 * needed: lookup tries 3, then 2, then 1 characters. */
static const struct { const char *text; WfTokType type; } operators[] = {
    {"**=", WF_TOK_DOUBLESTAREQUAL}, {"//=", WF_TOK_DOUBLESLASHEQUAL},
    {"<<=", WF_TOK_LEFTSHIFTEQUAL}, {">>=", WF_TOK_RIGHTSHIFTEQUAL}, {"...", WF_TOK_ELLIPSIS},
    {"==", WF_TOK_EQEQUAL}, {"!=", WF_TOK_NOTEQUAL}, {"<=", WF_TOK_LESSEQUAL},
    {">=", WF_TOK_GREATEREQUAL}, {"<<", WF_TOK_LEFTSHIFT}, {">>", WF_TOK_RIGHTSHIFT},
    {"**", WF_TOK_DOUBLESTAR}, {"+=", WF_TOK_PLUSEQUAL}, {"-=", WF_TOK_MINEQUAL},
    {"*=", WF_TOK_STAREQUAL}, {"/=", WF_TOK_SLASHEQUAL}, {"%=", WF_TOK_PERCENTEQUAL},
    {"&=", WF_TOK_AMPEREQUAL}, {"|=", WF_TOK_VBAREQUAL}, {"^=", WF_TOK_CIRCUMFLEXEQUAL},
    {"//", WF_TOK_DOUBLESLASH}, {"@=", WF_TOK_ATEQUAL}, {"->", WF_TOK_RARROW},
    {":=", WF_TOK_COLONEQUAL}, {"<>", WF_TOK_ERRORTOKEN},
    {"(", WF_TOK_LPAR}, {")", WF_TOK_RPAR}, {"[", WF_TOK_LSQB}, {"]", WF_TOK_RSQB},
    {"{", WF_TOK_LBRACE}, {"}", WF_TOK_RBRACE}, {":", WF_TOK_COLON}, {",", WF_TOK_COMMA},
    {";", WF_TOK_SEMI}, {"+", WF_TOK_PLUS}, {"-", WF_TOK_MINUS}, {"*", WF_TOK_STAR},
    {"/", WF_TOK_SLASH}, {"|", WF_TOK_VBAR}, {"&", WF_TOK_AMPER}, {"<", WF_TOK_LESS},
    {">", WF_TOK_GREATER}, {"=", WF_TOK_EQUAL}, {".", WF_TOK_DOT}, {"%", WF_TOK_PERCENT},
    {"~", WF_TOK_TILDE}, {"^", WF_TOK_CIRCUMFLEX}, {"@", WF_TOK_AT},
};

const char *wf_token_type_text(WfTokType type) {
    switch (type) {
    case WF_TOK_ENDMARKER: return "ENDMARKER";
    case WF_TOK_NAME: return "NAME";
    case WF_TOK_NUMBER: return "NUMBER";
    case WF_TOK_STRING: return "STRING";
    case WF_TOK_NEWLINE: return "NEWLINE";
    case WF_TOK_INDENT: return "INDENT";
    case WF_TOK_DEDENT: return "DEDENT";
    case WF_TOK_ERRORTOKEN: return "ERRORTOKEN";
    default: break;
    }
    for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++)
        if (operators[i].type == type)
            return operators[i].text;
    return "?";
}

/* ---- errors ------------------------------------------------------------ */

/* Characters (code points) in line_start[0..p): CPython reports columns of
 * SyntaxError in characters. */
static int char_count(const char *line_start, const char *p) {
    int n = 0;
    for (const char *q = line_start; q < p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            n++;
    return n;
}

/* Records the first error only; positions are final SyntaxError values. */
static int error_at(WfTokenizer *tz, int kind, int lineno, int offset, int end_lineno,
                    int end_offset, const char *fmt, ...) {
    if (tz->err.set)
        return -1;
    va_list va;
    va_start(va, fmt);
    vsnprintf(tz->err.msg, sizeof(tz->err.msg), fmt, va);
    va_end(va);
    tz->err.set = 1;
    tz->err.raises = 1;
    tz->err.kind = kind;
    tz->err.lineno = lineno + tz->line_base - 1;
    tz->err.col_offset = offset;
    tz->err.end_lineno = end_lineno + tz->line_base - 1;
    tz->err.end_col_offset = end_offset;
    tz->err.text_lineno = lineno;
    return -1;
}

/* Errors CPython reports only when its parser reaches them (no exception
 * raised by the tokenizer itself). */
static int quiet_error(WfTokenizer *tz, int r) {
    tz->err.raises = 0;
    return r;
}

/* CPython's syntaxerror(tok, ...): reported at the current position. */
#define SYNTAX_ERROR(tz, ...)                                                      \
    error_at((tz), 0, (tz)->lineno, char_count((tz)->line_start, (tz)->cur),        \
             (tz)->lineno, char_count((tz)->line_start, (tz)->cur), __VA_ARGS__)

/* ---- the buffer -------------------------------------------------------- */

static int utf8_seq_len(const unsigned char *s, size_t avail, const char **reason, int *bad_n) {
    unsigned c = s[0];
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c < 0xC2) {
        *reason = "invalid start byte";
        *bad_n = 1;
        return -1;
    } else if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *reason = "invalid start byte";
        *bad_n = 1;
        return -1;
    }
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= avail) {
            *reason = "unexpected end of data";
            *bad_n = i;
            return -1;
        }
        unsigned b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
            *reason = "invalid continuation byte";
            *bad_n = 1;
            return -1;
        }
    }
    return n;
}

/* The line number and column (bytes) of offset `off` of src. */
static void locate(const char *src, size_t off, int *lineno, size_t *line_start) {
    int ln = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= off || src[i + 1] != '\n'))) {
            ln++;
            ls = i + 1;
        }
    }
    *lineno = ln;
    *line_start = ls;
}

static int check_source(WfTokenizer *tz, const char *src, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)src[i];
        if (c == 0) {
            int ln;
            size_t ls;
            locate(src, i, &ln, &ls);
            error_at(tz, 0, ln, 0, ln, 0, "source code cannot contain null bytes");
            tz->err.text_lineno = 0;
            return -1;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        const char *reason = NULL;
        int bad = 0;
        int n = utf8_seq_len((const unsigned char *)src + i, len - i, &reason, &bad);
        if (n < 0) {
            int ln;
            size_t ls;
            locate(src, i, &ln, &ls);
            int col = (int)(i - ls) + 1;
            if (bad > 1)
                error_at(tz, 0, ln, col, ln, -1,
                         "(unicode error) 'utf-8' codec can't decode bytes in position 0-%d: %s",
                         bad - 1, reason);
            else
                error_at(tz, 0, ln, col, ln, col,
                         "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position 0: %s",
                         c, reason);
            tz->err.text_lineno = 0;
            return -1;
        }
        i += (size_t)n;
    }
    return 0;
}

static int build_buffer(WfTokenizer *tz, const char *src, size_t len, int add_newline) {
    tz->buf = wf_mem_malloc(len + 2);
    if (tz->buf == NULL) {
        wf_err_no_memory();
        return -1;
    }
    size_t n = 0;
    int lines = 1;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '\r') {
            if (i + 1 < len && src[i + 1] == '\n')
                i++;
            c = '\n';
        }
        if (c == '\n')
            lines++;
        tz->buf[n++] = c;
    }
    if (add_newline && (n == 0 || tz->buf[n - 1] != '\n')) {
        tz->buf[n++] = '\n';
        lines++;
    }
    tz->buf[n] = '\0';
    tz->len = n;
    tz->line_offsets = wf_mem_malloc(sizeof(int) * (size_t)lines);
    if (tz->line_offsets == NULL) {
        wf_err_no_memory();
        return -1;
    }
    tz->nlines = 0;
    tz->line_offsets[tz->nlines++] = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (tz->buf[i] == '\n')
            tz->line_offsets[tz->nlines++] = (int)(i + 1);
    tz->cur = tz->buf;
    tz->line_start = tz->buf;
    tz->lineno = 1;
    tz->atbol = 1;
    return 0;
}

int wf_tokenizer_init(WfTokenizer *tz, const char *source, size_t len) {
    memset(tz, 0, sizeof(*tz));
    tz->line_base = 1;
    if (len > (size_t)(1 << 30)) {  /* int columns and offsets */
        error_at(tz, 0, 1, 0, 1, 0, "source code too long");
        return -1;
    }
    if (check_source(tz, source, len) < 0)
        return -1;
    if (len >= 3 && memcmp(source, "\xEF\xBB\xBF", 3) == 0) {  /* UTF-8 BOM */
        source += 3;
        len -= 3;
    }
    return build_buffer(tz, source, len, 1);
}

int wf_tokenizer_init_fexpr(WfTokenizer *tz, const char *text, size_t len, int lineno, int col) {
    memset(tz, 0, sizeof(*tz));
    if (build_buffer(tz, text, len, 0) < 0)
        return -1;
    tz->line_base = lineno;
    tz->col_base = col;
    /* As inside "( ... )": newlines and indentation mean nothing. */
    tz->base_level = 1;
    tz->level = 1;
    tz->parenstack[0] = '(';
    tz->parenlinenostack[0] = 1;
    return 0;
}

void wf_tokenizer_free(WfTokenizer *tz) {
    wf_mem_free(tz->buf);
    wf_mem_free(tz->line_offsets);
    wf_mem_free(tz->tokens);
    tz->buf = NULL;
    tz->line_offsets = NULL;
    tz->tokens = NULL;
}

const char *wf_tokenizer_line(const WfTokenizer *tz, int lineno, int *len) {
    if (lineno < 1 || lineno > tz->nlines)
        return NULL;
    const char *s = tz->buf + tz->line_offsets[lineno - 1];
    const char *e = strchr(s, '\n');
    *len = e ? (int)(e - s) : (int)strlen(s);
    return s;
}

/* ---- character reading ------------------------------------------------- */

static int nextc(WfTokenizer *tz) {
    if (*tz->cur == '\0')
        return -1;  /* EOF; cur stays at the NUL */
    int c = (unsigned char)*tz->cur++;
    if (c == '\n') {
        tz->lineno++;
        tz->line_start = tz->cur;
    }
    return c;
}

static void backup(WfTokenizer *tz, int c) {
    if (c == -1)
        return;
    tz->cur--;
    if (c == '\n') {
        tz->lineno--;
        const char *p = tz->cur;
        while (p > tz->buf && p[-1] != '\n')
            p--;
        tz->line_start = p;
    }
}

static int peekc(WfTokenizer *tz) { return (unsigned char)*tz->cur; }

/* ---- token output ------------------------------------------------------ */

static int col_of(WfTokenizer *tz, int lineno, int byte_col) {
    return lineno == 1 ? byte_col + tz->col_base : byte_col;
}

static int emit(WfTokenizer *tz, WfTokType type, const char *start, int start_lineno,
                const char *start_line, const char *end) {
    if (tz->ntokens == tz->cap) {
        int cap = tz->cap ? tz->cap * 2 : 256;
        WfToken *t = wf_mem_realloc(tz->tokens, sizeof(WfToken) * (size_t)cap);
        if (t == NULL) {
            wf_err_no_memory();
            return -1;
        }
        tz->tokens = t;
        tz->cap = cap;
    }
    WfToken *t = &tz->tokens[tz->ntokens++];
    t->type = type;
    t->kw = type == WF_TOK_NAME ? keyword_of(start, (int)(end - start)) : WF_KW_NONE;
    t->start = start;
    t->len = (int)(end - start);
    t->lineno = start_lineno + tz->line_base - 1;
    t->col = col_of(tz, start_lineno, (int)(start - start_line));
    t->end_lineno = tz->lineno + tz->line_base - 1;
    t->end_col = col_of(tz, tz->lineno, (int)(end - tz->line_start));
    t->level = tz->level;
    return 0;
}

/* ---- identifiers ------------------------------------------------------- */

static int is_potential_identifier_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static int is_potential_identifier_char(int c) {
    return is_potential_identifier_start(c) || (c >= '0' && c <= '9');
}

static int is_id_start_cp(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
        return 1;
    default:
        /* Other_ID_Start */
        return cp == 0x1885 || cp == 0x1886 || cp == 0x2118 || cp == 0x212E ||
               cp == 0x309B || cp == 0x309C;
    }
}

static int is_id_continue_cp(utf8proc_int32_t cp) {
    if (is_id_start_cp(cp))
        return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC:
        return 1;
    default:
        /* Other_ID_Continue */
        return cp == 0x00B7 || cp == 0x0387 || (cp >= 0x1369 && cp <= 0x1371) || cp == 0x19DA;
    }
}

static int is_printable_cp(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return 0;
    case UTF8PROC_CATEGORY_ZS:
        return cp == ' ';
    default:
        return 1;
    }
}

/* Reports the first character of [start, end) that is not valid in an
 * identifier, as CPython's verify_identifier does. */
static int verify_identifier(WfTokenizer *tz, const char *start, const char *end) {
    const char *p = start;
    int first = 1;
    while (p < end) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp);
        if (n <= 0)
            return SYNTAX_ERROR(tz, "invalid character");
        int ok = first ? (cp == '_' || is_id_start_cp(cp)) : (cp == '_' || is_id_continue_cp(cp));
        if (!ok) {
            /* Report at the character, CPython style: offset = its column + 1. */
            int col = char_count(tz->line_start, p) + 1;
            if (cp < 128 && !(cp >= 0x20 && cp < 0x7F))
                return error_at(tz, 0, tz->lineno, col, tz->lineno, col,
                                "invalid non-printable character U+%04X", (unsigned)cp);
            if (!is_printable_cp(cp))
                return error_at(tz, 0, tz->lineno, col, tz->lineno, col,
                                "invalid non-printable character U+%04X", (unsigned)cp);
            return error_at(tz, 0, tz->lineno, col, tz->lineno, col,
                            "invalid character '%.*s' (U+%04X)", (int)n, p, (unsigned)cp);
        }
        first = 0;
        p += n;
    }
    return 0;
}

/* ---- numbers ----------------------------------------------------------- */

static int lookahead(WfTokenizer *tz, const char *test) {
    return strncmp(tz->cur, test, strlen(test)) == 0;
}

/* c was read (cur is past it). */
static int verify_end_of_number(WfTokenizer *tz, int c, const char *kind) {
    int r = 0;
    if (c == 'a') r = lookahead(tz, "nd");
    else if (c == 'e') r = lookahead(tz, "lse");
    else if (c == 'f') r = lookahead(tz, "or");
    else if (c == 'i') { int c2 = peekc(tz); r = c2 == 'f' || c2 == 'n' || c2 == 's'; }
    else if (c == 'o') r = lookahead(tz, "r");
    else if (c == 'n') r = lookahead(tz, "ot");
    if (r)
        return 0;  /* CPython warns (SyntaxWarning); weft accepts silently */
    if (c >= 128) {
        /* A letter after a number is an invalid literal; another character
         * is reported as such (CPython: "invalid character '€' (U+20AC)"). */
        utf8proc_int32_t cp;
        const char *at = tz->cur - 1;
        if (utf8proc_iterate((const utf8proc_uint8_t *)at, 4, &cp) > 0 && !is_id_start_cp(cp)) {
            int col = char_count(tz->line_start, at) + 1;
            if (!is_printable_cp(cp))
                return error_at(tz, 0, tz->lineno, col, tz->lineno, col,
                                "invalid non-printable character U+%04X", (unsigned)cp);
            return error_at(tz, 0, tz->lineno, col, tz->lineno, col, "invalid character '%.*s' (U+%04X)",
                            (int)utf8proc_iterate((const utf8proc_uint8_t *)at, 4, &cp), at,
                            (unsigned)cp);
        }
    }
    if (c >= 0 && is_potential_identifier_char(c)) {
        backup(tz, c);
        SYNTAX_ERROR(tz, "invalid %s literal", kind);
        return -1;
    }
    return 0;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_xdigit(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Returns the first non-digit after digits and single underscores, or -2 on error. */
static int decimal_tail(WfTokenizer *tz) {
    int c;
    for (;;) {
        do {
            c = nextc(tz);
        } while (is_digit(c));
        if (c != '_')
            break;
        c = nextc(tz);
        if (!is_digit(c)) {
            backup(tz, c);
            SYNTAX_ERROR(tz, "invalid decimal literal");
            return -2;
        }
    }
    return c;
}

static int imaginary_error(WfTokenizer *tz, const char *start) {
    int col = char_count(tz->line_start, start) + 1;
    return error_at(tz, 0, tz->lineno, col, tz->lineno, char_count(tz->line_start, tz->cur) + 1,
                    "imaginary numbers are not supported by weft");
}

/* Radix literals after "0x"/"0o"/"0b": c is the character after the letter. */
static int radix_number(WfTokenizer *tz, int c, int base, const char *kind) {
    do {
        if (c == '_')
            c = nextc(tz);
        int okd = base == 16 ? is_xdigit(c) : (c >= '0' && c < '0' + base);
        if (!okd) {
            if (base != 16 && is_digit(c))
                return SYNTAX_ERROR(tz, "invalid digit '%c' in %s literal", c, kind);
            backup(tz, c);
            return SYNTAX_ERROR(tz, "invalid %s literal", kind);
        }
        do {
            c = nextc(tz);
        } while (base == 16 ? is_xdigit(c) : (c >= '0' && c < '0' + base));
    } while (c == '_');
    if (base != 16 && is_digit(c))
        return SYNTAX_ERROR(tz, "invalid digit '%c' in %s literal", c, kind);
    if (verify_end_of_number(tz, c, kind) < 0)
        return -1;
    backup(tz, c);
    return 0;
}

/* Scans a number starting at start (first char c already read). 0 or -1. */
static int scan_number(WfTokenizer *tz, const char *start, int c) {
    if (c == '0' && (peekc(tz) == 'x' || peekc(tz) == 'X'))
        return nextc(tz), radix_number(tz, nextc(tz), 16, "hexadecimal");
    if (c == '0' && (peekc(tz) == 'o' || peekc(tz) == 'O'))
        return nextc(tz), radix_number(tz, nextc(tz), 8, "octal");
    if (c == '0' && (peekc(tz) == 'b' || peekc(tz) == 'B'))
        return nextc(tz), radix_number(tz, nextc(tz), 2, "binary");
    if (c == '0') {
        int nonzero = 0;
        c = nextc(tz);
        for (;;) {
            if (c == '_') {
                c = nextc(tz);
                if (!is_digit(c)) {
                    backup(tz, c);
                    return SYNTAX_ERROR(tz, "invalid decimal literal");
                }
            }
            if (c != '0')
                break;
            c = nextc(tz);
        }
        const char *zeros_end = tz->cur;
        if (is_digit(c)) {
            nonzero = 1;
            c = decimal_tail(tz);
            if (c == -2)
                return -1;
        }
        if (c == '.') {
            c = nextc(tz);
            goto fraction;
        } else if (c == 'e' || c == 'E') {
            goto exponent;
        } else if (c == 'j' || c == 'J') {
            goto imaginary;
        } else if (nonzero) {
            backup(tz, c);
            int s = char_count(tz->line_start, start) + 1;
            int e = char_count(tz->line_start, zeros_end);
            return error_at(tz, 0, tz->lineno, s, tz->lineno, e,
                            "leading zeros in decimal integer literals are not permitted; "
                            "use an 0o prefix for octal integers");
        }
        if (verify_end_of_number(tz, c, "decimal") < 0)
            return -1;
        backup(tz, c);
        return 0;
    }
    if (c == '.') {        /* ".5": the caller saw a digit after the dot */
        c = nextc(tz);
        goto fraction;
    }
    c = decimal_tail(tz);
    if (c == -2)
        return -1;
    if (c == '.') {
        c = nextc(tz);
fraction:
        if (is_digit(c)) {
            backup(tz, c);
            c = decimal_tail(tz);
            if (c == -2)
                return -1;
        }
    }
    if (c == 'e' || c == 'E') {
        int e;
exponent:
        e = c;
        c = nextc(tz);
        if (c == '+' || c == '-') {
            c = nextc(tz);
            if (!is_digit(c)) {
                backup(tz, c);
                return SYNTAX_ERROR(tz, "invalid decimal literal");
            }
        } else if (!is_digit(c)) {
            backup(tz, c);
            if (verify_end_of_number(tz, e, "decimal") < 0)
                return -1;
            backup(tz, e);
            return 0;
        }
        backup(tz, c);
        c = decimal_tail(tz);
        if (c == -2)
            return -1;
    }
    if (c == 'j' || c == 'J') {
imaginary:
        return imaginary_error(tz, start);
    }
    if (verify_end_of_number(tz, c, "decimal") < 0)
        return -1;
    backup(tz, c);
    return 0;
}

/* ---- strings ----------------------------------------------------------- */

/* The opening quote was just read (cur is past it); start is the token start
 * (prefix included). */
static int scan_string(WfTokenizer *tz, const char *start, int start_lineno,
                       const char *start_line, int quote) {
    int quote_size = 1, end_quote_size = 0;
    int c = nextc(tz);
    if (c == quote) {
        c = nextc(tz);
        if (c == quote)
            quote_size = 3;
        else
            end_quote_size = 1;  /* empty string */
    }
    if (c != quote)
        backup(tz, c);
    while (end_quote_size != quote_size) {
        c = nextc(tz);
        if (c == -1 || (quote_size == 1 && c == '\n')) {
            int detected = tz->lineno - (c == '\n' ? 1 : 0);
            if (c == -1)
                detected = tz->lineno - 1;  /* the buffer's final newline ends the last line */
            int col = char_count(start_line, start) + 1;
            tz->lineno = start_lineno;
            tz->line_start = start_line;
            if (quote_size == 3)
                return error_at(tz, 0, start_lineno, col, start_lineno, col,
                                "unterminated triple-quoted string literal (detected at line %d)",
                                detected + tz->line_base - 1);
            return error_at(tz, 0, start_lineno, col, start_lineno, col,
                            "unterminated string literal (detected at line %d)",
                            detected + tz->line_base - 1);
        }
        if (c == quote) {
            end_quote_size++;
        } else {
            end_quote_size = 0;
            if (c == '\\')
                nextc(tz);
        }
    }
    return 0;
}

/* Valid string prefixes (any case): r u b br rb f fr rf. */
static int is_string_prefix(const char *s, int n) {
    int r = 0, b = 0, u = 0, f = 0;
    for (int i = 0; i < n; i++) {
        switch (s[i]) {
        case 'r': case 'R': if (r++) return 0; break;
        case 'b': case 'B': if (b++) return 0; break;
        case 'u': case 'U': if (u++) return 0; break;
        case 'f': case 'F': if (f++) return 0; break;
        default: return 0;
        }
    }
    if (u && n > 1)
        return 0;
    if (b && f)
        return 0;
    return 1;
}

/* ---- indentation ------------------------------------------------------- */

static int continuation_line(WfTokenizer *tz) {
    int c = nextc(tz);
    if (c != '\n') {
        return quiet_error(tz, error_at(tz, 0, tz->lineno, char_count(tz->line_start, tz->cur),
                                        tz->lineno, 0,
                                        "unexpected character after line continuation character"));
    }
    c = nextc(tz);
    if (c == -1) {
        /* CPython: "unexpected EOF while parsing" at the end of the previous line. */
        int ln = tz->lineno - 1;
        const char *ls = tz->buf + tz->line_offsets[ln - 1];
        int col = char_count(ls, tz->cur - 1) + 1;
        error_at(tz, 0, ln, col, ln, -1, "unexpected EOF while parsing");
        tz->err.raises = 0;
        return -1;
    }
    backup(tz, c);
    return 0;
}

/* At the beginning of a logical line: measures indentation and queues
 * INDENT/DEDENT. Returns -1 on error. */
static int process_indentation(WfTokenizer *tz) {
    int col = 0, altcol = 0, cont_line_col = 0, c;
    tz->atbol = 0;
    for (;;) {
        c = nextc(tz);
        if (c == ' ') {
            col++, altcol++;
        } else if (c == '\t') {
            col = (col / TABSIZE + 1) * TABSIZE;
            altcol = altcol + 1;
        } else if (c == '\f') {
            col = altcol = 0;
        } else if (c == '\\') {
            cont_line_col = cont_line_col ? cont_line_col : col;
            if (continuation_line(tz) < 0)
                return -1;
        } else {
            break;
        }
    }
    backup(tz, c);
    int blankline = (c == '#' || c == '\n');
    if (c == -1)
        blankline = 0;
    if (blankline || tz->level != 0)
        return blankline;
    if (cont_line_col) {
        col = cont_line_col;
        altcol = cont_line_col;
    }
    if (col == tz->indstack[tz->indent]) {
        if (altcol != tz->altindstack[tz->indent])
            goto tab_error;
    } else if (col > tz->indstack[tz->indent]) {
        if (tz->indent + 1 >= WF_TOK_MAXINDENT)
            return quiet_error(tz, error_at(tz, 1, tz->lineno, 0, tz->lineno, 0,
                                            "too many levels of indentation"));
        if (altcol <= tz->altindstack[tz->indent])
            goto tab_error;
        tz->pendin++;
        tz->indstack[++tz->indent] = col;
        tz->altindstack[tz->indent] = altcol;
    } else {
        while (tz->indent > 0 && col < tz->indstack[tz->indent]) {
            tz->pendin--;
            tz->indent--;
        }
        if (col != tz->indstack[tz->indent]) {
            /* CPython reports the end of the line. */
            const char *eol = strchr(tz->cur, '\n');
            int off = char_count(tz->line_start, eol) + 1;
            return quiet_error(tz, error_at(tz, 1, tz->lineno, off, tz->lineno, -1,
                                            "unindent does not match any outer indentation level"));
        }
        if (altcol != tz->altindstack[tz->indent])
            goto tab_error;
    }
    return 0;
tab_error:
    return quiet_error(tz, error_at(tz, 2, tz->lineno, 1, tz->lineno, 0,
                                    "inconsistent use of tabs and spaces in indentation"));
}

/* ---- brackets ---------------------------------------------------------- */

static int open_bracket(WfTokenizer *tz, int c, const char *start) {
    if (tz->level >= WF_COMPILER_MAX_NESTING)
        return SYNTAX_ERROR(tz, "too many nested parentheses");
    tz->parenstack[tz->level] = (char)c;
    tz->parenlinenostack[tz->level] = tz->lineno;
    tz->parencolstack[tz->level] = (int)(start - tz->line_start);
    tz->level++;
    return 0;
}

static int close_bracket(WfTokenizer *tz, int c) {
    if (tz->level <= tz->base_level) {
        if (tz->base_level)  /* in an f-string field: the parser reports it */
            return 0;
        return SYNTAX_ERROR(tz, "unmatched '%c'", c);
    }
    tz->level--;
    int opening = tz->parenstack[tz->level];
    if ((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
        (opening == '{' && c == '}'))
        return 0;
    if (tz->parenlinenostack[tz->level] != tz->lineno)
        return SYNTAX_ERROR(tz,
                            "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                            c, opening, tz->parenlinenostack[tz->level] + tz->line_base - 1);
    return SYNTAX_ERROR(tz, "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                        opening);
}

/* ---- the main loop ----------------------------------------------------- */

static int scan_name_or_string(WfTokenizer *tz, const char *start, int c) {
    int start_lineno = tz->lineno;
    const char *start_line = tz->line_start;
    /* A prefix of up to two letters followed by a quote is a string. */
    while (is_potential_identifier_char(c))
        c = nextc(tz);
    if ((c == '"' || c == '\'') && tz->cur - 1 - start <= 2 &&
        is_string_prefix(start, (int)(tz->cur - 1 - start))) {
        if (scan_string(tz, start, start_lineno, start_line, c) < 0)
            return -1;
        return emit(tz, WF_TOK_STRING, start, start_lineno, start_line, tz->cur);
    }
    backup(tz, c);
    int nonascii = 0;
    for (const char *p = start; p < tz->cur; p++)
        nonascii |= (unsigned char)*p >= 128;
    if (nonascii && verify_identifier(tz, start, tz->cur) < 0)
        return -1;
    return emit(tz, WF_TOK_NAME, start, start_lineno, start_line, tz->cur);
}

static int scan_operator(WfTokenizer *tz, const char *start, int c) {
    int start_lineno = tz->lineno;
    const char *start_line = tz->line_start;
    for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
        size_t n = strlen(operators[i].text);
        if (strncmp(start, operators[i].text, n) != 0)
            continue;
        tz->cur = start + n;
        WfTokType t = operators[i].type;
        if (t == WF_TOK_LPAR || t == WF_TOK_LSQB || t == WF_TOK_LBRACE) {
            if (open_bracket(tz, c, start) < 0)
                return -1;
        } else if (t == WF_TOK_RPAR || t == WF_TOK_RSQB || t == WF_TOK_RBRACE) {
            if (close_bracket(tz, c) < 0)
                return -1;
        }
        return emit(tz, t, start, start_lineno, start_line, tz->cur);
    }
    /* No token starts here. Control characters are reported by the
     * tokenizer, printable ASCII ($ ? ! `) by the parser as "invalid syntax". */
    if (c < 0x20 || c == 0x7F) {
        int col = char_count(tz->line_start, start) + 1;
        return error_at(tz, 0, tz->lineno, col, tz->lineno, col,
                        "invalid non-printable character U+%04X", (unsigned)c);
    }
    return emit(tz, WF_TOK_ERRORTOKEN, start, start_lineno, start_line, tz->cur);
}

static int at_eof(WfTokenizer *tz) {
    if (tz->level > tz->base_level) {
        int i = tz->level - 1;
        int ln = tz->parenlinenostack[i];
        const char *ls = tz->buf + tz->line_offsets[ln - 1];
        error_at(tz, 0, ln, char_count(ls, ls + tz->parencolstack[i]) + 1, ln, 0,
                 "'%c' was never closed", tz->parenstack[i]);
        tz->err.paren_eof = 1;
        return quiet_error(tz, -1);
    }
    /* Remaining dedents, then the end marker (the NEWLINE came with the
     * buffer's final newline). */
    for (; tz->indent > 0; tz->indent--)
        if (emit(tz, WF_TOK_DEDENT, tz->cur, tz->lineno, tz->line_start, tz->cur) < 0)
            return -1;
    return emit(tz, WF_TOK_ENDMARKER, tz->cur, tz->lineno, tz->line_start, tz->cur);
}

/* One step: emits zero or more tokens. Returns 1 at the end, 0 to go on, -1 on error. */
static int step(WfTokenizer *tz) {
    int blankline = 0;
    if (tz->atbol) {
        blankline = process_indentation(tz);
        if (blankline < 0)
            return -1;
    }
    while (tz->pendin != 0) {
        WfTokType t = tz->pendin < 0 ? WF_TOK_DEDENT : WF_TOK_INDENT;
        tz->pendin += tz->pendin < 0 ? 1 : -1;
        /* CPython gives INDENT/DEDENT the position of the line's first token. */
        if (emit(tz, t, tz->cur, tz->lineno, tz->line_start, tz->cur) < 0)
            return -1;
    }
again:;
    int c;
    do {
        c = nextc(tz);
    } while (c == ' ' || c == '\t' || c == '\f');
    const char *start = tz->cur - 1;
    if (c == '#') {  /* a NEWLINE after a comment starts at the '#', as in CPython */
        while (c != -1 && c != '\n')
            c = nextc(tz);
    }
    if (c == -1) {
        tz->cur = tz->buf + tz->len;
        return at_eof(tz) < 0 ? -1 : 1;
    }
    if (is_potential_identifier_start(c))
        return scan_name_or_string(tz, start, c) < 0 ? -1 : 0;
    if (c == '\n') {
        tz->atbol = 1;
        if (blankline || tz->level > 0)
            return 0;
        tz->lineno--;  /* the NEWLINE token sits on the line it ends */
        const char *ls = start;
        while (ls > tz->buf && ls[-1] != '\n')
            ls--;
        const char *save_ls = tz->line_start;
        tz->line_start = ls;
        /* CPython's NEWLINE token ends before the newline character. */
        int r = emit(tz, WF_TOK_NEWLINE, start, tz->lineno, ls, tz->cur - 1);
        tz->lineno++;
        tz->line_start = save_ls;
        tz->cont_line = 0;
        return r;
    }
    if (c == '.' && is_digit(peekc(tz)))
        return scan_number(tz, start, c) < 0 ? -1
               : emit(tz, WF_TOK_NUMBER, start, tz->lineno, tz->line_start, tz->cur);
    if (is_digit(c)) {
        int ln = tz->lineno;
        const char *ls = tz->line_start;
        if (scan_number(tz, start, c) < 0)
            return -1;
        return emit(tz, WF_TOK_NUMBER, start, ln, ls, tz->cur);
    }
    if (c == '"' || c == '\'') {
        int ln = tz->lineno;
        const char *ls = tz->line_start;
        if (scan_string(tz, start, ln, ls, c) < 0)
            return -1;
        return emit(tz, WF_TOK_STRING, start, ln, ls, tz->cur);
    }
    if (c == '\\') {
        if (continuation_line(tz) < 0)
            return -1;
        tz->cont_line = 1;
        goto again;
    }
    return scan_operator(tz, start, c) < 0 ? -1 : 0;
}

int wf_tokenize(WfTokenizer *tz) {
    for (;;) {
        int r = step(tz);
        if (r < 0) {
            if (!tz->err.set)
                return -1;  /* out of memory */
            return emit(tz, WF_TOK_LEXERROR, tz->cur, tz->lineno, tz->line_start, tz->cur);
        }
        if (r > 0)
            return 0;
    }
}
