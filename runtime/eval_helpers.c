/* eval_helpers.c — the slow paths of the eval loop: name lookups, method
 * lookup, unpacking, formatting, raising, containers, with-statements,
 * imports. Messages are CPython 3.11's, word for word.
 *
 * Invariant: no helper here touches a frame's value stack; the loop keeps
 * every operand in a stack slot below the spilled stack pointer while one of
 * these runs (DESIGN.md §4), so helpers may run arbitrary Python code.
 */
#include <string.h>

#include "runtime/eval_internal.h"

/* ---- recursion ---------------------------------------------------------- */

int wf_eval_recursion_error(WfThreadState *ts) {
    if (ts->recursion_headroom) {
        /* Already reporting one: allow a little room for the handlers. */
        if (ts->recursion_remaining > -50)
            return 0;
    }
    ts->recursion_headroom++;
    wf_err_set_string(wf_exc_RecursionError, "maximum recursion depth exceeded");
    ts->recursion_headroom--;
    return -1;
}

/* ---- names ---------------------------------------------------------------- */

/* 1 found (*v new ref), 0 missing, -1 error; any mapping. */
static int mapping_lookup(WfObject *map, WfObject *name, WfObject **v) {
    if (wf_dict_check_exact(map))
        return wf_dict_get_item_ref(map, name, v);
    *v = wf_object_getitem(map, name);
    if (*v)
        return 1;
    if (wf_err_exception_matches(wf_exc_KeyError)) {
        wf_err_clear();
        return 0;
    }
    return -1;
}

int wf_eval_locals_lookup(WfFrame *f, WfObject *name, WfObject **v) {
    *v = NULL;
    if (f->f_locals == NULL)
        return 0;
    return mapping_lookup(f->f_locals, name, v);
}

static WfObject *name_error(WfObject *name) {
    return wf_err_format(wf_exc_NameError, "name '%U' is not defined", name);
}

/* LOAD_GLOBAL: globals then builtins, as a StackRef (tagged for deferred
 * and immortal values: no count written on shared functions and classes). */
int wf_eval_load_global_stackref(WfFrame *f, WfObject *name, WfStackRef *out) {
    int r = wf_dict_check_exact(f->f_globals) ? wf_dict_get_item_stackref(f->f_globals, name, out) : -2;
    if (r == 1 || r == -1)
        return r;
    if (r == 0 && wf_dict_check_exact(f->f_builtins)) {
        r = wf_dict_get_item_stackref(f->f_builtins, name, out);
        if (r == 1 || r == -1)
            return r;
        name_error(name);
        return -1;
    }
    WfObject *v = wf_eval_load_global(f, name);
    if (v == NULL)
        return -1;
    *out = wf_stackref_steal(v);
    return 1;
}

WfObject *wf_eval_load_global(WfFrame *f, WfObject *name) {
    WfObject *v;
    int r = wf_dict_get_item_ref(f->f_globals, name, &v);
    if (r != 0)
        return r > 0 ? v : NULL;
    r = mapping_lookup(f->f_builtins, name, &v);
    if (r != 0)
        return r > 0 ? v : NULL;
    return name_error(name);
}

WfObject *wf_eval_load_name(WfFrame *f, WfObject *name) {
    WfObject *v;
    if (f->f_locals == NULL)
        return wf_err_format(wf_exc_SystemError, "no locals when loading %R", name);
    int r = mapping_lookup(f->f_locals, name, &v);
    if (r != 0)
        return r > 0 ? v : NULL;
    return wf_eval_load_global(f, name);
}

/* LOAD_NAME as a StackRef: an exact locals dict and the globals lend as
 * LOAD_GLOBAL does (module-level code run by every thread). 1 or -1. */
int wf_eval_load_name_stackref(WfFrame *f, WfObject *name, WfStackRef *out) {
    if (f->f_locals != NULL && wf_dict_check_exact(f->f_locals)) {
        int r = wf_dict_get_item_stackref(f->f_locals, name, out);
        if (r != 0)
            return r;
        return wf_eval_load_global_stackref(f, name, out);
    }
    WfObject *v = wf_eval_load_name(f, name);
    if (v == NULL)
        return -1;
    *out = wf_stackref_steal(v);
    return 1;
}

void wf_eval_format_unbound(WfCodeObject *co, int index) {
    WfObject *name = WF_TUPLE_ITEM(co->co_localsplusnames, index);
    if (co->co_localspluskinds[index] & WF_LOCALS_KIND_FREE)
        wf_err_format(wf_exc_NameError,
                      "cannot access free variable '%U' where it is not associated with a value"
                      " in enclosing scope", name);
    else
        wf_err_format(wf_exc_UnboundLocalError,
                      "cannot access local variable '%U' where it is not associated with a value",
                      name);
}

/* ---- attributes ------------------------------------------------------------ */

/* `Class.name(...)` where type.__getattribute__ would return a plain
 * function (itself), a staticmethod's function, or a classmethod's function
 * bound to the class: the function is returned unbound (1: call it with the
 * class first, 0: as it is), so no bound method is made and a deferred
 * function is not counted. NOT_A_PLAIN_METHOD: anything else (a data
 * descriptor on the metatype takes precedence, as in type_getattro). */
#define NOT_A_PLAIN_METHOD 2
static int get_method_of_type(WfObject *obj, WfObject *name, WfStackRef *meth) {
    WfTypeObject *type = (WfTypeObject *)obj;
    /* A type not yet ready goes the general way, which readies it. */
    if (!wf_str_check(name) ||
        !(__atomic_load_n(&type->tp_flags, __ATOMIC_ACQUIRE) & WF_TPFLAGS_READY))
        return NOT_A_PLAIN_METHOD;
    WfObject *meta_attr = wf_type_lookup(WF_TYPE(obj), name);   /* borrowed */
    if (meta_attr && WF_TYPE(meta_attr)->tp_descr_set)
        return NOT_A_PLAIN_METHOD;
    WfObject *attr = wf_type_lookup(type, name);                /* borrowed */
    if (attr == NULL)
        return NOT_A_PLAIN_METHOD;
    WfObject *func = attr;
    int bind_class = 0;
    if (WF_TYPE(attr) != &wf_function_type) {
        func = wf_method_wrapper_callable(attr);
        bind_class = WF_TYPE(attr) == &wf_classmethod_type;
        /* 3.9-3.12 classmethods chain through the callable's __get__: only a
         * function binds as a plain method. */
        if (func == NULL || WF_TYPE(func) != &wf_function_type)
            return NOT_A_PLAIN_METHOD;
    }
    *meth = wf_stackref_new(func);   /* tagged when deferred: no count */
    return bind_class;
}

/* The method is returned as a stack reference: a deferred function is
 * borrowed (tagged), so calling a method of a class every thread shares
 * writes nothing to it (DESIGN.md §3 rule 5). */
int wf_eval_get_method(WfObject *obj, WfObject *name, WfStackRef *meth, WfStackRef *self) {
    WfTypeObject *tp = WF_TYPE(obj);
    *meth = WF_STACKREF_NULL;
    if (tp->tp_getattro == wf_object_generic_getattr) {
        WfObject *descr = wf_type_lookup(tp, name);   /* borrowed */
        if (descr && WF_TYPE_HAS_FLAG(WF_TYPE(descr), WF_TPFLAGS_METHOD_DESCRIPTOR)) {
            /* A method, unless the instance dict shadows it. */
            bool counted = !wf_stackref_skips_count(descr);
            if (counted)
                wf_incref(descr);   /* kept across the dict lookup */
            if (tp->tp_dictoffset) {
                int r = wf_object_instance_attr(obj, name, meth);
                if (r != 0) {
                    if (counted)
                        wf_decref(descr);
                    return r < 0 ? -1 : 0;
                }
            }
            *meth = counted ? wf_stackref_steal(descr) : wf_stackref_new(descr);
            return 1;
        }
    } else if (tp->tp_getattro == wf_type_type.tp_getattro) {
        int r = get_method_of_type(obj, name, meth);
        if (r != NOT_A_PLAIN_METHOD)
            return r;
    } else if (tp == &wf_super_type && wf_super_get_method(obj, name, meth, self)) {
        return 2;
    }
    return wf_object_getattr_stackref(obj, name, meth);   /* maybe lent: `math.sqrt(x)` */
}

/* ---- unpacking --------------------------------------------------------------- */

int wf_eval_unpack_iterable(WfObject *v, int argcnt, int argcntafter, WfStackRef *sp) {
    WfStackRef *top = sp;   /* items go to sp[-1], sp[-2], ... */
    int written = 0;
    WfObject *it = wf_object_get_iter(v);
    if (it == NULL) {
        if (wf_err_exception_matches(wf_exc_TypeError) && WF_TYPE(v)->tp_iter == NULL &&
            WF_TYPE(v)->sq_item == NULL) {
            wf_err_clear();
            wf_err_format(wf_exc_TypeError, "cannot unpack non-iterable %s object",
                          WF_TYPE(v)->tp_name);
        }
        return -1;
    }
    for (int i = 0; i < argcnt; i++) {
        WfObject *w = wf_iter_next(it);
        if (w == NULL) {
            if (!wf_err_occurred()) {
                if (argcntafter == -1)
                    wf_err_format(wf_exc_ValueError,
                                  "not enough values to unpack (expected %d, got %d)", argcnt, i);
                else
                    wf_err_format(wf_exc_ValueError,
                                  "not enough values to unpack (expected at least %d, got %d)",
                                  argcnt + argcntafter, i);
            }
            goto fail;
        }
        *--top = wf_stackref_steal(w);
        written++;
    }
    if (argcntafter == -1) {
        WfObject *w = wf_iter_next(it);
        if (w == NULL) {
            if (wf_err_occurred())
                goto fail;
            wf_decref(it);
            return 0;
        }
        wf_decref(w);
        wf_err_format(wf_exc_ValueError, "too many values to unpack (expected %d)", argcnt);
        goto fail;
    }
    WfObject *l = wf_sequence_list(it);
    if (l == NULL)
        goto fail;
    *--top = wf_stackref_steal(l);
    written++;
    wf_ssize_t ll = WF_LIST_SIZE(l);
    if (ll < argcntafter) {
        wf_err_format(wf_exc_ValueError, "not enough values to unpack (expected at least %d, got %zd)",
                      argcnt + argcntafter, argcnt + ll);
        goto fail;
    }
    /* Pop the "after-variable" items off the end of the list. */
    for (int j = argcntafter; j > 0; j--) {
        *--top = wf_stackref_steal(wf_newref(WF_LIST_ITEM(l, ll - j)));
        written++;
    }
    if (argcntafter > 0 && wf_list_set_slice(l, ll - argcntafter, ll, NULL) < 0)
        goto fail;
    wf_decref(it);
    return 0;
fail:
    for (int i = 0; i < written; i++) {
        WfStackRef r = sp[-1 - i];
        sp[-1 - i] = WF_STACKREF_NULL;
        wf_stackref_close(r);
    }
    wf_decref(it);
    return -1;
}

/* ---- strings --------------------------------------------------------------- */

WfObject *wf_eval_format_value(WfObject *v, int conversion, WfObject *spec) {
    WfObject *conv = NULL;
    /* f"{i}" / f"{i!s}" on an exact int: str(i) without format()'s lookups. */
    if (spec == NULL && (conversion == 0 || conversion == 1) && wf_int_check_exact(v))
        return wf_int_format(v, 10);
    switch (conversion) {
    case 1: conv = wf_object_str(v); break;
    case 2: conv = wf_object_repr(v); break;
    case 3: conv = wf_object_ascii(v); break;
    default: conv = wf_newref(v); break;
    }
    if (conv == NULL)
        return NULL;
    if (spec == NULL && wf_str_check_exact(conv))
        return conv;
    WfObject *res = wf_object_format(conv, spec ? spec : wf_str_empty);
    wf_decref(conv);
    return res;
}

WfObject *wf_eval_build_string(WfStackRef *items, int n) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    for (int i = 0; i < n; i++)
        wf_str_builder_append_str(&b, wf_stackref_borrow_obj(items[i]));
    return wf_str_builder_finish(&b);
}

/* ---- exceptions -------------------------------------------------------------- */

/* An exception instance from a class or instance (raise X / raise X()). */
static WfObject *make_exception(WfObject *exc, const char *what) {
    if (wf_exception_class_check(exc)) {
        WfObject *value = wf_object_call_no_args(exc);
        if (value == NULL)
            return NULL;
        if (!wf_exception_instance_check(value)) {
            wf_err_format(wf_exc_TypeError,
                          "calling %R should have returned an instance of BaseException, not %s",
                          exc, WF_TYPE(value)->tp_name);
            wf_decref(value);
            return NULL;
        }
        return value;
    }
    if (wf_exception_instance_check(exc))
        return wf_newref(exc);
    wf_err_set_string(wf_exc_TypeError, what);
    return NULL;
}

int wf_eval_do_raise(WfObject *exc, WfObject *cause) {
    if (exc == NULL) {
        WfObject *handled = wf_err_get_handled();
        if (handled == NULL || handled == WF_NONE) {
            wf_err_set_string(wf_exc_RuntimeError, "No active exception to reraise");
            return 0;
        }
        wf_err_set_raised(wf_newref(handled));
        return 1;
    }
    WfObject *value = make_exception(exc, "exceptions must derive from BaseException");
    if (value == NULL)
        return 0;
    if (cause) {
        WfObject *fixed = NULL;
        if (cause != WF_NONE) {
            fixed = make_exception(cause, "exception causes must derive from BaseException");
            if (fixed == NULL) {
                wf_decref(value);
                return 0;
            }
        }
        wf_exception_set_cause(value, fixed);   /* NULL for None: suppresses the context */
    }
    wf_err_set_object((WfObject *)WF_TYPE(value), value);
    wf_decref(value);
    return 0;
}

int wf_eval_check_exc_match(WfObject *exc, WfObject *type) {
    static const char msg[] = "catching classes that do not inherit from BaseException is not allowed";
    if (wf_tuple_check(type)) {
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(type); i++) {
            if (!wf_exception_class_check(WF_TUPLE_ITEM(type, i))) {
                wf_err_set_string(wf_exc_TypeError, msg);
                return -1;
            }
        }
    } else if (!wf_exception_class_check(type)) {
        wf_err_set_string(wf_exc_TypeError, msg);
        return -1;
    }
    return wf_err_given_exception_matches(exc, type);
}

WfObject *wf_eval_stopiteration_error(WfObject *exc) {
    if (!wf_err_given_exception_matches(exc, wf_exc_StopIteration))
        return wf_newref(exc);
    WfObject *msg = wf_str_from_cstr("generator raised StopIteration");
    if (msg == NULL)
        return NULL;
    WfObject *err = wf_object_call_one_arg(wf_exc_RuntimeError, msg);
    wf_decref(msg);
    if (err == NULL)
        return NULL;
    wf_exception_set_cause(err, wf_newref(exc));
    wf_exception_set_context(err, wf_newref(exc));
    return err;
}

WfObject *wf_eval_fetch_stopiteration_value(void) {
    if (!wf_err_exception_matches(wf_exc_StopIteration))
        return NULL;
    WfObject *exc = wf_err_get_raised();
    WfObject *v = wf_stop_iteration_value(exc);
    wf_decref(exc);
    return v;
}

/* ---- containers ------------------------------------------------------------ */

int wf_eval_list_extend(WfObject *list, WfObject *iterable) {
    if (wf_list_extend(list, iterable) == 0)
        return 0;
    if (wf_err_exception_matches(wf_exc_TypeError) && WF_TYPE(iterable)->tp_iter == NULL &&
        WF_TYPE(iterable)->sq_item == NULL) {
        wf_err_clear();
        wf_err_format(wf_exc_TypeError, "Value after * must be an iterable, not %s",
                      WF_TYPE(iterable)->tp_name);
    }
    return -1;
}

/* {**update}: a merge through keys() (CPython's PyDict_Update), never the
 * key-value pairs dict.update also takes, so a list is "not a mapping". */
int wf_eval_dict_update(WfObject *dict, WfObject *update) {
    if (wf_dict_merge(dict, update, 1) == 0)
        return 0;
    if (wf_err_exception_matches(wf_exc_AttributeError)) {
        wf_err_clear();
        wf_err_format(wf_exc_TypeError, "'%s' object is not a mapping", WF_TYPE(update)->tp_name);
    }
    return -1;
}

WfObject *wf_eval_function_str(WfObject *callable) {
    WfObject *qualname = NULL, *module = NULL, *res;
    if (wf_object_lookup_attr(callable, WF_ID(__qualname__), &qualname) <= 0 ||
        !wf_str_check(qualname)) {
        wf_err_clear();
        wf_xdecref(qualname);
        return wf_object_str(callable);
    }
    if (wf_object_lookup_attr(callable, WF_ID(__module__), &module) < 0)
        wf_err_clear();
    if (module && module != WF_NONE && wf_str_check(module) &&
        !wf_str_equal_cstr(module, "builtins"))
        res = wf_str_from_format("%U.%U()", module, qualname);
    else
        res = wf_str_from_format("%U()", qualname);
    wf_xdecref(module);
    wf_decref(qualname);
    return res;
}

int wf_eval_dict_merge(WfObject *callable, WfObject *dict, WfObject *update) {
    if (wf_dict_merge(dict, update, 2) == 0)
        return 0;
    if (wf_err_exception_matches(wf_exc_AttributeError)) {
        wf_err_clear();
        WfObject *fs = wf_eval_function_str(callable);
        if (fs) {
            wf_err_format(wf_exc_TypeError, "%U argument after ** must be a mapping, not %s", fs,
                          WF_TYPE(update)->tp_name);
            wf_decref(fs);
        }
    } else if (wf_err_exception_matches(wf_exc_KeyError)) {
        WfObject *exc = wf_err_get_raised();
        WfObject *args = ((WfBaseExceptionObject *)exc)->args;
        if (args && wf_tuple_check(args) && WF_TUPLE_SIZE(args) == 1) {
            /* Any duplicate key, str or not, as CPython 3.11 reports it. */
            WfObject *key = WF_TUPLE_ITEM(args, 0);
            WfObject *fs = wf_eval_function_str(callable);
            if (fs) {
                wf_err_format(wf_exc_TypeError,
                              "%U got multiple values for keyword argument '%S'", fs, key);
                wf_decref(fs);
            }
            wf_decref(exc);
        } else {
            wf_err_set_raised(exc);
        }
    }
    return -1;
}

int wf_eval_setup_annotations(WfFrame *f) {
    if (f->f_locals == NULL) {
        wf_err_set_string(wf_exc_SystemError, "no locals found when setting up annotations");
        return -1;
    }
    WfObject *v;
    int r = mapping_lookup(f->f_locals, WF_ID(__annotations__), &v);
    if (r != 0) {
        wf_xdecref(v);
        return r > 0 ? 0 : -1;
    }
    WfObject *d = wf_dict_new();
    if (d == NULL)
        return -1;
    r = wf_object_setitem(f->f_locals, WF_ID(__annotations__), d);
    wf_decref(d);
    return r;
}

/* ---- calls and functions ---------------------------------------------------- */

WfObject *wf_eval_call_function_ex(WfObject *callable, WfObject *args, WfObject *kwargs) {
    WfObject *targs, *tkw = NULL, *res;
    if (wf_tuple_check_exact(args)) {
        targs = wf_newref(args);
    } else {
        targs = wf_sequence_tuple(args);
        if (targs == NULL) {
            if (wf_err_exception_matches(wf_exc_TypeError) && WF_TYPE(args)->tp_iter == NULL &&
                WF_TYPE(args)->sq_item == NULL) {
                wf_err_clear();
                WfObject *fs = wf_eval_function_str(callable);
                if (fs) {
                    wf_err_format(wf_exc_TypeError, "%U argument after * must be an iterable, not %s",
                                  fs, WF_TYPE(args)->tp_name);
                    wf_decref(fs);
                }
            }
            return NULL;
        }
    }
    if (kwargs && !wf_dict_check_exact(kwargs)) {
        tkw = wf_dict_new();
        if (tkw == NULL || wf_eval_dict_merge(callable, tkw, kwargs) < 0) {
            wf_xdecref(tkw);
            wf_decref(targs);
            return NULL;
        }
        kwargs = tkw;
    }
    if (kwargs && wf_dict_size(kwargs) == 0)
        kwargs = NULL;
    res = wf_object_call(callable, targs, kwargs);
    wf_decref(targs);
    wf_xdecref(tkw);
    return res;
}

/* Annotations arrive as a dict, or as a flat tuple (name, value, ...). */
static WfObject *annotations_dict(WfObject *ann) {
    if (!wf_tuple_check(ann))
        return wf_newref(ann);
    WfObject *d = wf_dict_new();
    if (d == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i + 1 < WF_TUPLE_SIZE(ann); i += 2) {
        if (wf_dict_set_item(d, WF_TUPLE_ITEM(ann, i), WF_TUPLE_ITEM(ann, i + 1)) < 0) {
            wf_decref(d);
            return NULL;
        }
    }
    return d;
}

WfObject *wf_eval_make_function(WfFrame *f, WfObject *code, int flags, WfObject *defaults,
                                WfObject *kwdefaults, WfObject *annotations, WfObject *closure) {
    WfFunctionObject *func = (WfFunctionObject *)wf_function_new(code, f->f_globals, NULL);
    if (func == NULL)
        return NULL;
    if (flags & 8)
        WF_SETREF(func->func_closure, wf_newref(closure));
    if (flags & 4) {
        WfObject *d = annotations_dict(annotations);
        if (d == NULL) {
            wf_decref((WfObject *)func);
            return NULL;
        }
        WF_SETREF(func->func_annotations, d);
    }
    if (flags & 2)
        WF_SETREF(func->func_kwdefaults, wf_newref(kwdefaults));
    if (flags & 1)
        WF_SETREF(func->func_defaults, wf_newref(defaults));
    return (WfObject *)func;
}

WfObject *wf_eval_before_with(WfObject *mgr, WfObject **exit) {
    *exit = NULL;
    WfObject *enter = wf_object_lookup_special(mgr, WF_ID(__enter__));
    if (enter == NULL) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_TypeError,
                          "'%s' object does not support the context manager protocol",
                          WF_TYPE(mgr)->tp_name);
        return NULL;
    }
    WfObject *ex = wf_object_lookup_special(mgr, WF_ID(__exit__));
    if (ex == NULL) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_TypeError,
                          "'%s' object does not support the context manager protocol "
                          "(missed __exit__ method)", WF_TYPE(mgr)->tp_name);
        wf_decref(enter);
        return NULL;
    }
    WfObject *res = wf_object_call_no_args(enter);
    wf_decref(enter);
    if (res == NULL) {
        wf_decref(ex);
        return NULL;
    }
    *exit = ex;
    return res;
}

/* ---- imports -------------------------------------------------------------- */

WfObject *wf_eval_import_name(WfFrame *f, WfObject *name, WfObject *fromlist, WfObject *level) {
    int ilevel = 0;
    if (level != WF_NONE) {
        long l = wf_int_as_long(level);
        if (l == -1 && wf_err_occurred())
            return NULL;
        ilevel = (int)l;
    }
    return wf_import_module_level(name, f->f_globals, fromlist, ilevel);
}

WfObject *wf_eval_import_from(WfObject *module, WfObject *name) {
    WfObject *x;
    int r = wf_object_lookup_attr(module, name, &x);
    if (r != 0)
        return r > 0 ? x : NULL;
    /* A submodule imported as a side effect but not yet an attribute
     * (circular imports): look it up in sys.modules by its full name. */
    WfObject *pkgname = NULL, *fullname = NULL, *pkgpath = NULL;
    if (wf_object_lookup_attr(module, WF_ID(__name__), &pkgname) < 0)
        return NULL;
    if (pkgname && wf_str_check(pkgname)) {
        fullname = wf_str_from_format("%U.%U", pkgname, name);
        if (fullname == NULL)
            goto done;
        r = wf_dict_get_item_ref(wf_main_interpreter.modules, fullname, &x);
        wf_decref(fullname);
        if (r != 0) {
            wf_decref(pkgname);
            return r > 0 ? x : NULL;
        }
    }
    if (wf_object_lookup_attr(module, WF_ID(__file__), &pkgpath) < 0)
        goto done;
    if (pkgpath && !wf_str_check(pkgpath))
        WF_CLEAR(pkgpath);
    /* .name is the package's name, None when it has none (as CPython). */
    WfObject *shown = pkgname && wf_str_check(pkgname) ? wf_newref(pkgname)
                                                       : wf_str_from_cstr("<unknown module name>");
    if (shown == NULL)
        goto done;
    if (pkgname && !wf_str_check(pkgname))
        WF_CLEAR(pkgname);
    /* A module still executing: the usual cause is a circular import. */
    const char *partial = wf_module_check(module) &&
                                  atomic_load_explicit(&((WfModuleObject *)module)->md_initializing,
                                                       memory_order_acquire)
                              ? "partially initialized module "
                              : "";
    const char *circular = partial[0] ? " (most likely due to a circular import)" : "";
    WfObject *msg = pkgpath == NULL
                        ? wf_str_from_format("cannot import name %R from %s%R%s (unknown location)",
                                             name, partial, shown, circular)
                        : wf_str_from_format("cannot import name %R from %s%R%s (%U)", name, partial,
                                             shown, circular, pkgpath);
    wf_decref(shown);
    wf_err_set_import_error(wf_exc_ImportError, msg, pkgname, pkgpath);
done:
    wf_xdecref(pkgname);
    wf_xdecref(pkgpath);
    return NULL;
}

int wf_eval_import_star(WfFrame *f, WfObject *module) {
    WfObject *all = NULL;
    int skip_private = 0;
    if (f->f_locals == NULL) {
        wf_err_set_string(wf_exc_SystemError, "no locals found during 'import *'");
        return -1;
    }
    if (wf_object_lookup_attr(module, WF_ID(__all__), &all) < 0)
        return -1;
    if (all == NULL) {
        WfObject *dict;
        if (wf_object_lookup_attr(module, WF_ID(__dict__), &dict) < 0)
            return -1;
        if (dict == NULL) {
            wf_err_set_string(wf_exc_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        all = wf_dict_check(dict) ? wf_dict_keys(dict) : wf_sequence_list(dict);
        wf_decref(dict);
        if (all == NULL)
            return -1;
        skip_private = 1;
    }
    WfObject *it = wf_object_get_iter(all);
    wf_decref(all);
    if (it == NULL)
        return -1;
    int err = 0;
    WfObject *name;
    while ((name = wf_iter_next(it)) != NULL) {
        if (skip_private && wf_str_check(name) && WF_STR_BYTE_LENGTH(name) > 0 &&
            WF_STR_DATA(name)[0] == '_') {
            wf_decref(name);
            continue;
        }
        WfObject *value = wf_object_getattr(module, name);
        if (value == NULL) {
            wf_decref(name);
            err = -1;
            break;
        }
        if (wf_dict_check_exact(f->f_locals))
            err = wf_dict_set_item(f->f_locals, name, value);
        else
            err = wf_object_setitem(f->f_locals, name, value);
        wf_decref(value);
        wf_decref(name);
        if (err < 0)
            break;
    }
    if (err == 0 && wf_err_occurred())
        err = -1;
    wf_decref(it);
    return err;
}
