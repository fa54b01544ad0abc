/* codegen.c — the code generator's core: compilation units, instruction
 * emission, constant and name tables, name resolution (CPython's
 * compiler_nameop), scopes and closures, errors.
 *
 * Invariants: see codegen.h. In short, everything lives in the arena, every
 * object created here is handed to the arena, and recursion over the AST is
 * bounded by WF_CODEGEN_MAX_DEPTH.
 */
#include "compiler/codegen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WF_CODEGEN_MAX_DEPTH 3000

/* ======================================================================
 * Errors and the recursion guard
 * ====================================================================== */

int wf_cg_error(WfCompiler *c, WfLoc loc, const char *fmt, ...) {
    char msg[512];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof(msg), fmt, va);
    va_end(va);
    if (loc.lineno < 1)
        loc = c->loc;
    return wf_compiler_syntax_error(NULL, c->filename, c->source, c->source_len, loc.lineno,
                                    loc.col + 1, loc.end_lineno, loc.end_col + 1, "%s", msg);
}

int wf_cg_enter_depth(WfCompiler *c) {
    if (++c->depth > WF_CODEGEN_MAX_DEPTH) {
        c->depth--;
        wf_err_set_string(wf_exc_RecursionError,
                          "maximum recursion depth exceeded during compilation");
        return -1;
    }
    return 0;
}

/* ======================================================================
 * Instruction emission
 * ====================================================================== */

int wf_cg_new_label(WfCompiler *c) {
    WfInstrSeq *s = &c->u->seq;
    if (wf_arena_grow(c->arena, (void **)&s->label_pos, &s->label_cap, s->nlabels + 1,
                      sizeof(int)) < 0)
        return -1;
    s->label_pos[s->nlabels] = -1;
    return s->nlabels++;
}

int wf_cg_use_label(WfCompiler *c, int label) {
    WfInstrSeq *s = &c->u->seq;
    wf_assert(label >= 0 && label < s->nlabels && s->label_pos[label] < 0);
    s->label_pos[label] = s->len;
    s->label_hwm = s->len + 1;   /* labels are placed at non-decreasing positions */
    return 0;
}

/* Is a label placed at the current end of the sequence? */
static bool label_at_end(WfInstrSeq *s) {
    return s->label_hwm == s->len + 1;
}

/* BUILD_TUPLE n right after n LOAD_CONSTs (no label in between or on the
 * BUILD_TUPLE) becomes one LOAD_CONST of the tuple, as CPython's
 * fold_tuple_on_constants. Returns 1 when folded, 0 when not, -1 on error. */
static int fold_tuple(WfCompiler *c, WfLoc loc, int n) {
    WfInstrSeq *s = &c->u->seq;
    if (n > s->len || s->label_hwm > s->len - n + 1 || n > 256)
        return 0;
    for (int i = s->len - n; i < s->len; i++)
        if (s->instrs[i].opcode != LOAD_CONST)
            return 0;
    WfObject *t = wf_tuple_new(n);
    if (wf_cg_own(c, t) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(t, i, wf_newref(c->u->consts.items[s->instrs[s->len - n + i].oparg]));
    int ix = wf_cg_add_const(c, t);
    if (ix < 0)
        return -1;
    s->len -= n;
    if (wf_arena_grow(c->arena, (void **)&s->instrs, &s->cap, s->len + 1, sizeof(WfInstr)) < 0)
        return -1;
    s->instrs[s->len++] = (WfInstr){LOAD_CONST, ix, -1, loc};
    return 1;
}

static int emit(WfCompiler *c, WfLoc loc, int op, int oparg, int target) {
    WfInstrSeq *s = &c->u->seq;
    /* LOAD_GLOBAL; PUSH_NULL -> LOAD_GLOBAL with the NULL bit (CPython 3.13). */
    if (op == PUSH_NULL && s->len > 0 && s->instrs[s->len - 1].opcode == LOAD_GLOBAL &&
        !(s->instrs[s->len - 1].oparg & 1) && !label_at_end(s)) {
        s->instrs[s->len - 1].oparg |= 1;
        return 0;
    }
    if (op == BUILD_TUPLE) {
        int r = fold_tuple(c, loc, oparg);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    if (wf_arena_grow(c->arena, (void **)&s->instrs, &s->cap, s->len + 1, sizeof(WfInstr)) < 0)
        return -1;
    s->instrs[s->len++] = (WfInstr){op, oparg, target, loc};
    return 0;
}

int wf_cg_addop(WfCompiler *c, WfLoc loc, int op, int oparg) {
    wf_assert(!wf_cg_has_target(op));
    return emit(c, loc, op, oparg, -1);
}

int wf_cg_addop_jump(WfCompiler *c, WfLoc loc, int op, int label) {
    wf_assert(wf_cg_has_target(op) && label >= 0);
    return emit(c, loc, op, 0, label);
}

bool wf_cg_has_target(int op) {
    if (op >= WF_PSEUDO_BASE)
        return op == WF_JUMP || op == WF_JUMP_NO_INTERRUPT || wf_is_block_push(op);
    return wf_opcode_is_jump(op);
}

int wf_cg_stack_effect(int op, int oparg, bool jump) {
    switch (op) {
    case WF_JUMP:
    case WF_JUMP_NO_INTERRUPT:
    case WF_POP_BLOCK:
        return 0;
    case WF_SETUP_FINALLY:   /* the handler gets the exception pushed */
        return jump ? 1 : 0;
    case WF_SETUP_CLEANUP:   /* lasti and the exception */
        return jump ? 2 : 0;
    case WF_SETUP_WITH:      /* pops the __enter__ result, pushes lasti and exc */
        return jump ? 1 : 0;
    case WF_LOAD_METHOD:
        return 1;
    default:
        return wf_opcode_stack_effect(op, oparg, jump);
    }
}

/* ======================================================================
 * Objects handed to the arena, constants
 * ====================================================================== */

int wf_cg_own(WfCompiler *c, WfObject *o) {
    if (o == NULL)
        return -1;
    return wf_arena_add_object(c->arena, o);
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
}

/* Hash of a constant's (type, value) key: consistent with const_equal. */
static uint64_t const_hash(WfObject *o) {
    uint64_t h = (uint64_t)(uintptr_t)WF_TYPE(o);
    if (wf_int_check_exact(o) || wf_bool_check(o)) {
        if (wf_int_is_compact(o))
            return mix(h, (uint64_t)wf_int_compact_value(o));
        wf_hash_t ih = wf_int_hash(o);
        return mix(h, (uint64_t)ih);
    }
    if (wf_float_check_exact(o)) {
        uint64_t bits;
        double d = WF_FLOAT_VALUE(o);
        memcpy(&bits, &d, sizeof(bits));
        return mix(h, bits);
    }
    if (wf_str_check_exact(o)) {
        wf_ssize_t n;
        const char *s = wf_str_as_utf8_and_size(o, &n);
        uint64_t f = 1469598103934665603ULL;
        for (wf_ssize_t i = 0; i < n; i++)
            f = (f ^ (uint8_t)s[i]) * 1099511628211ULL;
        return mix(h, f);
    }
    if (wf_bytes_check_exact(o)) {
        uint64_t f = 1469598103934665603ULL;
        for (wf_ssize_t i = 0; i < WF_BYTES_SIZE(o); i++)
            f = (f ^ (uint8_t)WF_BYTES_AS_STRING(o)[i]) * 1099511628211ULL;
        return mix(h, f);
    }
    if (wf_tuple_check_exact(o)) {
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(o); i++)
            h = mix(h, const_hash(WF_TUPLE_ITEM(o, i)));
        return mix(h, (uint64_t)WF_TUPLE_SIZE(o));
    }
    return mix(h, (uint64_t)(uintptr_t)o);
}

/* Equal keys: same type and same value (1, 1.0 and True stay distinct,
 * 0.0 and -0.0 too). */
static bool const_equal(WfObject *a, WfObject *b) {
    if (a == b)
        return true;
    if (WF_TYPE(a) != WF_TYPE(b))
        return false;
    if (wf_int_check_exact(a))
        return wf_int_compare(a, b) == 0;
    if (wf_float_check_exact(a)) {
        double x = WF_FLOAT_VALUE(a), y = WF_FLOAT_VALUE(b);
        return memcmp(&x, &y, sizeof(double)) == 0;
    }
    if (wf_str_check_exact(a))
        return wf_str_equal(a, b);
    if (wf_bytes_check_exact(a))
        return WF_BYTES_SIZE(a) == WF_BYTES_SIZE(b) &&
               memcmp(WF_BYTES_AS_STRING(a), WF_BYTES_AS_STRING(b), (size_t)WF_BYTES_SIZE(a)) == 0;
    if (wf_tuple_check_exact(a)) {
        if (WF_TUPLE_SIZE(a) != WF_TUPLE_SIZE(b))
            return false;
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(a); i++)
            if (!const_equal(WF_TUPLE_ITEM(a, i), WF_TUPLE_ITEM(b, i)))
                return false;
        return true;
    }
    return false;
}

static int consts_rehash(WfCompiler *c, WfConstTable *t, int ncap) {
    int *index = wf_arena_alloc(c->arena, (size_t)ncap * sizeof(int));
    if (index == NULL)
        return -1;
    memset(index, 0xff, (size_t)ncap * sizeof(int));
    size_t mask = (size_t)ncap - 1;
    for (int k = 0; k < t->len; k++) {
        size_t i = (size_t)const_hash(t->items[k]) & mask;
        while (index[i] >= 0)
            i = (i + 1) & mask;
        index[i] = k;
    }
    t->index = index;
    t->index_cap = ncap;
    return 0;
}

int wf_cg_add_const(WfCompiler *c, WfObject *o) {
    WfConstTable *t = &c->u->consts;
    if (2 * (t->len + 1) >= t->index_cap &&
        consts_rehash(c, t, t->index_cap ? t->index_cap * 2 : 16) < 0)
        return -1;
    size_t mask = (size_t)t->index_cap - 1;
    size_t i = (size_t)const_hash(o) & mask;
    for (; t->index[i] >= 0; i = (i + 1) & mask)
        if (const_equal(t->items[t->index[i]], o))
            return t->index[i];
    if (wf_arena_grow(c->arena, (void **)&t->items, &t->cap, t->len + 1, sizeof(WfObject *)) < 0)
        return -1;
    t->items[t->len] = o;
    t->index[i] = t->len;
    return t->len++;
}

int wf_cg_load_const(WfCompiler *c, WfLoc loc, WfObject *o) {
    int ix = wf_cg_add_const(c, o);
    if (ix < 0)
        return -1;
    return wf_cg_addop(c, loc, LOAD_CONST, ix);
}

int wf_cg_load_const_new(WfCompiler *c, WfLoc loc, WfObject *o) {
    if (wf_cg_own(c, o) < 0)
        return -1;
    return wf_cg_load_const(c, loc, o);
}

/* ======================================================================
 * Names
 * ====================================================================== */

static int name_index(WfNameTable *t, WfObject *name) {
    int *v = wf_ptrmap_get(&t->map, name);
    if (v != NULL)
        return *v;
    int ix = t->map.len;
    if (wf_ptrmap_set(&t->map, name, ix) < 0)
        return -1;
    return ix;
}

int wf_cg_add_name(WfCompiler *c, WfObject *name) {
    return name_index(&c->u->names, name);
}

int wf_cg_addop_name(WfCompiler *c, WfLoc loc, int op, WfObject *name) {
    WfObject *mangled = wf_mangle(c->u->private_name, name);
    if (mangled == NULL)
        return -1;
    int ix = wf_cg_add_name(c, mangled);
    if (ix < 0)
        return -1;
    if (op == LOAD_ATTR)
        ix <<= 1;
    else if (op == WF_LOAD_METHOD)
        ix = (ix << 1) | 1, op = LOAD_ATTR;
    return wf_cg_addop(c, loc, op, ix);
}

static int find_name(WfObject **names, int n, WfObject *name) {
    for (int i = 0; i < n; i++)
        if (names[i] == name)
            return i;
    return -1;
}

int wf_cg_cellvar_index(WfUnit *u, WfObject *name) {
    return find_name(u->cellvars, u->ncellvars, name);
}

int wf_cg_freevar_index(WfUnit *u, WfObject *name) {
    int i = find_name(u->freevars, u->nfreevars, name);
    return i < 0 ? -1 : u->ncellvars + i;
}

int wf_cg_forbidden_name(WfCompiler *c, WfLoc loc, WfObject *name, WfExprContext ctx) {
    if (ctx == WF_Store && wf_str_equal_cstr(name, "__debug__"))
        return wf_cg_error(c, loc, "cannot assign to __debug__");
    if (ctx == WF_Del && wf_str_equal_cstr(name, "__debug__"))
        return wf_cg_error(c, loc, "cannot delete __debug__");
    return 0;
}

int wf_cg_nameop(WfCompiler *c, WfLoc loc, WfObject *name, WfExprContext ctx) {
    WfUnit *u = c->u;
    if (wf_cg_forbidden_name(c, loc, name, ctx) < 0)
        return -1;
    WfObject *mangled = wf_mangle(u->private_name, name);
    if (mangled == NULL)
        return -1;
    enum { OP_FAST, OP_GLOBAL, OP_DEREF, OP_NAME } optype = OP_NAME;
    bool function_like = wf_symtable_is_function_like(u->ste);
    int scope = wf_symtable_scope(u->ste, mangled);
    int deref_ix = -1;
    switch (scope) {
    case WF_SCOPE_FREE:
        deref_ix = wf_cg_freevar_index(u, mangled);
        optype = OP_DEREF;
        break;
    case WF_SCOPE_CELL:
        deref_ix = wf_cg_cellvar_index(u, mangled);
        optype = OP_DEREF;
        break;
    case WF_SCOPE_LOCAL:
        if (function_like)
            optype = OP_FAST;
        break;
    case WF_SCOPE_GLOBAL_IMPLICIT:
        if (function_like)
            optype = OP_GLOBAL;
        break;
    case WF_SCOPE_GLOBAL_EXPLICIT:
        optype = OP_GLOBAL;
        break;
    default:
        break;
    }
    int op = 0, ix;
    switch (optype) {
    case OP_DEREF:
        if (deref_ix < 0) {
            wf_err_format(wf_exc_SystemError, "compiler: no cell for '%s'",
                          wf_str_as_utf8(mangled));
            return -1;
        }
        op = ctx == WF_Load ? (u->ste->type == WF_BLOCK_CLASS ? LOAD_CLASSDEREF : LOAD_DEREF)
             : ctx == WF_Store ? STORE_DEREF : DELETE_DEREF;
        return wf_cg_addop(c, loc, op, deref_ix);
    case OP_FAST:
        ix = name_index(&u->varnames, mangled);
        if (ix < 0)
            return -1;
        op = ctx == WF_Load ? LOAD_FAST : ctx == WF_Store ? STORE_FAST : DELETE_FAST;
        return wf_cg_addop(c, loc, op, ix);
    case OP_GLOBAL:
        op = ctx == WF_Load ? LOAD_GLOBAL : ctx == WF_Store ? STORE_GLOBAL : DELETE_GLOBAL;
        break;
    case OP_NAME:
        op = ctx == WF_Load ? LOAD_NAME : ctx == WF_Store ? STORE_NAME : DELETE_NAME;
        break;
    }
    ix = wf_cg_add_name(c, mangled);
    if (ix < 0)
        return -1;
    if (op == LOAD_GLOBAL)
        ix <<= 1;
    return wf_cg_addop(c, loc, op, ix);
}

/* ======================================================================
 * Frame blocks
 * ====================================================================== */

int wf_cg_push_fblock(WfCompiler *c, WfLoc loc, WfFblockType t, int block, int exit,
                      void *datum) {
    WfUnit *u = c->u;
    if (u->nfblocks >= WF_MAX_FBLOCKS)
        return wf_cg_error(c, loc, "too many statically nested blocks");
    u->fblocks[u->nfblocks++] = (WfFblock){t, block, exit, datum, loc};
    return 0;
}

void wf_cg_pop_fblock(WfCompiler *c) {
    wf_assert(c->u->nfblocks > 0);
    c->u->nfblocks--;
}

/* ======================================================================
 * Scopes
 * ====================================================================== */

static int cmp_names(const void *a, const void *b) {
    return wf_str_compare(*(WfObject *const *)a, *(WfObject *const *)b);
}

/* Names of ste whose scope is `scope` or whose flags have `flag`, sorted. */
static int names_by_scope(WfCompiler *c, WfSymtableEntry *ste, int scope, int flag,
                          WfObject ***out, int *n) {
    WfPtrMap *syms = &ste->symbols;
    WfObject **names = wf_arena_alloc(c->arena, (size_t)(syms->len + 1) * sizeof(WfObject *));
    if (names == NULL)
        return -1;
    int k = 0;
    for (int i = 0; i < syms->len; i++) {
        int v = syms->values[i];
        if (((v >> WF_SCOPE_OFFSET) & WF_SCOPE_MASK) == scope || (v & flag))
            names[k++] = (WfObject *)syms->keys[i];
    }
    qsort(names, (size_t)k, sizeof(WfObject *), cmp_names);
    *out = names;
    *n = k;
    return 0;
}

static WfObject *concat3(WfObject *a, const char *mid, WfObject *b) {
    wf_ssize_t la, lb;
    const char *sa = wf_str_as_utf8_and_size(a, &la);
    const char *sb = wf_str_as_utf8_and_size(b, &lb);
    size_t lm = strlen(mid);
    size_t total = (size_t)la + lm + (size_t)lb;
    char *buf = wf_mem_malloc(total + 1);
    if (buf == NULL)
        return wf_err_no_memory();
    memcpy(buf, sa, (size_t)la);
    memcpy(buf + la, mid, lm);
    memcpy(buf + la + lm, sb, (size_t)lb);
    WfObject *r = wf_str_from_utf8(buf, (wf_ssize_t)total);
    wf_mem_free(buf);
    return r;
}

/* CPython's compiler_set_qualname. */
static int set_qualname(WfCompiler *c, WfUnit *u) {
    WfUnit *parent = u->parent;
    if (parent == NULL || parent->scope_type == WF_SCOPE_MODULE) {
        u->qualname = u->name;
        return 0;
    }
    if (u->scope_type == WF_SCOPE_FUNCTION || u->scope_type == WF_SCOPE_CLASS) {
        WfObject *mangled = wf_mangle(parent->private_name, u->name);
        if (mangled == NULL)
            return -1;
        if (wf_symtable_scope(parent->ste, mangled) == WF_SCOPE_GLOBAL_EXPLICIT) {
            u->qualname = u->name;
            return 0;
        }
    }
    bool locals = parent->scope_type == WF_SCOPE_FUNCTION || parent->scope_type == WF_SCOPE_LAMBDA;
    WfObject *q = concat3(parent->qualname, locals ? ".<locals>." : ".", u->name);
    if (wf_cg_own(c, q) < 0)
        return -1;
    u->qualname = q;
    return 0;
}

int wf_cg_enter_scope(WfCompiler *c, WfObject *name, WfScopeType type, const void *key,
                      int firstlineno, WfLoc resume_loc) {
    WfUnit *u = wf_arena_calloc(c->arena, sizeof(*u));
    if (u == NULL)
        return -1;
    u->parent = c->u;
    u->scope_type = type;
    u->name = name;
    u->firstlineno = firstlineno;
    u->ste = wf_symtable_lookup(c->st, key);
    if (u->ste == NULL) {
        wf_err_set_string(wf_exc_SystemError, "compiler: unknown scope");
        return -1;
    }
    u->private_name = c->u ? c->u->private_name : NULL;
    wf_ptrmap_init(&u->names.map, c->arena);
    wf_ptrmap_init(&u->varnames.map, c->arena);
    for (int i = 0; i < u->ste->nvarnames; i++)
        if (name_index(&u->varnames, u->ste->varnames[i]) < 0)
            return -1;
    if (u->ste->needs_class_closure) {
        u->cellvars = wf_arena_alloc(c->arena, sizeof(WfObject *));
        if (u->cellvars == NULL)
            return -1;
        u->cellvars[0] = WF_ID(__class__);
        u->ncellvars = 1;
    } else if (names_by_scope(c, u->ste, WF_SCOPE_CELL, 0, &u->cellvars, &u->ncellvars) < 0) {
        return -1;
    }
    if (names_by_scope(c, u->ste, WF_SCOPE_FREE, WF_DEF_FREE_CLASS, &u->freevars,
                       &u->nfreevars) < 0)
        return -1;
    c->u = u;
    if (type != WF_SCOPE_MODULE && set_qualname(c, u) < 0)
        return -1;
    if (type == WF_SCOPE_MODULE)
        u->qualname = name;
    /* Generators: a handler around the whole body turns an escaping
       StopIteration into RuntimeError (CPython 3.12's
       wrap_in_stopiteration_handler); its label is 0. */
    if (wf_symtable_is_function_like(u->ste) && u->ste->generator) {
        int h = wf_cg_new_label(c);
        if (h != 0 || wf_cg_addop_jump(c, WF_NO_LOC, WF_SETUP_CLEANUP, h) < 0)
            return -1;
    }
    return wf_cg_addop(c, resume_loc, RESUME, 0);
}

void wf_cg_exit_scope(WfCompiler *c) {
    c->u = c->u->parent;
}

static int compute_code_flags(WfUnit *u) {
    WfSymtableEntry *ste = u->ste;
    int flags = 0;
    if (wf_symtable_is_function_like(ste)) {
        flags |= WF_CO_NEWLOCALS | WF_CO_OPTIMIZED;
        if (ste->nested)
            flags |= WF_CO_NESTED;
        if (ste->generator)
            flags |= WF_CO_GENERATOR;
        if (ste->varargs)
            flags |= WF_CO_VARARGS;
        if (ste->varkeywords)
            flags |= WF_CO_VARKEYWORDS;
    }
    return flags;
}

WfObject *wf_cg_assemble_unit(WfCompiler *c) {
    WfUnit *u = c->u;
    WfInstrSeq *s = &u->seq;
    bool falls_off = true;
    if (s->len > 0) {
        int last = s->instrs[s->len - 1].opcode;
        bool exits = last == WF_JUMP || last == WF_JUMP_NO_INTERRUPT ||
                     (!wf_is_pseudo(last) && (wf_opcode_flags[last] & WF_OPF_NO_FALLTHROUGH));
        falls_off = !exits || label_at_end(s);
    }
    if (falls_off) {
        if (wf_cg_load_const(c, WF_NO_LOC, WF_NONE) < 0 ||
            wf_cg_addop(c, WF_NO_LOC, RETURN_VALUE, 0) < 0)
            return NULL;
    }
    if (wf_symtable_is_function_like(u->ste) && u->ste->generator) {
        if (wf_cg_use_label(c, 0) < 0 ||
            wf_cg_addop(c, WF_NO_LOC, CALL_INTRINSIC_1, WF_INTRINSIC_STOPITERATION_ERROR) < 0 ||
            wf_cg_addop(c, WF_NO_LOC, RERAISE, 1) < 0)
            return NULL;
    }
    return wf_assemble(c, u, compute_code_flags(u));
}

int wf_cg_make_closure(WfCompiler *c, WfLoc loc, WfObject *code, int flags) {
    WfCodeObject *co = (WfCodeObject *)code;
    if (co->co_nfreevars > 0) {
        for (int i = co->co_nlocalsplus - co->co_nfreevars; i < co->co_nlocalsplus; i++) {
            WfObject *name = WF_TUPLE_ITEM(co->co_localsplusnames, i);
            int reftype;
            if (c->u->scope_type == WF_SCOPE_CLASS && name == WF_ID(__class__))
                reftype = WF_SCOPE_CELL;
            else
                reftype = wf_symtable_scope(c->u->ste, name);
            int arg = reftype == WF_SCOPE_CELL ? wf_cg_cellvar_index(c->u, name)
                                               : wf_cg_freevar_index(c->u, name);
            if (arg < 0) {
                wf_err_format(wf_exc_SystemError, "compiler: no closure cell for '%s' in '%s'",
                              wf_str_as_utf8(name), wf_str_as_utf8(c->u->name));
                return -1;
            }
            if (wf_cg_addop(c, loc, LOAD_CLOSURE, arg) < 0)
                return -1;
        }
        flags |= 0x08;
        if (wf_cg_addop(c, loc, BUILD_TUPLE, co->co_nfreevars) < 0)
            return -1;
    }
    if (wf_cg_load_const(c, loc, code) < 0)
        return -1;
    return wf_cg_addop(c, loc, MAKE_FUNCTION, flags);
}

/* ======================================================================
 * Modules
 * ====================================================================== */

WfObject *wf_cg_compile_mod(WfCompiler *c, WfMod *mod) {
    WfObject *name = wf_str_intern_cstr("<module>");
    if (name == NULL)
        return NULL;
    WfLoc loc = {0, 0, 0, 0};
    if (wf_cg_enter_scope(c, name, WF_SCOPE_MODULE, mod, 1, loc) < 0)
        return NULL;
    switch (mod->kind) {
    case WF_MOD_Module:
        if (wf_cg_body(c, mod->v.Module.body) < 0)
            return NULL;
        break;
    case WF_MOD_Interactive:
        if (wf_cg_find_ann(mod->v.Interactive.body) &&
            wf_cg_addop(c, loc, SETUP_ANNOTATIONS, 0) < 0)
            return NULL;
        c->u->in_interactive_top = 1;
        if (wf_cg_visit_stmts(c, mod->v.Interactive.body) < 0)
            return NULL;
        break;
    case WF_MOD_Expression:
        /* the expression's value is returned: no implicit `return None` */
        if (wf_cg_visit_expr(c, mod->v.Expression.body) < 0 ||
            wf_cg_addop(c, WF_NO_LOC, RETURN_VALUE, 0) < 0)
            return NULL;
        break;
    }
    WfObject *co = wf_cg_assemble_unit(c);
    wf_cg_exit_scope(c);
    return co;
}
