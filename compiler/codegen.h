/* codegen.h — internals shared by the code generator (codegen*.c), the
 * assembler (assemble.c) and compile.c. Not a public header.
 *
 * The code generator turns the AST of one code unit (module, class body,
 * function, lambda, comprehension) into a flat sequence of instructions with
 * symbolic labels and pseudo-instructions; the assembler turns that into a
 * code object. The shapes of the sequences follow CPython 3.12's compile.c,
 * with the differences listed in compiler/opcodes.def (3.13 call layout, no
 * END_FOR, comprehensions as functions, LOAD_CLASSDEREF).
 *
 * Invariants:
 *  - Every structure here lives in the compilation's arena. Objects the
 *    generator creates (tuples of constants, code objects, qualnames) are
 *    handed to the arena (wf_arena_add_object), so tables hold borrowed
 *    pointers and nothing needs freeing on error paths.
 *  - Labels are ints; an instruction's `target` names a label. A label is
 *    placed at most once, before the instruction that follows it.
 *  - Opcodes >= WF_PSEUDO_BASE never reach the final bytecode.
 *  - Opargs of cell and free variable instructions (LOAD_DEREF, STORE_DEREF,
 *    DELETE_DEREF, LOAD_CLASSDEREF, LOAD_CLOSURE, MAKE_CELL) index the
 *    unit's cellvars then freevars; the assembler maps them to localsplus.
 */
#ifndef WF_CODEGEN_H
#define WF_CODEGEN_H

#include <stdbool.h>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "compiler/compiler.h"
#include "compiler/opcode.h"
#include "compiler/symtable.h"

/* ---- pseudo-instructions ------------------------------------------------ */

enum {
    WF_PSEUDO_BASE = 256,
    WF_JUMP = WF_PSEUDO_BASE,     /* JUMP_FORWARD or JUMP_BACKWARD */
    WF_JUMP_NO_INTERRUPT,         /* JUMP_FORWARD or JUMP_BACKWARD_NO_INTERRUPT */
    WF_SETUP_FINALLY,             /* push a handler: target gets (exc) */
    WF_SETUP_CLEANUP,             /* push a handler: target gets (lasti exc) */
    WF_SETUP_WITH,                /* like SETUP_CLEANUP, popping the __enter__ result */
    WF_POP_BLOCK,                 /* pop the innermost handler */
    WF_LOAD_METHOD,               /* LOAD_ATTR with the method bit */
    WF_PSEUDO_END
};

static inline bool wf_is_pseudo(int op) { return op >= WF_PSEUDO_BASE; }
static inline bool wf_is_block_push(int op) {
    return op == WF_SETUP_FINALLY || op == WF_SETUP_CLEANUP || op == WF_SETUP_WITH;
}
/* Does op take a label target (real jumps and the pseudo ones)? */
bool wf_cg_has_target(int op);
/* Stack effect including pseudo-instructions (jump: the branch-taken path). */
int wf_cg_stack_effect(int op, int oparg, bool jump);

/* ---- locations ---------------------------------------------------------- */

typedef struct WfLoc {
    int lineno, end_lineno, col, end_col;
} WfLoc;
#define WF_NO_LOC ((WfLoc){-1, -1, -1, -1})
#define WF_LOC(n) ((WfLoc){(n)->lineno, (n)->end_lineno, (n)->col_offset, (n)->end_col_offset})

/* ---- instruction sequences --------------------------------------------- */

typedef struct WfInstr {
    int opcode;
    int oparg;
    int target;       /* label for jumps and SETUP_*, else -1 */
    WfLoc loc;
} WfInstr;

typedef struct WfInstrSeq {
    WfInstr *instrs;
    int len, cap;
    int *label_pos;   /* label -> index of the instruction it precedes; -1 unplaced */
    int nlabels, label_cap;
    int label_hwm;    /* 1 + the highest position a label was placed at; 0: none */
} WfInstrSeq;

/* ---- frame blocks (the compile-time block stack) ----------------------- */

typedef enum WfFblockType {
    WF_FB_WHILE_LOOP, WF_FB_FOR_LOOP, WF_FB_TRY_EXCEPT, WF_FB_FINALLY_TRY,
    WF_FB_FINALLY_END, WF_FB_WITH, WF_FB_HANDLER_CLEANUP, WF_FB_POP_VALUE,
    WF_FB_EXCEPTION_HANDLER,
} WfFblockType;

typedef struct WfFblock {
    WfFblockType type;
    int block;        /* label: loop start (continue target) */
    int exit;         /* label: loop end (break target) */
    void *datum;      /* finally body (WfStmtSeq *), with statement, handler name */
    WfLoc loc;
} WfFblock;

#define WF_MAX_FBLOCKS 20   /* CPython's CO_MAXBLOCKS */

/* ---- compilation units -------------------------------------------------- */

typedef enum WfScopeType {
    WF_SCOPE_MODULE, WF_SCOPE_CLASS, WF_SCOPE_FUNCTION, WF_SCOPE_LAMBDA,
    WF_SCOPE_COMPREHENSION,
} WfScopeType;

/* A constant table: objects in insertion order, found again by value. */
typedef struct WfConstTable {
    WfObject **items;  /* borrowed (owned by the arena or immortal) */
    int len, cap;
    int *index;        /* open addressing; -1 empty */
    int index_cap;
} WfConstTable;

/* A name table: interned names in insertion order (co_names, varnames). */
typedef struct WfNameTable {
    WfPtrMap map;      /* name -> index */
} WfNameTable;

typedef struct WfUnit {
    struct WfUnit *parent;
    WfSymtableEntry *ste;
    WfScopeType scope_type;
    WfObject *name, *qualname;   /* interned / arena-owned */
    WfObject *private_name;      /* class name for mangling, or NULL */
    WfInstrSeq seq;
    WfConstTable consts;
    WfNameTable names;           /* co_names */
    WfNameTable varnames;        /* locals: parameters first, then by first use */
    WfObject **cellvars;         /* sorted */
    int ncellvars;
    WfObject **freevars;         /* sorted */
    int nfreevars;
    int argcount, posonlyargcount, kwonlyargcount;
    int firstlineno;
    WfFblock fblocks[WF_MAX_FBLOCKS];
    int nfblocks;
    int in_interactive_top;      /* SINGLE mode, module level */
} WfUnit;

typedef struct WfCompiler {
    WfArena *arena;
    WfSymtable *st;
    WfObject *filename;
    const char *source;
    size_t source_len;
    WfCompileMode mode;
    WfUnit *u;                   /* the unit being compiled */
    int depth;                   /* recursion depth of the generator */
    WfLoc loc;                   /* location of the node being compiled (errors) */
} WfCompiler;

/* ---- codegen.c: units, emission, tables, errors, scopes ----------------- */

int wf_cg_error(WfCompiler *c, WfLoc loc, const char *fmt, ...);   /* SyntaxError, -1 */
int wf_cg_enter_depth(WfCompiler *c);   /* recursion guard: 0 or -1 */
static inline void wf_cg_leave_depth(WfCompiler *c) { c->depth--; }

int wf_cg_new_label(WfCompiler *c);                         /* -1 on MemoryError */
int wf_cg_use_label(WfCompiler *c, int label);
int wf_cg_addop(WfCompiler *c, WfLoc loc, int op, int oparg);
int wf_cg_addop_jump(WfCompiler *c, WfLoc loc, int op, int label);
int wf_cg_add_const(WfCompiler *c, WfObject *o);            /* index, -1 on error; o borrowed */
int wf_cg_load_const(WfCompiler *c, WfLoc loc, WfObject *o);
int wf_cg_load_const_new(WfCompiler *c, WfLoc loc, WfObject *o); /* steals o (to the arena) */
int wf_cg_own(WfCompiler *c, WfObject *o);                  /* hands o to the arena; -1 if NULL */
int wf_cg_add_name(WfCompiler *c, WfObject *name);          /* co_names index (no mangling) */
int wf_cg_addop_name(WfCompiler *c, WfLoc loc, int op, WfObject *name); /* mangles */
int wf_cg_nameop(WfCompiler *c, WfLoc loc, WfObject *name, WfExprContext ctx);
int wf_cg_forbidden_name(WfCompiler *c, WfLoc loc, WfObject *name, WfExprContext ctx);
int wf_cg_cellvar_index(WfUnit *u, WfObject *name);          /* -1 if none */
int wf_cg_freevar_index(WfUnit *u, WfObject *name);          /* -1 if none; cell-space index */

int wf_cg_enter_scope(WfCompiler *c, WfObject *name, WfScopeType type, const void *key,
                      int firstlineno, WfLoc resume_loc);
void wf_cg_exit_scope(WfCompiler *c);
/* Assembles the current unit (adding `return None` when it falls off the end). */
WfObject *wf_cg_assemble_unit(WfCompiler *c);
/* MAKE_FUNCTION for a code object built from the unit just left; flags: 0x1..0x4 */
int wf_cg_make_closure(WfCompiler *c, WfLoc loc, WfObject *code, int flags);

int wf_cg_push_fblock(WfCompiler *c, WfLoc loc, WfFblockType t, int block, int exit, void *datum);
void wf_cg_pop_fblock(WfCompiler *c);

/* Compiles a whole module into its code object (new reference). */
WfObject *wf_cg_compile_mod(WfCompiler *c, WfMod *mod);

/* ---- codegen_stmt.c ----------------------------------------------------- */
int wf_cg_visit_stmt(WfCompiler *c, WfStmt *s);
int wf_cg_visit_stmts(WfCompiler *c, WfStmtSeq *seq);
int wf_cg_body(WfCompiler *c, WfStmtSeq *stmts);           /* module/class body with docstring */
int wf_cg_function(WfCompiler *c, WfStmt *s);
int wf_cg_class(WfCompiler *c, WfStmt *s);
int wf_cg_check_debug_args(WfCompiler *c, WfLoc loc, WfArguments *args);
int wf_cg_unwind_fblock_stack(WfCompiler *c, WfLoc *loc, int preserve_tos, WfFblock **loop);
bool wf_cg_find_ann(WfStmtSeq *stmts);
WfObject *wf_cg_docstring(WfStmtSeq *body);               /* borrowed or NULL */

/* ---- codegen_expr.c ----------------------------------------------------- */
int wf_cg_visit_expr(WfCompiler *c, WfExpr *e);
int wf_cg_visit_exprs(WfCompiler *c, WfExprSeq *seq);
int wf_cg_jump_if(WfCompiler *c, WfLoc loc, WfExpr *e, int label, int cond);
int wf_cg_call_helper(WfCompiler *c, WfLoc loc, int n, WfExprSeq *args, WfKeywordSeq *kws);
int wf_cg_default_arguments(WfCompiler *c, WfLoc loc, WfArguments *args);
int wf_cg_annotations(WfCompiler *c, WfLoc loc, WfArguments *args, WfExpr *returns);
int wf_cg_lambda(WfCompiler *c, WfExpr *e);
int wf_cg_slice(WfCompiler *c, WfExpr *s);                 /* pushes 2 or 3 items; returns n */
bool wf_cg_is_two_element_slice(WfExpr *s);
int wf_cg_addop_binary(WfCompiler *c, WfLoc loc, WfOperator op, bool inplace);
WfLoc wf_cg_attr_loc(WfLoc loc, WfExpr *attr);            /* CPython's update_start_location_to_match_attr */
int wf_cg_yield(WfCompiler *c, WfLoc loc);                 /* YIELD_VALUE + RESUME 1 */

/* ---- codegen_comprehension.c ------------------------------------------- */
int wf_cg_comprehension(WfCompiler *c, WfExpr *e);

/* ---- assemble.c --------------------------------------------------------- */
/* Builds the code object of unit u (flags: co_flags). New reference. */
WfObject *wf_assemble(WfCompiler *c, WfUnit *u, int flags);

#endif /* WF_CODEGEN_H */
