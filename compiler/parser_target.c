/* parser_target.c — assignment, deletion and for-loop targets.
 *
 * Invariants:
 *  - Targets are parsed as expressions, then checked and given their
 *    context here (Store or Del), recursively through List, Tuple and
 *    Starred; nesting is bounded because the expression was.
 *  - The first invalid sub-target is reported with CPython's
 *    _PyPegen_get_invalid_target choice and message.
 */
#include "compiler/parser_impl.h"

WfExpr *wf_p_invalid_target(WfExpr *e, int kind) {
    switch (e->kind) {
    case WF_EXPR_List:
    case WF_EXPR_Tuple: {
        WfExprSeq *elts = e->kind == WF_EXPR_List ? e->v.List.elts : e->v.Tuple.elts;
        for (int i = 0; i < WF_SEQ_LEN(elts); i++) {
            WfExpr *bad = wf_p_invalid_target(WF_SEQ_GET(elts, i), kind);
            if (bad != NULL)
                return bad;
        }
        return NULL;
    }
    case WF_EXPR_Starred:
        if (kind == WF_TARGETS_DEL)
            return e;
        return wf_p_invalid_target(e->v.Starred.value, kind);
    case WF_EXPR_Compare:
        if (kind == WF_TARGETS_FOR) {
            if (e->v.Compare.ops->items[0] == WF_In)
                return wf_p_invalid_target(e->v.Compare.left, kind);
            return NULL;
        }
        return e;
    case WF_EXPR_Name:
    case WF_EXPR_Subscript:
    case WF_EXPR_Attribute:
        return NULL;
    default:
        return e;
    }
}

static void apply_context(WfExpr *e, WfExprContext ctx) {
    switch (e->kind) {
    case WF_EXPR_Name: e->v.Name.ctx = ctx; break;
    case WF_EXPR_Attribute: e->v.Attribute.ctx = ctx; break;
    case WF_EXPR_Subscript: e->v.Subscript.ctx = ctx; break;
    case WF_EXPR_Starred:
        e->v.Starred.ctx = ctx;
        apply_context(e->v.Starred.value, ctx);
        break;
    case WF_EXPR_List:
    case WF_EXPR_Tuple: {
        WfExprSeq *elts = e->kind == WF_EXPR_List ? e->v.List.elts : e->v.Tuple.elts;
        if (e->kind == WF_EXPR_List)
            e->v.List.ctx = ctx;
        else
            e->v.Tuple.ctx = ctx;
        for (int i = 0; i < WF_SEQ_LEN(elts); i++)
            apply_context(WF_SEQ_GET(elts, i), ctx);
        break;
    }
    default:
        break;
    }
}

int wf_p_set_context(WfParser *p, WfExpr *e, WfExprContext ctx, int kind) {
    WfExpr *bad = wf_p_invalid_target(e, kind);
    if (bad != NULL) {
        wf_p_error_expr(p, bad, kind == WF_TARGETS_DEL ? "cannot delete %s" : "cannot assign to %s",
                        wf_p_expr_name(bad));
        return -1;
    }
    apply_context(e, ctx);
    return 0;
}
