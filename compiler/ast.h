/* ast.h — the abstract syntax tree, a C mirror of CPython 3.12's
 * Parser/Python.asdl without async, await, match and type parameters.
 *
 * Invariants:
 *  - Every node, sequence and constant lives in one WfArena (arena.h) and
 *    dies with it. Nodes are never freed one by one.
 *  - Identifiers (names, attribute names, aliases, keyword names) are
 *    interned str objects (wf_str_intern_utf8): immortal, no ownership.
 *  - Constant values are WfObject * (int, float, str, bytes, True, False,
 *    None, Ellipsis) owned by the arena; a user that keeps one after the
 *    arena is freed (the code generator's co_consts) increfs it.
 *  - Positions follow CPython: lineno/end_lineno 1-based, col_offset and
 *    end_col_offset 0-based UTF-8 byte offsets in their line. Every stmt,
 *    expr, arg, keyword, alias and excepthandler carries all four.
 *  - Optional children ("expr?" in the ASDL) are NULL when absent.
 *
 * Sequences (the ASDL's "x*"): one generic struct, WfAstSeq, whose items are
 * void * pointing at the element type named by the typedef used in each
 * field (WfStmtSeq holds WfStmt *, WfExprSeq holds WfExpr *, ...). A sequence
 * pointer may be NULL, meaning empty: always read them through
 * WF_SEQ_LEN(seq) and WF_SEQ_GET(seq, i). The parser produces non-NULL
 * sequences for the required ones, but consumers must not rely on it.
 *   for (int i = 0; i < WF_SEQ_LEN(s->v.FunctionDef.body); i++) {
 *       WfStmt *st = WF_SEQ_GET(s->v.FunctionDef.body, i);
 *   }
 * Comparison operators are plain ints: WfAstIntSeq (items are WfCmpOp).
 *
 * Field and kind names are those of CPython (s->v.FunctionDef.name,
 * e->v.BinOp.op), kinds are prefixed: WF_STMT_FunctionDef, WF_EXPR_BinOp.
 * Enumerations (operator, cmpop, ...) start at 1, as CPython's do.
 */
#ifndef WF_AST_H
#define WF_AST_H

#include <stdio.h>

#include "compiler/arena.h"
#include "runtime/objects/object.h"

/* ---- sequences --------------------------------------------------------- */

typedef struct WfAstSeq {
    int size;
    void *items[];
} WfAstSeq;

typedef struct WfAstIntSeq {
    int size;
    int items[];
} WfAstIntSeq;

/* Element type documented by the typedef; all are WfAstSeq. */
typedef WfAstSeq WfStmtSeq;          /* WfStmt * */
typedef WfAstSeq WfExprSeq;          /* WfExpr *; Dict.keys may hold NULL (for **d),
                                      * arguments.kw_defaults holds NULL for "no default" */
typedef WfAstSeq WfComprehensionSeq; /* WfComprehension * */
typedef WfAstSeq WfExceptHandlerSeq; /* WfExceptHandler * */
typedef WfAstSeq WfArgSeq;           /* WfArg * */
typedef WfAstSeq WfKeywordSeq;       /* WfKeyword * */
typedef WfAstSeq WfAliasSeq;         /* WfAlias * */
typedef WfAstSeq WfWithItemSeq;      /* WfWithItem * */
typedef WfAstSeq WfIdentifierSeq;    /* WfObject * (interned str) */

#define WF_SEQ_LEN(seq) ((seq) == NULL ? 0 : (seq)->size)
#define WF_SEQ_GET(seq, i) ((seq)->items[(i)])
#define WF_SEQ_SET(seq, i, v) ((seq)->items[(i)] = (void *)(v))

/* A sequence of n items (all NULL) / n ints (all 0) in the arena; NULL + MemoryError. */
WfAstSeq *wf_ast_seq_new(WfArena *arena, int n);
WfAstIntSeq *wf_ast_int_seq_new(WfArena *arena, int n);

/* ---- enumerations ------------------------------------------------------ */

typedef enum WfExprContext { WF_Load = 1, WF_Store = 2, WF_Del = 3 } WfExprContext;

typedef enum WfBoolOp { WF_And = 1, WF_Or = 2 } WfBoolOp;

typedef enum WfOperator {
    WF_Add = 1, WF_Sub, WF_Mult, WF_MatMult, WF_Div, WF_Mod, WF_Pow,
    WF_LShift, WF_RShift, WF_BitOr, WF_BitXor, WF_BitAnd, WF_FloorDiv,
} WfOperator;

typedef enum WfUnaryOp { WF_Invert = 1, WF_Not, WF_UAdd, WF_USub } WfUnaryOp;

typedef enum WfCmpOp {
    WF_Eq = 1, WF_NotEq, WF_Lt, WF_LtE, WF_Gt, WF_GtE, WF_Is, WF_IsNot, WF_In, WF_NotIn,
} WfCmpOp;

/* FormattedValue.conversion: -1 (none) or the character 's', 'r', 'a'. */
#define WF_CONVERSION_NONE (-1)

/* ---- forward declarations --------------------------------------------- */

typedef struct WfMod WfMod;
typedef struct WfStmt WfStmt;
typedef struct WfExpr WfExpr;
typedef struct WfComprehension WfComprehension;
typedef struct WfExceptHandler WfExceptHandler;
typedef struct WfArguments WfArguments;
typedef struct WfArg WfArg;
typedef struct WfKeyword WfKeyword;
typedef struct WfAlias WfAlias;
typedef struct WfWithItem WfWithItem;

/* ---- mod --------------------------------------------------------------- */

typedef enum WfModKind {
    WF_MOD_Module = 1,       /* exec */
    WF_MOD_Interactive = 2,  /* single */
    WF_MOD_Expression = 3,   /* eval */
} WfModKind;

struct WfMod {
    WfModKind kind;
    union {
        struct { WfStmtSeq *body; } Module;        /* (type_ignores omitted) */
        struct { WfStmtSeq *body; } Interactive;
        struct { WfExpr *body; } Expression;
    } v;
};

/* ---- stmt -------------------------------------------------------------- */

typedef enum WfStmtKind {
    WF_STMT_FunctionDef = 1, WF_STMT_ClassDef, WF_STMT_Return, WF_STMT_Delete,
    WF_STMT_Assign, WF_STMT_AugAssign, WF_STMT_AnnAssign, WF_STMT_For, WF_STMT_While,
    WF_STMT_If, WF_STMT_With, WF_STMT_Raise, WF_STMT_Try, WF_STMT_TryStar,
    WF_STMT_Assert, WF_STMT_Import, WF_STMT_ImportFrom, WF_STMT_Global, WF_STMT_Nonlocal,
    WF_STMT_Expr, WF_STMT_Pass, WF_STMT_Break, WF_STMT_Continue,
} WfStmtKind;
#define WF_STMT_KIND_COUNT (WF_STMT_Continue + 1)

struct WfStmt {
    WfStmtKind kind;
    union {
        struct {
            WfObject *name;                 /* identifier */
            WfArguments *args;              /* never NULL */
            WfStmtSeq *body;
            WfExprSeq *decorator_list;
            WfExpr *returns;                /* optional */
        } FunctionDef;
        struct {
            WfObject *name;
            WfExprSeq *bases;
            WfKeywordSeq *keywords;
            WfStmtSeq *body;
            WfExprSeq *decorator_list;
        } ClassDef;
        struct { WfExpr *value; } Return;                  /* value optional */
        struct { WfExprSeq *targets; } Delete;
        struct { WfExprSeq *targets; WfExpr *value; } Assign;   /* a = b = value */
        struct { WfExpr *target; WfOperator op; WfExpr *value; } AugAssign;
        struct {
            WfExpr *target;
            WfExpr *annotation;
            WfExpr *value;                  /* optional */
            int simple;                     /* 1: target is a bare Name, not parenthesised */
        } AnnAssign;
        struct { WfExpr *target; WfExpr *iter; WfStmtSeq *body; WfStmtSeq *orelse; } For;
        struct { WfExpr *test; WfStmtSeq *body; WfStmtSeq *orelse; } While;
        struct { WfExpr *test; WfStmtSeq *body; WfStmtSeq *orelse; } If;  /* elif: orelse = [If] */
        struct { WfWithItemSeq *items; WfStmtSeq *body; } With;  /* one With per statement */
        struct { WfExpr *exc; WfExpr *cause; } Raise;       /* both optional */
        struct {
            WfStmtSeq *body;
            WfExceptHandlerSeq *handlers;
            WfStmtSeq *orelse;
            WfStmtSeq *finalbody;
        } Try, TryStar;
        struct { WfExpr *test; WfExpr *msg; } Assert;       /* msg optional */
        struct { WfAliasSeq *names; } Import;
        struct {
            WfObject *module;               /* optional: NULL for "from . import x" */
            WfAliasSeq *names;              /* "*" is one alias named "*" */
            int level;                      /* number of leading dots */
        } ImportFrom;
        struct { WfIdentifierSeq *names; } Global;
        struct { WfIdentifierSeq *names; } Nonlocal;
        struct { WfExpr *value; } Expr;
    } v;
    int lineno, col_offset, end_lineno, end_col_offset;
};

/* ---- expr -------------------------------------------------------------- */

typedef enum WfExprKind {
    WF_EXPR_BoolOp = 1, WF_EXPR_NamedExpr, WF_EXPR_BinOp, WF_EXPR_UnaryOp, WF_EXPR_Lambda,
    WF_EXPR_IfExp, WF_EXPR_Dict, WF_EXPR_Set, WF_EXPR_ListComp, WF_EXPR_SetComp,
    WF_EXPR_DictComp, WF_EXPR_GeneratorExp, WF_EXPR_Yield, WF_EXPR_YieldFrom,
    WF_EXPR_Compare, WF_EXPR_Call, WF_EXPR_FormattedValue, WF_EXPR_JoinedStr,
    WF_EXPR_Constant, WF_EXPR_Attribute, WF_EXPR_Subscript, WF_EXPR_Starred, WF_EXPR_Name,
    WF_EXPR_List, WF_EXPR_Tuple, WF_EXPR_Slice,
} WfExprKind;
#define WF_EXPR_KIND_COUNT (WF_EXPR_Slice + 1)

struct WfExpr {
    WfExprKind kind;
    union {
        struct { WfBoolOp op; WfExprSeq *values; } BoolOp;   /* >= 2 values, flattened */
        struct { WfExpr *target; WfExpr *value; } NamedExpr; /* target: Name (Store) */
        struct { WfExpr *left; WfOperator op; WfExpr *right; } BinOp;
        struct { WfUnaryOp op; WfExpr *operand; } UnaryOp;
        struct { WfArguments *args; WfExpr *body; } Lambda;  /* args never NULL */
        struct { WfExpr *test; WfExpr *body; WfExpr *orelse; } IfExp;
        struct { WfExprSeq *keys; WfExprSeq *values; } Dict;  /* keys[i] NULL: {**values[i]} */
        struct { WfExprSeq *elts; } Set;
        struct { WfExpr *elt; WfComprehensionSeq *generators; } ListComp, SetComp, GeneratorExp;
        struct { WfExpr *key; WfExpr *value; WfComprehensionSeq *generators; } DictComp;
        struct { WfExpr *value; } Yield;                      /* value optional */
        struct { WfExpr *value; } YieldFrom;
        struct { WfExpr *left; WfAstIntSeq *ops; WfExprSeq *comparators; } Compare;
        struct { WfExpr *func; WfExprSeq *args; WfKeywordSeq *keywords; } Call;
        struct {
            WfExpr *value;
            int conversion;                 /* WF_CONVERSION_NONE, 's', 'r' or 'a' */
            WfExpr *format_spec;            /* optional; a JoinedStr */
        } FormattedValue;
        struct { WfExprSeq *values; } JoinedStr;  /* Constant str and FormattedValue */
        struct {
            WfObject *value;                /* owned by the arena */
            WfObject *kind;                 /* "u" for u"..." strings, else NULL */
        } Constant;
        struct { WfExpr *value; WfObject *attr; WfExprContext ctx; } Attribute;
        struct { WfExpr *value; WfExpr *slice; WfExprContext ctx; } Subscript;
        struct { WfExpr *value; WfExprContext ctx; } Starred;
        struct { WfObject *id; WfExprContext ctx; } Name;
        struct { WfExprSeq *elts; WfExprContext ctx; } List, Tuple;
        struct { WfExpr *lower; WfExpr *upper; WfExpr *step; } Slice;  /* all optional */
    } v;
    int lineno, col_offset, end_lineno, end_col_offset;
};

/* ---- the small product types ------------------------------------------- */

struct WfComprehension {       /* for target in iter if ifs... (no position, as CPython) */
    WfExpr *target;
    WfExpr *iter;
    WfExprSeq *ifs;
    int is_async;              /* always 0 in weft (async is a SyntaxError) */
};

struct WfExceptHandler {       /* ExceptHandler(expr? type, identifier? name, stmt* body) */
    WfExpr *type;              /* optional */
    WfObject *name;            /* optional */
    WfStmtSeq *body;
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct WfArguments {
    WfArgSeq *posonlyargs;
    WfArgSeq *args;
    WfArg *vararg;             /* optional */
    WfArgSeq *kwonlyargs;
    WfExprSeq *kw_defaults;    /* same length as kwonlyargs; NULL entry: no default */
    WfArg *kwarg;              /* optional */
    WfExprSeq *defaults;       /* defaults of the LAST len(defaults) of posonlyargs + args */
};

struct WfArg {
    WfObject *arg;             /* identifier */
    WfExpr *annotation;        /* optional */
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct WfKeyword {
    WfObject *arg;             /* identifier; NULL for **kwargs */
    WfExpr *value;
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct WfAlias {
    WfObject *name;            /* dotted name "a.b.c" as one identifier, or "*" */
    WfObject *asname;          /* optional */
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct WfWithItem {
    WfExpr *context_expr;
    WfExpr *optional_vars;     /* optional */
};

/* The parser guarantees that no path from the root of a tree it returns is
 * longer than this many nodes (stmt and expr nodes counted), so recursive
 * walkers (symtable, codegen, wf_ast_dump) need no depth check of their own
 * beyond a C stack of a few MiB. */
#define WF_AST_MAX_DEPTH 2000

/* ---- construction (ast.c) ----------------------------------------------
 * Zero-filled nodes of the given kind and position in the arena; the caller
 * fills the fields of v. NULL + MemoryError on out-of-memory. */
WfMod *wf_ast_new_mod(WfArena *arena, WfModKind kind);
WfStmt *wf_ast_new_stmt(WfArena *arena, WfStmtKind kind, int lineno, int col_offset,
                        int end_lineno, int end_col_offset);
WfExpr *wf_ast_new_expr(WfArena *arena, WfExprKind kind, int lineno, int col_offset,
                        int end_lineno, int end_col_offset);

/* ---- names and debugging (ast.c) --------------------------------------- */

/* CPython's class names: "FunctionDef", "BinOp", "Add", "Eq", "Load", ... */
const char *wf_ast_stmt_kind_name(WfStmtKind kind);
const char *wf_ast_expr_kind_name(WfExprKind kind);
const char *wf_ast_operator_name(WfOperator op);
const char *wf_ast_unaryop_name(WfUnaryOp op);
const char *wf_ast_cmpop_name(WfCmpOp op);
const char *wf_ast_boolop_name(WfBoolOp op);
const char *wf_ast_context_name(WfExprContext ctx);

/* Prints the tree like CPython's ast.dump(tree) (no positions, one line),
 * e.g. Module(body=[Expr(value=BinOp(left=Constant(value=1), op=Add(),
 * right=Name(id='x', ctx=Load())))], type_ignores=[]). Constants print with
 * their repr (wf_object_repr); optional fields that are absent are left
 * out and empty lists printed, as CPython 3.11's ast.dump does (so the
 * output can be compared with python3 -c 'import ast; print(ast.dump(...))'). */
void wf_ast_dump(WfMod *mod, FILE *out);
/* include_positions: also lineno=, col_offset=, end_lineno=, end_col_offset=
 * as ast.dump(tree, include_attributes=True) prints them. */
void wf_ast_dump_full(WfMod *mod, FILE *out, int include_positions);
void wf_ast_dump_expr(WfExpr *expr, FILE *out);
void wf_ast_dump_stmt(WfStmt *stmt, FILE *out);

#endif /* WF_AST_H */
