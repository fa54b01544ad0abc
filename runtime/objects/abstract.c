/* abstract.c — the generic object protocol: repr/str/hash/truth,
 * comparison, attributes, items, length, iteration, isinstance/issubclass,
 * dir and format. (Numbers are in abstract_number.c.)
 *
 * Invariants:
 *  - Every function dispatches through the type's slots only; behaviour and
 *    messages are CPython 3.11's (PyObject_* in Objects/object.c and
 *    Objects/abstract.c).
 *  - repr/str/comparison guard the C stack with wf_enter_recursive_call, so a
 *    self-containing structure raises RecursionError instead of crashing.
 *  - Rich comparison tries the reflected operation of a right operand whose
 *    type is a proper subclass first; ==/!= fall back to identity.
 */
#include <string.h>

#include "runtime/objects/type_internal.h"
#include "stackref/stackref.h"
#include "runtime/runtime.h"

/* ======================================================================
 * repr, str, ascii, hash, truth
 * ====================================================================== */

WfObject *wf_object_repr(WfObject *o) {
    if (o == NULL)
        return wf_str_from_cstr("<NULL>");
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return NULL;
    if (tp->tp_repr == NULL)
        return wf_object_repr_impl(o);
    if (wf_enter_recursive_call(" while getting the repr of an object") < 0)
        return NULL;
    WfObject *res = tp->tp_repr(o);
    wf_leave_recursive_call();
    if (res && !wf_str_check(res)) {
        wf_err_format(wf_exc_TypeError, "__repr__ returned non-string (type %s)",
                      WF_TYPE(res)->tp_name);
        WF_CLEAR(res);
    }
    return res;
}

WfObject *wf_object_str(WfObject *o) {
    if (o == NULL)
        return wf_str_from_cstr("<NULL>");
    if (wf_str_check_exact(o))
        return wf_newref(o);
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return NULL;
    if (tp->tp_str == NULL)
        return wf_object_repr(o);
    if (wf_enter_recursive_call(" while getting the str of an object") < 0)
        return NULL;
    WfObject *res = tp->tp_str(o);
    wf_leave_recursive_call();
    if (res && !wf_str_check(res)) {
        wf_err_format(wf_exc_TypeError, "__str__ returned non-string (type %s)",
                      WF_TYPE(res)->tp_name);
        WF_CLEAR(res);
    }
    return res;
}

/* Decodes one UTF-8 code point (valid input assumed: str invariant). */
static uint32_t utf8_next(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > 1)
        c &= 0xFF >> (n + 1);
    for (int i = 1; i < n; i++)
        c = (c << 6) | (s[i] & 0x3F);
    *p = s + n;
    return c;
}

WfObject *wf_object_ascii(WfObject *o) {
    WfObject *repr = wf_object_repr(o);
    if (!repr || WF_STR_IS_ASCII(repr))
        return repr;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    const unsigned char *p = (const unsigned char *)WF_STR_DATA(repr);
    const unsigned char *end = p + WF_STR_BYTE_LENGTH(repr);
    char buf[16];
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c < 0x80) {
            buf[0] = (char)c;
            wf_str_builder_append_utf8(&b, buf, 1);
            continue;
        }
        if (c <= 0xff)
            snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
        else if (c <= 0xffff)
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
        else
            snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
        wf_str_builder_append_cstr(&b, buf);
    }
    wf_decref(repr);
    return wf_str_builder_finish(&b);
}

wf_hash_t wf_object_hash_not_implemented(WfObject *o) {
    wf_err_format(wf_exc_TypeError, "unhashable type: '%s'", WF_TYPE(o)->tp_name);
    return -1;
}

wf_hash_t wf_object_hash(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    if (WF_LIKELY(tp->tp_hash != NULL))
        return tp->tp_hash(o);
    /* Not ready yet: readying may inherit object's hash. */
    if (wf_type_ensure_ready(tp) < 0)
        return -1;
    if (tp->tp_hash != NULL)
        return tp->tp_hash(o);
    return wf_object_hash_not_implemented(o);
}

int wf_object_is_true(WfObject *o) {
    if (o == WF_TRUE)
        return 1;
    if (o == WF_FALSE || o == WF_NONE)
        return 0;
    WfTypeObject *tp = WF_TYPE(o);
    wf_ssize_t res;
    if (tp->nb_bool)
        return tp->nb_bool(o);
    if (tp->mp_length)
        res = tp->mp_length(o);
    else if (tp->sq_length)
        res = tp->sq_length(o);
    else
        return 1;
    return res > 0 ? 1 : (int)res;
}

int wf_object_not(WfObject *o) {
    int r = wf_object_is_true(o);
    return r < 0 ? r : r == 0;
}

/* ======================================================================
 * Rich comparison
 * ====================================================================== */

static const char *const opstrings[] = {"<", "<=", "==", "!=", ">", ">="};
static const int swapped_op[] = {WF_GT, WF_GE, WF_EQ, WF_NE, WF_LT, WF_LE};

static WfObject *do_richcompare(WfObject *v, WfObject *w, int op) {
    wf_richcmpfunc f;
    WfObject *res;
    int checked_reverse_op = 0;
    if (WF_TYPE(v) != WF_TYPE(w) && wf_type_is_subtype(WF_TYPE(w), WF_TYPE(v)) &&
        (f = WF_TYPE(w)->tp_richcompare) != NULL) {
        checked_reverse_op = 1;
        res = f(w, v, swapped_op[op]);
        if (res != WF_NOTIMPLEMENTED)
            return res;
        wf_decref(res);
    }
    if ((f = WF_TYPE(v)->tp_richcompare) != NULL) {
        res = f(v, w, op);
        if (res != WF_NOTIMPLEMENTED)
            return res;
        wf_decref(res);
    }
    if (!checked_reverse_op && (f = WF_TYPE(w)->tp_richcompare) != NULL) {
        res = f(w, v, swapped_op[op]);
        if (res != WF_NOTIMPLEMENTED)
            return res;
        wf_decref(res);
    }
    switch (op) {
    case WF_EQ:
        return wf_newref(wf_bool_from_long(v == w));
    case WF_NE:
        return wf_newref(wf_bool_from_long(v != w));
    default:
        wf_err_format(wf_exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                      opstrings[op], WF_TYPE(v)->tp_name, WF_TYPE(w)->tp_name);
        return NULL;
    }
}

WfObject *wf_object_rich_compare(WfObject *a, WfObject *b, int op) {
    wf_assert(op >= WF_LT && op <= WF_GE);
    if (wf_enter_recursive_call(" in comparison") < 0)
        return NULL;
    WfObject *res = do_richcompare(a, b, op);
    wf_leave_recursive_call();
    return res;
}

int wf_object_rich_compare_bool(WfObject *a, WfObject *b, int op) {
    /* Identity implies equality, as containers rely on. */
    if (a == b) {
        if (op == WF_EQ)
            return 1;
        if (op == WF_NE)
            return 0;
    }
    WfObject *res = wf_object_rich_compare(a, b, op);
    if (!res)
        return -1;
    int ok = wf_bool_check(res) ? res == WF_TRUE : wf_object_is_true(res);
    wf_decref(res);
    return ok;
}

/* ======================================================================
 * Attributes
 * ====================================================================== */

static int check_attr_name(WfObject *name) {
    if (WF_LIKELY(wf_str_check(name)))
        return 0;
    wf_err_format(wf_exc_TypeError, "attribute name must be string, not '%s'",
                  WF_TYPE_NAME(name));
    return -1;
}

/* For LOAD_ATTR: 0 with *out set, or -1. Generic getattr and modules may
 * lend the value (wf_object_generic_getattr_stackref). */
int wf_object_getattr_stackref(WfObject *o, WfObject *name, WfStackRef *out) {
    if (WF_TYPE(o)->tp_getattro == wf_object_generic_getattr) {
        if (wf_object_generic_getattr_stackref(o, name, 0, out) > 0)
            return 0;
        if (wf_err_exception_matches(wf_exc_AttributeError))
            wf_attribute_error_set_context(o, name);
        return -1;
    }
    if (WF_TYPE(o)->tp_getattro == wf_module_type.tp_getattro) {
        if (wf_module_getattr_stackref(o, name, out) == 0)
            return 0;
        if (wf_err_exception_matches(wf_exc_AttributeError))
            wf_attribute_error_set_context(o, name);
        return -1;
    }
    WfObject *res = wf_object_getattr(o, name);
    if (res == NULL)
        return -1;
    *out = wf_stackref_steal(res);
    return 0;
}

WfObject *wf_object_getattr(WfObject *o, WfObject *name) {
    if (check_attr_name(name) < 0)
        return NULL;
    WfTypeObject *tp = WF_TYPE(o);
    WfObject *res;
    if (tp->tp_getattro) {
        res = tp->tp_getattro(o, name);
    } else {
        if (wf_type_ensure_ready(tp) < 0)
            return NULL;
        if (!tp->tp_getattro) {
            wf_err_format(wf_exc_AttributeError, "'%s' object has no attribute '%U'",
                          tp->tp_name, name);
            wf_attribute_error_set_context(o, name);
            return NULL;
        }
        res = tp->tp_getattro(o, name);
    }
    if (!res && wf_err_exception_matches(wf_exc_AttributeError))
        wf_attribute_error_set_context(o, name);
    return res;
}

WfObject *wf_object_getattr_cstr(WfObject *o, const char *name) {
    WfObject *n = wf_str_intern_cstr(name);
    return n ? wf_object_getattr(o, n) : NULL;
}


int wf_object_lookup_attr(WfObject *o, WfObject *name, WfObject **result) {
    *result = NULL;
    if (check_attr_name(name) < 0)
        return -1;
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return -1;
    /* Fast paths that miss without creating an AttributeError. */
    if (tp->tp_getattro == wf_object_generic_getattr) {
        *result = wf_object_generic_getattr_ex(o, name, 1);
        return *result ? 1 : (wf_err_occurred() ? -1 : 0);
    }
    if (tp->tp_getattro == wf_type_type.tp_getattro) {
        *result = wf_type_getattr_suppress(o, name);
        return *result ? 1 : (wf_err_occurred() ? -1 : 0);
    }
    if (!tp->tp_getattro)
        return 0;
    *result = tp->tp_getattro(o, name);
    if (*result)
        return 1;
    if (!wf_err_exception_matches(wf_exc_AttributeError))
        return -1;
    wf_err_clear();
    return 0;
}

int wf_object_setattr(WfObject *o, WfObject *name, WfObject *value) {
    if (check_attr_name(name) < 0)
        return -1;
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return -1;
    if (tp->tp_setattro) {
        wf_incref(name);
        wf_str_intern_in_place(&name);
        int r = tp->tp_setattro(o, name, value);
        wf_decref(name);
        return r;
    }
    if (!tp->tp_getattro)
        wf_err_format(wf_exc_TypeError, "'%s' object has no attributes (%s .%U)", tp->tp_name,
                      value ? "assign to" : "del", name);
    else
        wf_err_format(wf_exc_TypeError, "'%s' object has only read-only attributes (%s .%U)",
                      tp->tp_name, value ? "assign to" : "del", name);
    return -1;
}

int wf_object_setattr_cstr(WfObject *o, const char *name, WfObject *value) {
    WfObject *n = wf_str_intern_cstr(name);
    return n ? wf_object_setattr(o, n, value) : -1;
}

int wf_object_delattr(WfObject *o, WfObject *name) {
    return wf_object_setattr(o, name, NULL);
}

int wf_object_hasattr(WfObject *o, WfObject *name) {
    WfObject *res;
    int r = wf_object_lookup_attr(o, name, &res);
    if (r < 0) {
        wf_err_clear();
        return 0;
    }
    wf_xdecref(res);
    return r;
}

/* CPython's _PyObject_GetMethod: *method is the unbound function and 1 is
 * returned when the attribute is a method descriptor found on the type and
 * not shadowed; otherwise *method is the ordinary attribute and 0. -1 on error. */
int wf_object_get_method(WfObject *obj, WfObject *name, WfObject **method) {
    WfTypeObject *tp = WF_TYPE(obj);
    *method = NULL;
    if (tp->tp_getattro != wf_object_generic_getattr || !wf_str_check(name)) {
        *method = wf_object_getattr(obj, name);
        return *method ? 0 : -1;
    }
    WfObject *descr = wf_type_lookup(tp, name);
    wf_descrgetfunc f = NULL;
    int meth_found = 0;
    if (descr) {
        wf_incref(descr);
        if (WF_TYPE_HAS_FLAG(WF_TYPE(descr), WF_TPFLAGS_METHOD_DESCRIPTOR)) {
            meth_found = 1;
        } else {
            f = WF_TYPE(descr)->tp_descr_get;
            if (f && WF_TYPE(descr)->tp_descr_set) {
                *method = f(descr, obj, (WfObject *)tp);
                wf_decref(descr);
                return *method ? 0 : -1;
            }
        }
    }
    WfObject *attr;
    int r = wf_object_instance_attr_ref(obj, name, &attr);
    if (r != 0) {
        wf_xdecref(descr);
        *method = attr;
        return r > 0 ? 0 : -1;
    }
    if (meth_found) {
        *method = descr;
        return 1;
    }
    if (f) {
        *method = f(descr, obj, (WfObject *)tp);
        wf_decref(descr);
        return *method ? 0 : -1;
    }
    if (descr) {
        *method = descr;
        return 0;
    }
    wf_object_raise_no_attribute(obj, name);
    return -1;
}

/* ======================================================================
 * Items and length
 * ====================================================================== */

static int sequence_index(WfObject *o, WfObject *key, wf_ssize_t *index) {
    if (!wf_index_check(key)) {
        wf_err_format(wf_exc_TypeError, "sequence index must be integer, not '%s'",
                      WF_TYPE_NAME(key));
        return -1;
    }
    wf_ssize_t i = wf_number_as_ssize(key, wf_exc_IndexError);
    if (i == -1 && wf_err_occurred())
        return -1;
    if (i < 0 && WF_TYPE(o)->sq_length) {
        wf_ssize_t n = WF_TYPE(o)->sq_length(o);
        if (n < 0)
            return -1;
        i += n;
    }
    *index = i;
    return 0;
}

WfObject *wf_object_getitem(WfObject *o, WfObject *key) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->mp_subscript)
        return tp->mp_subscript(o, key);
    if (tp->sq_item) {
        wf_ssize_t i;
        if (sequence_index(o, key, &i) < 0)
            return NULL;
        return tp->sq_item(o, i);
    }
    if (wf_type_check(o)) {
        if (o == (WfObject *)&wf_type_type)
            return wf_object_call_method_objargs(o, WF_ID(__class_getitem__), key, NULL);
        WfObject *meth;
        if (wf_object_lookup_attr(o, WF_ID(__class_getitem__), &meth) < 0)
            return NULL;
        if (meth) {
            WfObject *res = wf_object_call_one_arg(meth, key);
            wf_decref(meth);
            return res;
        }
        wf_err_format(wf_exc_TypeError, "type '%s' is not subscriptable",
                      ((WfTypeObject *)o)->tp_name);
        return NULL;
    }
    wf_err_format(wf_exc_TypeError, "'%s' object is not subscriptable", tp->tp_name);
    return NULL;
}

int wf_object_setitem(WfObject *o, WfObject *key, WfObject *value) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->mp_ass_subscript)
        return tp->mp_ass_subscript(o, key, value);
    if (tp->sq_ass_item) {
        wf_ssize_t i;
        if (sequence_index(o, key, &i) < 0)
            return -1;
        return tp->sq_ass_item(o, i, value);
    }
    if (tp->mp_subscript || tp->sq_item)
        wf_err_format(wf_exc_TypeError, "'%s' object does not support item assignment",
                      tp->tp_name);
    else
        wf_err_format(wf_exc_TypeError, "'%s' object does not support item assignment",
                      tp->tp_name);
    return -1;
}

int wf_object_delitem(WfObject *o, WfObject *key) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->mp_ass_subscript)
        return tp->mp_ass_subscript(o, key, NULL);
    if (tp->sq_ass_item) {
        wf_ssize_t i;
        if (sequence_index(o, key, &i) < 0)
            return -1;
        return tp->sq_ass_item(o, i, NULL);
    }
    wf_err_format(wf_exc_TypeError, "'%s' object doesn't support item deletion", tp->tp_name);
    return -1;
}

wf_ssize_t wf_object_length(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->sq_length) {
        wf_ssize_t n = tp->sq_length(o);
        wf_assert(n >= 0 || wf_err_occurred());
        return n;
    }
    if (tp->mp_length)
        return tp->mp_length(o);
    wf_err_format(wf_exc_TypeError, "object of type '%s' has no len()", tp->tp_name);
    return -1;
}

wf_ssize_t wf_object_length_hint(WfObject *o, wf_ssize_t dflt) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->sq_length || tp->mp_length) {
        wf_ssize_t n = wf_object_length(o);
        if (n >= 0)
            return n;
        if (!wf_err_exception_matches(wf_exc_TypeError))
            return -1;
        wf_err_clear();
    }
    WfObject *hint = wf_object_lookup_special(o, WF_ID(__length_hint__));
    if (!hint)
        return wf_err_occurred() ? -1 : dflt;
    WfObject *res = wf_object_call_no_args(hint);
    wf_decref(hint);
    if (!res) {
        if (!wf_err_exception_matches(wf_exc_TypeError))
            return -1;
        wf_err_clear();
        return dflt;
    }
    if (res == WF_NOTIMPLEMENTED) {
        wf_decref(res);
        return dflt;
    }
    if (!wf_int_check(res)) {
        wf_err_format(wf_exc_TypeError, "__length_hint__ must be an integer, not %s",
                      WF_TYPE_NAME(res));
        wf_decref(res);
        return -1;
    }
    wf_ssize_t n = wf_int_as_ssize(res);
    wf_decref(res);
    if (n == -1 && wf_err_occurred())
        return -1;
    if (n < 0) {
        wf_err_set_string(wf_exc_ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return n;
}

/* ======================================================================
 * Iteration and containment
 * ====================================================================== */

int wf_iter_check(WfObject *o) {
    return WF_TYPE(o)->tp_iternext != NULL;
}

WfObject *wf_object_get_iter(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    if (tp->tp_iter == NULL) {
        if (wf_type_ensure_ready(tp) < 0)
            return NULL;
        if (tp->tp_iter == NULL) {
            if (tp->sq_item && !wf_dict_check(o))
                return wf_seqiter_new(o);
            wf_err_format(wf_exc_TypeError, "'%s' object is not iterable", tp->tp_name);
            return NULL;
        }
    }
    WfObject *res = tp->tp_iter(o);
    if (res && !wf_iter_check(res)) {
        wf_err_format(wf_exc_TypeError, "iter() returned non-iterator of type '%s'",
                      WF_TYPE(res)->tp_name);
        WF_CLEAR(res);
    }
    return res;
}

WfObject *wf_iter_next(WfObject *iter) {
    WfObject *res = WF_TYPE(iter)->tp_iternext(iter);
    if (!res && wf_err_occurred() && wf_err_exception_matches(wf_exc_StopIteration))
        wf_err_clear();
    return res;
}

int wf_sequence_iter_search_contains(WfObject *seq, WfObject *value) {
    WfObject *it = wf_object_get_iter(seq);
    if (!it) {
        if (wf_err_exception_matches(wf_exc_TypeError)) {
            wf_err_clear();
            wf_err_format(wf_exc_TypeError, "argument of type '%s' is not iterable",
                          WF_TYPE_NAME(seq));
        }
        return -1;
    }
    int found = 0;
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        int cmp = wf_object_rich_compare_bool(item, value, WF_EQ);
        wf_decref(item);
        if (cmp != 0) {
            found = cmp;
            break;
        }
    }
    if (!item && wf_err_occurred())
        found = -1;
    wf_decref(it);
    return found;
}

int wf_sequence_contains(WfObject *seq, WfObject *item) {
    wf_objobjproc f = WF_TYPE(seq)->sq_contains;
    if (f)
        return f(seq, item);
    return wf_sequence_iter_search_contains(seq, item);
}

WfObject *wf_sequence_list(WfObject *o) {
    WfObject *list = wf_list_new(0);
    if (!list)
        return NULL;
    if (wf_list_extend(list, o) < 0) {
        wf_decref(list);
        return NULL;
    }
    return list;
}

WfObject *wf_sequence_tuple(WfObject *o) {
    if (wf_tuple_check_exact(o))
        return wf_newref(o);
    if (wf_list_check_exact(o))
        return wf_list_as_tuple(o);
    WfObject *list = wf_sequence_list(o);
    if (!list)
        return NULL;
    WfObject *t = wf_list_as_tuple(list);
    wf_decref(list);
    return t;
}

/* ======================================================================
 * Types: type(), isinstance, issubclass
 * ====================================================================== */

WfObject *wf_object_type_of(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    if (wf_type_ensure_ready(tp) < 0)
        return NULL;
    return wf_newref((WfObject *)tp);
}

/* isinstance against one class, without __instancecheck__. */
/* Whether inst.__class__ is certainly type(inst): generic getattr finds
 * object's own __class__ descriptor (a data descriptor, so the instance
 * dict cannot hide it). Then isinstance need not call it, and takes no
 * reference to a class that every thread shares. */
static bool class_attribute_is_type(WfObject *inst) {
    WfTypeObject *tp = WF_TYPE(inst);
    if (tp->tp_getattro != wf_object_generic_getattr)
        return false;
    WfObject *descr = wf_type_lookup(tp, WF_ID(__class__));
    return descr != NULL && descr == wf_type_lookup(&wf_object_type, WF_ID(__class__));
}

/* isinstance(inst, cls) for a class cls, without __instancecheck__: the
 * real type, then a different __class__ (proxies), as CPython's
 * object_isinstance. 1, 0 or -1. */
int wf_object_isinstance_of_type(WfObject *inst, WfTypeObject *cls) {
    int r = wf_type_is_subtype(WF_TYPE(inst), cls);
    if (r || class_attribute_is_type(inst))
        return r;
    WfObject *icls;
    if (wf_object_lookup_attr(inst, WF_ID(__class__), &icls) < 0)
        return -1;
    if (icls) {
        if (icls != (WfObject *)WF_TYPE(inst) && wf_type_check(icls))
            r = wf_type_is_subtype((WfTypeObject *)icls, cls);
        wf_decref(icls);
    }
    return r;
}

static int object_isinstance(WfObject *inst, WfObject *cls) {
    if (wf_type_check(cls))
        return wf_object_isinstance_of_type(inst, (WfTypeObject *)cls);
    wf_err_set_string(wf_exc_TypeError,
                      "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

int wf_object_isinstance(WfObject *inst, WfObject *cls) {
    if ((WfObject *)WF_TYPE(inst) == cls)
        return 1;
    if (WF_TYPE(cls) == &wf_type_type)
        return object_isinstance(inst, cls);
    if (wf_tuple_check(cls)) {
        if (wf_enter_recursive_call(" in __instancecheck__") < 0)
            return -1;
        int r = 0;
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(cls) && r == 0; i++)
            r = wf_object_isinstance(inst, WF_TUPLE_ITEM(cls, i));
        wf_leave_recursive_call();
        return r;
    }
    WfObject *checker = wf_object_lookup_special(cls, WF_ID(__instancecheck__));
    if (checker) {
        if (wf_enter_recursive_call(" in __instancecheck__") < 0) {
            wf_decref(checker);
            return -1;
        }
        WfObject *res = wf_object_call_one_arg(checker, inst);
        wf_leave_recursive_call();
        wf_decref(checker);
        if (!res)
            return -1;
        int r = wf_object_is_true(res);
        wf_decref(res);
        return r;
    }
    if (wf_err_occurred())
        return -1;
    return object_isinstance(inst, cls);
}

static int recursive_issubclass(WfObject *derived, WfObject *cls) {
    if (wf_type_check(cls) && wf_type_check(derived))
        return wf_type_is_subtype((WfTypeObject *)derived, (WfTypeObject *)cls);
    if (!wf_type_check(derived)) {
        wf_err_set_string(wf_exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    wf_err_set_string(wf_exc_TypeError,
                      "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
}

int wf_object_issubclass(WfObject *derived, WfObject *cls) {
    if (WF_TYPE(cls) == &wf_type_type) {
        if (derived == cls)
            return 1;
        return recursive_issubclass(derived, cls);
    }
    if (wf_tuple_check(cls)) {
        if (wf_enter_recursive_call(" in __subclasscheck__") < 0)
            return -1;
        int r = 0;
        for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(cls) && r == 0; i++)
            r = wf_object_issubclass(derived, WF_TUPLE_ITEM(cls, i));
        wf_leave_recursive_call();
        return r;
    }
    WfObject *checker = wf_object_lookup_special(cls, WF_ID(__subclasscheck__));
    if (checker) {
        WfObject *res = wf_object_call_one_arg(checker, derived);
        wf_decref(checker);
        if (!res)
            return -1;
        int r = wf_object_is_true(res);
        wf_decref(res);
        return r;
    }
    if (wf_err_occurred())
        return -1;
    return recursive_issubclass(derived, cls);
}

/* ======================================================================
 * dir, format, callable
 * ====================================================================== */

WfObject *wf_object_dir(WfObject *o) {
    WfObject *result;
    if (o == NULL) {
        WfObject *locals = wf_eval_get_locals();
        if (!locals)
            return wf_err_occurred() ? NULL : wf_list_new(0);
        result = wf_dict_check(locals) ? wf_dict_keys(locals) : wf_sequence_list(locals);
        wf_decref(locals);
    } else {
        WfObject *dirfunc = wf_object_lookup_special(o, WF_ID(__dir__));
        if (!dirfunc) {
            if (!wf_err_occurred())
                wf_err_set_string(wf_exc_TypeError, "object does not provide __dir__");
            return NULL;
        }
        WfObject *res = wf_object_call_no_args(dirfunc);
        wf_decref(dirfunc);
        if (!res)
            return NULL;
        result = wf_sequence_list(res);
        wf_decref(res);
    }
    if (result && wf_list_sort(result) < 0)
        WF_CLEAR(result);
    return result;
}

WfObject *wf_object_format(WfObject *o, WfObject *format_spec) {
    if (format_spec != NULL && !wf_str_check(format_spec)) {
        wf_err_format(wf_exc_SystemError, "Format specifier must be a string, not %s",
                      WF_TYPE_NAME(format_spec));
        return NULL;
    }
    bool empty = format_spec == NULL || WF_STR_LENGTH(format_spec) == 0;
    if (empty) {
        if (wf_str_check_exact(o))
            return wf_newref(o);
        if (wf_int_check_exact(o))
            return wf_object_str(o);
    }
    WfObject *meth = wf_object_lookup_special(o, WF_ID(__format__));
    if (!meth) {
        if (!wf_err_occurred())
            wf_err_format(wf_exc_TypeError, "Type %s doesn't define __format__",
                          WF_TYPE(o)->tp_name);
        return NULL;
    }
    WfObject *res = wf_object_call_one_arg(meth, format_spec ? format_spec : wf_str_empty);
    wf_decref(meth);
    if (res && !wf_str_check(res)) {
        wf_err_format(wf_exc_TypeError, "__format__ must return a str, not %s", WF_TYPE_NAME(res));
        WF_CLEAR(res);
    }
    return res;
}

bool wf_callable_check(WfObject *o) {
    WfTypeObject *tp = WF_TYPE(o);
    return tp->tp_call != NULL || tp->tp_vectorcall != NULL;
}
