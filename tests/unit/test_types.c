/* test_types.c — the type system at the C level: C3 MRO of a diamond made
 * with wf_type_new_from_namespace, attribute lookup through the MRO and
 * version tags, slots installed when a dunder is assigned to a class, the
 * exception hierarchy, the error indicator, implicit exception chaining and
 * exception str/repr, argument parsing. */
#include <stdio.h>
#include <string.h>

#include "runtime/runtime.h"
#include "tests/tap.h"

static WfObject *S(const char *s) { return wf_str_intern_cstr(s); }
static WfObject *I(long v) { return wf_int_from_long(v); }

static const char *text_of(WfObject *o, bool repr) {
    static char buf[512];
    WfObject *r = repr ? wf_object_repr(o) : wf_object_str(o);
    if (r == NULL) {
        wf_err_clear();
        return "(error)";
    }
    snprintf(buf, sizeof buf, "%s", wf_str_as_utf8(r));
    wf_decref(r);
    return buf;
}

/* The current exception as "Type: message", cleared. */
static const char *error_text(void) {
    static char buf[512];
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return "(no error)";
    WfObject *s = wf_object_str(exc);
    snprintf(buf, sizeof buf, "%s: %s", wf_type_name(WF_TYPE(exc)), s ? wf_str_as_utf8(s) : "?");
    wf_xdecref(s);
    wf_decref(exc);
    return buf;
}

static WfObject *make_class(const char *name, WfObject *bases, WfObject *ns) {
    WfObject *b = bases ? bases : wf_tuple_empty;
    WfObject *d = ns ? ns : wf_dict_new();
    WfObject *cls = wf_type_new_from_namespace((WfObject *)&wf_type_type, S(name), b, d, NULL);
    if (!ns)
        wf_decref(d);
    return cls;
}

static const char *mro_names(WfObject *cls) {
    static char buf[256];
    buf[0] = 0;
    WfObject *mro = ((WfTypeObject *)cls)->tp_mro;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(mro); i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, wf_type_name((WfTypeObject *)WF_TUPLE_ITEM(mro, i)));
    }
    return buf;
}

static void test_mro_and_lookup(void) {
    WfObject *ns = wf_dict_new();
    wf_dict_set_item_str(ns, "x", I(1));
    wf_dict_set_item_str(ns, "who", S("A"));
    WfObject *A = make_class("A", NULL, ns);
    wf_decref(ns);
    ok(A != NULL, "class A created");
    WfObject *ab = wf_tuple_pack(1, A);
    ns = wf_dict_new();
    wf_dict_set_item_str(ns, "who", S("B"));
    WfObject *B = make_class("B", ab, ns);
    wf_decref(ns);
    ns = wf_dict_new();
    wf_dict_set_item_str(ns, "who", S("C"));
    wf_dict_set_item_str(ns, "y", I(2));
    WfObject *C = make_class("C", ab, ns);
    wf_decref(ns);
    WfObject *bc = wf_tuple_pack(2, B, C);
    WfObject *D = make_class("D", bc, NULL);
    is_str(mro_names(D), "D B C A object", "diamond MRO is C3");
    is_str(text_of(D, true), "<class 'D'>", "repr of a class without __module__");

    WfObject *v = wf_object_getattr(D, S("who"));
    is_str(v ? wf_str_as_utf8(v) : "?", "B", "D.who found on B before C");
    wf_xdecref(v);
    v = wf_object_getattr(D, S("y"));
    is_int(v ? wf_int_as_long(v) : -1, 2, "D.y found on C");
    wf_xdecref(v);
    ok(wf_type_lookup((WfTypeObject *)D, S("x")) != NULL, "wf_type_lookup walks to A");
    ok(wf_type_lookup((WfTypeObject *)D, S("nope")) == NULL && !wf_err_occurred(),
       "a lookup miss sets no error");

    /* Instances: the instance dict shadows class attributes. */
    WfObject *d = wf_object_call_no_args(D);
    ok(d != NULL && WF_TYPE(d) == (WfTypeObject *)D, "D() makes an instance");
    v = wf_object_getattr(d, S("x"));
    is_int(v ? wf_int_as_long(v) : -1, 1, "instance sees class attribute");
    wf_xdecref(v);
    is_int(wf_object_setattr(d, S("x"), I(5)), 0, "instance attribute set");
    v = wf_object_getattr(d, S("x"));
    is_int(v ? wf_int_as_long(v) : -1, 5, "instance dict shadows the class");
    wf_xdecref(v);
    ok(wf_object_getattr(d, S("missing")) == NULL, "missing attribute fails");
    is_str(error_text(), "AttributeError: 'D' object has no attribute 'missing'",
           "AttributeError message");
    ok(wf_object_isinstance(d, A) == 1 && wf_object_isinstance(d, (WfObject *)&wf_int_type) == 0,
       "isinstance through the MRO");
    WfObject *tup = wf_tuple_pack(2, (WfObject *)&wf_int_type, C);
    is_int(wf_object_isinstance(d, tup), 1, "isinstance with a tuple");
    wf_decref(tup);
    is_int(wf_object_issubclass(D, A), 1, "issubclass(D, A)");

    /* Version tags: modifying A invalidates D. */
    uint32_t vd = wf_type_get_version((WfTypeObject *)D);
    ok(vd != 0, "D has a version tag");
    is_int(wf_object_setattr(A, S("z"), I(9)), 0, "set A.z");
    is_int(atomic_load(&((WfTypeObject *)D)->tp_version_tag), 0, "A.z = ... invalidates D's tag");
    uint32_t vd2 = wf_type_get_version((WfTypeObject *)D);
    ok(vd2 != 0 && vd2 != vd, "a fresh tag is handed out");
    v = wf_object_getattr(d, S("z"));
    is_int(v ? wf_int_as_long(v) : -1, 9, "new class attribute visible through instance");
    wf_xdecref(v);

    /* Inconsistent MRO. */
    WfObject *ab2 = wf_tuple_pack(2, A, B);
    ok(make_class("X", ab2, NULL) == NULL, "class X(A, B) is refused");
    is_str(error_text(),
           "TypeError: Cannot create a consistent method resolution\norder (MRO) for bases A, B",
           "MRO error message");
    wf_decref(ab2);
    WfObject *aa = wf_tuple_pack(2, A, A);
    ok(make_class("Y", aa, NULL) == NULL, "duplicate base refused");
    is_str(error_text(), "TypeError: duplicate base class A", "duplicate base message");
    wf_decref(aa);
    WfObject *boolb = wf_tuple_pack(1, (WfObject *)&wf_bool_type);
    ok(make_class("Z", boolb, NULL) == NULL, "bool is not subclassable");
    is_str(error_text(), "TypeError: type 'bool' is not an acceptable base type", "base message");
    wf_decref(boolb);

    wf_decref(d);
    wf_decref(ab);
    wf_decref(bc);
}

/* A C method installed as __add__ on a heap type after creation. */
static WfObject *adder(WfObject *self, WfObject *other) {
    return wf_str_from_format("added %R", other);
}
static WfMethodDef adder_def = {"__add__", (void *)adder, WF_METH_O, NULL};

static void test_slot_update(void) {
    WfObject *K = make_class("K", NULL, NULL);
    WfObject *k = wf_object_call_no_args(K);
    ok(wf_number_add(k, I(1)) == NULL, "no __add__ yet");
    is_str(error_text(), "TypeError: unsupported operand type(s) for +: 'K' and 'int'",
           "binary op error");
    WfObject *m = wf_descr_new_method((WfTypeObject *)K, &adder_def);
    is_int(wf_object_setattr(K, S("__add__"), m), 0, "K.__add__ = method");
    WfObject *r = wf_number_add(k, I(1));
    is_str(r ? wf_str_as_utf8(r) : error_text(), "added 1", "slot updated after assignment");
    wf_xdecref(r);
    is_int(wf_object_delattr(K, S("__add__")), 0, "del K.__add__");
    ok(wf_number_add(k, I(1)) == NULL, "slot cleared after deletion");
    wf_err_clear();
    wf_decref(m);
    wf_decref(k);

    /* __eq__ without __hash__ makes instances unhashable. */
    WfObject *ns = wf_dict_new();
    wf_dict_set_item_str(ns, "__eq__", WF_NONE);
    WfObject *E = make_class("E", NULL, ns);
    wf_decref(ns);
    WfObject *e = wf_object_call_no_args(E);
    ok(wf_object_hash(e) == -1, "class with __eq__ only is unhashable");
    is_str(error_text(), "TypeError: unhashable type: 'E'", "unhashable message");
    wf_decref(e);
    ok(wf_object_hash(K) != -1, "classes themselves hash");
}

static void test_exceptions(void) {
    WfObject *ke = wf_exc_KeyError;
    ok(wf_object_issubclass(ke, wf_exc_LookupError) == 1, "KeyError < LookupError");
    ok(wf_object_issubclass(ke, wf_exc_Exception) == 1, "KeyError < Exception");
    ok(wf_object_issubclass(ke, wf_exc_ValueError) == 0, "KeyError !< ValueError");
    ok(wf_object_issubclass(wf_exc_SystemExit, wf_exc_Exception) == 0, "SystemExit !< Exception");
    ok(wf_object_issubclass(wf_exc_FileNotFoundError, wf_exc_OSError) == 1, "FileNotFoundError < OSError");
    ok(wf_object_issubclass(wf_exc_ExceptionGroup, wf_exc_Exception) == 1 &&
           wf_object_issubclass(wf_exc_ExceptionGroup, wf_exc_BaseExceptionGroup) == 1,
       "ExceptionGroup has two bases");
    ok(wf_exception_class_check(wf_exc_TabError) && !wf_exception_class_check((WfObject *)&wf_int_type),
       "exception class check");

    WfObject *args = wf_tuple_pack(1, S("a"));
    WfObject *k = wf_object_call(ke, args, NULL);
    wf_decref(args);
    ok(k && wf_object_isinstance(k, wf_exc_LookupError) == 1, "KeyError('a') is a LookupError");
    is_str(text_of(k, false), "'a'", "str(KeyError('a'))");
    is_str(text_of(k, true), "KeyError('a')", "repr(KeyError('a'))");
    wf_decref(k);

    args = wf_tuple_pack(3, I(2), S("No such file"), S("f.txt"));
    WfObject *os = wf_object_call(wf_exc_OSError, args, NULL);
    wf_decref(args);
    ok(os && WF_TYPE(os) == (WfTypeObject *)wf_exc_FileNotFoundError, "OSError(ENOENT, ...) picks FileNotFoundError");
    is_str(text_of(os, false), "[Errno 2] No such file: 'f.txt'", "OSError str");
    wf_xdecref(os);

    args = wf_tuple_pack(2, S("bad"), wf_tuple_pack(4, S("/x/m.py"), I(3), I(1), S("x")));
    WfObject *se = wf_object_call(wf_exc_SyntaxError, args, NULL);
    wf_decref(args);
    is_str(text_of(se, false), "bad (m.py, line 3)", "SyntaxError str");
    wf_xdecref(se);
}

static void test_error_indicator(void) {
    ok(wf_err_occurred() == NULL, "no error at start");
    wf_err_set_string(wf_exc_ValueError, "boom");
    ok(wf_err_occurred() == wf_exc_ValueError, "wf_err_occurred gives the type");
    ok(wf_err_exception_matches(wf_exc_Exception), "matches a base class");
    WfObject *t = wf_tuple_pack(2, wf_exc_TypeError, wf_exc_ValueError);
    ok(wf_err_exception_matches(t), "matches a tuple");
    wf_decref(t);
    ok(!wf_err_exception_matches(wf_exc_KeyError), "does not match an unrelated class");
    WfObject *exc = wf_err_get_raised();
    ok(exc && wf_err_occurred() == NULL, "get_raised takes and clears");
    is_str(text_of(exc, true), "ValueError('boom')", "raised instance");
    wf_err_set_raised(exc);
    wf_err_clear();
    ok(wf_err_occurred() == NULL, "clear");

    wf_err_format(wf_exc_TypeError, "%s got %d: %R", "f", 3, S("x"));
    is_str(error_text(), "TypeError: f got 3: 'x'", "wf_err_format");

    wf_err_no_memory();
    WfObject *m = wf_err_get_raised();
    ok(m && WF_TYPE(m) == (WfTypeObject *)wf_exc_MemoryError, "MemoryError raised without allocating");
    wf_xdecref(m);

    /* Implicit chaining: raising while handling sets __context__. */
    WfThreadState *ts = wf_tstate_get();
    wf_err_set_string(wf_exc_KeyError, "first");
    WfObject *first = wf_err_get_raised();
    WfErrStackItem item = {first, ts->exc_info};
    ts->exc_info = &item;
    wf_err_set_string(wf_exc_ValueError, "second");
    WfObject *second = wf_err_get_raised();
    ok(wf_exception_get_context(second) == first, "__context__ is the handled exception");
    /* Raising `first` again while handling it must not make a cycle. */
    wf_err_set_object(wf_exc_KeyError, first);
    WfObject *again = wf_err_get_raised();
    ok(again == first && wf_exception_get_context(first) == NULL, "no self-context");
    wf_decref(again);
    /* second handled, first raised: first.__context__ = second, and the
     * chain second -> first is cut to avoid a cycle. */
    item.exc_value = second;
    wf_err_set_object(wf_exc_KeyError, first);
    again = wf_err_get_raised();
    ok(wf_exception_get_context(first) == second && wf_exception_get_context(second) == NULL,
       "cycle avoided");
    wf_decref(again);
    ts->exc_info = item.previous_item;
    wf_exception_set_cause(second, wf_newref(first));
    ok(wf_exception_get_cause(second) == first && ((WfBaseExceptionObject *)second)->suppress_context,
       "__cause__ sets __suppress_context__");
    wf_decref(second);
    wf_decref(first);

    wf_err_set_syntax_location(NULL, "invalid syntax", S("t.py"), 2, 5, 2, 6, "x = = 1");
    WfObject *syn = wf_err_get_raised();
    is_str(text_of(syn, false), "invalid syntax (t.py, line 2)", "wf_err_set_syntax_location");
    WfObject *off = syn ? wf_object_getattr(syn, S("offset")) : NULL;
    is_int(off ? wf_int_as_long(off) : -1, 5, "SyntaxError.offset");
    wf_xdecref(off);
    wf_xdecref(syn);
}

static void test_getargs(void) {
    WfObject *args = wf_tuple_pack(2, I(7), S("s"));
    int i = 0;
    const char *s = NULL;
    WfObject *o = NULL;
    ok(wf_arg_parse_tuple(args, "is|O:f", &i, &s, &o) && i == 7 && strcmp(s, "s") == 0 && !o,
       "parse 'is|O'");
    ok(!wf_arg_parse_tuple(args, "ss:f", &s, &s), "wrong type");
    is_str(error_text(), "TypeError: f() argument 1 must be str, not int", "conversion message");
    ok(!wf_arg_parse_tuple(args, "i:f", &i), "too many");
    is_str(error_text(), "TypeError: f() takes exactly 1 argument (2 given)", "count message");
    WfObject *kw = wf_dict_new();
    wf_dict_set_item_str(kw, "b", I(3));
    static const char *const kwlist[] = {"a", "b", NULL};
    WfObject *one = wf_tuple_pack(1, I(1));
    long a = 0, b = 0;
    ok(wf_arg_parse_tuple_and_keywords(one, kw, "l|l:g", kwlist, &a, &b) && a == 1 && b == 3,
       "keywords");
    wf_dict_clear(kw);
    wf_dict_set_item_str(kw, "c", I(3));
    ok(!wf_arg_parse_tuple_and_keywords(one, kw, "l|l:g", kwlist, &a, &b), "bad keyword");
    is_str(error_text(), "TypeError: 'c' is an invalid keyword argument for g()", "keyword message");
    is_int(wf_arg_check_positional("h", 0, 1, 2), -1, "check_positional");
    is_str(error_text(), "TypeError: h expected at least 1 argument, got 0", "positional message");
    wf_decref(kw);
    wf_decref(one);
    wf_decref(args);
}

int main(void) {
    plan(75);
    if (wf_runtime_init() < 0) {
        printf("Bail out! runtime init failed\n");
        return 1;
    }
    test_mro_and_lookup();
    test_slot_update();
    test_exceptions();
    test_error_indicator();
    test_getargs();
    return done_testing();
}
