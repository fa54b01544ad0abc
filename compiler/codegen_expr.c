/* codegen_expr.c — code generation for expressions: operators, conditions,
 * calls (CPython 3.13's layout: callable, self_or_null, args), displays,
 * subscripts, attributes, f-strings, lambda and yield.
 *
 * Stack discipline: visiting an expression in Load context pushes exactly
 * one value; in Store context it consumes the value on top; in Del context
 * it leaves the stack as it was.
 */
#include "compiler/codegen.h"

#include <string.h>

#define ADDOP(c, loc, op) wf_cg_addop((c), (loc), (op), 0)
#define CHECK(x) do { if ((x) < 0) return -1; } while (0)
#define NEW_LABEL(c, name) int name = wf_cg_new_label(c); if (name < 0) return -1

/* Keep calls and displays below this many stack items (CPython's
 * STACK_USE_GUIDELINE); longer ones are built incrementally. */
#define STACK_USE_GUIDELINE 30

int wf_cg_visit_exprs(WfCompiler *c, WfExprSeq *seq) {
    for (int i = 0; i < WF_SEQ_LEN(seq); i++)
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(seq, i)));
    return 0;
}

/* ======================================================================
 * Operators
 * ====================================================================== */

static int binop_arg(WfOperator op) {
    switch (op) {
    case WF_Add: return WF_NB_ADD;
    case WF_Sub: return WF_NB_SUBTRACT;
    case WF_Mult: return WF_NB_MULTIPLY;
    case WF_MatMult: return WF_NB_MATRIX_MULTIPLY;
    case WF_Div: return WF_NB_TRUE_DIVIDE;
    case WF_Mod: return WF_NB_REMAINDER;
    case WF_Pow: return WF_NB_POWER;
    case WF_LShift: return WF_NB_LSHIFT;
    case WF_RShift: return WF_NB_RSHIFT;
    case WF_BitOr: return WF_NB_OR;
    case WF_BitXor: return WF_NB_XOR;
    case WF_BitAnd: return WF_NB_AND;
    case WF_FloorDiv: return WF_NB_FLOOR_DIVIDE;
    }
    return WF_NB_ADD;
}

int wf_cg_addop_binary(WfCompiler *c, WfLoc loc, WfOperator op, bool inplace) {
    int arg = binop_arg(op);
    if (inplace)
        arg += WF_NB_INPLACE_ADD - WF_NB_ADD;   /* the in-place ops follow in the same order */
    return wf_cg_addop(c, loc, BINARY_OP, arg);
}

static int addop_compare(WfCompiler *c, WfLoc loc, int cmp) {
    switch (cmp) {
    case WF_Eq: return wf_cg_addop(c, loc, COMPARE_OP, WF_EQ);
    case WF_NotEq: return wf_cg_addop(c, loc, COMPARE_OP, WF_NE);
    case WF_Lt: return wf_cg_addop(c, loc, COMPARE_OP, WF_LT);
    case WF_LtE: return wf_cg_addop(c, loc, COMPARE_OP, WF_LE);
    case WF_Gt: return wf_cg_addop(c, loc, COMPARE_OP, WF_GT);
    case WF_GtE: return wf_cg_addop(c, loc, COMPARE_OP, WF_GE);
    case WF_Is: return wf_cg_addop(c, loc, IS_OP, 0);
    case WF_IsNot: return wf_cg_addop(c, loc, IS_OP, 1);
    case WF_In: return wf_cg_addop(c, loc, CONTAINS_OP, 0);
    case WF_NotIn: return wf_cg_addop(c, loc, CONTAINS_OP, 1);
    }
    return -1;
}

static int compile_compare(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    WfAstIntSeq *ops = e->v.Compare.ops;
    WfExprSeq *cmps = e->v.Compare.comparators;
    CHECK(wf_cg_visit_expr(c, e->v.Compare.left));
    int n = ops->size - 1;
    if (n == 0) {
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(cmps, 0)));
        return addop_compare(c, loc, ops->items[0]);
    }
    NEW_LABEL(c, cleanup);
    NEW_LABEL(c, end);
    for (int i = 0; i < n; i++) {
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(cmps, i)));
        CHECK(wf_cg_addop(c, loc, SWAP, 2));
        CHECK(wf_cg_addop(c, loc, COPY, 2));
        CHECK(addop_compare(c, loc, ops->items[i]));
        CHECK(wf_cg_addop(c, loc, COPY, 1));
        CHECK(wf_cg_addop_jump(c, loc, POP_JUMP_IF_FALSE, cleanup));
        CHECK(ADDOP(c, loc, POP_TOP));
    }
    CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(cmps, n)));
    CHECK(addop_compare(c, loc, ops->items[n]));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end));
    CHECK(wf_cg_use_label(c, cleanup));
    CHECK(wf_cg_addop(c, loc, SWAP, 2));
    CHECK(ADDOP(c, loc, POP_TOP));
    return wf_cg_use_label(c, end);
}

static int compile_boolop(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    int jump = e->v.BoolOp.op == WF_And ? POP_JUMP_IF_FALSE : POP_JUMP_IF_TRUE;
    NEW_LABEL(c, end);
    WfExprSeq *s = e->v.BoolOp.values;
    int n = WF_SEQ_LEN(s) - 1;
    for (int i = 0; i < n; i++) {
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(s, i)));
        CHECK(wf_cg_addop(c, loc, COPY, 1));
        CHECK(wf_cg_addop_jump(c, loc, jump, end));
        CHECK(ADDOP(c, loc, POP_TOP));
    }
    CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(s, n)));
    return wf_cg_use_label(c, end);
}

/* Jumps to label when truth(e) == cond, else falls through (CPython's
 * compiler_jump_if, plus folding of constant tests). */
int wf_cg_jump_if(WfCompiler *c, WfLoc loc, WfExpr *e, int label, int cond) {
    CHECK(wf_cg_enter_depth(c));
    int r = 0;
    switch (e->kind) {
    case WF_EXPR_Constant: {
        int t = wf_object_is_true(e->v.Constant.value);
        if (t < 0)
            r = -1;
        else if (t == cond)
            r = wf_cg_addop_jump(c, WF_LOC(e), WF_JUMP, label);
        goto done;
    }
    case WF_EXPR_UnaryOp:
        if (e->v.UnaryOp.op == WF_Not) {
            r = wf_cg_jump_if(c, loc, e->v.UnaryOp.operand, label, !cond);
            goto done;
        }
        break;
    case WF_EXPR_BoolOp: {
        WfExprSeq *s = e->v.BoolOp.values;
        int n = WF_SEQ_LEN(s) - 1;
        int cond2 = e->v.BoolOp.op == WF_Or;
        int next2 = label;
        if (!cond2 != !cond) {
            next2 = wf_cg_new_label(c);
            if (next2 < 0)
                goto fail;
        }
        for (int i = 0; i < n; i++)
            if (wf_cg_jump_if(c, loc, WF_SEQ_GET(s, i), next2, cond2) < 0)
                goto fail;
        if (wf_cg_jump_if(c, loc, WF_SEQ_GET(s, n), label, cond) < 0)
            goto fail;
        if (next2 != label)
            r = wf_cg_use_label(c, next2);
        goto done;
    }
    case WF_EXPR_IfExp: {
        int end = wf_cg_new_label(c), next2 = wf_cg_new_label(c);
        if (end < 0 || next2 < 0 ||
            wf_cg_jump_if(c, loc, e->v.IfExp.test, next2, 0) < 0 ||
            wf_cg_jump_if(c, loc, e->v.IfExp.body, label, cond) < 0 ||
            wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end) < 0 || wf_cg_use_label(c, next2) < 0 ||
            wf_cg_jump_if(c, loc, e->v.IfExp.orelse, label, cond) < 0)
            goto fail;
        r = wf_cg_use_label(c, end);
        goto done;
    }
    case WF_EXPR_Compare: {
        int n = e->v.Compare.ops->size - 1;
        if (n == 0)
            break;
        WfLoc eloc = WF_LOC(e);
        int cleanup = wf_cg_new_label(c), end = wf_cg_new_label(c);
        if (cleanup < 0 || end < 0 || wf_cg_visit_expr(c, e->v.Compare.left) < 0)
            goto fail;
        for (int i = 0; i < n; i++) {
            if (wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Compare.comparators, i)) < 0 ||
                wf_cg_addop(c, eloc, SWAP, 2) < 0 || wf_cg_addop(c, eloc, COPY, 2) < 0 ||
                addop_compare(c, eloc, e->v.Compare.ops->items[i]) < 0 ||
                wf_cg_addop_jump(c, eloc, POP_JUMP_IF_FALSE, cleanup) < 0)
                goto fail;
        }
        if (wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Compare.comparators, n)) < 0 ||
            addop_compare(c, eloc, e->v.Compare.ops->items[n]) < 0 ||
            wf_cg_addop_jump(c, eloc, cond ? POP_JUMP_IF_TRUE : POP_JUMP_IF_FALSE, label) < 0 ||
            wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end) < 0 || wf_cg_use_label(c, cleanup) < 0 ||
            ADDOP(c, eloc, POP_TOP) < 0)
            goto fail;
        if (!cond && wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, label) < 0)
            goto fail;
        r = wf_cg_use_label(c, end);
        goto done;
    }
    default:
        break;
    }
    if (wf_cg_visit_expr(c, e) < 0)
        goto fail;
    r = wf_cg_addop_jump(c, WF_LOC(e), cond ? POP_JUMP_IF_TRUE : POP_JUMP_IF_FALSE, label);
done:
    wf_cg_leave_depth(c);
    return r;
fail:
    wf_cg_leave_depth(c);
    return -1;
}

static int compile_ifexp(WfCompiler *c, WfExpr *e) {
    NEW_LABEL(c, end);
    NEW_LABEL(c, next);
    CHECK(wf_cg_jump_if(c, WF_LOC(e), e->v.IfExp.test, next, 0));
    CHECK(wf_cg_visit_expr(c, e->v.IfExp.body));
    CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, end));
    CHECK(wf_cg_use_label(c, next));
    CHECK(wf_cg_visit_expr(c, e->v.IfExp.orelse));
    return wf_cg_use_label(c, end);
}

/* -<number> and ~<int> on constants fold, as CPython's AST optimizer does. */
static WfObject *fold_unary(WfExpr *e) {
    WfExpr *operand = e->v.UnaryOp.operand;
    if (operand->kind != WF_EXPR_Constant)
        return NULL;
    WfObject *v = operand->v.Constant.value;
    if (e->v.UnaryOp.op == WF_USub && (wf_int_check_exact(v) || wf_float_check_exact(v)))
        return wf_number_negative(v);
    if (e->v.UnaryOp.op == WF_Invert && wf_int_check_exact(v))
        return wf_number_invert(v);
    return NULL;
}

static int compile_unaryop(WfCompiler *c, WfExpr *e) {
    WfObject *folded = fold_unary(e);
    if (folded != NULL)
        return wf_cg_load_const_new(c, WF_LOC(e), folded);
    if (wf_err_occurred())
        wf_err_clear();
    CHECK(wf_cg_visit_expr(c, e->v.UnaryOp.operand));
    int op = UNARY_NOT;
    switch (e->v.UnaryOp.op) {
    case WF_Invert: op = UNARY_INVERT; break;
    case WF_Not: op = UNARY_NOT; break;
    case WF_UAdd: op = UNARY_POSITIVE; break;
    case WF_USub: op = UNARY_NEGATIVE; break;
    }
    return ADDOP(c, WF_LOC(e), op);
}

/* ======================================================================
 * Displays and unpacking
 * ====================================================================== */

/* A constant, or a unary operation the AST optimizer would fold into one. */
static bool is_const_expr(WfExpr *e) {
    if (e == NULL)
        return false;
    if (e->kind == WF_EXPR_Constant)
        return true;
    if (e->kind != WF_EXPR_UnaryOp || e->v.UnaryOp.operand->kind != WF_EXPR_Constant)
        return false;
    WfObject *v = e->v.UnaryOp.operand->v.Constant.value;
    return (e->v.UnaryOp.op == WF_USub && (wf_int_check_exact(v) || wf_float_check_exact(v))) ||
           (e->v.UnaryOp.op == WF_Invert && wf_int_check_exact(v));
}

static bool all_const(WfExprSeq *elts, int begin, int end) {
    for (int i = begin; i < end; i++)
        if (!is_const_expr(WF_SEQ_GET(elts, i)))
            return false;
    return true;
}

static bool has_starred(WfExprSeq *elts) {
    for (int i = 0; i < WF_SEQ_LEN(elts); i++)
        if (((WfExpr *)WF_SEQ_GET(elts, i))->kind == WF_EXPR_Starred)
            return true;
    return false;
}

static WfObject *fold_unary(WfExpr *e);

static WfObject *const_tuple(WfCompiler *c, WfExprSeq *elts, int begin, int end) {
    WfObject *t = wf_tuple_new(end - begin);
    if (wf_cg_own(c, t) < 0)
        return NULL;
    for (int i = begin; i < end; i++) {
        WfExpr *e = WF_SEQ_GET(elts, i);
        WfObject *v = e->kind == WF_EXPR_Constant ? wf_newref(e->v.Constant.value) : fold_unary(e);
        if (v == NULL)
            return NULL;
        WF_TUPLE_SET_ITEM(t, i - begin, v);
    }
    return t;
}

/* CPython's starunpack_helper: lists, tuples, sets and call arguments,
 * `pushed` items already on the stack belong at the front. */
static int starunpack_helper(WfCompiler *c, WfLoc loc, WfExprSeq *elts, int pushed, int build,
                             int add, int extend, bool tuple) {
    int n = WF_SEQ_LEN(elts);
    if (n > 2 && all_const(elts, 0, n)) {
        WfObject *folded = const_tuple(c, elts, 0, n);
        if (folded == NULL)
            return -1;
        if (add == SET_ADD) {
            /* As CPython: a frozenset constant, so that the set's iteration
             * order matches CPython's (set.update walks the frozenset). */
            folded = wf_frozenset_new(folded);
            if (wf_cg_own(c, folded) < 0)
                return -1;
        }
        if (tuple && !pushed)
            return wf_cg_load_const(c, loc, folded);
        CHECK(wf_cg_addop(c, loc, build, pushed));
        CHECK(wf_cg_load_const(c, loc, folded));
        CHECK(wf_cg_addop(c, loc, extend, 1));
        if (tuple)
            CHECK(wf_cg_addop(c, loc, CALL_INTRINSIC_1, WF_INTRINSIC_LIST_TO_TUPLE));
        return 0;
    }
    bool big = n + pushed > STACK_USE_GUIDELINE;
    if (!has_starred(elts) && !big) {
        CHECK(wf_cg_visit_exprs(c, elts));
        return wf_cg_addop(c, loc, tuple ? BUILD_TUPLE : build, n + pushed);
    }
    bool built = false;
    if (big) {
        CHECK(wf_cg_addop(c, loc, build, pushed));
        built = true;
    }
    for (int i = 0; i < n; i++) {
        WfExpr *elt = WF_SEQ_GET(elts, i);
        if (elt->kind == WF_EXPR_Starred) {
            if (!built) {
                CHECK(wf_cg_addop(c, loc, build, i + pushed));
                built = true;
            }
            CHECK(wf_cg_visit_expr(c, elt->v.Starred.value));
            CHECK(wf_cg_addop(c, loc, extend, 1));
        } else {
            CHECK(wf_cg_visit_expr(c, elt));
            if (built)
                CHECK(wf_cg_addop(c, loc, add, 1));
        }
    }
    if (tuple)
        CHECK(wf_cg_addop(c, loc, CALL_INTRINSIC_1, WF_INTRINSIC_LIST_TO_TUPLE));
    return 0;
}

static int unpack_helper(WfCompiler *c, WfLoc loc, WfExprSeq *elts) {
    int n = WF_SEQ_LEN(elts);
    bool seen_star = false;
    for (int i = 0; i < n; i++) {
        WfExpr *elt = WF_SEQ_GET(elts, i);
        if (elt->kind == WF_EXPR_Starred && !seen_star) {
            if (i >= (1 << 8) || n - i - 1 >= (1 << 8))
                return wf_cg_error(c, loc, "too many expressions in star-unpacking assignment");
            CHECK(wf_cg_addop(c, loc, UNPACK_EX, i + ((n - i - 1) << 8)));
            seen_star = true;
        } else if (elt->kind == WF_EXPR_Starred) {
            return wf_cg_error(c, loc, "multiple starred expressions in assignment");
        }
    }
    if (!seen_star)
        CHECK(wf_cg_addop(c, loc, UNPACK_SEQUENCE, n));
    return 0;
}

static int assignment_helper(WfCompiler *c, WfLoc loc, WfExprSeq *elts) {
    CHECK(unpack_helper(c, loc, elts));
    for (int i = 0; i < WF_SEQ_LEN(elts); i++) {
        WfExpr *elt = WF_SEQ_GET(elts, i);
        CHECK(wf_cg_visit_expr(c, elt->kind == WF_EXPR_Starred ? elt->v.Starred.value : elt));
    }
    return 0;
}

static int compile_sequence(WfCompiler *c, WfExpr *e, WfExprSeq *elts, WfExprContext ctx,
                            int build, int add, int extend, bool tuple) {
    WfLoc loc = WF_LOC(e);
    if (ctx == WF_Store)
        return assignment_helper(c, loc, elts);
    if (ctx == WF_Load)
        return starunpack_helper(c, loc, elts, 0, build, add, extend, tuple);
    return wf_cg_visit_exprs(c, elts);   /* del (a, b) */
}

static int compile_subdict(WfCompiler *c, WfExpr *e, int begin, int end) {
    WfLoc loc = WF_LOC(e);
    int n = end - begin;
    bool big = n * 2 > STACK_USE_GUIDELINE;
    if (n > 1 && !big && all_const(e->v.Dict.keys, begin, end)) {
        for (int i = begin; i < end; i++)
            CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Dict.values, i)));
        WfObject *keys = const_tuple(c, e->v.Dict.keys, begin, end);
        if (keys == NULL)
            return -1;
        CHECK(wf_cg_load_const(c, loc, keys));
        return wf_cg_addop(c, loc, BUILD_CONST_KEY_MAP, n);
    }
    if (big)
        CHECK(wf_cg_addop(c, loc, BUILD_MAP, 0));
    for (int i = begin; i < end; i++) {
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Dict.keys, i)));
        CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Dict.values, i)));
        if (big)
            CHECK(wf_cg_addop(c, loc, MAP_ADD, 1));
    }
    if (!big)
        CHECK(wf_cg_addop(c, loc, BUILD_MAP, n));
    return 0;
}

static int compile_dict(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    int n = WF_SEQ_LEN(e->v.Dict.values);
    bool have_dict = false;
    int elements = 0;
    for (int i = 0; i < n; i++) {
        bool unpacking = WF_SEQ_GET(e->v.Dict.keys, i) == NULL;
        if (unpacking) {
            if (elements) {
                CHECK(compile_subdict(c, e, i - elements, i));
                if (have_dict)
                    CHECK(wf_cg_addop(c, loc, DICT_UPDATE, 1));
                have_dict = true;
                elements = 0;
            }
            if (!have_dict) {
                CHECK(wf_cg_addop(c, loc, BUILD_MAP, 0));
                have_dict = true;
            }
            CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(e->v.Dict.values, i)));
            CHECK(wf_cg_addop(c, loc, DICT_UPDATE, 1));
        } else if (elements * 2 > STACK_USE_GUIDELINE) {
            CHECK(compile_subdict(c, e, i - elements, i + 1));
            if (have_dict)
                CHECK(wf_cg_addop(c, loc, DICT_UPDATE, 1));
            have_dict = true;
            elements = 0;
        } else {
            elements++;
        }
    }
    if (elements) {
        CHECK(compile_subdict(c, e, n - elements, n));
        if (have_dict)
            CHECK(wf_cg_addop(c, loc, DICT_UPDATE, 1));
        have_dict = true;
    }
    if (!have_dict)
        CHECK(wf_cg_addop(c, loc, BUILD_MAP, 0));
    return 0;
}

/* ======================================================================
 * Calls
 * ====================================================================== */

WfLoc wf_cg_attr_loc(WfLoc loc, WfExpr *attr) {
    if (loc.lineno != attr->end_lineno) {
        loc.lineno = attr->end_lineno;
        int len = (int)WF_STR_BYTE_LENGTH(attr->v.Attribute.attr);
        if (len <= attr->end_col_offset) {
            loc.col = attr->end_col_offset - len;
        } else {
            loc.col = -1;
            loc.end_col = -1;
        }
        if (loc.end_lineno < loc.lineno)
            loc.end_lineno = loc.lineno;
        if (loc.lineno == loc.end_lineno && loc.end_col < loc.col)
            loc.end_col = loc.col;
    }
    return loc;
}

/* loc: the call (CPython reports __debug__ keywords there). */
static int validate_keywords(WfCompiler *c, WfLoc loc, WfKeywordSeq *kws) {
    int n = WF_SEQ_LEN(kws);
    for (int i = 0; i < n; i++) {
        WfKeyword *k = WF_SEQ_GET(kws, i);
        if (k->arg == NULL)
            continue;
        CHECK(wf_cg_forbidden_name(c, loc, k->arg, WF_Store));
        for (int j = i + 1; j < n; j++) {
            WfKeyword *o = WF_SEQ_GET(kws, j);
            if (o->arg && wf_str_equal(k->arg, o->arg))
                return wf_cg_error(c, WF_LOC(o), "keyword argument repeated: %s",
                                   wf_str_as_utf8(k->arg));
        }
    }
    return 0;
}

/* Pushes the keyword values, then the tuple of their names. */
static int call_simple_kw_helper(WfCompiler *c, WfLoc loc, WfKeywordSeq *kws, int n) {
    for (int i = 0; i < n; i++)
        CHECK(wf_cg_visit_expr(c, ((WfKeyword *)WF_SEQ_GET(kws, i))->value));
    WfObject *names = wf_tuple_new(n);
    if (wf_cg_own(c, names) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(names, i, wf_newref(((WfKeyword *)WF_SEQ_GET(kws, i))->arg));
    return wf_cg_load_const(c, loc, names);
}

static int compile_subkwargs(WfCompiler *c, WfLoc loc, WfKeywordSeq *kws, int begin, int end) {
    int n = end - begin;
    bool big = n * 2 > STACK_USE_GUIDELINE;
    if (n > 1 && !big) {
        for (int i = begin; i < end; i++)
            CHECK(wf_cg_visit_expr(c, ((WfKeyword *)WF_SEQ_GET(kws, i))->value));
        WfObject *keys = wf_tuple_new(n);
        if (wf_cg_own(c, keys) < 0)
            return -1;
        for (int i = begin; i < end; i++)
            WF_TUPLE_SET_ITEM(keys, i - begin, wf_newref(((WfKeyword *)WF_SEQ_GET(kws, i))->arg));
        CHECK(wf_cg_load_const(c, loc, keys));
        return wf_cg_addop(c, loc, BUILD_CONST_KEY_MAP, n);
    }
    if (big)
        CHECK(wf_cg_addop(c, WF_NO_LOC, BUILD_MAP, 0));
    for (int i = begin; i < end; i++) {
        WfKeyword *k = WF_SEQ_GET(kws, i);
        CHECK(wf_cg_load_const(c, loc, k->arg));
        CHECK(wf_cg_visit_expr(c, k->value));
        if (big)
            CHECK(wf_cg_addop(c, WF_NO_LOC, MAP_ADD, 1));
    }
    if (!big)
        CHECK(wf_cg_addop(c, loc, BUILD_MAP, n));
    return 0;
}

/* The callable and self_or_null (plus n more items) are on the stack. */
int wf_cg_call_helper(WfCompiler *c, WfLoc loc, int n, WfExprSeq *args, WfKeywordSeq *kws) {
    CHECK(validate_keywords(c, loc, kws));
    int nelts = WF_SEQ_LEN(args), nkw = WF_SEQ_LEN(kws);
    bool ex_call = nelts + nkw * 2 > STACK_USE_GUIDELINE || has_starred(args);
    for (int i = 0; i < nkw && !ex_call; i++)
        if (((WfKeyword *)WF_SEQ_GET(kws, i))->arg == NULL)
            ex_call = true;
    if (!ex_call) {
        CHECK(wf_cg_visit_exprs(c, args));
        if (nkw > 0) {
            CHECK(call_simple_kw_helper(c, loc, kws, nkw));
            return wf_cg_addop(c, loc, CALL_KW, n + nelts + nkw);
        }
        return wf_cg_addop(c, loc, CALL, n + nelts);
    }
    /* positional arguments as one iterable */
    if (n == 0 && nelts == 1 && ((WfExpr *)WF_SEQ_GET(args, 0))->kind == WF_EXPR_Starred)
        CHECK(wf_cg_visit_expr(c, ((WfExpr *)WF_SEQ_GET(args, 0))->v.Starred.value));
    else
        CHECK(starunpack_helper(c, loc, args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true));
    /* keyword arguments as one dict */
    if (nkw > 0) {
        bool have_dict = false;
        int nseen = 0;
        for (int i = 0; i < nkw; i++) {
            WfKeyword *k = WF_SEQ_GET(kws, i);
            if (k->arg != NULL) {
                nseen++;
                continue;
            }
            if (nseen) {
                CHECK(compile_subkwargs(c, loc, kws, i - nseen, i));
                if (have_dict)
                    CHECK(wf_cg_addop(c, loc, DICT_MERGE, 1));
                have_dict = true;
                nseen = 0;
            }
            if (!have_dict) {
                CHECK(wf_cg_addop(c, loc, BUILD_MAP, 0));
                have_dict = true;
            }
            CHECK(wf_cg_visit_expr(c, k->value));
            CHECK(wf_cg_addop(c, loc, DICT_MERGE, 1));
        }
        if (nseen) {
            CHECK(compile_subkwargs(c, loc, kws, nkw - nseen, nkw));
            if (have_dict)
                CHECK(wf_cg_addop(c, loc, DICT_MERGE, 1));
        }
    }
    return wf_cg_addop(c, loc, CALL_FUNCTION_EX, nkw > 0);
}

/* obj.meth(args): LOAD_ATTR with the method bit pushes (meth, self) or
 * (attr, NULL), so no bound method is made. */
static int maybe_method_call(WfCompiler *c, WfExpr *e) {
    WfExpr *meth = e->v.Call.func;
    WfExprSeq *args = e->v.Call.args;
    WfKeywordSeq *kws = e->v.Call.keywords;
    if (meth->kind != WF_EXPR_Attribute || meth->v.Attribute.ctx != WF_Load)
        return 0;
    int nargs = WF_SEQ_LEN(args), nkw = WF_SEQ_LEN(kws);
    if (nargs + nkw + (nkw != 0) >= STACK_USE_GUIDELINE || has_starred(args))
        return 0;
    for (int i = 0; i < nkw; i++)
        if (((WfKeyword *)WF_SEQ_GET(kws, i))->arg == NULL)
            return 0;
    CHECK(wf_cg_visit_expr(c, meth->v.Attribute.value));
    WfLoc loc = wf_cg_attr_loc(WF_LOC(meth), meth);
    CHECK(wf_cg_addop_name(c, loc, WF_LOAD_METHOD, meth->v.Attribute.attr));
    CHECK(wf_cg_visit_exprs(c, args));
    loc = wf_cg_attr_loc(WF_LOC(e), meth);
    if (nkw > 0) {
        CHECK(call_simple_kw_helper(c, loc, kws, nkw));
        CHECK(wf_cg_addop(c, loc, CALL_KW, nargs + nkw));
    } else {
        CHECK(wf_cg_addop(c, loc, CALL, nargs));
    }
    return 1;
}

static int compile_call(WfCompiler *c, WfExpr *e) {
    CHECK(validate_keywords(c, WF_LOC(e), e->v.Call.keywords));
    int r = maybe_method_call(c, e);
    if (r != 0)
        return r < 0 ? -1 : 0;
    CHECK(wf_cg_visit_expr(c, e->v.Call.func));
    CHECK(ADDOP(c, WF_LOC(e->v.Call.func), PUSH_NULL));
    return wf_cg_call_helper(c, WF_LOC(e), 0, e->v.Call.args, e->v.Call.keywords);
}

/* ======================================================================
 * Subscripts, slices, attributes
 * ====================================================================== */

bool wf_cg_is_two_element_slice(WfExpr *s) {
    return s->kind == WF_EXPR_Slice && s->v.Slice.step == NULL;
}

int wf_cg_slice(WfCompiler *c, WfExpr *s) {
    int n = 2;
    if (s->v.Slice.lower)
        CHECK(wf_cg_visit_expr(c, s->v.Slice.lower));
    else
        CHECK(wf_cg_load_const(c, WF_LOC(s), WF_NONE));
    if (s->v.Slice.upper)
        CHECK(wf_cg_visit_expr(c, s->v.Slice.upper));
    else
        CHECK(wf_cg_load_const(c, WF_LOC(s), WF_NONE));
    if (s->v.Slice.step) {
        n++;
        CHECK(wf_cg_visit_expr(c, s->v.Slice.step));
    }
    return n;
}

static int compile_subscript(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    WfExprContext ctx = e->v.Subscript.ctx;
    CHECK(wf_cg_visit_expr(c, e->v.Subscript.value));
    if (wf_cg_is_two_element_slice(e->v.Subscript.slice) && ctx != WF_Del) {
        CHECK(wf_cg_slice(c, e->v.Subscript.slice));
        return ADDOP(c, loc, ctx == WF_Load ? BINARY_SLICE : STORE_SLICE);
    }
    CHECK(wf_cg_visit_expr(c, e->v.Subscript.slice));
    return ADDOP(c, loc, ctx == WF_Load ? BINARY_SUBSCR
                         : ctx == WF_Store ? STORE_SUBSCR : DELETE_SUBSCR);
}

static int compile_attribute(WfCompiler *c, WfExpr *e) {
    CHECK(wf_cg_visit_expr(c, e->v.Attribute.value));
    WfLoc loc = wf_cg_attr_loc(WF_LOC(e), e);
    switch (e->v.Attribute.ctx) {
    case WF_Load:
        return wf_cg_addop_name(c, loc, LOAD_ATTR, e->v.Attribute.attr);
    case WF_Store:
        CHECK(wf_cg_forbidden_name(c, loc, e->v.Attribute.attr, WF_Store));
        return wf_cg_addop_name(c, loc, STORE_ATTR, e->v.Attribute.attr);
    case WF_Del:
        return wf_cg_addop_name(c, loc, DELETE_ATTR, e->v.Attribute.attr);
    }
    return 0;
}

/* ======================================================================
 * f-strings
 * ====================================================================== */

static int compile_formatted_value(WfCompiler *c, WfExpr *e) {
    CHECK(wf_cg_visit_expr(c, e->v.FormattedValue.value));
    int oparg = 0;
    switch (e->v.FormattedValue.conversion) {
    case 's': oparg = 1; break;
    case 'r': oparg = 2; break;
    case 'a': oparg = 3; break;
    default: oparg = 0; break;
    }
    if (e->v.FormattedValue.format_spec) {
        CHECK(wf_cg_visit_expr(c, e->v.FormattedValue.format_spec));
        oparg |= 4;
    }
    return wf_cg_addop(c, WF_LOC(e), FORMAT_VALUE, oparg);
}

static int compile_joined_str(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    int n = WF_SEQ_LEN(e->v.JoinedStr.values);
    if (n > STACK_USE_GUIDELINE) {
        /* "".join([...]) */
        CHECK(wf_cg_load_const(c, loc, wf_str_empty));
        CHECK(wf_cg_addop_name(c, loc, WF_LOAD_METHOD, WF_ID(join)));
        CHECK(wf_cg_addop(c, loc, BUILD_LIST, 0));
        for (int i = 0; i < n; i++) {
            CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(e->v.JoinedStr.values, i)));
            CHECK(wf_cg_addop(c, loc, LIST_APPEND, 1));
        }
        return wf_cg_addop(c, loc, CALL, 1);
    }
    CHECK(wf_cg_visit_exprs(c, e->v.JoinedStr.values));
    if (n != 1)
        CHECK(wf_cg_addop(c, loc, BUILD_STRING, n));
    return 0;
}

/* ======================================================================
 * Functions: defaults, annotations, lambda; yield
 * ====================================================================== */

/* Pushes the defaults tuple and kwdefaults dict; returns MAKE_FUNCTION flags. */
int wf_cg_default_arguments(WfCompiler *c, WfLoc loc, WfArguments *args) {
    int flags = 0;
    int nd = WF_SEQ_LEN(args->defaults);
    if (nd > 0) {
        CHECK(wf_cg_visit_exprs(c, args->defaults));
        CHECK(wf_cg_addop(c, loc, BUILD_TUPLE, nd));
        flags |= 0x01;
    }
    int nkw = 0;
    for (int i = 0; i < WF_SEQ_LEN(args->kwonlyargs); i++)
        if (i < WF_SEQ_LEN(args->kw_defaults) && WF_SEQ_GET(args->kw_defaults, i) != NULL)
            nkw++;
    if (nkw > 0) {
        WfObject *keys = wf_tuple_new(nkw);
        if (wf_cg_own(c, keys) < 0)
            return -1;
        int k = 0;
        for (int i = 0; i < WF_SEQ_LEN(args->kwonlyargs); i++) {
            WfExpr *d = i < WF_SEQ_LEN(args->kw_defaults) ? WF_SEQ_GET(args->kw_defaults, i) : NULL;
            if (d == NULL)
                continue;
            WfArg *a = WF_SEQ_GET(args->kwonlyargs, i);
            WfObject *mangled = wf_mangle(c->u->private_name, a->arg);
            if (mangled == NULL)
                return -1;
            WF_TUPLE_SET_ITEM(keys, k++, wf_newref(mangled));
            CHECK(wf_cg_visit_expr(c, d));
        }
        CHECK(wf_cg_load_const(c, loc, keys));
        CHECK(wf_cg_addop(c, loc, BUILD_CONST_KEY_MAP, nkw));
        flags |= 0x02;
    }
    return flags;
}

static int argannotation(WfCompiler *c, WfLoc loc, WfObject *id, WfExpr *ann, int *len) {
    if (ann == NULL)
        return 0;
    WfObject *mangled = wf_mangle(c->u->private_name, id);
    if (mangled == NULL)
        return -1;
    CHECK(wf_cg_load_const(c, loc, mangled));
    CHECK(wf_cg_visit_expr(c, ann));
    *len += 2;
    return 0;
}

static int argannotations(WfCompiler *c, WfLoc loc, WfArgSeq *args, int *len) {
    for (int i = 0; i < WF_SEQ_LEN(args); i++) {
        WfArg *a = WF_SEQ_GET(args, i);
        CHECK(argannotation(c, loc, a->arg, a->annotation, len));
    }
    return 0;
}

/* Pushes the annotations as a flat tuple (name1, value1, name2, ...) as
 * CPython 3.11 does; returns 1 when pushed, 0 when there are none. */
int wf_cg_annotations(WfCompiler *c, WfLoc loc, WfArguments *args, WfExpr *returns) {
    int len = 0;
    CHECK(argannotations(c, loc, args->args, &len));
    CHECK(argannotations(c, loc, args->posonlyargs, &len));
    if (args->vararg)
        CHECK(argannotation(c, loc, args->vararg->arg, args->vararg->annotation, &len));
    CHECK(argannotations(c, loc, args->kwonlyargs, &len));
    if (args->kwarg)
        CHECK(argannotation(c, loc, args->kwarg->arg, args->kwarg->annotation, &len));
    CHECK(argannotation(c, loc, wf_str_intern_cstr("return"), returns, &len));
    if (len == 0)
        return 0;
    CHECK(wf_cg_addop(c, loc, BUILD_TUPLE, len));
    return 1;
}

int wf_cg_lambda(WfCompiler *c, WfExpr *e) {
    WfArguments *args = e->v.Lambda.args;
    WfLoc loc = WF_LOC(e);
    CHECK(wf_cg_check_debug_args(c, loc, args));
    int flags = wf_cg_default_arguments(c, loc, args);
    CHECK(flags);
    WfObject *name = wf_str_intern_cstr("<lambda>");
    if (name == NULL)
        return -1;
    WfLoc resume = {e->lineno, e->lineno, 0, 0};
    CHECK(wf_cg_enter_scope(c, name, WF_SCOPE_LAMBDA, e, e->lineno, resume));
    /* None first, so a lambda has no docstring (code.h) */
    CHECK(wf_cg_add_const(c, WF_NONE));
    c->u->argcount = WF_SEQ_LEN(args->args) + WF_SEQ_LEN(args->posonlyargs);
    c->u->posonlyargcount = WF_SEQ_LEN(args->posonlyargs);
    c->u->kwonlyargcount = WF_SEQ_LEN(args->kwonlyargs);
    CHECK(wf_cg_visit_expr(c, e->v.Lambda.body));
    CHECK(wf_cg_addop(c, WF_LOC(e->v.Lambda.body), RETURN_VALUE, 0));
    WfObject *co = wf_cg_assemble_unit(c);
    wf_cg_exit_scope(c);
    if (co == NULL || wf_cg_own(c, co) < 0)
        return -1;
    return wf_cg_make_closure(c, loc, co, flags);
}

int wf_cg_yield(WfCompiler *c, WfLoc loc) {
    CHECK(wf_cg_addop(c, loc, YIELD_VALUE, 0));
    return wf_cg_addop(c, loc, RESUME, 1);
}

/* yield from: SEND / YIELD_VALUE / CLEANUP_THROW / END_SEND as CPython 3.12. */
static int compile_yield_from(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    CHECK(wf_cg_visit_expr(c, e->v.YieldFrom.value));
    CHECK(ADDOP(c, loc, GET_YIELD_FROM_ITER));
    CHECK(wf_cg_load_const(c, loc, WF_NONE));
    NEW_LABEL(c, send);
    NEW_LABEL(c, fail);
    NEW_LABEL(c, exit);
    CHECK(wf_cg_use_label(c, send));
    CHECK(wf_cg_addop_jump(c, loc, SEND, exit));
    /* a virtual try: StopIteration from throw()/close() lands in CLEANUP_THROW */
    CHECK(wf_cg_addop_jump(c, loc, WF_SETUP_FINALLY, fail));
    CHECK(wf_cg_addop(c, loc, YIELD_VALUE, 0));
    CHECK(ADDOP(c, WF_NO_LOC, WF_POP_BLOCK));
    CHECK(wf_cg_addop(c, loc, RESUME, 1));
    CHECK(wf_cg_addop_jump(c, loc, WF_JUMP_NO_INTERRUPT, send));
    CHECK(wf_cg_use_label(c, fail));
    CHECK(ADDOP(c, loc, CLEANUP_THROW));
    CHECK(wf_cg_use_label(c, exit));
    return ADDOP(c, loc, END_SEND);
}

/* ======================================================================
 * The dispatcher
 * ====================================================================== */

static int visit_expr_inner(WfCompiler *c, WfExpr *e) {
    WfLoc loc = WF_LOC(e);
    switch (e->kind) {
    case WF_EXPR_NamedExpr:
        CHECK(wf_cg_visit_expr(c, e->v.NamedExpr.value));
        CHECK(wf_cg_addop(c, loc, COPY, 1));
        return wf_cg_visit_expr(c, e->v.NamedExpr.target);
    case WF_EXPR_BoolOp:
        return compile_boolop(c, e);
    case WF_EXPR_BinOp:
        CHECK(wf_cg_visit_expr(c, e->v.BinOp.left));
        CHECK(wf_cg_visit_expr(c, e->v.BinOp.right));
        return wf_cg_addop_binary(c, loc, e->v.BinOp.op, false);
    case WF_EXPR_UnaryOp:
        return compile_unaryop(c, e);
    case WF_EXPR_Lambda:
        return wf_cg_lambda(c, e);
    case WF_EXPR_IfExp:
        return compile_ifexp(c, e);
    case WF_EXPR_Dict:
        return compile_dict(c, e);
    case WF_EXPR_Set:
        return starunpack_helper(c, loc, e->v.Set.elts, 0, BUILD_SET, SET_ADD, SET_UPDATE, false);
    case WF_EXPR_ListComp:
    case WF_EXPR_SetComp:
    case WF_EXPR_DictComp:
    case WF_EXPR_GeneratorExp:
        return wf_cg_comprehension(c, e);
    case WF_EXPR_Yield:
        if (!wf_symtable_is_function_like(c->u->ste))
            return wf_cg_error(c, loc, "'yield' outside function");
        if (e->v.Yield.value)
            CHECK(wf_cg_visit_expr(c, e->v.Yield.value));
        else
            CHECK(wf_cg_load_const(c, loc, WF_NONE));
        return wf_cg_yield(c, loc);
    case WF_EXPR_YieldFrom:
        if (!wf_symtable_is_function_like(c->u->ste))
            return wf_cg_error(c, loc, "'yield' outside function");
        return compile_yield_from(c, e);
    case WF_EXPR_Compare:
        return compile_compare(c, e);
    case WF_EXPR_Call:
        return compile_call(c, e);
    case WF_EXPR_FormattedValue:
        return compile_formatted_value(c, e);
    case WF_EXPR_JoinedStr:
        return compile_joined_str(c, e);
    case WF_EXPR_Constant:
        return wf_cg_load_const(c, loc, e->v.Constant.value);
    case WF_EXPR_Attribute:
        return compile_attribute(c, e);
    case WF_EXPR_Subscript:
        return compile_subscript(c, e);
    case WF_EXPR_Starred:
        if (e->v.Starred.ctx == WF_Store)
            return wf_cg_error(c, loc, "starred assignment target must be in a list or tuple");
        return wf_cg_error(c, loc, "can't use starred expression here");
    case WF_EXPR_Slice: {
        int n = wf_cg_slice(c, e);
        CHECK(n);
        return wf_cg_addop(c, loc, BUILD_SLICE, n);
    }
    case WF_EXPR_Name:
        if (e->v.Name.ctx == WF_Load && wf_str_equal_cstr(e->v.Name.id, "__debug__"))
            return wf_cg_load_const(c, loc, WF_TRUE);   /* no -O: __debug__ is True */
        return wf_cg_nameop(c, loc, e->v.Name.id, e->v.Name.ctx);
    case WF_EXPR_List:
        return compile_sequence(c, e, e->v.List.elts, e->v.List.ctx, BUILD_LIST, LIST_APPEND,
                                LIST_EXTEND, false);
    case WF_EXPR_Tuple:
        return compile_sequence(c, e, e->v.Tuple.elts, e->v.Tuple.ctx, BUILD_LIST, LIST_APPEND,
                                LIST_EXTEND, true);
    }
    return 0;
}

int wf_cg_visit_expr(WfCompiler *c, WfExpr *e) {
    CHECK(wf_cg_enter_depth(c));
    int r = visit_expr_inner(c, e);
    wf_cg_leave_depth(c);
    return r;
}
