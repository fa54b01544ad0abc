/* symtable.c — building and analysing symbol tables (CPython 3.11's
 * Python/symtable.c, comprehensions as their own function blocks).
 *
 * Invariants:
 *  - All memory comes from the compilation's arena; nothing is freed here.
 *  - Names in the maps are interned: keys compare by pointer.
 *  - Recursion over the AST is bounded by WF_SYMTABLE_MAX_DEPTH.
 *  - The first error stops the build; it is a SyntaxError with CPython's
 *    message and 1-based columns, or MemoryError / RecursionError.
 */
#include "compiler/symtable.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define WF_SYMTABLE_MAX_DEPTH 3000

/* ======================================================================
 * Pointer maps and arena arrays
 * ====================================================================== */

int wf_arena_grow(WfArena *arena, void **items, int *cap, int need, size_t size) {
    if (need <= *cap)
        return 0;
    int ncap = *cap ? *cap : 4;
    while (ncap < need)
        ncap *= 2;
    void *n = wf_arena_alloc(arena, (size_t)ncap * size);
    if (n == NULL)
        return -1;
    if (*items != NULL && *cap > 0)
        memcpy(n, *items, (size_t)*cap * size);
    *items = n;
    *cap = ncap;
    return 0;
}

int wf_ptrmap_init(WfPtrMap *m, WfArena *arena) {
    memset(m, 0, sizeof(*m));
    m->arena = arena;
    return 0;
}

static inline size_t ptr_hash(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    return (size_t)(x ^ (x >> 29));
}

int *wf_ptrmap_get(const WfPtrMap *m, const void *key) {
    if (m->index_cap == 0)
        return NULL;
    size_t mask = (size_t)m->index_cap - 1;
    for (size_t i = ptr_hash(key) & mask;; i = (i + 1) & mask) {
        int ix = m->index[i];
        if (ix < 0)
            return NULL;
        if (m->keys[ix] == key)
            return &m->values[ix];
    }
}

static int ptrmap_rehash(WfPtrMap *m, int ncap) {
    int *index = wf_arena_alloc(m->arena, (size_t)ncap * sizeof(int));
    if (index == NULL)
        return -1;
    memset(index, 0xff, (size_t)ncap * sizeof(int));
    size_t mask = (size_t)ncap - 1;
    for (int k = 0; k < m->len; k++) {
        size_t i = ptr_hash(m->keys[k]) & mask;
        while (index[i] >= 0)
            i = (i + 1) & mask;
        index[i] = k;
    }
    m->index = index;
    m->index_cap = ncap;
    return 0;
}

int wf_ptrmap_set(WfPtrMap *m, const void *key, int value) {
    int *slot = wf_ptrmap_get(m, key);
    if (slot != NULL) {
        *slot = value;
        return 0;
    }
    if (2 * (m->len + 1) >= m->index_cap &&
        ptrmap_rehash(m, m->index_cap ? m->index_cap * 2 : 16) < 0)
        return -1;
    if (m->len == m->cap) {
        int kcap = m->cap, vcap = m->cap;
        if (wf_arena_grow(m->arena, (void **)&m->keys, &kcap, m->len + 1, sizeof(void *)) < 0 ||
            wf_arena_grow(m->arena, (void **)&m->values, &vcap, m->len + 1, sizeof(int)) < 0)
            return -1;
        m->cap = kcap;
    }
    m->keys[m->len] = key;
    m->values[m->len] = value;
    size_t mask = (size_t)m->index_cap - 1;
    size_t i = ptr_hash(key) & mask;
    while (m->index[i] >= 0)
        i = (i + 1) & mask;
    m->index[i] = m->len++;
    return 0;
}

/* Sets are maps whose value is 1 (member) or 0 (discarded). */
static int set_add(WfPtrMap *s, const void *key) { return wf_ptrmap_set(s, key, 1); }
static bool set_contains(const WfPtrMap *s, const void *key) {
    int *v = wf_ptrmap_get(s, key);
    return v != NULL && *v != 0;
}
static bool set_discard(WfPtrMap *s, const void *key) {
    int *v = wf_ptrmap_get(s, key);
    if (v == NULL || *v == 0)
        return false;
    *v = 0;
    return true;
}
static int set_update(WfPtrMap *dst, const WfPtrMap *src) {
    for (int i = 0; i < src->len; i++)
        if (src->values[i] && set_add(dst, src->keys[i]) < 0)
            return -1;
    return 0;
}
static int set_copy(WfPtrMap *dst, WfArena *arena, const WfPtrMap *src) {
    wf_ptrmap_init(dst, arena);
    return src ? set_update(dst, src) : 0;
}

/* ======================================================================
 * Errors
 * ====================================================================== */

/* The text of line `lineno` (1-based) with its newline, as CPython's
 * SyntaxError.text; NULL when out of range. */
static char *source_line(const char *src, size_t len, int lineno, char *buf, size_t bufsize) {
    if (src == NULL || lineno < 1)
        return NULL;
    size_t pos = 0;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(src + pos, '\n', len - pos);
        if (nl == NULL)
            return NULL;
        pos = (size_t)(nl - src) + 1;
    }
    if (pos >= len)
        return NULL;
    const char *nl = memchr(src + pos, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - src) - pos + 1 : len - pos;
    if (n > 0 && !nl) {
        /* last line without newline: CPython's text ends with one anyway */
        if (n + 2 > bufsize)
            n = bufsize - 2;
        memcpy(buf, src + pos, n);
        buf[n++] = '\n';
        buf[n] = '\0';
        return buf;
    }
    if (n + 1 > bufsize)
        n = bufsize - 1;
    memcpy(buf, src + pos, n);
    buf[n] = '\0';
    return buf;
}

int wf_compiler_syntax_error(WfObject *exc_type, WfObject *filename, const char *source,
                             size_t source_len, int lineno, int col1, int end_lineno,
                             int end_col1, const char *fmt, ...) {
    char msg[512];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    char line[4096];
    /* CPython reads the line back from the file named filename: "<string>"
       and friends have no text. */
    const char *fn = filename ? wf_str_as_utf8(filename) : NULL;
    const char *text = (fn && fn[0] == '<') ? NULL
                       : source_line(source, source_len, lineno, line, sizeof(line));
    wf_err_set_syntax_location(exc_type ? exc_type : wf_exc_SyntaxError, msg, filename, lineno,
                               col1, end_lineno, end_col1, text);
    return -1;
}

#define NAME(o) wf_str_as_utf8(o)

static int st_error(WfSymtable *st, int lineno, int col, int end_lineno, int end_col,
                    const char *fmt, const char *name) {
    return wf_compiler_syntax_error(NULL, st->filename, st->source, st->source_len, lineno,
                                    col + 1, end_lineno, end_col + 1, fmt, name);
}

/* ======================================================================
 * Mangling
 * ====================================================================== */

WfObject *wf_mangle(WfObject *private_name, WfObject *name) {
    if (private_name == NULL || name == NULL)
        return name;
    wf_ssize_t nlen, plen;
    const char *n = wf_str_as_utf8_and_size(name, &nlen);
    if (nlen < 2 || n[0] != '_' || n[1] != '_')
        return name;
    /* Don't mangle __id__ or names with dots. */
    if ((n[nlen - 1] == '_' && n[nlen - 2] == '_') || memchr(n, '.', (size_t)nlen) != NULL)
        return name;
    const char *p = wf_str_as_utf8_and_size(private_name, &plen);
    wf_ssize_t ip = 0;
    while (ip < plen && p[ip] == '_')
        ip++;
    if (ip == plen)
        return name;  /* class is just underscores */
    size_t total = 1 + (size_t)(plen - ip) + (size_t)nlen;
    char small[256];
    char *buf = total <= sizeof(small) ? small : wf_mem_malloc(total);
    if (buf == NULL)
        return wf_err_no_memory();
    buf[0] = '_';
    memcpy(buf + 1, p + ip, (size_t)(plen - ip));
    memcpy(buf + 1 + (plen - ip), n, (size_t)nlen);
    WfObject *res = wf_str_intern_utf8(buf, (wf_ssize_t)total);
    if (buf != small)
        wf_mem_free(buf);
    return res;
}

/* ======================================================================
 * Building: entering blocks, adding definitions
 * ====================================================================== */

static WfSymtableEntry *ste_new(WfSymtable *st, WfObject *name, WfBlockType type,
                                const void *key, int lineno, int col) {
    WfSymtableEntry *ste = wf_arena_calloc(st->arena, sizeof(*ste));
    if (ste == NULL)
        return NULL;
    ste->name = name;
    ste->type = type;
    ste->key = key;
    ste->lineno = lineno;
    ste->col = col;
    wf_ptrmap_init(&ste->symbols, st->arena);
    if (st->cur != NULL && (st->cur->nested || st->cur->type == WF_BLOCK_FUNCTION))
        ste->nested = 1;
    if (wf_arena_grow(st->arena, (void **)&st->entries, &st->entries_cap, st->nentries + 1,
                      sizeof(*st->entries)) < 0 ||
        wf_ptrmap_set(&st->blocks, key, st->nentries) < 0)
        return NULL;
    st->entries[st->nentries++] = ste;
    return ste;
}

static int enter_block(WfSymtable *st, WfObject *name, WfBlockType type, const void *key,
                       int lineno, int col) {
    WfSymtableEntry *prev = st->cur;
    WfSymtableEntry *ste = ste_new(st, name, type, key, lineno, col);
    if (ste == NULL)
        return -1;
    if (wf_arena_grow(st->arena, (void **)&st->stack, &st->stack_cap, st->depth + 1,
                      sizeof(*st->stack)) < 0)
        return -1;
    st->stack[st->depth++] = ste;
    if (prev != NULL) {
        ste->comp_iter_expr = prev->comp_iter_expr;
        if (wf_arena_grow(st->arena, (void **)&prev->children, &prev->children_cap,
                          prev->nchildren + 1, sizeof(*prev->children)) < 0)
            return -1;
        prev->children[prev->nchildren++] = ste;
    }
    st->cur = ste;
    if (type == WF_BLOCK_MODULE)
        st->top = ste;
    return 0;
}

static void exit_block(WfSymtable *st) {
    st->depth--;
    st->cur = st->depth > 0 ? st->stack[st->depth - 1] : NULL;
}

static int add_def_helper(WfSymtable *st, WfObject *name, int flag, WfSymtableEntry *ste,
                          int lineno, int col, int end_lineno, int end_col) {
    WfObject *mangled = wf_mangle(st->private_name, name);
    if (mangled == NULL)
        return -1;
    int *cur = wf_ptrmap_get(&ste->symbols, mangled);
    int val = flag;
    if (cur != NULL) {
        if ((flag & WF_DEF_PARAM) && (*cur & WF_DEF_PARAM))
            return st_error(st, lineno, col, end_lineno, end_col,
                            "duplicate argument '%s' in function definition", NAME(name));
        val = *cur | flag;
    }
    if (ste->comp_iter_target) {
        if (val & (WF_DEF_GLOBAL | WF_DEF_NONLOCAL))
            return st_error(st, lineno, col, end_lineno, end_col,
                            "comprehension inner loop cannot rebind assignment expression "
                            "target '%s'", NAME(name));
        val |= WF_DEF_COMP_ITER;
    }
    if (wf_ptrmap_set(&ste->symbols, mangled, val) < 0)
        return -1;
    if (flag & WF_DEF_PARAM) {
        if (wf_arena_grow(st->arena, (void **)&ste->varnames, &ste->varnames_cap,
                          ste->nvarnames + 1, sizeof(WfObject *)) < 0)
            return -1;
        ste->varnames[ste->nvarnames++] = mangled;
    } else if (flag & WF_DEF_GLOBAL) {
        int *g = wf_ptrmap_get(&st->top->symbols, mangled);
        if (wf_ptrmap_set(&st->top->symbols, mangled, flag | (g ? *g : 0)) < 0)
            return -1;
    }
    return 0;
}

static int add_def(WfSymtable *st, WfObject *name, int flag, int lineno, int col,
                   int end_lineno, int end_col) {
    return add_def_helper(st, name, flag, st->cur, lineno, col, end_lineno, end_col);
}

#define LOC_EXPR(e) (e)->lineno, (e)->col_offset, (e)->end_lineno, (e)->end_col_offset

static int record_directive(WfSymtable *st, WfObject *name, int lineno, int col,
                            int end_lineno, int end_col) {
    WfSymtableEntry *ste = st->cur;
    if (wf_arena_grow(st->arena, (void **)&ste->directives, &ste->directives_cap,
                      ste->ndirectives + 1, sizeof(WfDirective)) < 0)
        return -1;
    WfObject *mangled = wf_mangle(st->private_name, name);
    if (mangled == NULL)
        return -1;
    ste->directives[ste->ndirectives++] = (WfDirective){mangled, lineno, col, end_lineno, end_col};
    return 0;
}

static int lookup_flags(WfSymtable *st, WfObject *name, int *flags) {
    WfObject *mangled = wf_mangle(st->private_name, name);
    if (mangled == NULL)
        return -1;
    int *v = wf_ptrmap_get(&st->cur->symbols, mangled);
    *flags = v ? *v : 0;
    return 0;
}

/* ======================================================================
 * The AST walk
 * ====================================================================== */

static int visit_stmt(WfSymtable *st, WfStmt *s);
static int visit_expr(WfSymtable *st, WfExpr *e);

static int visit_stmts(WfSymtable *st, WfStmtSeq *seq) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++)
        if (visit_stmt(st, WF_SEQ_GET(seq, i)) < 0)
            return -1;
    return 0;
}

static int visit_exprs(WfSymtable *st, WfExprSeq *seq) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfExpr *e = WF_SEQ_GET(seq, i);
        if (e != NULL && visit_expr(st, e) < 0)   /* NULL: Dict **, kw_defaults */
            return -1;
    }
    return 0;
}

static int visit_keywords(WfSymtable *st, WfKeywordSeq *seq) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfKeyword *k = WF_SEQ_GET(seq, i);
        if (visit_expr(st, k->value) < 0)
            return -1;
    }
    return 0;
}

static int visit_params(WfSymtable *st, WfArgSeq *args) {
    for (int i = 0; i < WF_SEQ_LEN(args); i++) {
        WfArg *a = WF_SEQ_GET(args, i);
        if (add_def(st, a->arg, WF_DEF_PARAM, LOC_EXPR(a)) < 0)
            return -1;
    }
    return 0;
}

static int visit_arguments(WfSymtable *st, WfArguments *a) {
    if (visit_params(st, a->posonlyargs) < 0 || visit_params(st, a->args) < 0 ||
        visit_params(st, a->kwonlyargs) < 0)
        return -1;
    if (a->vararg) {
        if (add_def(st, a->vararg->arg, WF_DEF_PARAM, LOC_EXPR(a->vararg)) < 0)
            return -1;
        st->cur->varargs = 1;
    }
    if (a->kwarg) {
        if (add_def(st, a->kwarg->arg, WF_DEF_PARAM, LOC_EXPR(a->kwarg)) < 0)
            return -1;
        st->cur->varkeywords = 1;
    }
    return 0;
}

static int visit_argannotations(WfSymtable *st, WfArgSeq *args) {
    for (int i = 0; i < WF_SEQ_LEN(args); i++) {
        WfArg *a = WF_SEQ_GET(args, i);
        if (a->annotation && visit_expr(st, a->annotation) < 0)
            return -1;
    }
    return 0;
}

static int visit_annotations(WfSymtable *st, WfArguments *a, WfExpr *returns) {
    if (visit_argannotations(st, a->posonlyargs) < 0 || visit_argannotations(st, a->args) < 0)
        return -1;
    if (a->vararg && a->vararg->annotation && visit_expr(st, a->vararg->annotation) < 0)
        return -1;
    if (a->kwarg && a->kwarg->annotation && visit_expr(st, a->kwarg->annotation) < 0)
        return -1;
    if (visit_argannotations(st, a->kwonlyargs) < 0)
        return -1;
    if (returns && visit_expr(st, returns) < 0)
        return -1;
    return 0;
}

static int visit_function_def(WfSymtable *st, WfStmt *s) {
    WfArguments *args = s->v.FunctionDef.args;
    if (add_def(st, s->v.FunctionDef.name, WF_DEF_LOCAL, LOC_EXPR(s)) < 0 ||
        visit_exprs(st, args->defaults) < 0 || visit_exprs(st, args->kw_defaults) < 0 ||
        visit_annotations(st, args, s->v.FunctionDef.returns) < 0 ||
        visit_exprs(st, s->v.FunctionDef.decorator_list) < 0)
        return -1;
    if (enter_block(st, s->v.FunctionDef.name, WF_BLOCK_FUNCTION, s, s->lineno,
                    s->col_offset) < 0)
        return -1;
    if (visit_arguments(st, args) < 0 || visit_stmts(st, s->v.FunctionDef.body) < 0)
        return -1;
    exit_block(st);
    return 0;
}

static int visit_class_def(WfSymtable *st, WfStmt *s) {
    if (add_def(st, s->v.ClassDef.name, WF_DEF_LOCAL, LOC_EXPR(s)) < 0 ||
        visit_exprs(st, s->v.ClassDef.bases) < 0 ||
        visit_keywords(st, s->v.ClassDef.keywords) < 0 ||
        visit_exprs(st, s->v.ClassDef.decorator_list) < 0)
        return -1;
    if (enter_block(st, s->v.ClassDef.name, WF_BLOCK_CLASS, s, s->lineno, s->col_offset) < 0)
        return -1;
    WfObject *saved = st->private_name;
    st->private_name = s->v.ClassDef.name;
    int r = visit_stmts(st, s->v.ClassDef.body);
    st->private_name = saved;
    if (r < 0)
        return -1;
    exit_block(st);
    return 0;
}

static int visit_ann_assign(WfSymtable *st, WfStmt *s) {
    WfExpr *target = s->v.AnnAssign.target;
    if (target->kind == WF_EXPR_Name) {
        int cur;
        if (lookup_flags(st, target->v.Name.id, &cur) < 0)
            return -1;
        if ((cur & (WF_DEF_GLOBAL | WF_DEF_NONLOCAL)) && st->cur != st->top &&
            s->v.AnnAssign.simple)
            return st_error(st, LOC_EXPR(s),
                            (cur & WF_DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                  : "annotated name '%s' can't be nonlocal",
                            NAME(target->v.Name.id));
        if (s->v.AnnAssign.simple) {
            if (add_def(st, target->v.Name.id, WF_DEF_ANNOT | WF_DEF_LOCAL, LOC_EXPR(target)) < 0)
                return -1;
        } else if (s->v.AnnAssign.value &&
                   add_def(st, target->v.Name.id, WF_DEF_LOCAL, LOC_EXPR(target)) < 0) {
            return -1;
        }
    } else if (visit_expr(st, target) < 0) {
        return -1;
    }
    if (visit_expr(st, s->v.AnnAssign.annotation) < 0)
        return -1;
    if (s->v.AnnAssign.value && visit_expr(st, s->v.AnnAssign.value) < 0)
        return -1;
    return 0;
}

/* global / nonlocal statements */
static int visit_declaration(WfSymtable *st, WfStmt *s, bool is_global) {
    WfIdentifierSeq *names = is_global ? s->v.Global.names : s->v.Nonlocal.names;
    for (int i = 0; i < WF_SEQ_LEN(names); i++) {
        WfObject *name = WF_SEQ_GET(names, i);
        int cur;
        if (lookup_flags(st, name, &cur) < 0)
            return -1;
        if (cur & (WF_DEF_PARAM | WF_DEF_LOCAL | WF_USE | WF_DEF_ANNOT)) {
            const char *msg;
            if (cur & WF_DEF_PARAM)
                msg = is_global ? "name '%s' is parameter and global"
                                : "name '%s' is parameter and nonlocal";
            else if (cur & WF_USE)
                msg = is_global ? "name '%s' is used prior to global declaration"
                                : "name '%s' is used prior to nonlocal declaration";
            else if (cur & WF_DEF_ANNOT)
                msg = is_global ? "annotated name '%s' can't be global"
                                : "annotated name '%s' can't be nonlocal";
            else
                msg = is_global ? "name '%s' is assigned to before global declaration"
                                : "name '%s' is assigned to before nonlocal declaration";
            return st_error(st, LOC_EXPR(s), msg, NAME(name));
        }
        if (add_def(st, name, is_global ? WF_DEF_GLOBAL : WF_DEF_NONLOCAL, LOC_EXPR(s)) < 0 ||
            record_directive(st, name, LOC_EXPR(s)) < 0)
            return -1;
    }
    return 0;
}

static int visit_alias(WfSymtable *st, WfAlias *a) {
    WfObject *name = a->asname ? a->asname : a->name;
    wf_ssize_t len;
    const char *s = wf_str_as_utf8_and_size(name, &len);
    if (len == 1 && s[0] == '*') {
        if (st->cur->type != WF_BLOCK_MODULE)
            return st_error(st, LOC_EXPR(a), "import * only allowed at module level", "");
        return 0;
    }
    const char *dot = memchr(s, '.', (size_t)len);
    WfObject *store = name;
    if (dot != NULL) {
        store = wf_str_intern_utf8(s, dot - s);
        if (store == NULL)
            return -1;
    }
    return add_def(st, store, WF_DEF_IMPORT, LOC_EXPR(a));
}

static int visit_handlers(WfSymtable *st, WfExceptHandlerSeq *hs) {
    for (int i = 0; i < WF_SEQ_LEN(hs); i++) {
        WfExceptHandler *h = WF_SEQ_GET(hs, i);
        if (h->type && visit_expr(st, h->type) < 0)
            return -1;
        if (h->name && add_def(st, h->name, WF_DEF_LOCAL, LOC_EXPR(h)) < 0)
            return -1;
        if (visit_stmts(st, h->body) < 0)
            return -1;
    }
    return 0;
}

static int visit_stmt_inner(WfSymtable *st, WfStmt *s) {
    switch (s->kind) {
    case WF_STMT_FunctionDef:
        return visit_function_def(st, s);
    case WF_STMT_ClassDef:
        return visit_class_def(st, s);
    case WF_STMT_Return:
        return s->v.Return.value ? visit_expr(st, s->v.Return.value) : 0;
    case WF_STMT_Delete:
        return visit_exprs(st, s->v.Delete.targets);
    case WF_STMT_Assign:
        if (visit_exprs(st, s->v.Assign.targets) < 0)
            return -1;
        return visit_expr(st, s->v.Assign.value);
    case WF_STMT_AnnAssign:
        return visit_ann_assign(st, s);
    case WF_STMT_AugAssign:
        if (visit_expr(st, s->v.AugAssign.target) < 0)
            return -1;
        return visit_expr(st, s->v.AugAssign.value);
    case WF_STMT_For:
        if (visit_expr(st, s->v.For.target) < 0 || visit_expr(st, s->v.For.iter) < 0 ||
            visit_stmts(st, s->v.For.body) < 0)
            return -1;
        return visit_stmts(st, s->v.For.orelse);
    case WF_STMT_While:
    case WF_STMT_If:
        if (visit_expr(st, s->v.While.test) < 0 || visit_stmts(st, s->v.While.body) < 0)
            return -1;
        return visit_stmts(st, s->v.While.orelse);
    case WF_STMT_Raise:
        if (s->v.Raise.exc && visit_expr(st, s->v.Raise.exc) < 0)
            return -1;
        if (s->v.Raise.cause && visit_expr(st, s->v.Raise.cause) < 0)
            return -1;
        return 0;
    case WF_STMT_Try:
    case WF_STMT_TryStar:
        if (visit_stmts(st, s->v.Try.body) < 0 || visit_stmts(st, s->v.Try.orelse) < 0 ||
            visit_handlers(st, s->v.Try.handlers) < 0)
            return -1;
        return visit_stmts(st, s->v.Try.finalbody);
    case WF_STMT_Assert:
        if (visit_expr(st, s->v.Assert.test) < 0)
            return -1;
        return s->v.Assert.msg ? visit_expr(st, s->v.Assert.msg) : 0;
    case WF_STMT_Import:
        for (int i = 0; i < WF_SEQ_LEN(s->v.Import.names); i++)
            if (visit_alias(st, WF_SEQ_GET(s->v.Import.names, i)) < 0)
                return -1;
        return 0;
    case WF_STMT_ImportFrom:
        for (int i = 0; i < WF_SEQ_LEN(s->v.ImportFrom.names); i++)
            if (visit_alias(st, WF_SEQ_GET(s->v.ImportFrom.names, i)) < 0)
                return -1;
        return 0;
    case WF_STMT_Global:
        return visit_declaration(st, s, true);
    case WF_STMT_Nonlocal:
        return visit_declaration(st, s, false);
    case WF_STMT_Expr:
        return visit_expr(st, s->v.Expr.value);
    case WF_STMT_With:
        for (int i = 0; i < WF_SEQ_LEN(s->v.With.items); i++) {
            WfWithItem *item = WF_SEQ_GET(s->v.With.items, i);
            if (visit_expr(st, item->context_expr) < 0)
                return -1;
            if (item->optional_vars && visit_expr(st, item->optional_vars) < 0)
                return -1;
        }
        return visit_stmts(st, s->v.With.body);
    case WF_STMT_Pass:
    case WF_STMT_Break:
    case WF_STMT_Continue:
        return 0;
    }
    return 0;
}

static int too_deep(WfSymtable *st) {
    (void)st;
    wf_err_set_string(wf_exc_RecursionError,
                      "maximum recursion depth exceeded during compilation");
    return -1;
}

static int visit_stmt(WfSymtable *st, WfStmt *s) {
    if (++st->recursion > WF_SYMTABLE_MAX_DEPTH)
        return too_deep(st);
    int r = visit_stmt_inner(st, s);
    st->recursion--;
    return r;
}

/* ---- comprehensions and named expressions ------------------------------ */

static int raise_if_comprehension(WfSymtable *st, WfExpr *e) {
    const char *msg;
    switch (st->cur->comprehension) {
    case WF_COMP_LIST: msg = "'yield' inside list comprehension"; break;
    case WF_COMP_SET: msg = "'yield' inside set comprehension"; break;
    case WF_COMP_DICT: msg = "'yield' inside dict comprehension"; break;
    default: msg = "'yield' inside generator expression"; break;
    }
    return st_error(st, LOC_EXPR(e), "%s", msg);
}

static int visit_comprehension_tail(WfSymtable *st, WfComprehension *c) {
    st->cur->comp_iter_target = 1;
    if (visit_expr(st, c->target) < 0)
        return -1;
    st->cur->comp_iter_target = 0;
    st->cur->comp_iter_expr++;
    if (visit_expr(st, c->iter) < 0)
        return -1;
    st->cur->comp_iter_expr--;
    return visit_exprs(st, c->ifs);
}

static int handle_comprehension(WfSymtable *st, WfExpr *e, const char *scope_name,
                                WfComprehensionSeq *gens, WfExpr *elt, WfExpr *value,
                                WfCompKind kind) {
    WfComprehension *outermost = WF_SEQ_GET(gens, 0);
    st->cur->comp_iter_expr++;
    if (visit_expr(st, outermost->iter) < 0)
        return -1;
    st->cur->comp_iter_expr--;
    WfObject *name = wf_str_intern_cstr(scope_name);
    if (name == NULL || enter_block(st, name, WF_BLOCK_FUNCTION, e, e->lineno, e->col_offset) < 0)
        return -1;
    st->cur->comprehension = kind;
    /* the outermost iterator is the implicit argument ".0" */
    WfObject *dot0 = wf_str_intern_cstr(".0");
    if (dot0 == NULL || add_def(st, dot0, WF_DEF_PARAM, LOC_EXPR(e)) < 0)
        return -1;
    st->cur->comp_iter_target = 1;
    if (visit_expr(st, outermost->target) < 0)
        return -1;
    st->cur->comp_iter_target = 0;
    if (visit_exprs(st, outermost->ifs) < 0)
        return -1;
    for (int i = 1; i < WF_SEQ_LEN(gens); i++)
        if (visit_comprehension_tail(st, WF_SEQ_GET(gens, i)) < 0)
            return -1;
    if (value && visit_expr(st, value) < 0)
        return -1;
    if (visit_expr(st, elt) < 0)
        return -1;
    st->cur->generator = kind == WF_COMP_GENEXP;
    exit_block(st);
    return 0;
}

static int extend_namedexpr_scope(WfSymtable *st, WfExpr *e) {
    WfObject *target = e->v.NamedExpr.target->v.Name.id;
    WfExpr *te = e->v.NamedExpr.target;
    for (int i = st->depth - 1; i >= 0; i--) {
        WfSymtableEntry *ste = st->stack[i];
        if (ste->comprehension) {
            int *f = wf_ptrmap_get(&ste->symbols, target);
            if (f && (*f & WF_DEF_COMP_ITER))
                return st_error(st, LOC_EXPR(te),
                                "assignment expression cannot rebind comprehension iteration "
                                "variable '%s'", NAME(target));
            continue;
        }
        if (ste->type == WF_BLOCK_FUNCTION) {
            int *f = wf_ptrmap_get(&ste->symbols, target);
            int flag = (f && (*f & WF_DEF_GLOBAL)) ? WF_DEF_GLOBAL : WF_DEF_NONLOCAL;
            if (add_def(st, target, flag, LOC_EXPR(te)) < 0 ||
                record_directive(st, target, LOC_EXPR(te)) < 0)
                return -1;
            return add_def_helper(st, target, WF_DEF_LOCAL, ste, LOC_EXPR(te));
        }
        if (ste->type == WF_BLOCK_MODULE) {
            if (add_def(st, target, WF_DEF_GLOBAL, LOC_EXPR(te)) < 0 ||
                record_directive(st, target, LOC_EXPR(te)) < 0)
                return -1;
            return add_def_helper(st, target, WF_DEF_GLOBAL, ste, LOC_EXPR(te));
        }
        if (ste->type == WF_BLOCK_CLASS)
            return st_error(st, LOC_EXPR(te),
                            "assignment expression within a comprehension cannot be used in "
                            "a class body%s", "");
    }
    return 0;
}

static int visit_namedexpr(WfSymtable *st, WfExpr *e) {
    if (st->cur->comp_iter_expr > 0)
        return st_error(st, LOC_EXPR(e),
                        "assignment expression cannot be used in a comprehension iterable "
                        "expression%s", "");
    if (st->cur->comprehension && extend_namedexpr_scope(st, e) < 0)
        return -1;
    if (visit_expr(st, e->v.NamedExpr.value) < 0)
        return -1;
    return visit_expr(st, e->v.NamedExpr.target);
}

static int visit_expr_inner(WfSymtable *st, WfExpr *e) {
    switch (e->kind) {
    case WF_EXPR_NamedExpr:
        return visit_namedexpr(st, e);
    case WF_EXPR_BoolOp:
        return visit_exprs(st, e->v.BoolOp.values);
    case WF_EXPR_BinOp:
        if (visit_expr(st, e->v.BinOp.left) < 0)
            return -1;
        return visit_expr(st, e->v.BinOp.right);
    case WF_EXPR_UnaryOp:
        return visit_expr(st, e->v.UnaryOp.operand);
    case WF_EXPR_Lambda: {
        WfArguments *a = e->v.Lambda.args;
        if (visit_exprs(st, a->defaults) < 0 || visit_exprs(st, a->kw_defaults) < 0)
            return -1;
        WfObject *name = wf_str_intern_cstr("lambda");
        if (name == NULL ||
            enter_block(st, name, WF_BLOCK_FUNCTION, e, e->lineno, e->col_offset) < 0)
            return -1;
        if (visit_arguments(st, a) < 0 || visit_expr(st, e->v.Lambda.body) < 0)
            return -1;
        exit_block(st);
        return 0;
    }
    case WF_EXPR_IfExp:
        if (visit_expr(st, e->v.IfExp.test) < 0 || visit_expr(st, e->v.IfExp.body) < 0)
            return -1;
        return visit_expr(st, e->v.IfExp.orelse);
    case WF_EXPR_Dict:
        if (visit_exprs(st, e->v.Dict.keys) < 0)
            return -1;
        return visit_exprs(st, e->v.Dict.values);
    case WF_EXPR_Set:
        return visit_exprs(st, e->v.Set.elts);
    case WF_EXPR_GeneratorExp:
        return handle_comprehension(st, e, "genexpr", e->v.GeneratorExp.generators,
                                    e->v.GeneratorExp.elt, NULL, WF_COMP_GENEXP);
    case WF_EXPR_ListComp:
        return handle_comprehension(st, e, "listcomp", e->v.ListComp.generators,
                                    e->v.ListComp.elt, NULL, WF_COMP_LIST);
    case WF_EXPR_SetComp:
        return handle_comprehension(st, e, "setcomp", e->v.SetComp.generators,
                                    e->v.SetComp.elt, NULL, WF_COMP_SET);
    case WF_EXPR_DictComp:
        return handle_comprehension(st, e, "dictcomp", e->v.DictComp.generators,
                                    e->v.DictComp.key, e->v.DictComp.value, WF_COMP_DICT);
    case WF_EXPR_Yield:
    case WF_EXPR_YieldFrom:
        if (e->v.Yield.value && visit_expr(st, e->v.Yield.value) < 0)
            return -1;
        st->cur->generator = 1;
        if (st->cur->comprehension)
            return raise_if_comprehension(st, e);
        return 0;
    case WF_EXPR_Compare:
        if (visit_expr(st, e->v.Compare.left) < 0)
            return -1;
        return visit_exprs(st, e->v.Compare.comparators);
    case WF_EXPR_Call:
        if (visit_expr(st, e->v.Call.func) < 0 || visit_exprs(st, e->v.Call.args) < 0)
            return -1;
        return visit_keywords(st, e->v.Call.keywords);
    case WF_EXPR_FormattedValue:
        if (visit_expr(st, e->v.FormattedValue.value) < 0)
            return -1;
        return e->v.FormattedValue.format_spec ? visit_expr(st, e->v.FormattedValue.format_spec)
                                               : 0;
    case WF_EXPR_JoinedStr:
        return visit_exprs(st, e->v.JoinedStr.values);
    case WF_EXPR_Constant:
        return 0;
    case WF_EXPR_Attribute:
        return visit_expr(st, e->v.Attribute.value);
    case WF_EXPR_Subscript:
        if (visit_expr(st, e->v.Subscript.value) < 0)
            return -1;
        return visit_expr(st, e->v.Subscript.slice);
    case WF_EXPR_Starred:
        return visit_expr(st, e->v.Starred.value);
    case WF_EXPR_Slice:
        if (e->v.Slice.lower && visit_expr(st, e->v.Slice.lower) < 0)
            return -1;
        if (e->v.Slice.upper && visit_expr(st, e->v.Slice.upper) < 0)
            return -1;
        return e->v.Slice.step ? visit_expr(st, e->v.Slice.step) : 0;
    case WF_EXPR_Name:
        if (add_def(st, e->v.Name.id, e->v.Name.ctx == WF_Load ? WF_USE : WF_DEF_LOCAL,
                    LOC_EXPR(e)) < 0)
            return -1;
        /* super() counts as a use of __class__ */
        if (e->v.Name.ctx == WF_Load && st->cur->type == WF_BLOCK_FUNCTION &&
            wf_str_equal_cstr(e->v.Name.id, "super"))
            return add_def(st, WF_ID(__class__), WF_USE, LOC_EXPR(e));
        return 0;
    case WF_EXPR_List:
    case WF_EXPR_Tuple:
        return visit_exprs(st, e->v.List.elts);
    }
    return 0;
}

static int visit_expr(WfSymtable *st, WfExpr *e) {
    if (++st->recursion > WF_SYMTABLE_MAX_DEPTH)
        return too_deep(st);
    int r = visit_expr_inner(st, e);
    st->recursion--;
    return r;
}

/* ======================================================================
 * Analysis (CPython's analyze_block and friends)
 * ====================================================================== */

static int error_at_directive(WfSymtable *st, WfSymtableEntry *ste, WfObject *name,
                              const char *fmt) {
    for (int i = 0; i < ste->ndirectives; i++) {
        WfDirective *d = &ste->directives[i];
        if (d->name == name)
            return st_error(st, d->lineno, d->col, d->end_lineno, d->end_col, fmt, NAME(name));
    }
    return st_error(st, ste->lineno, ste->col, ste->lineno, ste->col, fmt, NAME(name));
}

static int set_scope(WfPtrMap *scopes, WfObject *name, int scope) {
    return wf_ptrmap_set(scopes, name, scope);
}

static int analyze_name(WfSymtable *st, WfSymtableEntry *ste, WfPtrMap *scopes,
                        WfObject *name, int flags, WfPtrMap *bound, WfPtrMap *local,
                        WfPtrMap *free, WfPtrMap *global) {
    if (flags & WF_DEF_GLOBAL) {
        if (flags & WF_DEF_NONLOCAL)
            return error_at_directive(st, ste, name, "name '%s' is nonlocal and global");
        if (set_scope(scopes, name, WF_SCOPE_GLOBAL_EXPLICIT) < 0 || set_add(global, name) < 0)
            return -1;
        if (bound)
            set_discard(bound, name);
        return 0;
    }
    if (flags & WF_DEF_NONLOCAL) {
        if (bound == NULL)
            return error_at_directive(st, ste, name,
                                      "nonlocal declaration not allowed at module level%.0s");
        if (!set_contains(bound, name))
            return error_at_directive(st, ste, name, "no binding for nonlocal '%s' found");
        ste->free = 1;
        if (set_scope(scopes, name, WF_SCOPE_FREE) < 0)
            return -1;
        return set_add(free, name);
    }
    if (flags & WF_DEF_BOUND) {
        if (set_scope(scopes, name, WF_SCOPE_LOCAL) < 0 || set_add(local, name) < 0)
            return -1;
        set_discard(global, name);
        return 0;
    }
    if (bound && set_contains(bound, name)) {
        ste->free = 1;
        if (set_scope(scopes, name, WF_SCOPE_FREE) < 0)
            return -1;
        return set_add(free, name);
    }
    if (global && set_contains(global, name))
        return set_scope(scopes, name, WF_SCOPE_GLOBAL_IMPLICIT);
    if (ste->nested)
        ste->free = 1;
    return set_scope(scopes, name, WF_SCOPE_GLOBAL_IMPLICIT);
}

/* Locals of a function that children use freely become cells. */
static void analyze_cells(WfPtrMap *scopes, WfPtrMap *free) {
    for (int i = 0; i < scopes->len; i++) {
        if (scopes->values[i] != WF_SCOPE_LOCAL)
            continue;
        if (!set_contains(free, scopes->keys[i]))
            continue;
        scopes->values[i] = WF_SCOPE_CELL;
        set_discard(free, scopes->keys[i]);
    }
}

static int update_symbols(WfPtrMap *symbols, WfPtrMap *scopes, WfPtrMap *bound, WfPtrMap *free,
                          bool classflag) {
    for (int i = 0; i < symbols->len; i++) {
        int *scope = wf_ptrmap_get(scopes, symbols->keys[i]);
        symbols->values[i] |= (scope ? *scope : 0) << WF_SCOPE_OFFSET;
    }
    for (int i = 0; i < free->len; i++) {
        if (!free->values[i])
            continue;
        const void *name = free->keys[i];
        int *v = wf_ptrmap_get(symbols, name);
        if (v != NULL) {
            /* a free variable in a method of the class that has the same
               name as a local or global in the class scope */
            if (classflag && (*v & (WF_DEF_BOUND | WF_DEF_GLOBAL)))
                *v |= WF_DEF_FREE_CLASS;
            continue;   /* a cell, or already free in this scope */
        }
        if (bound && !set_contains(bound, name))
            continue;   /* a global */
        if (wf_ptrmap_set(symbols, name, WF_SCOPE_FREE << WF_SCOPE_OFFSET) < 0)
            return -1;
    }
    return 0;
}

static int analyze_block(WfSymtable *st, WfSymtableEntry *ste, WfPtrMap *bound,
                         WfPtrMap *free, WfPtrMap *global);

static int analyze_child_block(WfSymtable *st, WfSymtableEntry *entry, WfPtrMap *bound,
                               WfPtrMap *free, WfPtrMap *global, WfPtrMap *child_free) {
    WfPtrMap tb, tf, tg;
    if (set_copy(&tb, st->arena, bound) < 0 || set_copy(&tf, st->arena, free) < 0 ||
        set_copy(&tg, st->arena, global) < 0)
        return -1;
    if (analyze_block(st, entry, &tb, &tf, &tg) < 0)
        return -1;
    return set_update(child_free, &tf);
}

static int analyze_block(WfSymtable *st, WfSymtableEntry *ste, WfPtrMap *bound,
                         WfPtrMap *free, WfPtrMap *global) {
    WfPtrMap local, scopes, newglobal, newfree, newbound, allfree;
    WfArena *a = st->arena;
    wf_ptrmap_init(&local, a);
    wf_ptrmap_init(&scopes, a);
    wf_ptrmap_init(&newglobal, a);
    wf_ptrmap_init(&newfree, a);
    wf_ptrmap_init(&newbound, a);
    wf_ptrmap_init(&allfree, a);

    /* Class namespaces are invisible to nested functions: what children
       see is decided before analysing the class's own names. */
    if (ste->type == WF_BLOCK_CLASS) {
        if (set_update(&newglobal, global) < 0 || (bound && set_update(&newbound, bound) < 0))
            return -1;
    }
    WfPtrMap *syms = &ste->symbols;
    for (int i = 0; i < syms->len; i++)
        if (analyze_name(st, ste, &scopes, (WfObject *)syms->keys[i], syms->values[i], bound,
                         &local, free, global) < 0)
            return -1;
    if (ste->type != WF_BLOCK_CLASS) {
        if (ste->type == WF_BLOCK_FUNCTION && set_update(&newbound, &local) < 0)
            return -1;
        if (bound && set_update(&newbound, bound) < 0)
            return -1;
        if (set_update(&newglobal, global) < 0)
            return -1;
    } else if (set_add(&newbound, WF_ID(__class__)) < 0) {
        return -1;
    }
    for (int i = 0; i < ste->nchildren; i++) {
        WfSymtableEntry *c = ste->children[i];
        if (analyze_child_block(st, c, &newbound, &newfree, &newglobal, &allfree) < 0)
            return -1;
        if (c->free || c->child_free)
            ste->child_free = 1;
    }
    if (set_update(&newfree, &allfree) < 0)
        return -1;
    if (ste->type == WF_BLOCK_FUNCTION)
        analyze_cells(&scopes, &newfree);
    else if (ste->type == WF_BLOCK_CLASS && set_discard(&newfree, WF_ID(__class__)))
        ste->needs_class_closure = 1;
    if (update_symbols(syms, &scopes, bound, &newfree, ste->type == WF_BLOCK_CLASS) < 0)
        return -1;
    return set_update(free, &newfree);
}

static int analyze(WfSymtable *st) {
    WfPtrMap free, global;
    wf_ptrmap_init(&free, st->arena);
    wf_ptrmap_init(&global, st->arena);
    return analyze_block(st, st->top, NULL, &free, &global);
}

/* ======================================================================
 * Entry points
 * ====================================================================== */

WfSymtable *wf_symtable_build(WfArena *arena, WfMod *mod, WfObject *filename,
                              const char *source, size_t source_len) {
    WfSymtable *st = wf_arena_calloc(arena, sizeof(*st));
    if (st == NULL)
        return NULL;
    st->arena = arena;
    st->filename = filename;
    st->source = source;
    st->source_len = source_len;
    wf_ptrmap_init(&st->blocks, arena);
    WfObject *top = wf_str_intern_cstr("top");
    if (top == NULL || enter_block(st, top, WF_BLOCK_MODULE, mod, 0, 0) < 0)
        return NULL;
    int r = 0;
    switch (mod->kind) {
    case WF_MOD_Module:
        r = visit_stmts(st, mod->v.Module.body);
        break;
    case WF_MOD_Interactive:
        r = visit_stmts(st, mod->v.Interactive.body);
        break;
    case WF_MOD_Expression:
        r = visit_expr(st, mod->v.Expression.body);
        break;
    }
    if (r < 0)
        return NULL;
    exit_block(st);
    if (analyze(st) < 0)
        return NULL;
    return st;
}

WfSymtableEntry *wf_symtable_lookup(WfSymtable *st, const void *key) {
    int *ix = wf_ptrmap_get(&st->blocks, key);
    return ix ? st->entries[*ix] : NULL;
}

int wf_symtable_flags(const WfSymtableEntry *ste, WfObject *name) {
    int *v = wf_ptrmap_get(&ste->symbols, name);
    return v ? *v : 0;
}

int wf_symtable_scope(const WfSymtableEntry *ste, WfObject *name) {
    return (wf_symtable_flags(ste, name) >> WF_SCOPE_OFFSET) & WF_SCOPE_MASK;
}
