/* ast.c — AST node construction in the arena, names, and ast.dump().
 *
 * Invariants:
 *  - Nodes are zero-filled at creation: optional children start NULL.
 *  - The dump follows CPython 3.11's ast.dump(tree) exactly (field order of
 *    Python.asdl, absent optional fields omitted, lists always printed), so
 *    tests can compare against python3's own output.
 */
#include "compiler/ast.h"

#include <string.h>

#include "runtime/objects/objects.h"

/* ---- construction ------------------------------------------------------ */

WfAstSeq *wf_ast_seq_new(WfArena *arena, int n) {
    if (n < 0)
        n = 0;
    WfAstSeq *s = wf_arena_calloc(arena, sizeof(WfAstSeq) + (size_t)n * sizeof(void *));
    if (s != NULL)
        s->size = n;
    return s;
}

WfAstIntSeq *wf_ast_int_seq_new(WfArena *arena, int n) {
    if (n < 0)
        n = 0;
    WfAstIntSeq *s = wf_arena_calloc(arena, sizeof(WfAstIntSeq) + (size_t)n * sizeof(int));
    if (s != NULL)
        s->size = n;
    return s;
}

WfMod *wf_ast_new_mod(WfArena *arena, WfModKind kind) {
    WfMod *m = wf_arena_calloc(arena, sizeof(WfMod));
    if (m != NULL)
        m->kind = kind;
    return m;
}

WfStmt *wf_ast_new_stmt(WfArena *arena, WfStmtKind kind, int lineno, int col_offset,
                        int end_lineno, int end_col_offset) {
    WfStmt *s = wf_arena_calloc(arena, sizeof(WfStmt));
    if (s == NULL)
        return NULL;
    s->kind = kind;
    s->lineno = lineno;
    s->col_offset = col_offset;
    s->end_lineno = end_lineno;
    s->end_col_offset = end_col_offset;
    return s;
}

WfExpr *wf_ast_new_expr(WfArena *arena, WfExprKind kind, int lineno, int col_offset,
                        int end_lineno, int end_col_offset) {
    WfExpr *e = wf_arena_calloc(arena, sizeof(WfExpr));
    if (e == NULL)
        return NULL;
    e->kind = kind;
    e->lineno = lineno;
    e->col_offset = col_offset;
    e->end_lineno = end_lineno;
    e->end_col_offset = end_col_offset;
    return e;
}

/* ---- names ------------------------------------------------------------- */

static const char *const stmt_names[WF_STMT_KIND_COUNT] = {
    "?", "FunctionDef", "ClassDef", "Return", "Delete", "Assign", "AugAssign", "AnnAssign",
    "For", "While", "If", "With", "Raise", "Try", "TryStar", "Assert", "Import",
    "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
};
static const char *const expr_names[WF_EXPR_KIND_COUNT] = {
    "?", "BoolOp", "NamedExpr", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set",
    "ListComp", "SetComp", "DictComp", "GeneratorExp", "Yield", "YieldFrom", "Compare",
    "Call", "FormattedValue", "JoinedStr", "Constant", "Attribute", "Subscript", "Starred",
    "Name", "List", "Tuple", "Slice",
};
static const char *const operator_names[] = {
    "?", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift",
    "BitOr", "BitXor", "BitAnd", "FloorDiv",
};
static const char *const unaryop_names[] = {"?", "Invert", "Not", "UAdd", "USub"};
static const char *const cmpop_names[] = {
    "?", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
};
static const char *const boolop_names[] = {"?", "And", "Or"};
static const char *const context_names[] = {"?", "Load", "Store", "Del"};

#define NAME_OF(table, i) \
    ((unsigned)(i) < sizeof(table) / sizeof((table)[0]) ? (table)[(i)] : "?")

const char *wf_ast_stmt_kind_name(WfStmtKind k) { return NAME_OF(stmt_names, k); }
const char *wf_ast_expr_kind_name(WfExprKind k) { return NAME_OF(expr_names, k); }
const char *wf_ast_operator_name(WfOperator op) { return NAME_OF(operator_names, op); }
const char *wf_ast_unaryop_name(WfUnaryOp op) { return NAME_OF(unaryop_names, op); }
const char *wf_ast_cmpop_name(WfCmpOp op) { return NAME_OF(cmpop_names, op); }
const char *wf_ast_boolop_name(WfBoolOp op) { return NAME_OF(boolop_names, op); }
const char *wf_ast_context_name(WfExprContext c) { return NAME_OF(context_names, c); }

/* ---- dump -------------------------------------------------------------- */

/* Field printing: `first` tracks whether a ", " separator is needed. */
typedef struct Dumper {
    FILE *out;
    int first;
    int positions;   /* append lineno=..., like ast.dump(include_attributes=True) */
} Dumper;

static void dump_expr(Dumper *d, WfExpr *e);
static void dump_stmt(Dumper *d, WfStmt *s);

static void open_node(Dumper *d, const char *name) {
    fprintf(d->out, "%s(", name);
    d->first = 1;
}

static void close_node(Dumper *d) {
    fputc(')', d->out);
    d->first = 0;
}

static void field(Dumper *d, const char *name) {
    if (!d->first)
        fputs(", ", d->out);
    d->first = 0;
    fprintf(d->out, "%s=", name);
}

static void positions(Dumper *d, int lineno, int col, int end_lineno, int end_col) {
    if (!d->positions)
        return;
    fprintf(d->out, "%slineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d",
            d->first ? "" : ", ", lineno, col, end_lineno, end_col);
    d->first = 0;
}
#define POSITIONS(d, n) positions((d), (n)->lineno, (n)->col_offset, (n)->end_lineno, (n)->end_col_offset)

static void dump_object(Dumper *d, WfObject *o) {
    WfObject *r = wf_object_repr(o);
    if (r == NULL) {
        wf_err_clear();
        fputs("<repr failed>", d->out);
        return;
    }
    wf_ssize_t n;
    const char *s = wf_str_as_utf8_and_size(r, &n);
    fwrite(s, 1, (size_t)n, d->out);
    wf_decref(r);
}

/* Children print their own separators: save and restore `first`. */
static void child_expr(Dumper *d, WfExpr *e) {
    if (e == NULL) {
        fputs("None", d->out);
        return;
    }
    dump_expr(d, e);
}

static void opt_expr_field(Dumper *d, const char *name, WfExpr *e) {
    if (e == NULL)
        return;
    field(d, name);
    dump_expr(d, e);
    d->first = 0;
}

static void expr_field(Dumper *d, const char *name, WfExpr *e) {
    field(d, name);
    child_expr(d, e);
    d->first = 0;
}

static void ident_field(Dumper *d, const char *name, WfObject *id) {
    if (id == NULL)
        return;
    field(d, name);
    dump_object(d, id);
}

static void int_field(Dumper *d, const char *name, int v) {
    field(d, name);
    fprintf(d->out, "%d", v);
}

static void enum_field(Dumper *d, const char *name, const char *value) {
    field(d, name);
    fprintf(d->out, "%s()", value);
}

static void expr_seq_field(Dumper *d, const char *name, WfExprSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        if (i)
            fputs(", ", d->out);
        child_expr(d, WF_SEQ_GET(seq, i));
    }
    fputc(']', d->out);
    d->first = 0;
}

static void stmt_seq_field(Dumper *d, const char *name, WfStmtSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        if (i)
            fputs(", ", d->out);
        dump_stmt(d, WF_SEQ_GET(seq, i));
    }
    fputc(']', d->out);
    d->first = 0;
}

static void ident_seq_field(Dumper *d, const char *name, WfIdentifierSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        if (i)
            fputs(", ", d->out);
        dump_object(d, WF_SEQ_GET(seq, i));
    }
    fputc(']', d->out);
}

static void dump_arg(Dumper *d, WfArg *a) {
    open_node(d, "arg");
    ident_field(d, "arg", a->arg);
    opt_expr_field(d, "annotation", a->annotation);
    POSITIONS(d, a);
    close_node(d);
}

static void arg_seq_field(Dumper *d, const char *name, WfArgSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        if (i)
            fputs(", ", d->out);
        dump_arg(d, WF_SEQ_GET(seq, i));
    }
    fputc(']', d->out);
    d->first = 0;
}

static void dump_arguments(Dumper *d, WfArguments *a) {
    open_node(d, "arguments");
    arg_seq_field(d, "posonlyargs", a->posonlyargs);
    arg_seq_field(d, "args", a->args);
    if (a->vararg) {
        field(d, "vararg");
        dump_arg(d, a->vararg);
    }
    arg_seq_field(d, "kwonlyargs", a->kwonlyargs);
    expr_seq_field(d, "kw_defaults", a->kw_defaults);
    if (a->kwarg) {
        field(d, "kwarg");
        dump_arg(d, a->kwarg);
    }
    expr_seq_field(d, "defaults", a->defaults);
    close_node(d);
}

static void keyword_seq_field(Dumper *d, const char *name, WfKeywordSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfKeyword *k = WF_SEQ_GET(seq, i);
        if (i)
            fputs(", ", d->out);
        open_node(d, "keyword");
        ident_field(d, "arg", k->arg);
        expr_field(d, "value", k->value);
        POSITIONS(d, k);
        close_node(d);
    }
    fputc(']', d->out);
    d->first = 0;
}

static void alias_seq_field(Dumper *d, const char *name, WfAliasSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfAlias *a = WF_SEQ_GET(seq, i);
        if (i)
            fputs(", ", d->out);
        open_node(d, "alias");
        ident_field(d, "name", a->name);
        ident_field(d, "asname", a->asname);
        POSITIONS(d, a);
        close_node(d);
    }
    fputc(']', d->out);
    d->first = 0;
}

static void comprehension_seq_field(Dumper *d, const char *name, WfComprehensionSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfComprehension *c = WF_SEQ_GET(seq, i);
        if (i)
            fputs(", ", d->out);
        open_node(d, "comprehension");
        expr_field(d, "target", c->target);
        expr_field(d, "iter", c->iter);
        expr_seq_field(d, "ifs", c->ifs);
        int_field(d, "is_async", c->is_async);
        close_node(d);
    }
    fputc(']', d->out);
    d->first = 0;
}

static void handler_seq_field(Dumper *d, const char *name, WfExceptHandlerSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfExceptHandler *h = WF_SEQ_GET(seq, i);
        if (i)
            fputs(", ", d->out);
        open_node(d, "ExceptHandler");
        opt_expr_field(d, "type", h->type);
        ident_field(d, "name", h->name);
        stmt_seq_field(d, "body", h->body);
        POSITIONS(d, h);
        close_node(d);
    }
    fputc(']', d->out);
    d->first = 0;
}

static void withitem_seq_field(Dumper *d, const char *name, WfWithItemSeq *seq) {
    field(d, name);
    fputc('[', d->out);
    for (int i = 0; i < WF_SEQ_LEN(seq); i++) {
        WfWithItem *w = WF_SEQ_GET(seq, i);
        if (i)
            fputs(", ", d->out);
        open_node(d, "withitem");
        expr_field(d, "context_expr", w->context_expr);
        opt_expr_field(d, "optional_vars", w->optional_vars);
        close_node(d);
    }
    fputc(']', d->out);
    d->first = 0;
}

static void dump_comp(Dumper *d, WfExpr *elt, WfComprehensionSeq *gens) {
    expr_field(d, "elt", elt);
    comprehension_seq_field(d, "generators", gens);
}

static void dump_expr_fields(Dumper *d, WfExpr *e) {
    switch (e->kind) {
    case WF_EXPR_BoolOp:
        enum_field(d, "op", wf_ast_boolop_name(e->v.BoolOp.op));
        expr_seq_field(d, "values", e->v.BoolOp.values);
        break;
    case WF_EXPR_NamedExpr:
        expr_field(d, "target", e->v.NamedExpr.target);
        expr_field(d, "value", e->v.NamedExpr.value);
        break;
    case WF_EXPR_BinOp:
        expr_field(d, "left", e->v.BinOp.left);
        enum_field(d, "op", wf_ast_operator_name(e->v.BinOp.op));
        expr_field(d, "right", e->v.BinOp.right);
        break;
    case WF_EXPR_UnaryOp:
        enum_field(d, "op", wf_ast_unaryop_name(e->v.UnaryOp.op));
        expr_field(d, "operand", e->v.UnaryOp.operand);
        break;
    case WF_EXPR_Lambda:
        field(d, "args");
        dump_arguments(d, e->v.Lambda.args);
        expr_field(d, "body", e->v.Lambda.body);
        break;
    case WF_EXPR_IfExp:
        expr_field(d, "test", e->v.IfExp.test);
        expr_field(d, "body", e->v.IfExp.body);
        expr_field(d, "orelse", e->v.IfExp.orelse);
        break;
    case WF_EXPR_Dict:
        expr_seq_field(d, "keys", e->v.Dict.keys);
        expr_seq_field(d, "values", e->v.Dict.values);
        break;
    case WF_EXPR_Set:
        expr_seq_field(d, "elts", e->v.Set.elts);
        break;
    case WF_EXPR_ListComp:
        dump_comp(d, e->v.ListComp.elt, e->v.ListComp.generators);
        break;
    case WF_EXPR_SetComp:
        dump_comp(d, e->v.SetComp.elt, e->v.SetComp.generators);
        break;
    case WF_EXPR_GeneratorExp:
        dump_comp(d, e->v.GeneratorExp.elt, e->v.GeneratorExp.generators);
        break;
    case WF_EXPR_DictComp:
        expr_field(d, "key", e->v.DictComp.key);
        expr_field(d, "value", e->v.DictComp.value);
        comprehension_seq_field(d, "generators", e->v.DictComp.generators);
        break;
    case WF_EXPR_Yield:
        opt_expr_field(d, "value", e->v.Yield.value);
        break;
    case WF_EXPR_YieldFrom:
        expr_field(d, "value", e->v.YieldFrom.value);
        break;
    case WF_EXPR_Compare:
        expr_field(d, "left", e->v.Compare.left);
        field(d, "ops");
        fputc('[', d->out);
        for (int i = 0; i < WF_SEQ_LEN(e->v.Compare.ops); i++)
            fprintf(d->out, "%s%s()", i ? ", " : "", wf_ast_cmpop_name(e->v.Compare.ops->items[i]));
        fputc(']', d->out);
        expr_seq_field(d, "comparators", e->v.Compare.comparators);
        break;
    case WF_EXPR_Call:
        expr_field(d, "func", e->v.Call.func);
        expr_seq_field(d, "args", e->v.Call.args);
        keyword_seq_field(d, "keywords", e->v.Call.keywords);
        break;
    case WF_EXPR_FormattedValue:
        expr_field(d, "value", e->v.FormattedValue.value);
        int_field(d, "conversion", e->v.FormattedValue.conversion);
        opt_expr_field(d, "format_spec", e->v.FormattedValue.format_spec);
        break;
    case WF_EXPR_JoinedStr:
        expr_seq_field(d, "values", e->v.JoinedStr.values);
        break;
    case WF_EXPR_Constant:
        field(d, "value");
        dump_object(d, e->v.Constant.value);
        if (e->v.Constant.kind) {
            field(d, "kind");
            dump_object(d, e->v.Constant.kind);
        }
        break;
    case WF_EXPR_Attribute:
        expr_field(d, "value", e->v.Attribute.value);
        ident_field(d, "attr", e->v.Attribute.attr);
        enum_field(d, "ctx", wf_ast_context_name(e->v.Attribute.ctx));
        break;
    case WF_EXPR_Subscript:
        expr_field(d, "value", e->v.Subscript.value);
        expr_field(d, "slice", e->v.Subscript.slice);
        enum_field(d, "ctx", wf_ast_context_name(e->v.Subscript.ctx));
        break;
    case WF_EXPR_Starred:
        expr_field(d, "value", e->v.Starred.value);
        enum_field(d, "ctx", wf_ast_context_name(e->v.Starred.ctx));
        break;
    case WF_EXPR_Name:
        ident_field(d, "id", e->v.Name.id);
        enum_field(d, "ctx", wf_ast_context_name(e->v.Name.ctx));
        break;
    case WF_EXPR_List:
        expr_seq_field(d, "elts", e->v.List.elts);
        enum_field(d, "ctx", wf_ast_context_name(e->v.List.ctx));
        break;
    case WF_EXPR_Tuple:
        expr_seq_field(d, "elts", e->v.Tuple.elts);
        enum_field(d, "ctx", wf_ast_context_name(e->v.Tuple.ctx));
        break;
    case WF_EXPR_Slice:
        opt_expr_field(d, "lower", e->v.Slice.lower);
        opt_expr_field(d, "upper", e->v.Slice.upper);
        opt_expr_field(d, "step", e->v.Slice.step);
        break;
    }
}

static void dump_expr(Dumper *d, WfExpr *e) {
    open_node(d, wf_ast_expr_kind_name(e->kind));
    dump_expr_fields(d, e);
    POSITIONS(d, e);
    close_node(d);
}

static void dump_try(Dumper *d, WfStmt *s) {
    stmt_seq_field(d, "body", s->v.Try.body);
    handler_seq_field(d, "handlers", s->v.Try.handlers);
    stmt_seq_field(d, "orelse", s->v.Try.orelse);
    stmt_seq_field(d, "finalbody", s->v.Try.finalbody);
}

static void dump_stmt_fields(Dumper *d, WfStmt *s) {
    switch (s->kind) {
    case WF_STMT_FunctionDef:
        ident_field(d, "name", s->v.FunctionDef.name);
        field(d, "args");
        dump_arguments(d, s->v.FunctionDef.args);
        stmt_seq_field(d, "body", s->v.FunctionDef.body);
        expr_seq_field(d, "decorator_list", s->v.FunctionDef.decorator_list);
        opt_expr_field(d, "returns", s->v.FunctionDef.returns);
        break;
    case WF_STMT_ClassDef:
        ident_field(d, "name", s->v.ClassDef.name);
        expr_seq_field(d, "bases", s->v.ClassDef.bases);
        keyword_seq_field(d, "keywords", s->v.ClassDef.keywords);
        stmt_seq_field(d, "body", s->v.ClassDef.body);
        expr_seq_field(d, "decorator_list", s->v.ClassDef.decorator_list);
        break;
    case WF_STMT_Return:
        opt_expr_field(d, "value", s->v.Return.value);
        break;
    case WF_STMT_Delete:
        expr_seq_field(d, "targets", s->v.Delete.targets);
        break;
    case WF_STMT_Assign:
        expr_seq_field(d, "targets", s->v.Assign.targets);
        expr_field(d, "value", s->v.Assign.value);
        break;
    case WF_STMT_AugAssign:
        expr_field(d, "target", s->v.AugAssign.target);
        enum_field(d, "op", wf_ast_operator_name(s->v.AugAssign.op));
        expr_field(d, "value", s->v.AugAssign.value);
        break;
    case WF_STMT_AnnAssign:
        expr_field(d, "target", s->v.AnnAssign.target);
        expr_field(d, "annotation", s->v.AnnAssign.annotation);
        opt_expr_field(d, "value", s->v.AnnAssign.value);
        int_field(d, "simple", s->v.AnnAssign.simple);
        break;
    case WF_STMT_For:
        expr_field(d, "target", s->v.For.target);
        expr_field(d, "iter", s->v.For.iter);
        stmt_seq_field(d, "body", s->v.For.body);
        stmt_seq_field(d, "orelse", s->v.For.orelse);
        break;
    case WF_STMT_While:
        expr_field(d, "test", s->v.While.test);
        stmt_seq_field(d, "body", s->v.While.body);
        stmt_seq_field(d, "orelse", s->v.While.orelse);
        break;
    case WF_STMT_If:
        expr_field(d, "test", s->v.If.test);
        stmt_seq_field(d, "body", s->v.If.body);
        stmt_seq_field(d, "orelse", s->v.If.orelse);
        break;
    case WF_STMT_With:
        withitem_seq_field(d, "items", s->v.With.items);
        stmt_seq_field(d, "body", s->v.With.body);
        break;
    case WF_STMT_Raise:
        opt_expr_field(d, "exc", s->v.Raise.exc);
        opt_expr_field(d, "cause", s->v.Raise.cause);
        break;
    case WF_STMT_Try:
    case WF_STMT_TryStar:
        dump_try(d, s);
        break;
    case WF_STMT_Assert:
        expr_field(d, "test", s->v.Assert.test);
        opt_expr_field(d, "msg", s->v.Assert.msg);
        break;
    case WF_STMT_Import:
        alias_seq_field(d, "names", s->v.Import.names);
        break;
    case WF_STMT_ImportFrom:
        ident_field(d, "module", s->v.ImportFrom.module);
        alias_seq_field(d, "names", s->v.ImportFrom.names);
        int_field(d, "level", s->v.ImportFrom.level);
        break;
    case WF_STMT_Global:
        ident_seq_field(d, "names", s->v.Global.names);
        break;
    case WF_STMT_Nonlocal:
        ident_seq_field(d, "names", s->v.Nonlocal.names);
        break;
    case WF_STMT_Expr:
        expr_field(d, "value", s->v.Expr.value);
        break;
    case WF_STMT_Pass:
    case WF_STMT_Break:
    case WF_STMT_Continue:
        break;
    }
}

static void dump_stmt(Dumper *d, WfStmt *s) {
    open_node(d, wf_ast_stmt_kind_name(s->kind));
    dump_stmt_fields(d, s);
    POSITIONS(d, s);
    close_node(d);
}

void wf_ast_dump(WfMod *mod, FILE *out) { wf_ast_dump_full(mod, out, 0); }

void wf_ast_dump_full(WfMod *mod, FILE *out, int include_positions) {
    Dumper d = {out, 1, include_positions};
    switch (mod->kind) {
    case WF_MOD_Module:
        open_node(&d, "Module");
        stmt_seq_field(&d, "body", mod->v.Module.body);
        field(&d, "type_ignores");
        fputs("[]", out);
        close_node(&d);
        break;
    case WF_MOD_Interactive:
        open_node(&d, "Interactive");
        stmt_seq_field(&d, "body", mod->v.Interactive.body);
        close_node(&d);
        break;
    case WF_MOD_Expression:
        open_node(&d, "Expression");
        expr_field(&d, "body", mod->v.Expression.body);
        close_node(&d);
        break;
    }
}

void wf_ast_dump_expr(WfExpr *e, FILE *out) {
    Dumper d = {out, 1, 0};
    child_expr(&d, e);
}

void wf_ast_dump_stmt(WfStmt *s, FILE *out) {
    Dumper d = {out, 1, 0};
    dump_stmt(&d, s);
}
