/* numtest.h — table-driven checks for the number types (test_int.c,
 * test_float.c). Each case is "OP ARG..." and the expected text, generated
 * with CPython 3.11:
 *   "TYPE: repr(result)", "(repr, repr)" for tuples, or "EXC Type: message".
 * Arguments: i:DECIMAL (int), f:HEX (float, via float.fromhex),
 * s:TEXT (str, \xNN escapes UTF-8 bytes), n: (None).
 * The operations call the number slots directly (a's slot, then b's, as the
 * binary-op protocol does), so the tests need no eval loop.
 */
#ifndef WF_TESTS_NUMTEST_H
#define WF_TESTS_NUMTEST_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/format_spec.h"
#include "runtime/objects/int_internal.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

typedef struct NumCase {
    const char *input;
    const char *expected;
} NumCase;

WfObject *wf_float_fromhex(WfObject *cls, WfObject *arg);   /* float_repr.c */
WfObject *wf_float_hex(WfObject *self, WfObject *unused);

static WfObject *nt_value(const char *tok) {
    if (tok[0] == 'i' || tok[0] == 'f') {
        WfObject *text = wf_str_from_cstr(tok + 2), *v;
        if (text == NULL)
            return NULL;
        if (tok[0] == 'i')
            v = wf_int_from_unicode(text, 10);
        else
            v = wf_float_fromhex((WfObject *)&wf_float_type, text);
        wf_decref(text);
        return v;
    }
    if (tok[0] == 'n')
        return WF_NONE;
    char buf[8192];
    size_t j = 0;
    for (const char *p = tok + 2; *p && j < sizeof buf - 1; p++) {
        if (p[0] == '\\' && p[1] == 'x' && p[2] && p[3]) {
            char h[3] = {p[2], p[3], 0};
            buf[j++] = (char)strtol(h, NULL, 16);
            p += 3;
        } else {
            buf[j++] = *p;
        }
    }
    return wf_str_from_utf8(buf, (wf_ssize_t)j);
}

static WfObject *nt_binop(WfObject *a, WfObject *b, size_t off) {
    wf_binaryfunc fa = *(wf_binaryfunc *)((char *)WF_TYPE(a) + off);
    wf_binaryfunc fb = *(wf_binaryfunc *)((char *)WF_TYPE(b) + off);
    WfObject *r = fa ? fa(a, b) : WF_NOTIMPLEMENTED;
    if (r == WF_NOTIMPLEMENTED && fb && fb != fa)
        r = fb(a, b);
    if (r == WF_NOTIMPLEMENTED)
        return wf_err_format(wf_exc_TypeError, "unsupported operand types");
    return r;
}

static WfObject *nt_compare(WfObject *a, WfObject *b) {
    static const int swapped[] = {WF_GT, WF_GE, WF_EQ, WF_NE, WF_LT, WF_LE};
    char out[7] = {0};
    for (int op = 0; op < 6; op++) {
        WfObject *r = WF_TYPE(a)->tp_richcompare(a, b, op);
        if (r == WF_NOTIMPLEMENTED)
            r = WF_TYPE(b)->tp_richcompare(b, a, swapped[op]);
        if (r == NULL)
            return NULL;
        out[op] = r == WF_TRUE ? 'T' : 'F';
    }
    return wf_str_from_cstr(out);
}

static WfObject *nt_method(WfObject *self, const char *name, WfObject *const *args, int nargs) {
    for (WfMethodDef *d = WF_TYPE(self)->tp_methods; d->ml_name; d++) {
        if (strcmp(d->ml_name, name) != 0)
            continue;
        if (d->ml_flags & WF_METH_FASTCALL)
            return ((WfObject * (*)(WfObject *, WfObject *const *, wf_ssize_t)) d->ml_meth)(self, args, nargs);
        return ((WfObject * (*)(WfObject *, WfObject *)) d->ml_meth)(self, nargs ? args[0] : NULL);
    }
    return wf_err_format(wf_exc_AttributeError, "no method %s", name);
}

#define NT_OFF(f) offsetof(WfTypeObject, f)

static WfObject *nt_run(const char *op, WfObject *a, WfObject *b, WfObject *c) {
    static const struct { const char *name; size_t off; } binops[] = {
        {"+", NT_OFF(nb_add)}, {"-", NT_OFF(nb_subtract)}, {"*", NT_OFF(nb_multiply)},
        {"//", NT_OFF(nb_floor_divide)}, {"%", NT_OFF(nb_remainder)}, {"/", NT_OFF(nb_true_divide)},
        {"divmod", NT_OFF(nb_divmod)}, {"<<", NT_OFF(nb_lshift)}, {">>", NT_OFF(nb_rshift)},
        {"&", NT_OFF(nb_and)}, {"|", NT_OFF(nb_or)}, {"^", NT_OFF(nb_xor)},
    };
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
        if (strcmp(op, binops[i].name) == 0)
            return nt_binop(a, b, binops[i].off);
    if (!strcmp(op, "**") || !strcmp(op, "pow3")) {
        WfObject *m = c ? c : WF_NONE;
        WfObject *r = WF_TYPE(a)->nb_power(a, b, m);
        if (r == WF_NOTIMPLEMENTED)
            r = WF_TYPE(b)->nb_power(a, b, m);
        return r;
    }
    if (!strcmp(op, "~")) return WF_TYPE(a)->nb_invert(a);
    if (!strcmp(op, "neg")) return WF_TYPE(a)->nb_negative(a);
    if (!strcmp(op, "abs")) return WF_TYPE(a)->nb_absolute(a);
    if (!strcmp(op, "hash")) return wf_int_from_int64(WF_TYPE(a)->tp_hash(a));
    if (!strcmp(op, "str")) return wf_object_str(a);
    if (!strcmp(op, "int")) return wf_int_from_object(a);
    if (!strcmp(op, "intb")) return wf_int_from_object_base(a, b);
    if (!strcmp(op, "float")) {
        WfObject *args = wf_tuple_pack(1, a);
        WfObject *r = wf_float_type.tp_new(&wf_float_type, args, NULL);
        wf_decref(args);
        return r;
    }
    if (!strcmp(op, "cmp")) return nt_compare(a, b);
    if (!strcmp(op, "round")) {
        if (wf_int_check(a))
            return wf_int_round(a, b);
        WfObject *args[1] = {b};
        return nt_method(a, "__round__", args, b ? 1 : 0);
    }
    if (!strcmp(op, "format")) {
        if (wf_int_check(a)) return wf_int_format_spec(a, b);
        if (wf_float_check(a)) return wf_float_format_spec(a, b);
        WfFormatSpec fs;
        if (wf_format_spec_parse_for(b, &fs, 's', "str") < 0) return NULL;
        if (fs.type != 's') return wf_format_spec_unknown_type(fs.type, "str");
        return wf_format_spec_apply_str(&fs, a);
    }
    if (!strcmp(op, "hex")) return wf_int_check(a) ? wf_int_format(a, 16) : wf_float_hex(a, NULL);
    if (!strcmp(op, "oct")) return wf_int_format(a, 8);
    if (!strcmp(op, "bin")) return wf_int_format(a, 2);
    if (!strcmp(op, "fromhex")) return wf_float_fromhex((WfObject *)&wf_float_type, a);
    if (!strcmp(op, "meth")) return nt_method(a, wf_str_as_utf8(b), NULL, 0);
    return wf_err_format(wf_exc_SystemError, "unknown op %s", op);
}

/* Renders a result (consumed) or the pending exception the way the tables expect. */
static void nt_render(WfObject *r, char *out, size_t size) {
    if (r == NULL) {
        WfObject *e = wf_err_get_raised();
        WfObject *s = e ? wf_object_str(e) : NULL;
        snprintf(out, size, "EXC %s: %s", e ? WF_TYPE(e)->tp_name : "?", s ? wf_str_as_utf8(s) : "?");
        wf_err_clear();
        wf_xdecref(s);
        wf_xdecref(e);
        return;
    }
    if (wf_tuple_check(r)) {
        size_t n = (size_t)snprintf(out, size, "(");
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(r) && n < size; i++) {
            WfObject *s = wf_object_repr(WF_TUPLE_ITEM(r, i));
            n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "", s ? wf_str_as_utf8(s) : "?");
            wf_xdecref(s);
        }
        if (n < size)
            snprintf(out + n, size - n, ")");
        wf_decref(r);
        return;
    }
    WfObject *s = wf_object_repr(r);
    if (s == NULL) {
        nt_render(NULL, out, size);
    } else {
        snprintf(out, size, "%s: %s", WF_TYPE(r)->tp_name, wf_str_as_utf8(s));
        wf_decref(s);
    }
    wf_decref(r);
}

/* Runs one case: parses "OP a b c", evaluates, compares. */
static void nt_check(const NumCase *c) {
    char line[8192];
    snprintf(line, sizeof line, "%s", c->input);
    char *save = NULL;
    char *op = strtok_r(line, " ", &save);
    WfObject *args[3] = {NULL, NULL, NULL};
    bool bad = false;
    for (int i = 0; i < 3; i++) {
        char *tok = strtok_r(NULL, " ", &save);
        if (tok == NULL)
            break;
        args[i] = nt_value(tok);
        bad |= args[i] == NULL;
    }
    static char got[16384];
    nt_render(bad ? NULL : nt_run(op, args[0], args[1], args[2]), got, sizeof got);
    if (!ok(strcmp(got, c->expected) == 0, "%.100s", c->input)) {
        diag("     got: %.300s", got);
        diag("expected: %.300s", c->expected);
    }
    for (int i = 0; i < 3; i++)
        wf_xdecref(args[i]);
}

static void nt_check_all(const NumCase *cases, size_t n) {
    for (size_t i = 0; i < n; i++)
        nt_check(&cases[i]);
}

#endif /* WF_TESTS_NUMTEST_H */
