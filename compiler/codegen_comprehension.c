/* codegen_comprehension.c — list/set/dict comprehensions and generator
 * expressions, compiled as nested functions the way CPython 3.11 does (not
 * inlined as in 3.12): the outermost iterable is evaluated in the enclosing
 * scope, turned into an iterator and passed as the argument ".0"; the body
 * runs in a code object named <listcomp>, <setcomp>, <dictcomp> or
 * <genexpr>, so tracebacks show those frames.
 *
 * Invariant: inside the function, the value stack holds the result
 * container (not for genexprs) and one iterator per enclosing `for`; the
 * LIST_APPEND / SET_ADD / MAP_ADD depth counts them.
 */
#include "compiler/codegen.h"

#define CHECK(x) do { if ((x) < 0) return -1; } while (0)

static int comprehension_generator(WfCompiler *c, WfExpr *e, WfComprehensionSeq *gens,
                                   int gen_index, int depth, WfExpr *elt, WfExpr *val) {
    WfLoc loc = WF_LOC(e);
    WfComprehension *gen = WF_SEQ_GET(gens, gen_index);
    int start = wf_cg_new_label(c), if_cleanup = wf_cg_new_label(c),
        anchor = wf_cg_new_label(c);
    if (start < 0 || if_cleanup < 0 || anchor < 0)
        return -1;
    bool loop = true;
    if (gen_index == 0) {
        CHECK(wf_cg_addop(c, loc, LOAD_FAST, 0));   /* ".0": the outermost iterator */
    } else {
        /* for y in [f(x)]: a plain assignment, no loop */
        WfExprSeq *elts = NULL;
        if (gen->iter->kind == WF_EXPR_List)
            elts = gen->iter->v.List.elts;
        else if (gen->iter->kind == WF_EXPR_Tuple)
            elts = gen->iter->v.Tuple.elts;
        if (WF_SEQ_LEN(elts) == 1 &&
            ((WfExpr *)WF_SEQ_GET(elts, 0))->kind != WF_EXPR_Starred) {
            CHECK(wf_cg_visit_expr(c, WF_SEQ_GET(elts, 0)));
            loop = false;
        } else {
            CHECK(wf_cg_visit_expr(c, gen->iter));
            CHECK(wf_cg_addop(c, loc, GET_ITER, 0));
        }
    }
    if (loop) {
        depth++;
        CHECK(wf_cg_use_label(c, start));
        CHECK(wf_cg_addop_jump(c, loc, FOR_ITER, anchor));
    }
    CHECK(wf_cg_visit_expr(c, gen->target));
    for (int i = 0; i < WF_SEQ_LEN(gen->ifs); i++)
        CHECK(wf_cg_jump_if(c, loc, WF_SEQ_GET(gen->ifs, i), if_cleanup, 0));
    if (gen_index + 1 < WF_SEQ_LEN(gens)) {
        CHECK(wf_cg_enter_depth(c));
        int r = comprehension_generator(c, e, gens, gen_index + 1, depth, elt, val);
        wf_cg_leave_depth(c);
        CHECK(r);
    } else {
        WfLoc eloc = WF_LOC(elt);
        switch (e->kind) {
        case WF_EXPR_GeneratorExp:
            CHECK(wf_cg_visit_expr(c, elt));
            CHECK(wf_cg_yield(c, eloc));
            CHECK(wf_cg_addop(c, eloc, POP_TOP, 0));
            break;
        case WF_EXPR_ListComp:
            CHECK(wf_cg_visit_expr(c, elt));
            CHECK(wf_cg_addop(c, eloc, LIST_APPEND, depth + 1));
            break;
        case WF_EXPR_SetComp:
            CHECK(wf_cg_visit_expr(c, elt));
            CHECK(wf_cg_addop(c, eloc, SET_ADD, depth + 1));
            break;
        default:   /* {k: v}: k is evaluated before v */
            CHECK(wf_cg_visit_expr(c, elt));
            CHECK(wf_cg_visit_expr(c, val));
            CHECK(wf_cg_addop(c, eloc, MAP_ADD, depth + 1));
            break;
        }
    }
    CHECK(wf_cg_use_label(c, if_cleanup));
    if (loop) {
        CHECK(wf_cg_addop_jump(c, WF_NO_LOC, WF_JUMP, start));
        /* FOR_ITER popped the exhausted iterator */
        CHECK(wf_cg_use_label(c, anchor));
    }
    return 0;
}

int wf_cg_comprehension(WfCompiler *c, WfExpr *e) {
    const char *name;
    WfComprehensionSeq *gens;
    WfExpr *elt, *val = NULL;
    int build = -1;
    switch (e->kind) {
    case WF_EXPR_ListComp:
        name = "<listcomp>", gens = e->v.ListComp.generators, elt = e->v.ListComp.elt;
        build = BUILD_LIST;
        break;
    case WF_EXPR_SetComp:
        name = "<setcomp>", gens = e->v.SetComp.generators, elt = e->v.SetComp.elt;
        build = BUILD_SET;
        break;
    case WF_EXPR_DictComp:
        name = "<dictcomp>", gens = e->v.DictComp.generators, elt = e->v.DictComp.key;
        val = e->v.DictComp.value;
        build = BUILD_MAP;
        break;
    default:
        name = "<genexpr>", gens = e->v.GeneratorExp.generators, elt = e->v.GeneratorExp.elt;
        break;
    }
    WfLoc loc = WF_LOC(e);
    WfObject *qname = wf_str_intern_cstr(name);
    if (qname == NULL)
        return -1;
    WfLoc resume = {e->lineno, e->lineno, 0, 0};
    CHECK(wf_cg_enter_scope(c, qname, WF_SCOPE_COMPREHENSION, e, e->lineno, resume));
    /* co_consts[0] is None for every function-like code object without a
       docstring (code.h) */
    CHECK(wf_cg_add_const(c, WF_NONE));
    c->u->argcount = 1;
    if (build >= 0)
        CHECK(wf_cg_addop(c, loc, build, 0));
    CHECK(comprehension_generator(c, e, gens, 0, 0, elt, val));
    if (build >= 0)
        CHECK(wf_cg_addop(c, loc, RETURN_VALUE, 0));
    WfObject *co = wf_cg_assemble_unit(c);
    wf_cg_exit_scope(c);
    if (co == NULL || wf_cg_own(c, co) < 0)
        return -1;
    CHECK(wf_cg_make_closure(c, loc, co, 0));
    WfComprehension *outermost = WF_SEQ_GET(gens, 0);
    CHECK(wf_cg_visit_expr(c, outermost->iter));
    CHECK(wf_cg_addop(c, loc, GET_ITER, 0));
    /* (func, iter) CALL 0: iter takes the self slot, so this is func(iter) */
    return wf_cg_addop(c, loc, CALL, 0);
}
