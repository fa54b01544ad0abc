/* code.c — code objects: construction, attributes, lookups in the
 * exception and location tables, and the dis-style disassembler.
 *
 * Invariants (code.h): a code object is immutable once wf_code_new returns
 * (except co_tlbc, owned by specialize/) and deferred. Its arrays (kinds,
 * exception table, locations) are owned copies; co_code is inline.
 *
 * Layout note: wf_code_type has tp_itemsize = sizeof(WfCodeUnit) so that
 * wf_object_alloc_var sizes the inline co_code array; WfCodeObject has no
 * ob_size, so the ob_size that wf_object_alloc_var writes lands on
 * co_argcount/co_posonlyargcount, which wf_code_new sets right after.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "compiler/opcode.h"
#include "runtime/objects/objects.h"

/* ======================================================================
 * Construction and destruction
 * ====================================================================== */

static void *copy_array(const void *src, size_t n, size_t size) {
    if (n == 0 || src == NULL)
        return NULL;
    void *p = wf_mem_malloc(n * size);
    if (p != NULL)
        memcpy(p, src, n * size);
    return p;
}

/* Constants are read by every thread that runs the code: numbers, strings,
 * bytes and tuples of them become immortal, so LOAD_CONST writes no count
 * on a shared line (CPython's free-threaded build does the same). They live
 * as long as the code object, which is deferred, so nothing extra is kept. */
static void immortalize_constant(WfObject *c, int depth) {
    if (wf_is_immortal(c) || depth > 8)
        return;
    WfTypeObject *t = WF_TYPE(c);
    if (t == &wf_tuple_type) {
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(c); i++)
            immortalize_constant(WF_TUPLE_ITEM(c, i), depth + 1);
    } else if (t == &wf_frozenset_type) {
        wf_ssize_t pos = 0;
        WfObject *key;
        wf_hash_t hash;
        while (wf_set_next_entry(c, &pos, &key, &hash))
            immortalize_constant(key, depth + 1);
    } else if (t != &wf_int_type && t != &wf_float_type && t != &wf_str_type &&
               t != &wf_bytes_type) {
        return; /* code objects (deferred) and anything else stay counted */
    }
    wf_set_immortal(c);
}

WfObject *wf_code_new(const WfCodeSpec *spec) {
    if (spec->consts == NULL || !wf_tuple_check(spec->consts) || spec->names == NULL ||
        !wf_tuple_check(spec->names) || spec->localsplusnames == NULL ||
        !wf_tuple_check(spec->localsplusnames) || spec->code_size < 0) {
        wf_err_bad_internal_call();
        return NULL;
    }
    wf_ssize_t nlp = WF_TUPLE_SIZE(spec->localsplusnames);
    WfCodeObject *co = (WfCodeObject *)wf_object_alloc_var(&wf_code_type, spec->code_size);
    if (co == NULL)
        return NULL;
    co->co_argcount = spec->argcount;
    co->co_posonlyargcount = spec->posonlyargcount;
    co->co_kwonlyargcount = spec->kwonlyargcount;
    co->co_flags = spec->flags;
    co->co_stacksize = spec->stacksize;
    co->co_firstlineno = spec->firstlineno;
    co->co_nlocalsplus = (int)nlp;
    co->co_nlocals = co->co_ncellvars = co->co_nfreevars = 0;
    co->co_localspluskinds = wf_mem_calloc((size_t)nlp + 1, 1);
    co->co_exceptiontable = copy_array(spec->exceptiontable, (size_t)spec->exceptiontable_len,
                                       sizeof(WfExceptionTableEntry));
    co->co_exceptiontable_len = co->co_exceptiontable ? spec->exceptiontable_len : 0;
    co->co_locations = copy_array(spec->locations, (size_t)spec->locations_len,
                                  sizeof(WfLocationEntry));
    co->co_locations_len = co->co_locations ? spec->locations_len : 0;
    co->co_thread_ref_id = 0;
    co->co_consts = wf_newref(spec->consts);
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(spec->consts); i++)
        immortalize_constant(WF_TUPLE_ITEM(spec->consts, i), 0);
    co->co_names = wf_newref(spec->names);
    co->co_localsplusnames = wf_newref(spec->localsplusnames);
    co->co_filename = wf_newref(spec->filename ? spec->filename : wf_str_empty);
    co->co_name = wf_newref(spec->name ? spec->name : wf_str_empty);
    co->co_qualname = wf_newref(spec->qualname ? spec->qualname : co->co_name);
    /* Every function made from this code references both names: interned
     * (immortal), so making functions in every thread writes no count on
     * them. They live as long as the code object, which is deferred. */
    wf_str_intern_in_place(&co->co_name);
    wf_str_intern_in_place(&co->co_qualname);
    atomic_store_explicit(&co->co_tlbc, NULL, memory_order_relaxed);
    co->co_extra = NULL;
    co->co_size = spec->code_size;
    if (spec->code_size > 0)
        memcpy(co->co_code, spec->code, (size_t)spec->code_size * sizeof(WfCodeUnit));
    bool failed = co->co_localspluskinds == NULL ||
                  (spec->exceptiontable_len > 0 && co->co_exceptiontable == NULL) ||
                  (spec->locations_len > 0 && co->co_locations == NULL);
    if (failed) {
        wf_decref((WfObject *)co);
        return wf_err_no_memory();
    }
    for (wf_ssize_t i = 0; i < nlp; i++) {
        uint8_t k = spec->localspluskinds ? spec->localspluskinds[i] : WF_LOCALS_KIND_LOCAL;
        co->co_localspluskinds[i] = k;
        if (k & WF_LOCALS_KIND_LOCAL)
            co->co_nlocals++;
        if (k & WF_LOCALS_KIND_CELL)
            co->co_ncellvars++;
        if (k & WF_LOCALS_KIND_FREE)
            co->co_nfreevars++;
    }
    wf_set_deferred((WfObject *)co);
    return (WfObject *)co;
}

static void code_dealloc(WfObject *op) {
    WfCodeObject *co = (WfCodeObject *)op;
    wf_xdecref(co->co_consts);
    wf_xdecref(co->co_names);
    wf_xdecref(co->co_localsplusnames);
    wf_xdecref(co->co_filename);
    wf_xdecref(co->co_name);
    wf_xdecref(co->co_qualname);
    wf_mem_free(co->co_localspluskinds);
    wf_mem_free(co->co_exceptiontable);
    wf_mem_free(co->co_locations);
    /* co_tlbc copies belong to specialize/, which frees them with the world
       stopped before a code object can die. */
    wf_object_free(op);
}

static WfObject *code_repr(WfObject *op) {
    WfCodeObject *co = (WfCodeObject *)op;
    return wf_str_from_format("<code object %U at %p, file \"%U\", line %d>", co->co_name,
                              (void *)co, co->co_filename, co->co_firstlineno);
}

/* ======================================================================
 * Table lookups
 * ====================================================================== */

static const WfLocationEntry *find_location(const WfCodeObject *co, int offset) {
    int lo = 0, hi = co->co_locations_len - 1, found = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if ((int)co->co_locations[mid].start <= offset) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found < 0 || offset >= co->co_size)
        return NULL;
    return &co->co_locations[found];
}

int wf_code_addr_to_location(const WfCodeObject *co, int offset, int *lineno, int *end_lineno,
                             int *col, int *end_col) {
    const WfLocationEntry *e = find_location(co, offset);
    *lineno = *end_lineno = *col = *end_col = -1;
    if (e == NULL || e->lineno < 0)
        return 0;
    *lineno = e->lineno;
    *end_lineno = e->end_lineno;
    *col = e->col;
    *end_col = e->end_col;
    return 1;
}

int wf_code_addr_to_line(const WfCodeObject *co, int offset) {
    const WfLocationEntry *e = find_location(co, offset);
    return e ? e->lineno : -1;
}

const WfExceptionTableEntry *wf_code_find_handler(const WfCodeObject *co, int offset) {
    int lo = 0, hi = co->co_exceptiontable_len - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const WfExceptionTableEntry *e = &co->co_exceptiontable[mid];
        if (offset < (int)e->start)
            hi = mid - 1;
        else if (offset >= (int)e->end)
            lo = mid + 1;
        else
            return e;
    }
    return NULL;
}

/* ======================================================================
 * Attributes
 * ====================================================================== */

static WfObject *names_of_kind(WfCodeObject *co, uint8_t kind) {
    int n = 0;
    for (int i = 0; i < co->co_nlocalsplus; i++)
        if (co->co_localspluskinds[i] & kind)
            n++;
    WfObject *t = wf_tuple_new(n);
    if (t == NULL)
        return NULL;
    int k = 0;
    for (int i = 0; i < co->co_nlocalsplus; i++)
        if (co->co_localspluskinds[i] & kind)
            WF_TUPLE_SET_ITEM(t, k++, wf_newref(WF_TUPLE_ITEM(co->co_localsplusnames, i)));
    return t;
}

static WfObject *code_get_varnames(WfObject *op, void *closure) {
    return names_of_kind((WfCodeObject *)op, WF_LOCALS_KIND_LOCAL);
}

static WfObject *code_get_cellvars(WfObject *op, void *closure) {
    return names_of_kind((WfCodeObject *)op, WF_LOCALS_KIND_CELL);
}

static WfObject *code_get_freevars(WfObject *op, void *closure) {
    return names_of_kind((WfCodeObject *)op, WF_LOCALS_KIND_FREE);
}

static WfObject *code_get_code(WfObject *op, void *closure) {
    WfCodeObject *co = (WfCodeObject *)op;
    WfObject *b = wf_bytes_from_data(NULL, co->co_size * 2);
    if (b == NULL)
        return NULL;
    char *p = WF_BYTES_AS_STRING(b);
    for (wf_ssize_t i = 0; i < co->co_size; i++) {
        p[2 * i] = (char)co->co_code[i].op.opcode;
        p[2 * i + 1] = (char)co->co_code[i].op.arg;
    }
    return b;
}

static WfGetSetDef code_getset[] = {
    {"co_varnames", code_get_varnames, NULL, NULL, NULL},
    {"co_cellvars", code_get_cellvars, NULL, NULL, NULL},
    {"co_freevars", code_get_freevars, NULL, NULL, NULL},
    {"co_code", code_get_code, NULL, NULL, NULL},
    {NULL},
};

#define OFF(f) offsetof(WfCodeObject, f)
static WfMemberDef code_members[] = {
    {"co_argcount", WF_T_INT, OFF(co_argcount), WF_READONLY, NULL},
    {"co_posonlyargcount", WF_T_INT, OFF(co_posonlyargcount), WF_READONLY, NULL},
    {"co_kwonlyargcount", WF_T_INT, OFF(co_kwonlyargcount), WF_READONLY, NULL},
    {"co_stacksize", WF_T_INT, OFF(co_stacksize), WF_READONLY, NULL},
    {"co_flags", WF_T_INT, OFF(co_flags), WF_READONLY, NULL},
    {"co_nlocals", WF_T_INT, OFF(co_nlocals), WF_READONLY, NULL},
    {"co_firstlineno", WF_T_INT, OFF(co_firstlineno), WF_READONLY, NULL},
    {"co_consts", WF_T_OBJECT, OFF(co_consts), WF_READONLY, NULL},
    {"co_names", WF_T_OBJECT, OFF(co_names), WF_READONLY, NULL},
    {"co_filename", WF_T_OBJECT, OFF(co_filename), WF_READONLY, NULL},
    {"co_name", WF_T_OBJECT, OFF(co_name), WF_READONLY, NULL},
    {"co_qualname", WF_T_OBJECT, OFF(co_qualname), WF_READONLY, NULL},
    {NULL},
};
#undef OFF

WfTypeObject wf_code_type = {
    .tp_name = "code",
    .tp_basicsize = offsetof(WfCodeObject, co_code),
    .tp_itemsize = sizeof(WfCodeUnit),
    .tp_dealloc = code_dealloc,
    .tp_repr = code_repr,
    .tp_members = code_members,
    .tp_getset = code_getset,
};

/* ======================================================================
 * The disassembler (CPython 3.11's dis.dis(code, show_caches=True) format)
 * ====================================================================== */

static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">", ">="};
static const char *const binop_names[] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
};

static void print_repr(FILE *out, WfObject *o) {
    WfObject *r = wf_object_repr(o);
    if (r == NULL) {
        wf_err_clear();
        fputs("?", out);
        return;
    }
    fputs(wf_str_as_utf8(r), out);
    wf_decref(r);
}

static void print_str(FILE *out, WfObject *tuple, int i) {
    if (tuple != NULL && i >= 0 && i < WF_TUPLE_SIZE(tuple))
        fputs(wf_str_as_utf8(WF_TUPLE_ITEM(tuple, i)), out);
    else
        fputs("<?>", out);
}

/* The byte offset a jump at unit `pos` (its opcode unit) goes to. */
static int jump_target(int op, int arg, int pos) {
    int after = pos + 1 + wf_opcode_cache_size[op];
    return 2 * ((wf_opcode_flags[op] & WF_OPF_JUMP_BACKWARD) ? after - arg : after + arg);
}

/* Prints the " (...)" detail of an instruction, if it has one. */
static void arg_detail(WfCodeObject *co, int op, int arg, int pos, FILE *out) {
    int flags = wf_opcode_flags[op];
    if (flags & WF_OPF_CONST) {
        fputs(" (", out);
        if (arg < WF_TUPLE_SIZE(co->co_consts))
            print_repr(out, WF_TUPLE_ITEM(co->co_consts, arg));
        fputs(")", out);
    } else if (op == LOAD_GLOBAL || op == LOAD_ATTR) {
        fputs(" (", out);
        print_str(out, co->co_names, arg >> 1);
        if (arg & 1)
            fputs(op == LOAD_GLOBAL ? " + NULL" : " + NULL|self", out);
        fputs(")", out);
    } else if (flags & WF_OPF_NAME) {
        fputs(" (", out);
        print_str(out, co->co_names, arg);
        fputs(")", out);
    } else if (flags & WF_OPF_LOCAL) {
        fputs(" (", out);
        print_str(out, co->co_localsplusnames, arg);
        fputs(")", out);
    } else if (flags & (WF_OPF_JUMP_FORWARD | WF_OPF_JUMP_BACKWARD)) {
        fprintf(out, " (to %d)", jump_target(op, arg, pos));
    } else if (op == COMPARE_OP && arg >= 0 && arg < 6) {
        fprintf(out, " (%s)", cmp_names[arg]);
    } else if (op == BINARY_OP && arg >= 0 && arg < 26) {
        fprintf(out, " (%s)", binop_names[arg]);
    } else if (op == FORMAT_VALUE) {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        const char *c = conv[arg & 3];
        if (*c || (arg & 4))
            fprintf(out, " (%s%s%s)", c, (*c && (arg & 4)) ? ", " : "",
                    (arg & 4) ? "with format" : "");
    } else if (op == MAKE_FUNCTION && arg != 0) {
        static const char *const names[] = {"defaults", "kwdefaults", "annotations", "closure"};
        const char *sep = " (";
        for (int i = 0; i < 4; i++)
            if (arg & (1 << i)) {
                fprintf(out, "%s%s", sep, names[i]);
                sep = ", ";
            }
        fputs(")", out);
    } else if (op == CALL_INTRINSIC_1) {
        static const char *const names[] = {"", "INTRINSIC_IMPORT_STAR",
                                            "INTRINSIC_STOPITERATION_ERROR",
                                            "INTRINSIC_LIST_TO_TUPLE"};
        if (arg >= 1 && arg <= 3)
            fprintf(out, " (%s)", names[arg]);
    }
}

static void disassemble_one(WfCodeObject *co, FILE *out) {
    int n = (int)co->co_size;
    bool *target = wf_mem_calloc((size_t)n + 1, 1);
    if (target == NULL)
        return;
    int maxline = 0;
    for (int i = 0; i < co->co_locations_len; i++)
        if (co->co_locations[i].lineno > maxline)
            maxline = co->co_locations[i].lineno;
    /* jump targets and handlers get ">>" */
    int ext = 0;
    for (int pos = 0; pos < n; pos++) {
        int op = co->co_code[pos].op.opcode, arg = co->co_code[pos].op.arg | ext;
        ext = op == EXTENDED_ARG ? arg << 8 : 0;
        if (op != EXTENDED_ARG && op < WF_OPCODE_COUNT && wf_opcode_is_jump(op)) {
            int t = jump_target(op, arg, pos) / 2;
            if (t >= 0 && t <= n)
                target[t] = true;
        }
        if (op < WF_OPCODE_COUNT)
            pos += wf_opcode_cache_size[op];
    }
    for (int i = 0; i < co->co_exceptiontable_len; i++)
        if ((int)co->co_exceptiontable[i].target <= n)
            target[co->co_exceptiontable[i].target] = true;
    int lineno_width = maxline >= 1000 ? snprintf(NULL, 0, "%d", maxline) : 3;
    int offset_width = 2 * (n - 1) >= 10000 ? snprintf(NULL, 0, "%d", 2 * (n - 1)) : 4;
    int lastline = INT32_MIN;
    ext = 0;
    for (int pos = 0; pos < n; pos++) {
        int op = co->co_code[pos].op.opcode;
        int arg = co->co_code[pos].op.arg | ext;
        int line = wf_code_addr_to_line(co, pos);
        bool starts_line = line >= 0 && line != lastline;
        if (starts_line) {
            if (pos > 0)
                fputc('\n', out);
            fprintf(out, "%*d", lineno_width, line);
            lastline = line;
        } else {
            fprintf(out, "%*s", lineno_width, "");
        }
        fprintf(out, "     %s %*d ", target[pos] ? ">>" : "  ", offset_width, 2 * pos);
        if (op >= WF_OPCODE_COUNT) {
            fprintf(out, "<%d>\n", op);
            continue;
        }
        if (wf_opcode_flags[op] & WF_OPF_ARG) {
            fprintf(out, "%-20s %5d", wf_opcode_names[op], arg);
            if (op != EXTENDED_ARG)
                arg_detail(co, op, arg, pos, out);
        } else {
            fputs(wf_opcode_names[op], out);
        }
        fputc('\n', out);
        ext = op == EXTENDED_ARG ? arg << 8 : 0;
        if (op == EXTENDED_ARG)
            continue;
        for (int k = 0; k < wf_opcode_cache_size[op] && pos + 1 < n; k++) {
            pos++;
            fprintf(out, "%*s     %s %*d %-20s %5d\n", lineno_width, "", "  ", offset_width,
                    2 * pos, "CACHE", 0);
        }
    }
    if (co->co_exceptiontable_len > 0) {
        fputs("ExceptionTable:\n", out);
        for (int i = 0; i < co->co_exceptiontable_len; i++) {
            const WfExceptionTableEntry *e = &co->co_exceptiontable[i];
            fprintf(out, "  %d to %d -> %d [%d]%s\n", 2 * (int)e->start, 2 * (int)e->end - 2,
                    2 * (int)e->target, e->depth, e->push_lasti ? " lasti" : "");
        }
    }
    wf_mem_free(target);
}

static void disassemble_recursive(WfObject *code, FILE *out, int depth) {
    WfCodeObject *co = (WfCodeObject *)code;
    disassemble_one(co, out);
    if (depth > 100)
        return;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(co->co_consts); i++) {
        WfObject *c = WF_TUPLE_ITEM(co->co_consts, i);
        if (!wf_code_check(c))
            continue;
        fputs("\nDisassembly of ", out);
        print_repr(out, c);
        fputs(":\n", out);
        disassemble_recursive(c, out, depth + 1);
    }
}

void wf_code_disassemble(WfObject *code, FILE *out) {
    if (code == NULL || !wf_code_check(code))
        return;
    disassemble_recursive(code, out, 0);
    fflush(out);
}
