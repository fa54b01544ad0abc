/* symtable.h — symbol tables: which scope every name of every block lives in.
 *
 * The semantics are CPython 3.11's Python/symtable.c (comprehensions and
 * generator expressions are function blocks of their own, not inlined):
 *  - a pass over the AST records, per block, every name with DEF_* flags;
 *  - an analysis pass then resolves each name to one scope (LOCAL, GLOBAL_
 *    EXPLICIT, GLOBAL_IMPLICIT, FREE, CELL), stored in the flags' high bits.
 *
 * Invariants:
 *  - Everything here lives in the compilation's arena and dies with it.
 *  - Names are interned str (AST identifiers are interned; mangled names are
 *    interned by wf_mangle), so maps compare them by pointer.
 *  - One block per FunctionDef / ClassDef / Lambda / comprehension node and one
 *    for the module, found again by the AST node pointer (wf_symtable_lookup).
 *  - Errors are SyntaxErrors with CPython 3.11's messages and positions.
 */
#ifndef WF_SYMTABLE_H
#define WF_SYMTABLE_H

#include <stddef.h>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "runtime/objects/objects.h"

/* ---- an insertion-ordered map from pointers to ints (arena memory) ----- */

typedef struct WfPtrMap {
    WfArena *arena;
    const void **keys;   /* insertion order */
    int *values;
    int len, cap;
    int *index;          /* open addressing over keys; -1 = empty */
    int index_cap;       /* power of two, > 2 * len */
} WfPtrMap;

int wf_ptrmap_init(WfPtrMap *m, WfArena *arena);
int *wf_ptrmap_get(const WfPtrMap *m, const void *key);      /* NULL when missing */
int wf_ptrmap_set(WfPtrMap *m, const void *key, int value);  /* 0, or -1 + MemoryError */

/* Grows an arena array of `*cap` items of `size` bytes to hold `need` items. */
int wf_arena_grow(WfArena *arena, void **items, int *cap, int need, size_t size);

/* ---- symbol flags (CPython's DEF_* values) ------------------------------ */

#define WF_DEF_GLOBAL     0x001  /* global statement */
#define WF_DEF_LOCAL      0x002  /* assignment in code block */
#define WF_DEF_PARAM      0x004  /* formal parameter */
#define WF_DEF_NONLOCAL   0x008  /* nonlocal statement */
#define WF_USE            0x010  /* name is used */
#define WF_DEF_FREE       0x020  /* name used but not defined in nested block */
#define WF_DEF_FREE_CLASS 0x040  /* free variable from class's method */
#define WF_DEF_IMPORT     0x080  /* assignment by an import statement */
#define WF_DEF_ANNOT      0x100  /* annotated name */
#define WF_DEF_COMP_ITER  0x200  /* comprehension iteration variable */
#define WF_DEF_BOUND (WF_DEF_LOCAL | WF_DEF_PARAM | WF_DEF_IMPORT)

#define WF_SCOPE_OFFSET 11
#define WF_SCOPE_MASK 0x7
enum { WF_SCOPE_LOCAL = 1, WF_SCOPE_GLOBAL_EXPLICIT, WF_SCOPE_GLOBAL_IMPLICIT,
       WF_SCOPE_FREE, WF_SCOPE_CELL };

typedef enum WfBlockType { WF_BLOCK_FUNCTION, WF_BLOCK_CLASS, WF_BLOCK_MODULE } WfBlockType;

typedef enum WfCompKind {
    WF_COMP_NONE = 0, WF_COMP_LIST, WF_COMP_SET, WF_COMP_DICT, WF_COMP_GENEXP,
} WfCompKind;

typedef struct WfDirective {       /* a global / nonlocal declaration, for error positions */
    WfObject *name;
    int lineno, col, end_lineno, end_col;
} WfDirective;

typedef struct WfSymtableEntry {
    WfObject *name;                /* function/class name, "top", "lambda", "listcomp"... */
    WfBlockType type;
    const void *key;               /* the AST node (WfStmt *, WfExpr *, WfMod *) */
    WfPtrMap symbols;              /* name -> DEF_* flags | scope << WF_SCOPE_OFFSET */
    WfObject **varnames;           /* parameters, in order (posonly, args, kwonly, *, **) */
    int nvarnames, varnames_cap;
    struct WfSymtableEntry **children;
    int nchildren, children_cap;
    WfDirective *directives;
    int ndirectives, directives_cap;
    int lineno, col;
    WfCompKind comprehension;
    int comp_iter_expr;            /* > 0 while visiting a comprehension's iterable */
    unsigned nested : 1;           /* inside a function */
    unsigned generator : 1;        /* contains yield */
    unsigned varargs : 1, varkeywords : 1;
    unsigned free : 1;             /* has free variables */
    unsigned child_free : 1;       /* a child block has free variables */
    unsigned needs_class_closure : 1; /* class body needs an implicit __class__ cell */
    unsigned comp_iter_target : 1; /* visiting a comprehension's target */
} WfSymtableEntry;

typedef struct WfSymtable {
    WfArena *arena;
    WfObject *filename;
    const char *source;            /* for the text of error lines */
    size_t source_len;
    WfSymtableEntry *top;
    WfSymtableEntry *cur;
    WfSymtableEntry **stack;       /* enclosing blocks, innermost last */
    int depth, stack_cap;
    WfPtrMap blocks;               /* AST node -> index in entries */
    WfSymtableEntry **entries;
    int nentries, entries_cap;
    WfObject *private_name;        /* class name for mangling, or NULL */
    int recursion;                 /* visit depth, bounded */
} WfSymtable;

/* Builds and analyses the tables of a module; NULL with SyntaxError (or
 * MemoryError / RecursionError) set. */
WfSymtable *wf_symtable_build(WfArena *arena, WfMod *mod, WfObject *filename,
                              const char *source, size_t source_len);
/* The block of an AST node (FunctionDef, ClassDef, Lambda, comprehension, mod). */
WfSymtableEntry *wf_symtable_lookup(WfSymtable *st, const void *key);
int wf_symtable_flags(const WfSymtableEntry *ste, WfObject *name);   /* 0 when unknown */
int wf_symtable_scope(const WfSymtableEntry *ste, WfObject *name);   /* 0 when unknown */
static inline bool wf_symtable_is_function_like(const WfSymtableEntry *ste) {
    return ste->type == WF_BLOCK_FUNCTION;
}

/* CPython's _Py_Mangle: "__x" inside class "C" becomes "_C__x". Returns an
 * interned (immortal) str; name itself when not mangled; NULL on error. */
WfObject *wf_mangle(WfObject *private_name, WfObject *name);

/* Sets a SyntaxError (or exc_type when not NULL) at 1-based columns, with
 * the text of line `lineno` taken from the source buffer. Always returns -1. */
int wf_compiler_syntax_error(WfObject *exc_type, WfObject *filename, const char *source,
                             size_t source_len, int lineno, int col1, int end_lineno,
                             int end_col1, const char *fmt, ...);

#endif /* WF_SYMTABLE_H */
