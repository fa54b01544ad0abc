/* dict_views.c — dict_keys / dict_values / dict_items views and the dict
 * iterators (forward and reversed).
 *
 * Invariants:
 *  - A view holds a strong reference to its dict and reads it live: it has
 *    no state of its own.
 *  - An iterator remembers ma_used at creation (di_used) and the number of
 *    items still expected (len). A size change raises "dictionary changed
 *    size during iteration" (and keeps raising); finding more items than
 *    expected with an unchanged size raises "dictionary keys changed during
 *    iteration". An exhausted iterator drops its dict (di_dict = NULL).
 *  - Iterators read entries by position in the dict's current keys table and
 *    bound every position by its dk_nentries, so a table replaced under
 *    them is never read out of bounds. Each step runs in the dict's
 *    critical section, which also guards the iterator's own fields (an
 *    iterator shared by threads); the key and value are returned with new
 *    references taken in the section. Once threads exist an exhausted
 *    iterator keeps its dict (flag `exhausted`) until it dies.
 */
#include "runtime/objects/dict_internal.h"
#include "runtime/objects/lockfree.h"
#include "threads/critical_section.h"

/* ---- iterators ---------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    WfDictObject *di_dict;   /* NULL when exhausted single-threaded */
    wf_ssize_t di_used;
    wf_ssize_t di_pos;
    wf_ssize_t len;          /* items still expected */
    bool exhausted;          /* exhausted once threads exist (di_dict kept) */
} DictIterObject;

static bool is_reversed_iter(WfTypeObject *t) {
    return t == &wf_dict_revkeyiter_type || t == &wf_dict_revvalueiter_type ||
           t == &wf_dict_revitemiter_type;
}

WfObject *wf_dict_iter_new(WfDictObject *d, WfTypeObject *itertype) {
    DictIterObject *di = (DictIterObject *)wf_object_alloc(itertype);
    if (di == NULL)
        return NULL;
    di->di_dict = (WfDictObject *)wf_newref((WfObject *)d);
    di->exhausted = false;
    WF_BEGIN_CRITICAL_SECTION(d);
    di->di_used = d->ma_used;
    di->len = d->ma_used;
    di->di_pos = is_reversed_iter(itertype) ? d->ma_keys->dk_nentries - 1 : 0;
    WF_END_CRITICAL_SECTION();
    return (WfObject *)di;
}

static void dictiter_dealloc(WfObject *self) {
    wf_xdecref((WfObject *)((DictIterObject *)self)->di_dict);
    wf_object_free(self);
}

static int dictiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *d = (WfObject *)((DictIterObject *)self)->di_dict;
    return d ? visit(d, arg) : 0;
}

static int dictiter_clear(WfObject *self) {
    WF_CLEAR(((DictIterObject *)self)->di_dict);
    return 0;
}

/* Single-threaded, the dict is dropped at once (CPython 3.11); once threads
 * exist another thread may be using di_dict, so it stays until the
 * iterator dies and the flag says exhausted. Returns the reference the
 * caller drops after the section, or NULL. */
static WfDictObject *dictiter_exhaust(DictIterObject *di) {
    di->exhausted = true;
    if (wf_objects_are_shared())
        return NULL;
    WfDictObject *d = di->di_dict;
    di->di_dict = NULL;
    return d;
}

/* The next live entry: 1 (new references to key and value), 0 end, -1
 * error. Runs in the dict's critical section, which also guards the
 * iterator's fields: every access to them takes the section of the same
 * dict, so an iterator shared by threads stays consistent. */
static int dictiter_advance_lock_held(DictIterObject *di, WfDictObject *d, WfObject **key,
                                      WfObject **value, WfDictObject **drop) {
    if (di->exhausted)
        return 0;
    if (di->di_used != d->ma_used) {
        wf_err_set_string(wf_exc_RuntimeError, "dictionary changed size during iteration");
        di->di_used = -1;   /* make this state sticky */
        return -1;
    }
    WfDictKeys *dk = d->ma_keys;
    WfDictEntry *ep = WF_DK_ENTRIES(dk);
    wf_ssize_t i = di->di_pos, n = dk->dk_nentries;
    if (is_reversed_iter(WF_TYPE(di))) {
        if (i >= n)
            i = n - 1;
        while (i >= 0 && ep[i].me_value == NULL)
            i--;
        if (i < 0)
            goto exhausted;
        di->di_pos = i - 1;
    } else {
        while (i < n && ep[i].me_value == NULL)
            i++;
        if (i >= n)
            goto exhausted;
        di->di_pos = i + 1;
    }
    if (di->len == 0) {
        wf_err_set_string(wf_exc_RuntimeError, "dictionary keys changed during iteration");
        *drop = dictiter_exhaust(di);
        return -1;
    }
    di->len--;
    *key = wf_newref(ep[i].me_key);
    *value = wf_newref(ep[i].me_value);
    return 1;
exhausted:
    *drop = dictiter_exhaust(di);
    return 0;
}

static int dictiter_advance(DictIterObject *di, WfObject **key, WfObject **value) {
    WfDictObject *d = __atomic_load_n(&di->di_dict, __ATOMIC_ACQUIRE);
    if (d == NULL)
        return 0;
    WfDictObject *drop = NULL;
    int r;
    WF_BEGIN_CRITICAL_SECTION(d);
    r = dictiter_advance_lock_held(di, d, key, value, &drop);
    WF_END_CRITICAL_SECTION();
    wf_xdecref((WfObject *)drop);
    return r;
}

static WfObject *dictiter_next_key(WfObject *self) {
    WfObject *key, *value;
    if (dictiter_advance((DictIterObject *)self, &key, &value) <= 0)
        return NULL;
    wf_decref(value);
    return key;
}

static WfObject *dictiter_next_value(WfObject *self) {
    WfObject *key, *value;
    if (dictiter_advance((DictIterObject *)self, &key, &value) <= 0)
        return NULL;
    wf_decref(key);
    return value;
}

static WfObject *dictiter_next_item(WfObject *self) {
    WfObject *key, *value;
    if (dictiter_advance((DictIterObject *)self, &key, &value) <= 0)
        return NULL;
    WfObject *t = wf_tuple_new(2);
    if (t == NULL) {
        wf_decref(key);
        wf_decref(value);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(t, 0, key);
    WF_TUPLE_SET_ITEM(t, 1, value);
    return t;
}

static WfObject *dictiter_self(WfObject *self) {
    return wf_newref(self);
}

static WfObject *dictiter_length_hint(WfObject *self, WfObject *unused) {
    DictIterObject *di = (DictIterObject *)self;
    WfDictObject *d = __atomic_load_n(&di->di_dict, __ATOMIC_ACQUIRE);
    wf_ssize_t n = 0;
    if (d != NULL) {
        WF_BEGIN_CRITICAL_SECTION(d);
        if (!di->exhausted && di->di_used == d->ma_used)
            n = di->len;
        WF_END_CRITICAL_SECTION();
    }
    return wf_int_from_ssize(n);
}

static WfMethodDef dictiter_methods[] = {
    {"__length_hint__", (void *)dictiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

#define DICT_ITER_TYPE(cname, pyname, nextfn)                                             \
    WfTypeObject cname = {                                                                \
        .tp_name = pyname,                                                                \
        .tp_basicsize = sizeof(DictIterObject),                                           \
        .tp_flags = WF_TPFLAGS_HAVE_GC,                                                   \
        .tp_dealloc = dictiter_dealloc,                                                   \
        .tp_traverse = dictiter_traverse,                                                 \
        .tp_clear = dictiter_clear,                                                       \
        .tp_iter = dictiter_self,                                                         \
        .tp_iternext = nextfn,                                                            \
        .tp_methods = dictiter_methods,                                                   \
    }

DICT_ITER_TYPE(wf_dict_keyiter_type, "dict_keyiterator", dictiter_next_key);
DICT_ITER_TYPE(wf_dict_valueiter_type, "dict_valueiterator", dictiter_next_value);
DICT_ITER_TYPE(wf_dict_itemiter_type, "dict_itemiterator", dictiter_next_item);
DICT_ITER_TYPE(wf_dict_revkeyiter_type, "dict_reversekeyiterator", dictiter_next_key);
DICT_ITER_TYPE(wf_dict_revvalueiter_type, "dict_reversevalueiterator", dictiter_next_value);
DICT_ITER_TYPE(wf_dict_revitemiter_type, "dict_reverseitemiterator", dictiter_next_item);

/* ---- views -------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *dv_dict;
} DictViewObject;

#define VIEW_DICT(v) (((DictViewObject *)(v))->dv_dict)

WfObject *wf_dict_view_new(WfObject *d, WfTypeObject *viewtype) {
    if (d == NULL || !wf_dict_check(d)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    DictViewObject *dv = (DictViewObject *)wf_object_alloc(viewtype);
    if (dv == NULL)
        return NULL;
    dv->dv_dict = wf_newref(d);
    return (WfObject *)dv;
}

static bool is_setlike_view(WfObject *o) {
    return WF_TYPE(o) == &wf_dict_keys_type || WF_TYPE(o) == &wf_dict_items_type;
}

static void dictview_dealloc(WfObject *self) {
    wf_xdecref(VIEW_DICT(self));
    wf_object_free(self);
}

static int dictview_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    return VIEW_DICT(self) ? visit(VIEW_DICT(self), arg) : 0;
}

static int dictview_clear(WfObject *self) {
    WF_CLEAR(VIEW_DICT(self));
    return 0;
}

static wf_ssize_t dictview_len(WfObject *self) {
    return wf_dict_size(VIEW_DICT(self));
}

/* A list of a view's keys / values / (key, value) pairs, taken in the
 * dict's critical section (list(d.items()) is atomic, as in CPython); NULL
 * without an exception when o is not a dict view. */
WfObject *wf_dict_view_snapshot(WfObject *o) {
    if (WF_TYPE(o) == &wf_dict_keys_type)
        return wf_dict_keys(VIEW_DICT(o));
    if (WF_TYPE(o) == &wf_dict_values_type)
        return wf_dict_values(VIEW_DICT(o));
    if (WF_TYPE(o) == &wf_dict_items_type)
        return wf_dict_items(VIEW_DICT(o));
    return NULL;
}

static WfObject *dictkeys_iter(WfObject *self) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_keyiter_type);
}
static WfObject *dictvalues_iter(WfObject *self) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_valueiter_type);
}
static WfObject *dictitems_iter(WfObject *self) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_itemiter_type);
}
static WfObject *dictkeys_reversed(WfObject *self, WfObject *unused) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_revkeyiter_type);
}
static WfObject *dictvalues_reversed(WfObject *self, WfObject *unused) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_revvalueiter_type);
}
static WfObject *dictitems_reversed(WfObject *self, WfObject *unused) {
    return wf_dict_iter_new((WfDictObject *)VIEW_DICT(self), &wf_dict_revitemiter_type);
}

static int dictkeys_contains(WfObject *self, WfObject *key) {
    return wf_dict_contains(VIEW_DICT(self), key);
}

static int dictitems_contains(WfObject *self, WfObject *item) {
    if (!wf_tuple_check(item) || WF_TUPLE_SIZE(item) != 2)
        return 0;
    WfObject *found;
    int r = wf_dict_get_item_ref(VIEW_DICT(self), WF_TUPLE_ITEM(item, 0), &found);
    if (r <= 0)
        return r;
    r = wf_object_rich_compare_bool(found, WF_TUPLE_ITEM(item, 1), WF_EQ);
    wf_decref(found);
    return r;
}

/* The view as a list, by iterating it. */
static WfObject *view_to_list(WfObject *self) {
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return NULL;
    WfObject *it = wf_object_get_iter(self);
    if (it == NULL) {
        wf_decref(list);
        return NULL;
    }
    WfObject *x;
    while ((x = wf_iter_next(it)) != NULL) {
        int r = wf_list_append(list, x);
        wf_decref(x);
        if (r < 0)
            break;
    }
    wf_decref(it);
    if (wf_err_occurred()) {
        wf_decref(list);
        return NULL;
    }
    return list;
}

static WfObject *dictview_repr(WfObject *self) {
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_cstr("...") : NULL;
    WfObject *result = NULL;
    WfObject *seq = view_to_list(self);
    if (seq != NULL) {
        result = wf_str_from_format("%s(%R)", WF_TYPE(self)->tp_name, seq);
        wf_decref(seq);
    }
    wf_repr_leave(self);
    return result;
}

/* 1 if every item of self is in other, 0 if not, -1 on error. */
static int all_contained_in(WfObject *self, WfObject *other) {
    WfObject *iter = wf_object_get_iter(self);
    if (iter == NULL)
        return -1;
    int ok = 1;
    for (;;) {
        WfObject *next = wf_iter_next(iter);
        if (next == NULL) {
            if (wf_err_occurred())
                ok = -1;
            break;
        }
        ok = wf_sequence_contains(other, next);
        wf_decref(next);
        if (ok <= 0)
            break;
    }
    wf_decref(iter);
    return ok;
}

static WfObject *dictview_richcompare(WfObject *self, WfObject *other, int op) {
    if (!wf_anyset_check(other) && !is_setlike_view(other))
        WF_RETURN_NOTIMPLEMENTED;
    wf_ssize_t len_self = wf_object_length(self);
    if (len_self < 0)
        return NULL;
    wf_ssize_t len_other = wf_object_length(other);
    if (len_other < 0)
        return NULL;
    int ok = 0;
    switch (op) {
    case WF_NE:
    case WF_EQ:
        if (len_self == len_other)
            ok = all_contained_in(self, other);
        if (op == WF_NE && ok >= 0)
            ok = !ok;
        break;
    case WF_LT:
        if (len_self < len_other)
            ok = all_contained_in(self, other);
        break;
    case WF_LE:
        if (len_self <= len_other)
            ok = all_contained_in(self, other);
        break;
    case WF_GT:
        if (len_self > len_other)
            ok = all_contained_in(other, self);
        break;
    case WF_GE:
        if (len_self >= len_other)
            ok = all_contained_in(other, self);
        break;
    }
    if (ok < 0)
        return NULL;
    return wf_bool_from_long(ok);
}

/* set(self), going straight to the dict for a keys view. */
static WfObject *dictviews_to_set(WfObject *self) {
    WfObject *left = self;
    if (WF_TYPE(self) == &wf_dict_keys_type && wf_dict_check_exact(VIEW_DICT(self)))
        left = VIEW_DICT(self);
    return wf_set_new(left);
}

static WfObject *dictviews_sub(WfObject *self, WfObject *other) {
    WfObject *result = dictviews_to_set(self);
    if (result == NULL)
        return NULL;
    if (wf_set_difference_update(result, other) < 0) {
        wf_decref(result);
        return NULL;
    }
    return result;
}

static WfObject *dictviews_and(WfObject *self, WfObject *other) {
    /* The interpreter swaps the operands when the view is on the right. */
    if (!is_setlike_view(self)) {
        WfObject *tmp = other;
        other = self;
        self = tmp;
    }
    wf_ssize_t len_self = dictview_len(self);
    if (wf_set_check_exact(other) && len_self <= wf_set_size(other))
        return wf_set_intersection(other, self);
    if (is_setlike_view(other) && dictview_len(other) > len_self) {
        WfObject *tmp = other;
        other = self;
        self = tmp;
    }
    /* self is a view; if other is a view too, it is the smaller one. */
    WfObject *result = wf_set_new(NULL);
    if (result == NULL)
        return NULL;
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL) {
        wf_decref(result);
        return NULL;
    }
    bool keys = WF_TYPE(self) == &wf_dict_keys_type;
    WfObject *key;
    while ((key = wf_iter_next(it)) != NULL) {
        int rv = keys ? dictkeys_contains(self, key) : dictitems_contains(self, key);
        if (rv > 0)
            rv = wf_set_add(result, key);
        wf_decref(key);
        if (rv < 0)
            break;
    }
    wf_decref(it);
    if (wf_err_occurred()) {
        wf_decref(result);
        return NULL;
    }
    return result;
}

static WfObject *dictviews_or(WfObject *self, WfObject *other) {
    WfObject *result = dictviews_to_set(self);
    if (result == NULL)
        return NULL;
    if (wf_set_update(result, other) < 0) {
        wf_decref(result);
        return NULL;
    }
    return result;
}

/* items ^ items without hashing the values (CPython's dictitems_xor). */
static WfObject *dictitems_xor(WfObject *self, WfObject *other) {
    WfObject *d1 = VIEW_DICT(self), *d2 = VIEW_DICT(other);
    WfObject *temp = wf_dict_copy(d1);
    if (temp == NULL)
        return NULL;
    WfObject *result = wf_set_new(NULL);
    if (result == NULL)
        goto error;
    wf_ssize_t pos = 0;
    WfObject *key, *val2;
    wf_hash_t hash;
    while (wf_dict_next_ref(d2, &pos, &key, &val2, &hash)) {
        WfObject *val1;
        int to_delete = wf_dict_get_item_known_hash_ref(temp, key, hash, &val1);
        if (to_delete > 0) {
            to_delete = wf_object_rich_compare_bool(val1, val2, WF_EQ);
            wf_decref(val1);
        }
        int r = to_delete;
        if (to_delete > 0) {
            r = wf_dict_del_item(temp, key);
        } else if (to_delete == 0) {
            WfObject *pair = wf_tuple_pack(2, key, val2);
            r = pair ? wf_set_add(result, pair) : -1;
            wf_xdecref(pair);
        }
        wf_decref(key);
        wf_decref(val2);
        if (r < 0)
            goto error;
    }
    WfObject *remaining = wf_dict_items(temp);
    if (remaining == NULL || wf_set_update(result, remaining) < 0) {
        wf_xdecref(remaining);
        goto error;
    }
    wf_decref(remaining);
    wf_decref(temp);
    return result;
error:
    wf_xdecref(result);
    wf_decref(temp);
    return NULL;
}

static WfObject *dictviews_xor(WfObject *self, WfObject *other) {
    if (WF_TYPE(self) == &wf_dict_items_type && WF_TYPE(other) == &wf_dict_items_type)
        return dictitems_xor(self, other);
    WfObject *result = dictviews_to_set(self);
    if (result == NULL)
        return NULL;
    if (wf_set_symmetric_difference_update(result, other) < 0) {
        wf_decref(result);
        return NULL;
    }
    return result;
}

static WfObject *dictviews_isdisjoint(WfObject *self, WfObject *other) {
    if (self == other)
        return wf_bool_from_long(dictview_len(self) == 0);
    /* Iterate over the shorter one, when other's `in` is cheap (a set). */
    if (wf_anyset_check(other) || is_setlike_view(other)) {
        wf_ssize_t len_other = wf_object_length(other);
        if (len_other < 0)
            return NULL;
        if (len_other > dictview_len(self)) {
            WfObject *tmp = other;
            other = self;
            self = tmp;
        }
    }
    WfObject *it = wf_object_get_iter(other);
    if (it == NULL)
        return NULL;
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        int contains = wf_sequence_contains(self, item);
        wf_decref(item);
        if (contains != 0) {
            wf_decref(it);
            return contains < 0 ? NULL : wf_bool_from_long(0);
        }
    }
    wf_decref(it);
    if (wf_err_occurred())
        return NULL;
    WF_RETURN_TRUE;
}

static WfMethodDef dictkeys_methods[] = {
    {"isdisjoint", (void *)dictviews_isdisjoint, WF_METH_O, NULL},
    {"__reversed__", (void *)dictkeys_reversed, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static WfMethodDef dictitems_methods[] = {
    {"isdisjoint", (void *)dictviews_isdisjoint, WF_METH_O, NULL},
    {"__reversed__", (void *)dictitems_reversed, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static WfMethodDef dictvalues_methods[] = {
    {"__reversed__", (void *)dictvalues_reversed, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_dict_keys_type = {
    .tp_name = "dict_keys",
    .tp_basicsize = sizeof(DictViewObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = dictview_dealloc,
    .tp_repr = dictview_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = dictview_richcompare,
    .tp_iter = dictkeys_iter,
    .tp_traverse = dictview_traverse,
    .tp_clear = dictview_clear,
    .nb_subtract = dictviews_sub,
    .nb_and = dictviews_and,
    .nb_or = dictviews_or,
    .nb_xor = dictviews_xor,
    .sq_length = dictview_len,
    .sq_contains = dictkeys_contains,
    .tp_methods = dictkeys_methods,
};

WfTypeObject wf_dict_items_type = {
    .tp_name = "dict_items",
    .tp_basicsize = sizeof(DictViewObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = dictview_dealloc,
    .tp_repr = dictview_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = dictview_richcompare,
    .tp_iter = dictitems_iter,
    .tp_traverse = dictview_traverse,
    .tp_clear = dictview_clear,
    .nb_subtract = dictviews_sub,
    .nb_and = dictviews_and,
    .nb_or = dictviews_or,
    .nb_xor = dictviews_xor,
    .sq_length = dictview_len,
    .sq_contains = dictitems_contains,
    .tp_methods = dictitems_methods,
};

WfTypeObject wf_dict_values_type = {
    .tp_name = "dict_values",
    .tp_basicsize = sizeof(DictViewObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = dictview_dealloc,
    .tp_repr = dictview_repr,
    .tp_iter = dictvalues_iter,
    .tp_traverse = dictview_traverse,
    .tp_clear = dictview_clear,
    .sq_length = dictview_len,
    .tp_methods = dictvalues_methods,
};
