/* tuple.c — immutable sequences and their iterator.
 *
 * Invariants (tuple.h):
 *  - Items are inline and never change once the tuple has been handed out;
 *    WF_TUPLE_SET_ITEM is only for filling a fresh tuple.
 *  - () is one immortal object (wf_tuple_empty); wf_tuple_new(0) returns it.
 *  - hash_cache is -1 or the hash (CPython 3.11's xxHash-based tuplehash);
 *    it may be written by any thread, always with the same value.
 */
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/lockfree.h"
#include "stackref/stackref.h"

WfObject *wf_tuple_empty;   /* set once by wf_tuple_init() at start-up, then read-only */

#define TUPLE(o) ((WfTupleObject *)(o))

int wf_tuple_init(void) {
    if (wf_tuple_empty != NULL)
        return 0;
    WfObject *t = wf_object_alloc_var(&wf_tuple_type, 0);
    if (t == NULL)
        return -1;
    TUPLE(t)->hash_cache = -1;
    wf_set_immortal(t);
    wf_tuple_empty = t;
    return 0;
}

static WfObject *tuple_alloc(WfTypeObject *type, wf_ssize_t size) {
    WfObject *t = type == &wf_tuple_type ? wf_object_alloc_var(&wf_tuple_type, size)
                                         : wf_type_generic_alloc(type, size);
    if (t == NULL)
        return NULL;
    WF_SET_SIZE(t, size);
    TUPLE(t)->hash_cache = -1;
    memset(TUPLE(t)->ob_item, 0, (size_t)size * sizeof(WfObject *));
    return t;
}

WfObject *wf_tuple_new(wf_ssize_t size) {
    if (size == 0) {
        if (WF_UNLIKELY(wf_tuple_empty == NULL) && wf_tuple_init() < 0)
            return NULL;
        return wf_tuple_empty;
    }
    if (size < 0) {
        wf_err_bad_internal_call();
        return NULL;
    }
    if ((size_t)size > (SIZE_MAX - sizeof(WfTupleObject)) / sizeof(WfObject *))
        return wf_err_no_memory();
    return tuple_alloc(&wf_tuple_type, size);
}

WfObject *wf_tuple_pack(wf_ssize_t n, ...) {
    WfObject *t = wf_tuple_new(n);
    if (t == NULL)
        return NULL;
    va_list va;
    va_start(va, n);
    for (wf_ssize_t i = 0; i < n; i++)
        TUPLE(t)->ob_item[i] = wf_newref(va_arg(va, WfObject *));
    va_end(va);
    return t;
}

WfObject *wf_tuple_from_array(WfObject *const *items, wf_ssize_t n) {
    WfObject *t = wf_tuple_new(n);
    if (t == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < n; i++)
        TUPLE(t)->ob_item[i] = wf_newref(items[i]);
    return t;
}

WfObject *wf_tuple_from_array_steal(WfObject *const *items, wf_ssize_t n) {
    WfObject *t = wf_tuple_new(n);
    if (t == NULL) {
        for (wf_ssize_t i = 0; i < n; i++)
            wf_decref(items[i]);
        return NULL;
    }
    if (n > 0)
        memcpy(TUPLE(t)->ob_item, items, (size_t)n * sizeof(WfObject *));
    return t;
}

wf_ssize_t wf_tuple_size(WfObject *t) {
    if (!wf_tuple_check(t)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return WF_SIZE(t);
}

WfObject *wf_tuple_get_item(WfObject *t, wf_ssize_t i) {
    if (!wf_tuple_check(t)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    if ((size_t)i >= (size_t)WF_SIZE(t)) {
        wf_err_set_string(wf_exc_IndexError, "tuple index out of range");
        return NULL;
    }
    return TUPLE(t)->ob_item[i];
}

static WfObject *tuple_slice(WfObject *a, wf_ssize_t lo, wf_ssize_t hi) {
    if (lo == 0 && hi == WF_SIZE(a) && wf_tuple_check_exact(a))
        return wf_newref(a);
    return wf_tuple_from_array(TUPLE(a)->ob_item + lo, hi - lo);
}

WfObject *wf_tuple_get_slice(WfObject *t, wf_ssize_t lo, wf_ssize_t hi) {
    if (t == NULL || !wf_tuple_check(t)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    wf_ssize_t n = WF_SIZE(t);
    if (lo < 0)
        lo = 0;
    if (hi > n)
        hi = n;
    if (hi < lo)
        hi = lo;
    return tuple_slice(t, lo, hi);
}

/* tuple(iterable) as an exact tuple. */
static WfObject *tuple_from_iterable(WfObject *iterable) {
    if (wf_tuple_check_exact(iterable))
        return wf_newref(iterable);
    if (wf_list_check_exact(iterable))
        return wf_list_as_tuple(iterable);
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL)
        return NULL;
    wf_ssize_t cap = wf_object_length_hint(iterable, 8);
    if (cap < 0) {
        wf_decref(it);
        return NULL;
    }
    if (cap < 8)
        cap = 8;
    wf_ssize_t n = 0;
    WfObject **buf = wf_mem_malloc((size_t)cap * sizeof(WfObject *));
    if (buf == NULL) {
        wf_decref(it);
        return wf_err_no_memory();
    }
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        if (n == cap) {
            WfObject **grown = NULL;
            if (cap <= WF_SSIZE_T_MAX / 2 / (wf_ssize_t)sizeof(WfObject *))
                grown = wf_mem_realloc(buf, (size_t)cap * 2 * sizeof(WfObject *));
            if (grown == NULL) {
                wf_decref(item);
                wf_err_no_memory();
                break;
            }
            buf = grown;
            cap *= 2;
        }
        buf[n++] = item;
    }
    wf_decref(it);
    WfObject *result = NULL;
    if (wf_err_occurred()) {
        for (wf_ssize_t i = 0; i < n; i++)
            wf_decref(buf[i]);
    } else {
        result = wf_tuple_from_array_steal(buf, n);
    }
    wf_mem_free(buf);
    return result;
}

/* ---- slots ---------------------------------------------------------------- */

static void tuple_dealloc(WfObject *self) {
    if (!wf_trash_begin(self, tuple_dealloc))
        return;
    /* A published item may be lent (wf_stackref_of_tuple_item): it is
     * dropped after a grace period. */
    wf_container_drop_items(self, TUPLE(self)->ob_item, WF_SIZE(self));
    wf_object_free(self);
    wf_trash_end();
}

static int tuple_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    for (wf_ssize_t i = WF_SIZE(self) - 1; i >= 0; i--) {
        WfObject *v = TUPLE(self)->ob_item[i];
        if (v != NULL) {
            int r = visit(v, arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

/* Only the collector calls this, on unreachable tuples: items become NULL,
 * which every tuple slot tolerates (dealloc uses xdecref). */
static int tuple_clear(WfObject *self) {
    for (wf_ssize_t i = WF_SIZE(self) - 1; i >= 0; i--)
        WF_CLEAR(TUPLE(self)->ob_item[i]);
    return 0;
}

static WfObject *tuple_repr(WfObject *self) {
    wf_ssize_t n = WF_SIZE(self);
    if (n == 0)
        return wf_str_from_cstr("()");
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_cstr("(...)") : NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_utf8(&b, "(", 1);
    for (wf_ssize_t i = 0; i < n; i++) {
        if (i > 0)
            wf_str_builder_append_utf8(&b, ", ", 2);
        WfObject *s = wf_object_repr(TUPLE(self)->ob_item[i]);
        if (s == NULL) {
            wf_str_builder_discard(&b);
            wf_repr_leave(self);
            return NULL;
        }
        wf_str_builder_append_str(&b, s);
        wf_decref(s);
    }
    wf_str_builder_append_cstr(&b, n == 1 ? ",)" : ")");
    wf_repr_leave(self);
    return wf_str_builder_finish(&b);
}

/* CPython 3.11's tuplehash (xxHash's mixing, 64-bit primes). */
#define XXPRIME_1 ((uint64_t)11400714785074694791ULL)
#define XXPRIME_2 ((uint64_t)14029467366897019727ULL)
#define XXPRIME_5 ((uint64_t)2870177450012600261ULL)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

static wf_hash_t tuple_hash(WfObject *self) {
    wf_hash_t cached = __atomic_load_n(&TUPLE(self)->hash_cache, __ATOMIC_RELAXED);
    if (cached != -1)
        return cached;
    wf_ssize_t len = WF_SIZE(self);
    uint64_t acc = XXPRIME_5;
    for (wf_ssize_t i = 0; i < len; i++) {
        wf_hash_t lane = wf_object_hash(TUPLE(self)->ob_item[i]);
        if (lane == -1)
            return -1;
        acc += (uint64_t)lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)len ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (uint64_t)-1)
        acc = 1546275796;
    /* Racing threads store the same value; relaxed is enough. */
    __atomic_store_n(&TUPLE(self)->hash_cache, (wf_hash_t)acc, __ATOMIC_RELAXED);
    return (wf_hash_t)acc;
}

static wf_ssize_t tuple_length(WfObject *self) {
    return WF_SIZE(self);
}

static WfObject *tuple_item(WfObject *self, wf_ssize_t i) {
    if ((size_t)i >= (size_t)WF_SIZE(self)) {
        wf_err_set_string(wf_exc_IndexError, "tuple index out of range");
        return NULL;
    }
    return wf_newref(TUPLE(self)->ob_item[i]);
}

static int tuple_contains(WfObject *self, WfObject *el) {
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++) {
        int cmp = wf_object_rich_compare_bool(TUPLE(self)->ob_item[i], el, WF_EQ);
        if (cmp != 0)
            return cmp;
    }
    return 0;
}

static WfObject *tuple_concat(WfObject *a, WfObject *b) {
    if (!wf_tuple_check(b)) {
        wf_err_format(wf_exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                      wf_type_name(WF_TYPE(b)));
        return NULL;
    }
    if (WF_SIZE(b) == 0 && wf_tuple_check_exact(a))
        return wf_newref(a);
    if (WF_SIZE(a) == 0 && wf_tuple_check_exact(b))
        return wf_newref(b);
    wf_ssize_t na = WF_SIZE(a), nb = WF_SIZE(b);
    if (na > WF_SSIZE_T_MAX - nb)
        return wf_err_no_memory();
    WfObject *np = wf_tuple_new(na + nb);
    if (np == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < na; i++)
        TUPLE(np)->ob_item[i] = wf_newref(TUPLE(a)->ob_item[i]);
    for (wf_ssize_t i = 0; i < nb; i++)
        TUPLE(np)->ob_item[na + i] = wf_newref(TUPLE(b)->ob_item[i]);
    return np;
}

static WfObject *tuple_repeat(WfObject *a, wf_ssize_t n) {
    wf_ssize_t size = WF_SIZE(a);
    if (size == 0 || n == 1) {
        if (wf_tuple_check_exact(a))
            return wf_newref(a);
        if (size == 0)
            return wf_tuple_new(0);
    }
    if (n <= 0)
        return wf_tuple_new(0);
    if (size > WF_SSIZE_T_MAX / n)
        return wf_err_no_memory();
    WfObject *np = wf_tuple_new(size * n);
    if (np == NULL)
        return NULL;
    WfObject **dest = TUPLE(np)->ob_item;
    for (wf_ssize_t k = 0; k < n; k++)
        for (wf_ssize_t i = 0; i < size; i++)
            *dest++ = wf_newref(TUPLE(a)->ob_item[i]);
    return np;
}

static WfObject *tuple_subscript(WfObject *self, WfObject *item) {
    if (wf_index_check(item)) {
        wf_ssize_t i;
        if (wf_int_check_exact(item) && wf_int_is_compact(item)) {
            i = (wf_ssize_t)wf_int_compact_value(item);
        } else {
            i = wf_number_as_ssize(item, wf_exc_IndexError);
            if (i == -1 && wf_err_occurred())
                return NULL;
        }
        if (i < 0)
            i += WF_SIZE(self);
        return tuple_item(self, i);
    }
    if (wf_slice_check(item)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(item, &start, &stop, &step) < 0)
            return NULL;
        wf_ssize_t len = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
        if (len <= 0)
            return wf_tuple_new(0);
        if (step == 1)
            return tuple_slice(self, start, stop);
        WfObject *res = wf_tuple_new(len);
        if (res == NULL)
            return NULL;
        for (wf_ssize_t cur = start, i = 0; i < len; cur += step, i++)
            TUPLE(res)->ob_item[i] = wf_newref(TUPLE(self)->ob_item[cur]);
        return res;
    }
    wf_err_format(wf_exc_TypeError, "tuple indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return NULL;
}

static WfObject *tuple_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_tuple_check(v) || !wf_tuple_check(w))
        WF_RETURN_NOTIMPLEMENTED;
    wf_ssize_t vlen = WF_SIZE(v), wlen = WF_SIZE(w), i;
    for (i = 0; i < vlen && i < wlen; i++) {
        int k = wf_object_rich_compare_bool(TUPLE(v)->ob_item[i], TUPLE(w)->ob_item[i], WF_EQ);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= vlen || i >= wlen)
        return wf_richcompare_from_order(wf_order_ssize(vlen, wlen), op);
    if (op == WF_EQ)
        WF_RETURN_FALSE;
    if (op == WF_NE)
        WF_RETURN_TRUE;
    return wf_object_rich_compare(TUPLE(v)->ob_item[i], TUPLE(w)->ob_item[i], op);
}

static WfObject *tuple_iter(WfObject *seq);

static WfObject *tuple_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if ((type == &wf_tuple_type || type->tp_init == wf_tuple_type.tp_init) &&
        wf_arg_no_keywords("tuple", kwds) < 0)
        return NULL;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional("tuple", nargs, 0, 1) < 0)
        return NULL;
    WfObject *tmp = nargs ? tuple_from_iterable(WF_TUPLE_ITEM(args, 0)) : wf_tuple_new(0);
    if (tmp == NULL || type == &wf_tuple_type)
        return tmp;
    /* A subclass (namedtuple-like): copy into an instance of type. */
    wf_ssize_t n = WF_SIZE(tmp);
    WfObject *obj = tuple_alloc(type, n);
    if (obj != NULL)
        for (wf_ssize_t i = 0; i < n; i++)
            TUPLE(obj)->ob_item[i] = wf_newref(TUPLE(tmp)->ob_item[i]);
    wf_decref(tmp);
    return obj;
}

/* ---- methods ---------------------------------------------------------------- */

static WfObject *tuple_count(WfObject *self, WfObject *value) {
    wf_ssize_t count = 0;
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++) {
        int cmp = wf_object_rich_compare_bool(TUPLE(self)->ob_item[i], value, WF_EQ);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return wf_int_from_ssize(count);
}

static int index_bound(WfObject *arg, wf_ssize_t size, wf_ssize_t *out) {
    if (arg == WF_NONE) {
        wf_err_set_string(wf_exc_TypeError,
                          "slice indices must be integers or have an __index__ method");
        return -1;
    }
    if (wf_slice_index(arg, out) < 0)
        return -1;
    if (*out < 0) {
        *out += size;
        if (*out < 0)
            *out = 0;
    }
    return 0;
}

static WfObject *tuple_index(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("index", nargs, 1, 3) < 0)
        return NULL;
    wf_ssize_t start = 0, stop = WF_SSIZE_T_MAX, n = WF_SIZE(self);
    if (nargs > 1 && index_bound(args[1], n, &start) < 0)
        return NULL;
    if (nargs > 2 && index_bound(args[2], n, &stop) < 0)
        return NULL;
    for (wf_ssize_t i = start; i < stop && i < n; i++) {
        int cmp = wf_object_rich_compare_bool(TUPLE(self)->ob_item[i], args[0], WF_EQ);
        if (cmp > 0)
            return wf_int_from_ssize(i);
        if (cmp < 0)
            return NULL;
    }
    wf_err_set_string(wf_exc_ValueError, "tuple.index(x): x not in tuple");
    return NULL;
}

static WfObject *tuple_getnewargs(WfObject *self, WfObject *unused) {
    WfObject *copy = tuple_slice(self, 0, WF_SIZE(self));
    if (copy == NULL)
        return NULL;
    WfObject *res = wf_tuple_pack(1, copy);
    wf_decref(copy);
    return res;
}

static WfMethodDef tuple_methods[] = {
    {"__getnewargs__", (void *)tuple_getnewargs, WF_METH_NOARGS, NULL},
    {"index", (void *)tuple_index, WF_METH_FASTCALL, NULL},
    {"count", (void *)tuple_count, WF_METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_tuple_type = {
    .tp_name = "tuple",
    .tp_basicsize = offsetof(WfTupleObject, ob_item),
    .tp_itemsize = sizeof(WfObject *),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_TUPLE_SUBCLASS,
    .tp_doc = "Built-in immutable sequence.",
    .tp_dealloc = tuple_dealloc,
    .tp_repr = tuple_repr,
    .tp_hash = tuple_hash,
    .tp_richcompare = tuple_richcompare,
    .tp_iter = tuple_iter,
    .tp_new = tuple_new,
    .tp_traverse = tuple_traverse,
    .tp_clear = tuple_clear,
    .sq_length = tuple_length,
    .sq_concat = tuple_concat,
    .sq_repeat = tuple_repeat,
    .sq_item = tuple_item,
    .sq_contains = tuple_contains,
    .mp_length = tuple_length,
    .mp_subscript = tuple_subscript,
    .tp_methods = tuple_methods,
};

/* ---- iterator --------------------------------------------------------------- */

static WfObject *tuple_iter(WfObject *seq) {
    WfTupleIterObject *it = (WfTupleIterObject *)wf_object_alloc(&wf_tuple_iter_type);
    if (it == NULL)
        return NULL;
    it->it_index = 0;
    it->it_seq = wf_newref(seq);
    return (WfObject *)it;
}

static void tupleiter_dealloc(WfObject *self) {
    wf_xdecref(((WfTupleIterObject *)self)->it_seq);
    wf_object_free(self);
}

static int tupleiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *seq = ((WfTupleIterObject *)self)->it_seq;
    return seq ? visit(seq, arg) : 0;
}

static int tupleiter_clear(WfObject *self) {
    WF_CLEAR(((WfTupleIterObject *)self)->it_seq);
    return 0;
}

static WfObject *tupleiter_self(WfObject *self) {
    return wf_newref(self);
}

/* Threads: the next index, claimed with a CAS (each item to one caller);
 * -1 when exhausted. */
static wf_ssize_t claim_index(WfTupleIterObject *it, WfObject *seq) {
    wf_ssize_t i = __atomic_load_n(&it->it_index, __ATOMIC_RELAXED);
    while (i < WF_SIZE(seq)) {
        if (__atomic_compare_exchange_n(&it->it_index, &i, i + 1, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return i;
    }
    return -1;
}

/* The next item, borrowed from the tuple the iterator still holds, or NULL.
 * Single-threaded as CPython 3.11 (the tuple is dropped when exhausted).
 * Once threads exist an iterator may be shared: an index is claimed with a
 * CAS (each item to one caller) and the tuple stays until the iterator
 * dies, so no thread can drop it under another (docs/containers-threads.md). */
static inline WfObject *tupleiter_step(WfTupleIterObject *it) {
    WfObject *seq = __atomic_load_n(&it->it_seq, __ATOMIC_ACQUIRE);
    if (seq == NULL)
        return NULL;
    if (wf_objects_are_shared()) {
        wf_ssize_t i = claim_index(it, seq);
        return i >= 0 ? TUPLE(seq)->ob_item[i] : NULL;
    }
    if (it->it_index < WF_SIZE(seq))
        return TUPLE(seq)->ob_item[it->it_index++];
    it->it_seq = NULL;
    wf_decref(seq);
    return NULL;
}

static WfObject *tupleiter_next(WfObject *self) {
    return wf_xnewref(tupleiter_step((WfTupleIterObject *)self));
}

/* The tuple outlives the item's use: it drops a published item only
 * through retirement (tuple_dealloc), so that item is lent. */
WfStackRef wf_tuple_iter_next_stackref(WfObject *self) {
    WfObject *v = tupleiter_step((WfTupleIterObject *)self);
    return v ? wf_stackref_of_tuple_item(v) : WF_STACKREF_NULL;
}

static WfObject *tupleiter_length_hint(WfObject *self, WfObject *unused) {
    WfTupleIterObject *it = (WfTupleIterObject *)self;
    WfObject *seq = __atomic_load_n(&it->it_seq, __ATOMIC_ACQUIRE);
    wf_ssize_t n = seq ? WF_SIZE(seq) - __atomic_load_n(&it->it_index, __ATOMIC_RELAXED) : 0;
    return wf_int_from_ssize(n > 0 ? n : 0);
}

static WfMethodDef tupleiter_methods[] = {
    {"__length_hint__", (void *)tupleiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_tuple_iter_type = {
    .tp_name = "tuple_iterator",
    .tp_basicsize = sizeof(WfTupleIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = tupleiter_dealloc,
    .tp_traverse = tupleiter_traverse,
    .tp_clear = tupleiter_clear,
    .tp_iter = tupleiter_self,
    .tp_iternext = tupleiter_next,
    .tp_methods = tupleiter_methods,
};
