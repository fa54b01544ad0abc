/* string_parser.c — string and bytes literals: prefixes, escapes,
 * implicit concatenation and f-strings (CPython 3.11's string_parser.c
 * algorithm: an f-string is one STRING token, taken apart here; each
 * replacement field's expression is parsed by a nested parser).
 *
 * Invariants:
 *  - STRING tokens are validated source text (UTF-8, quotes matched by the
 *    tokenizer); token text stays alive while the parse runs.
 *  - Every error is reported at the end of the string token concerned, as
 *    CPython does.
 *  - F-string nesting (format specs within format specs) stops at
 *    WF_FSTRING_MAX_NESTING; an f-string inside a field's expression is a
 *    new string and is bounded by the four quote kinds.
 *  - Constant and FormattedValue parts of a JoinedStr carry the position of
 *    the whole concatenation (CPython 3.11 does the same); the expressions
 *    inside fields carry their real positions.
 */
#include "compiler/parser_impl.h"

#include <string.h>

typedef struct StrTok {
    WfToken *tok;
    int raw, bytes, fmt, u;
    const char *body;          /* between the quotes */
    int body_len;
} StrTok;

typedef struct Span {
    int lineno, col, end_lineno, end_col;
} Span;

/* The concatenation being built: pending literal text, and the parts. */
typedef struct FState {
    WfStrBuilder lit;
    int lit_len;               /* bytes appended to lit since the last flush */
    WfPVec values;
    int fmode;                 /* an f-string was seen: the result is a JoinedStr */
} FState;

static void *str_error(WfParser *p, WfToken *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void *str_error(WfParser *p, WfToken *t, const char *fmt, ...) {
    if (p->error)
        return NULL;
    char msg[300];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    int save = p->fexpr;
    p->fexpr = 0;  /* string errors carry their own "f-string: " prefix */
    wf_p_error_range(p, WF_ERR_SYNTAX, t->end_lineno, t->end_col, t->end_lineno, t->end_col, "%s",
                     msg);
    p->fexpr = save;
    return NULL;
}

static void split_token(WfToken *t, StrTok *st) {
    memset(st, 0, sizeof(*st));
    st->tok = t;
    const char *s = t->start;
    int i = 0;
    for (; s[i] != '\'' && s[i] != '"'; i++) {
        switch (s[i]) {
        case 'r': case 'R': st->raw = 1; break;
        case 'b': case 'B': st->bytes = 1; break;
        case 'f': case 'F': st->fmt = 1; break;
        case 'u': case 'U': st->u = 1; break;
        default: break;
        }
    }
    int q = (t->len - i >= 6 && s[i + 1] == s[i] && s[i + 2] == s[i]) ? 3 : 1;
    st->body = s + i + q;
    st->body_len = t->len - i - 2 * q;
}

/* ---- escapes ----------------------------------------------------------- */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads n hex digits at s[*i]; returns the value or -1 (with *i at the first bad one). */
static long read_hex(const char *s, int len, int *i, int n) {
    long v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || hexval((unsigned char)s[*i]) < 0)
            return -1;
        v = v * 16 + hexval((unsigned char)s[(*i)++]);
    }
    return v;
}

/* Decodes a str literal segment with escapes into b. */
static int decode_str(WfParser *p, WfToken *t, const char *s, int len, WfStrBuilder *b) {
    int i = 0;
    while (i < len) {
        int run = i;
        while (i < len && s[i] != '\\')
            i++;
        if (i > run)
            wf_str_builder_append_utf8(b, s + run, i - run);
        if (i >= len)
            break;
        int start = i++;
        if (i >= len) {  /* a lone trailing backslash (f-string literal before '{') */
            wf_str_builder_append_utf8(b, "\\", 1);
            break;
        }
        int c = (unsigned char)s[i++];
        long cp;
        const char *what;
        switch (c) {
        case '\n': continue;
        case '\\': case '\'': case '"': cp = c; break;
        case 'a': cp = 7; break;
        case 'b': cp = 8; break;
        case 'f': cp = 12; break;
        case 'n': cp = 10; break;
        case 'r': cp = 13; break;
        case 't': cp = 9; break;
        case 'v': cp = 11; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            cp = c - '0';
            for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                cp = cp * 8 + (s[i++] - '0');
            break;
        case 'x':
            what = "truncated \\xXX escape";
            cp = read_hex(s, len, &i, 2);
            goto check;
        case 'u':
            what = "truncated \\uXXXX escape";
            cp = read_hex(s, len, &i, 4);
            goto check;
        case 'U':
            what = "truncated \\UXXXXXXXX escape";
            cp = read_hex(s, len, &i, 8);
        check:
            if (cp < 0)
                return str_error(p, t,
                                 "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                 "position %d-%d: %s", start, i - 1, what) ? 0 : -1;
            if (cp > 0x10FFFF)
                return str_error(p, t,
                                 "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                 "position %d-%d: illegal Unicode character", start, i - 1)
                           ? 0 : -1;
            break;
        case 'N':
            str_error(p, t, "(unicode error) \\N{...} escapes are not supported");
            return -1;
        default:
            /* Invalid escape: kept as is (CPython warns). */
            wf_str_builder_append_utf8(b, "\\", 1);
            i--;
            continue;
        }
        wf_str_builder_append_codepoint(b, (uint32_t)cp);
    }
    return 0;
}

typedef struct ByteBuf {
    char *data;
    int len, cap;
} ByteBuf;

static int buf_put(WfParser *p, ByteBuf *bb, const char *s, int n) {
    if (n == 0) /* nothing to copy; data may still be NULL */
        return 0;
    if (bb->len + n > bb->cap) {
        int cap = bb->cap ? bb->cap : 64;
        while (cap < bb->len + n)
            cap *= 2;
        char *d = wf_mem_realloc(bb->data, (size_t)cap);
        if (d == NULL) {
            wf_err_no_memory();
            p->error = 1;
            return -1;
        }
        bb->data = d;
        bb->cap = cap;
    }
    memcpy(bb->data + bb->len, s, (size_t)n);
    bb->len += n;
    return 0;
}

static int decode_bytes(WfParser *p, StrTok *st, ByteBuf *bb) {
    const char *s = st->body;
    int len = st->body_len;
    for (int k = 0; k < len; k++)
        if ((unsigned char)s[k] >= 0x80) {
            wf_p_error_tok(p, st->tok, "bytes can only contain ASCII literal characters");
            return -1;
        }
    if (st->raw)
        return buf_put(p, bb, s, len);
    int i = 0;
    while (i < len) {
        if (s[i] != '\\') {
            if (buf_put(p, bb, s + i, 1) < 0)
                return -1;
            i++;
            continue;
        }
        int start = i++;
        if (i >= len)
            return buf_put(p, bb, "\\", 1);
        int c = (unsigned char)s[i++];
        long v;
        switch (c) {
        case '\n': continue;
        case '\\': case '\'': case '"': v = c; break;
        case 'a': v = 7; break;
        case 'b': v = 8; break;
        case 'f': v = 12; break;
        case 'n': v = 10; break;
        case 'r': v = 13; break;
        case 't': v = 9; break;
        case 'v': v = 11; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            v = c - '0';
            for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                v = v * 8 + (s[i++] - '0');
            v &= 0xFF;
            break;
        case 'x':
            v = read_hex(s, len, &i, 2);
            if (v < 0) {
                str_error(p, st->tok, "(value error) invalid \\x escape at position %d", start);
                return -1;
            }
            break;
        default:
            if (buf_put(p, bb, "\\", 1) < 0)
                return -1;
            i--;
            continue;
        }
        char ch = (char)v;
        if (buf_put(p, bb, &ch, 1) < 0)
            return -1;
    }
    return 0;
}

/* ---- f-strings --------------------------------------------------------- */

/* Turns pending literal text into a Constant part. */
static int flush_literal(WfParser *p, FState *fs, const Span *sp) {
    if (fs->lit_len == 0)
        return 0;
    WfObject *s = wf_str_builder_finish(&fs->lit);
    wf_str_builder_init(&fs->lit);
    fs->lit_len = 0;
    if (wf_p_own(p, s) == NULL)
        return -1;
    WfExpr *c = wf_ast_new_expr(p->arena, WF_EXPR_Constant, sp->lineno, sp->col, sp->end_lineno,
                                sp->end_col);
    if (c == NULL) {
        p->error = 1;
        return -1;
    }
    c->v.Constant.value = s;
    return wf_pvec_push(p, &fs->values, c);
}

static int add_literal(WfParser *p, FState *fs, StrTok *st, const char *s, int len) {
    if (len == 0)
        return 0;
    wf_ssize_t before = fs->lit.len;
    if (st->raw)
        wf_str_builder_append_utf8(&fs->lit, s, len);
    else if (decode_str(p, st->tok, s, len, &fs->lit) < 0)
        return -1;
    fs->lit_len += (int)(fs->lit.len - before);
    return 0;
}

/* (lineno, col) of pointer q inside the token's text. */
static void locate_in_token(WfToken *t, const char *q, int *lineno, int *col) {
    int ln = t->lineno, c = t->col;
    for (const char *s = t->start; s < q; s++) {
        if (*s == '\n') {
            ln++;
            c = 0;
        } else {
            c++;
        }
    }
    *lineno = ln;
    *col = c;
}

static int fstring_parse(WfParser *p, StrTok *st, const char **str, const char *end, int level,
                         FState *fs, const Span *sp);

/* Scans the expression of a replacement field; *str is at the '{'. */
static int scan_field_expr(WfParser *p, StrTok *st, const char **str, const char *end) {
    char parens[WF_COMPILER_MAX_NESTING];
    int depth = 0, quote = 0, qlen = 0;
    const char *s = *str;
    for (; s < end; s++) {
        char ch = *s;
        if (ch == '\\')
            return str_error(p, st->tok, "f-string expression part cannot include a backslash")
                       ? 0 : -1;
        if (quote) {
            if (ch == quote) {
                if (qlen == 3) {
                    if (s + 2 < end && s[1] == ch && s[2] == ch) {
                        s += 2;
                        quote = 0;
                    }
                } else {
                    quote = 0;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            qlen = (s + 2 < end && s[1] == ch && s[2] == ch) ? 3 : 1;
            if (qlen == 3)
                s += 2;
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= WF_COMPILER_MAX_NESTING)
                return str_error(p, st->tok, "f-string: too many nested parenthesis") ? 0 : -1;
            parens[depth++] = ch;
        } else if (ch == '#') {
            return str_error(p, st->tok, "f-string expression part cannot include '#'") ? 0 : -1;
        } else if (depth == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' ||
                                  ch == '<')) {
            if (s + 1 < end && s[1] == '=' && ch != ':' && ch != '}') {
                s++;
                continue;
            }
            if (ch == '>' || ch == '<')
                continue;
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (depth == 0)
                return str_error(p, st->tok, "f-string: unmatched '%c'", ch) ? 0 : -1;
            int open = parens[--depth];
            if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
                  (open == '{' && ch == '}')))
                return str_error(p, st->tok,
                                 "f-string: closing parenthesis '%c' does not match opening "
                                 "parenthesis '%c'", ch, open) ? 0 : -1;
        }
    }
    if (quote)
        return str_error(p, st->tok, "f-string: unterminated string") ? 0 : -1;
    if (depth)
        return str_error(p, st->tok, "f-string: unmatched '%c'", parens[depth - 1]) ? 0 : -1;
    if (s >= end)
        return str_error(p, st->tok, "f-string: expecting '}'") ? 0 : -1;
    *str = s;
    return 0;
}

static WfExpr *compile_field_expr(WfParser *p, StrTok *st, const char *start, const char *stop) {
    const char *q = start;
    while (q < stop && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\f' || *q == '\r'))
        q++;
    if (q == stop)
        return str_error(p, st->tok, "f-string: empty expression not allowed");
    int lineno, col;
    locate_in_token(st->tok, start, &lineno, &col);
    WfExpr *e = wf_p_parse_fexpr(p, start, (int)(stop - start), lineno, col);
    if (e == NULL)
        return NULL;
    if (e->kind == WF_EXPR_Starred) {
        int save = p->fexpr;
        p->fexpr = 1;
        wf_p_error_expr(p, e, "cannot use starred expression here");
        p->fexpr = save;
        return NULL;
    }
    return e;
}

/* One replacement field; *str is at its '{'. Appends parts to fs. */
static int fstring_field(WfParser *p, StrTok *st, const char **str, const char *end, int level,
                         FState *fs, const Span *sp) {
    if (level >= WF_FSTRING_MAX_NESTING)
        return str_error(p, st->tok, "f-string: expressions nested too deeply") ? 0 : -1;
    const char *expr_start = ++*str;
    if (scan_field_expr(p, st, str, end) < 0)
        return -1;
    const char *expr_end = *str;
    WfExpr *value = compile_field_expr(p, st, expr_start, expr_end);
    if (value == NULL)
        return -1;
    const char *s = *str;
    int self_doc = 0;
    if (*s == '=') {
        s++;
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' || *s == '\r'))
            s++;
        if (s >= end)
            goto expecting;
        /* The expression's text, '=' and spaces included, is literal text. */
        wf_str_builder_append_utf8(&fs->lit, expr_start, s - expr_start);
        fs->lit_len += (int)(s - expr_start);
        self_doc = 1;
    }
    int conversion = WF_CONVERSION_NONE;
    if (*s == '!') {
        s++;
        if (s >= end)
            goto expecting;
        conversion = (unsigned char)*s++;
        if (conversion != 's' && conversion != 'r' && conversion != 'a')
            return str_error(p, st->tok,
                             "f-string: invalid conversion character: expected 's', 'r', or 'a'")
                       ? 0 : -1;
    }
    WfExpr *spec = NULL;
    if (s < end && *s == ':') {
        s++;
        if (s >= end)
            goto expecting;
        FState sub;
        wf_str_builder_init(&sub.lit);
        sub.lit_len = 0;
        wf_pvec_init(&sub.values);
        sub.fmode = 1;
        int r = fstring_parse(p, st, &s, end, level + 1, &sub, sp);
        if (r == 0)
            r = flush_literal(p, &sub, sp);
        wf_str_builder_discard(&sub.lit);
        if (r < 0) {
            wf_pvec_free(&sub.values);
            return -1;
        }
        WfExprSeq *vals = wf_pvec_finish(p, &sub.values);
        spec = vals ? wf_ast_new_expr(p->arena, WF_EXPR_JoinedStr, sp->lineno, sp->col,
                                      sp->end_lineno, sp->end_col)
                    : NULL;
        if (spec == NULL) {
            p->error = 1;
            return -1;
        }
        spec->v.JoinedStr.values = vals;
    }
    if (s >= end || *s != '}')
        goto expecting;
    *str = s + 1;
    if (self_doc && spec == NULL && conversion == WF_CONVERSION_NONE)
        conversion = 'r';
    if (flush_literal(p, fs, sp) < 0)
        return -1;
    WfExpr *fv = wf_ast_new_expr(p->arena, WF_EXPR_FormattedValue, sp->lineno, sp->col,
                                 sp->end_lineno, sp->end_col);
    if (fv == NULL) {
        p->error = 1;
        return -1;
    }
    fv->v.FormattedValue.value = value;
    fv->v.FormattedValue.conversion = conversion;
    fv->v.FormattedValue.format_spec = spec;
    return wf_pvec_push(p, &fs->values, fv);
expecting:
    return str_error(p, st->tok, "f-string: expecting '}'") ? 0 : -1;
}

/* Literal text and fields up to end (level 0) or the '}' closing a format
 * spec (level > 0, left unconsumed). */
static int fstring_parse(WfParser *p, StrTok *st, const char **str, const char *end, int level,
                         FState *fs, const Span *sp) {
    const char *s = *str;
    for (;;) {
        const char *lit = s;
        while (s < end) {
            char ch = *s;
            if (!st->raw && ch == '\\' && s + 1 < end) {
                if (s[1] == 'N' && s + 2 < end && s[2] == '{') {
                    s += 3;
                    while (s < end && *s++ != '}')
                        ;
                    continue;
                }
                if (s[1] != '{' && s[1] != '}') {
                    s += 2;
                    continue;
                }
                s++;
                ch = *s;
            }
            if (ch == '{' || ch == '}') {
                if (level == 0 && s + 1 < end && s[1] == ch) {
                    /* Doubled brace: literal text up to and including one brace. */
                    if (add_literal(p, fs, st, lit, (int)(s + 1 - lit)) < 0)
                        return -1;
                    s += 2;
                    lit = s;
                    continue;
                }
                if (ch == '}' && level == 0)
                    return str_error(p, st->tok, "f-string: single '}' is not allowed") ? 0 : -1;
                break;
            }
            s++;
        }
        if (add_literal(p, fs, st, lit, (int)(s - lit)) < 0)
            return -1;
        if (s >= end || *s == '}')
            break;
        if (fstring_field(p, st, &s, end, level, fs, sp) < 0)
            return -1;
    }
    if (level > 0 && (s >= end || *s != '}'))
        return str_error(p, st->tok, "f-string: expecting '}'") ? 0 : -1;
    *str = s;
    return 0;
}

/* ---- concatenation ----------------------------------------------------- */

static WfExpr *bytes_constant(WfParser *p, StrTok *sts, int n, const Span *sp) {
    ByteBuf bb = {0};
    for (int i = 0; i < n; i++) {
        if (decode_bytes(p, &sts[i], &bb) < 0) {
            wf_mem_free(bb.data);
            return NULL;
        }
    }
    WfObject *v = wf_bytes_from_data(bb.data ? bb.data : "", bb.len);
    wf_mem_free(bb.data);
    if (wf_p_own(p, v) == NULL)
        return NULL;
    WfExpr *e = wf_ast_new_expr(p->arena, WF_EXPR_Constant, sp->lineno, sp->col, sp->end_lineno,
                                sp->end_col);
    if (e == NULL) {
        p->error = 1;
        return NULL;
    }
    e->v.Constant.value = v;
    return e;
}

static WfExpr *str_result(WfParser *p, StrTok *sts, FState *fs, const Span *sp) {
    if (fs->fmode) {
        if (flush_literal(p, fs, sp) < 0)
            return NULL;
        WfExprSeq *vals = wf_pvec_finish(p, &fs->values);
        WfExpr *e = vals ? wf_ast_new_expr(p->arena, WF_EXPR_JoinedStr, sp->lineno, sp->col,
                                           sp->end_lineno, sp->end_col)
                         : NULL;
        if (e == NULL) {
            p->error = 1;
            return NULL;
        }
        e->v.JoinedStr.values = vals;
        return e;
    }
    WfObject *v = wf_str_builder_finish(&fs->lit);
    wf_str_builder_init(&fs->lit);
    if (wf_p_own(p, v) == NULL)
        return NULL;
    WfExpr *e = wf_ast_new_expr(p->arena, WF_EXPR_Constant, sp->lineno, sp->col, sp->end_lineno,
                                sp->end_col);
    if (e == NULL) {
        p->error = 1;
        return NULL;
    }
    e->v.Constant.value = v;
    if (sts[0].u) {
        e->v.Constant.kind = wf_str_intern_cstr("u");
        if (e->v.Constant.kind == NULL) {
            p->error = 1;
            return NULL;
        }
    }
    return e;
}

static WfExpr *concat(WfParser *p, StrTok *sts, int n, const Span *sp) {
    for (int i = 1; i < n; i++)
        if (sts[i].bytes != sts[0].bytes)
            return str_error(p, sts[n - 1].tok, "cannot mix bytes and nonbytes literals");
    if (sts[0].bytes)
        return bytes_constant(p, sts, n, sp);
    FState fs;
    wf_str_builder_init(&fs.lit);
    fs.lit_len = 0;
    wf_pvec_init(&fs.values);
    fs.fmode = 0;
    WfExpr *result = NULL;
    for (int i = 0; i < n; i++) {
        if (sts[i].fmt) {
            fs.fmode = 1;
            const char *s = sts[i].body;
            if (fstring_parse(p, &sts[i], &s, s + sts[i].body_len, 0, &fs, sp) < 0)
                goto done;
        } else if (add_literal(p, &fs, &sts[i], sts[i].body, sts[i].body_len) < 0) {
            goto done;
        }
    }
    result = str_result(p, sts, &fs, sp);
done:
    wf_str_builder_discard(&fs.lit);
    wf_pvec_free(&fs.values);
    return result;
}

WfExpr *wf_p_concat_strings(WfParser *p, int first, int n) {
    StrTok small[8];
    StrTok *sts = n <= 8 ? small : wf_mem_malloc(sizeof(StrTok) * (size_t)n);
    if (sts == NULL) {
        wf_err_no_memory();
        p->error = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        split_token(&p->toks[first + i], &sts[i]);
    WfToken *a = &p->toks[first], *b = &p->toks[first + n - 1];
    Span sp = {a->lineno, a->col, b->end_lineno, b->end_col};
    WfExpr *e = concat(p, sts, n, &sp);
    if (sts != small)
        wf_mem_free(sts);
    return e;
}
