/* iterobject.c — the general iterators: seq iterator (__getitem__ protocol),
 * callable iterator iter(f, sentinel), enumerate, zip (strict=), map,
 * filter and reversed.
 *
 * Invariants:
 *  - Each iterator owns strong references to what it iterates and drops
 *    them when exhausted (so a finished iterator keeps nothing alive).
 *  - tp_iternext follows the project convention: NULL without an exception
 *    means exhausted; IndexError/StopIteration from __getitem__ or a callable
 *    end the iteration and are cleared.
 *  - enumerate counts in a wf_ssize_t and switches to an int object only past
 *    WF_SSIZE_T_MAX or when start does not fit.
 *  - Threads: the iterators with state of their own (seq iterator, callable
 *    iterator, enumerate, reversed) change it only inside their own
 *    critical section (next() is wrapped whole; the call it makes into the
 *    underlying object may suspend the section if it blocks), so one shared
 *    between threads drops its references once and never hands out a
 *    position twice. zip, map and filter keep no state besides their
 *    iterators, which are never cleared while the object lives.
 */
#include "runtime/objects/dict_internal.h"
#include "threads/critical_section.h"

static WfObject *self_iter(WfObject *self) {
    return wf_newref(self);
}

static WfObject *alloc_iter(WfTypeObject *type, WfTypeObject *base) {
    return type == base ? wf_object_alloc(type) : wf_type_generic_alloc(type, 0);
}

/* seq[i] through sq_item when the type has one, else __getitem__. */
static WfObject *sequence_get_item(WfObject *seq, wf_ssize_t i) {
    wf_ssizeargfunc item = WF_TYPE(seq)->sq_item;
    if (item != NULL)
        return item(seq, i);
    WfObject *ix = wf_int_from_ssize(i);
    if (ix == NULL)
        return NULL;
    WfObject *res = wf_object_getitem(seq, ix);
    wf_decref(ix);
    return res;
}

static bool end_of_sequence_error(void) {
    return wf_err_exception_matches(wf_exc_IndexError) ||
           wf_err_exception_matches(wf_exc_StopIteration);
}

/* ---- seqiter ---------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    wf_ssize_t it_index;
    WfObject *it_seq;        /* NULL when exhausted */
} SeqIterObject;

WfObject *wf_seqiter_new(WfObject *seq) {
    SeqIterObject *it = (SeqIterObject *)wf_object_alloc(&wf_seqiter_type);
    if (it == NULL)
        return NULL;
    it->it_index = 0;
    it->it_seq = wf_newref(seq);
    return (WfObject *)it;
}

static void seqiter_dealloc(WfObject *self) {
    wf_xdecref(((SeqIterObject *)self)->it_seq);
    wf_object_free(self);
}

static int seqiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *seq = ((SeqIterObject *)self)->it_seq;
    return seq ? visit(seq, arg) : 0;
}

static int seqiter_clear(WfObject *self) {
    WF_CLEAR(((SeqIterObject *)self)->it_seq);
    return 0;
}

static WfObject *seqiter_next_lock_held(WfObject *self) {
    SeqIterObject *it = (SeqIterObject *)self;
    WfObject *seq = it->it_seq;
    if (seq == NULL)
        return NULL;
    if (it->it_index == WF_SSIZE_T_MAX) {
        wf_err_set_string(wf_exc_OverflowError, "iter index too large");
        return NULL;
    }
    WfObject *result = sequence_get_item(seq, it->it_index);
    if (result != NULL) {
        it->it_index++;
        return result;
    }
    if (end_of_sequence_error()) {
        wf_err_clear();
        it->it_seq = NULL;
        wf_decref(seq);
    }
    return NULL;
}

/* The iterator's state (index, exhaustion) changes inside its own critical
 * section, so an iterator shared by threads never drops its reference
 * twice or hands out one position twice. */
static WfObject *seqiter_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = seqiter_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfTypeObject wf_seqiter_type = {
    .tp_name = "iterator",
    .tp_basicsize = sizeof(SeqIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = seqiter_dealloc,
    .tp_traverse = seqiter_traverse,
    .tp_clear = seqiter_clear,
    .tp_iter = self_iter,
    .tp_iternext = seqiter_next,
};

/* ---- calliter ------------------------------------------------------------------ */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *it_callable;   /* NULL when exhausted */
    WfObject *it_sentinel;
} CallIterObject;

WfObject *wf_calliter_new(WfObject *callable, WfObject *sentinel) {
    CallIterObject *it = (CallIterObject *)wf_object_alloc(&wf_calliter_type);
    if (it == NULL)
        return NULL;
    it->it_callable = wf_newref(callable);
    it->it_sentinel = wf_newref(sentinel);
    return (WfObject *)it;
}

static void calliter_dealloc(WfObject *self) {
    CallIterObject *it = (CallIterObject *)self;
    wf_xdecref(it->it_callable);
    wf_xdecref(it->it_sentinel);
    wf_object_free(self);
}

static int calliter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    CallIterObject *it = (CallIterObject *)self;
    int r = 0;
    if (it->it_callable && (r = visit(it->it_callable, arg)) != 0)
        return r;
    if (it->it_sentinel)
        r = visit(it->it_sentinel, arg);
    return r;
}

static int calliter_clear(WfObject *self) {
    CallIterObject *it = (CallIterObject *)self;
    WF_CLEAR(it->it_callable);
    WF_CLEAR(it->it_sentinel);
    return 0;
}

static WfObject *calliter_next_lock_held(WfObject *self) {
    CallIterObject *it = (CallIterObject *)self;
    if (it->it_callable == NULL)
        return NULL;
    WfObject *result = wf_object_call_no_args(it->it_callable);
    if (result != NULL) {
        int ok = wf_object_rich_compare_bool(it->it_sentinel, result, WF_EQ);
        if (ok == 0)
            return result;
        if (ok > 0)
            calliter_clear(self);
        wf_decref(result);
    } else if (wf_err_exception_matches(wf_exc_StopIteration)) {
        wf_err_clear();
        calliter_clear(self);
    }
    return NULL;
}

/* The iterator's state (index, exhaustion) changes inside its own critical
 * section, so an iterator shared by threads never drops its reference
 * twice or hands out one position twice. */
static WfObject *calliter_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = calliter_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfTypeObject wf_calliter_type = {
    .tp_name = "callable_iterator",
    .tp_basicsize = sizeof(CallIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = calliter_dealloc,
    .tp_traverse = calliter_traverse,
    .tp_clear = calliter_clear,
    .tp_iter = self_iter,
    .tp_iternext = calliter_next,
};

/* ---- enumerate ------------------------------------------------------------------ */

typedef struct {
    WF_OBJECT_HEAD;
    wf_ssize_t en_index;      /* next index while en_longindex is NULL */
    WfObject *en_sit;         /* the underlying iterator */
    WfObject *en_longindex;   /* next index as an int once past WF_SSIZE_T_MAX */
} EnumObject;

/* enumerate(iterable, start=0), with CPython's argument errors. */
static int enum_parse_args(WfObject *args, WfObject *kwds, WfObject **iterable,
                           WfObject **start) {
    wf_ssize_t nargs = WF_TUPLE_SIZE(args);
    wf_ssize_t nkw = kwds ? wf_dict_size(kwds) : 0;
    if (nargs + nkw > 2) {
        wf_err_format(wf_exc_TypeError, "enumerate() takes at most 2 arguments (%zd given)",
                      nargs + nkw);
        return -1;
    }
    *iterable = nargs > 0 ? WF_TUPLE_ITEM(args, 0) : NULL;
    *start = nargs > 1 ? WF_TUPLE_ITEM(args, 1) : NULL;
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    while (nkw > 0 && wf_dict_next(kwds, &pos, &key, &value)) {
        int which = !wf_str_check(key) ? -1
                    : wf_str_equal_cstr(key, "iterable") ? 0
                    : wf_str_equal_cstr(key, "start") ? 1 : -1;
        if (which < 0) {
            wf_err_format(wf_exc_TypeError, "'%S' is an invalid keyword argument for enumerate()",
                          key);
            return -1;
        }
        if (which < nargs) {
            wf_err_format(wf_exc_TypeError,
                          "argument for enumerate() given by name ('%S') and position (%d)", key,
                          which + 1);
            return -1;
        }
        if (which == 0)
            *iterable = value;
        else
            *start = value;
    }
    if (*iterable == NULL) {
        wf_err_set_string(wf_exc_TypeError, "enumerate() missing required argument 'iterable'");
        return -1;
    }
    return 0;
}

static WfObject *enum_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    WfObject *iterable, *start;
    if (enum_parse_args(args, kwds, &iterable, &start) < 0)
        return NULL;
    EnumObject *en = (EnumObject *)alloc_iter(type, &wf_enumerate_type);
    if (en == NULL)
        return NULL;
    en->en_index = 0;
    en->en_longindex = NULL;
    en->en_sit = NULL;
    if (start != NULL) {
        WfObject *ix = wf_number_index(start);
        if (ix == NULL)
            goto fail;
        wf_ssize_t i = wf_number_as_ssize(ix, wf_exc_OverflowError);
        if (i == -1 && wf_err_occurred()) {
            wf_err_clear();
            en->en_longindex = ix;   /* too big: count with ints */
        } else {
            en->en_index = i;
            wf_decref(ix);
        }
    }
    en->en_sit = wf_object_get_iter(iterable);
    if (en->en_sit == NULL)
        goto fail;
    return (WfObject *)en;
fail:
    wf_decref((WfObject *)en);
    return NULL;
}

static void enum_dealloc(WfObject *self) {
    EnumObject *en = (EnumObject *)self;
    wf_xdecref(en->en_sit);
    wf_xdecref(en->en_longindex);
    wf_object_free(self);
}

static int enum_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    EnumObject *en = (EnumObject *)self;
    int r = 0;
    if (en->en_sit && (r = visit(en->en_sit, arg)) != 0)
        return r;
    if (en->en_longindex)
        r = visit(en->en_longindex, arg);
    return r;
}

static int enum_clear(WfObject *self) {
    WF_CLEAR(((EnumObject *)self)->en_sit);
    WF_CLEAR(((EnumObject *)self)->en_longindex);
    return 0;
}

static WfObject *enum_next_lock_held(WfObject *self) {
    EnumObject *en = (EnumObject *)self;
    if (en->en_sit == NULL)
        return NULL;
    WfObject *item = wf_iter_next(en->en_sit);
    if (item == NULL)
        return NULL;
    WfObject *index;
    if (en->en_longindex == NULL && en->en_index < WF_SSIZE_T_MAX) {
        index = wf_int_from_ssize(en->en_index++);
    } else {
        if (en->en_longindex == NULL) {
            en->en_longindex = wf_int_from_ssize(WF_SSIZE_T_MAX);
            if (en->en_longindex == NULL) {
                wf_decref(item);
                return NULL;
            }
        }
        index = en->en_longindex;
        WfObject *one = wf_int_from_int64(1);
        WfObject *next = wf_number_add(index, one);
        wf_decref(one);
        if (next == NULL) {
            wf_decref(item);
            return NULL;
        }
        en->en_longindex = next;   /* our reference to the old index moves to `index` */
    }
    if (index == NULL) {
        wf_decref(item);
        return NULL;
    }
    WfObject *result = wf_tuple_new(2);
    if (result == NULL) {
        wf_decref(index);
        wf_decref(item);
        return NULL;
    }
    WF_TUPLE_SET_ITEM(result, 0, index);
    WF_TUPLE_SET_ITEM(result, 1, item);
    return result;
}

/* The iterator's state (index, exhaustion) changes inside its own critical
 * section, so an iterator shared by threads never drops its reference
 * twice or hands out one position twice. */
static WfObject *enum_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = enum_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfTypeObject wf_enumerate_type = {
    .tp_name = "enumerate",
    .tp_basicsize = sizeof(EnumObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Return an enumerate object.",
    .tp_dealloc = enum_dealloc,
    .tp_traverse = enum_traverse,
    .tp_clear = enum_clear,
    .tp_iter = self_iter,
    .tp_iternext = enum_next,
    .tp_new = enum_new,
};

/* ---- zip ----------------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    wf_ssize_t tuplesize;
    WfObject *ittuple;       /* tuple of iterators */
    int strict;
} ZipObject;

static WfObject *zip_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    int strict = 0;
    if (kwds != NULL && wf_dict_size(kwds) > 0) {
        wf_ssize_t pos = 0;
        WfObject *key, *value;
        while (wf_dict_next(kwds, &pos, &key, &value)) {
            if (!wf_str_check(key) || !wf_str_equal_cstr(key, "strict"))
                return wf_err_format(wf_exc_TypeError,
                                     "'%S' is an invalid keyword argument for zip()", key);
            strict = wf_object_is_true(value);
            if (strict < 0)
                return NULL;
        }
    }
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    WfObject *ittuple = wf_tuple_new(n);
    if (ittuple == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *it = wf_object_get_iter(WF_TUPLE_ITEM(args, i));
        if (it == NULL) {
            wf_decref(ittuple);
            return NULL;
        }
        WF_TUPLE_SET_ITEM(ittuple, i, it);
    }
    ZipObject *lz = (ZipObject *)alloc_iter(type, &wf_zip_type);
    if (lz == NULL) {
        wf_decref(ittuple);
        return NULL;
    }
    lz->ittuple = ittuple;
    lz->tuplesize = n;
    lz->strict = strict;
    return (WfObject *)lz;
}

static void zip_dealloc(WfObject *self) {
    wf_xdecref(((ZipObject *)self)->ittuple);
    wf_object_free(self);
}

static int zip_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *t = ((ZipObject *)self)->ittuple;
    return t ? visit(t, arg) : 0;
}

static int zip_clear(WfObject *self) {
    WF_CLEAR(((ZipObject *)self)->ittuple);
    return 0;
}

/* strict=True and iterator i (> 0 means a later one) ran out first, or the
 * first ran out: check that all others are exhausted too. */
static WfObject *zip_strict_check(ZipObject *lz, wf_ssize_t i) {
    if (wf_err_occurred())
        return NULL;
    if (i > 0) {
        const char *plural = i == 1 ? " " : "s 1-";
        return wf_err_format(wf_exc_ValueError,
                             "zip() argument %zd is shorter than argument%s%zd", i + 1, plural,
                             i);
    }
    for (i = 1; i < lz->tuplesize; i++) {
        WfObject *item = wf_iter_next(WF_TUPLE_ITEM(lz->ittuple, i));
        if (item != NULL) {
            wf_decref(item);
            const char *plural = i == 1 ? " " : "s 1-";
            return wf_err_format(wf_exc_ValueError,
                                 "zip() argument %zd is longer than argument%s%zd", i + 1,
                                 plural, i);
        }
        if (wf_err_occurred())
            return NULL;
    }
    return NULL;
}

static WfObject *zip_next(WfObject *self) {
    ZipObject *lz = (ZipObject *)self;
    wf_ssize_t n = lz->tuplesize;
    if (n == 0 || lz->ittuple == NULL)
        return NULL;
    WfObject *result = wf_tuple_new(n);
    if (result == NULL)
        return NULL;
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *item = wf_iter_next(WF_TUPLE_ITEM(lz->ittuple, i));
        if (item == NULL) {
            wf_decref(result);
            if (lz->strict)
                return zip_strict_check(lz, i);
            return NULL;
        }
        WF_TUPLE_SET_ITEM(result, i, item);
    }
    return result;
}

WfTypeObject wf_zip_type = {
    .tp_name = "zip",
    .tp_basicsize = sizeof(ZipObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.",
    .tp_dealloc = zip_dealloc,
    .tp_traverse = zip_traverse,
    .tp_clear = zip_clear,
    .tp_iter = self_iter,
    .tp_iternext = zip_next,
    .tp_new = zip_new,
};

/* ---- map ------------------------------------------------------------------------ */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *iters;         /* tuple of iterators */
    WfObject *func;
} MapObject;

#define MAP_SMALL_ARGS 5

static WfObject *map_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (type == &wf_map_type && wf_arg_no_keywords("map", kwds) < 0)
        return NULL;
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    if (n < 2) {
        wf_err_set_string(wf_exc_TypeError, "map() must have at least two arguments.");
        return NULL;
    }
    WfObject *iters = wf_tuple_new(n - 1);
    if (iters == NULL)
        return NULL;
    for (wf_ssize_t i = 1; i < n; i++) {
        WfObject *it = wf_object_get_iter(WF_TUPLE_ITEM(args, i));
        if (it == NULL) {
            wf_decref(iters);
            return NULL;
        }
        WF_TUPLE_SET_ITEM(iters, i - 1, it);
    }
    MapObject *lz = (MapObject *)alloc_iter(type, &wf_map_type);
    if (lz == NULL) {
        wf_decref(iters);
        return NULL;
    }
    lz->iters = iters;
    lz->func = wf_newref(WF_TUPLE_ITEM(args, 0));
    return (WfObject *)lz;
}

static void map_dealloc(WfObject *self) {
    wf_xdecref(((MapObject *)self)->iters);
    wf_xdecref(((MapObject *)self)->func);
    wf_object_free(self);
}

static int map_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    MapObject *lz = (MapObject *)self;
    int r = 0;
    if (lz->iters && (r = visit(lz->iters, arg)) != 0)
        return r;
    if (lz->func)
        r = visit(lz->func, arg);
    return r;
}

static int map_clear(WfObject *self) {
    WF_CLEAR(((MapObject *)self)->iters);
    WF_CLEAR(((MapObject *)self)->func);
    return 0;
}

static WfObject *map_next(WfObject *self) {
    MapObject *lz = (MapObject *)self;
    if (lz->iters == NULL)
        return NULL;
    wf_ssize_t n = WF_TUPLE_SIZE(lz->iters), got = 0;
    WfObject *small[MAP_SMALL_ARGS];
    WfObject **stack = small;
    if (n > MAP_SMALL_ARGS) {
        stack = wf_mem_malloc((size_t)n * sizeof(WfObject *));
        if (stack == NULL)
            return wf_err_no_memory();
    }
    WfObject *result = NULL;
    for (; got < n; got++) {
        stack[got] = wf_iter_next(WF_TUPLE_ITEM(lz->iters, got));
        if (stack[got] == NULL)
            goto done;
    }
    result = wf_object_vectorcall(lz->func, stack, (size_t)n, NULL);
done:
    for (wf_ssize_t i = 0; i < got; i++)
        wf_decref(stack[i]);
    if (stack != small)
        wf_mem_free(stack);
    return result;
}

WfTypeObject wf_map_type = {
    .tp_name = "map",
    .tp_basicsize = sizeof(MapObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "map(func, *iterables) --> map object",
    .tp_dealloc = map_dealloc,
    .tp_traverse = map_traverse,
    .tp_clear = map_clear,
    .tp_iter = self_iter,
    .tp_iternext = map_next,
    .tp_new = map_new,
};

/* ---- filter ---------------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *func;          /* None: keep the true items */
    WfObject *it;
} FilterObject;

static WfObject *filter_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (type == &wf_filter_type && wf_arg_no_keywords("filter", kwds) < 0)
        return NULL;
    if (wf_arg_check_positional("filter", WF_TUPLE_SIZE(args), 2, 2) < 0)
        return NULL;
    WfObject *it = wf_object_get_iter(WF_TUPLE_ITEM(args, 1));
    if (it == NULL)
        return NULL;
    FilterObject *lz = (FilterObject *)alloc_iter(type, &wf_filter_type);
    if (lz == NULL) {
        wf_decref(it);
        return NULL;
    }
    lz->func = wf_newref(WF_TUPLE_ITEM(args, 0));
    lz->it = it;
    return (WfObject *)lz;
}

static void filter_dealloc(WfObject *self) {
    wf_xdecref(((FilterObject *)self)->func);
    wf_xdecref(((FilterObject *)self)->it);
    wf_object_free(self);
}

static int filter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    FilterObject *lz = (FilterObject *)self;
    int r = 0;
    if (lz->func && (r = visit(lz->func, arg)) != 0)
        return r;
    if (lz->it)
        r = visit(lz->it, arg);
    return r;
}

static int filter_clear(WfObject *self) {
    WF_CLEAR(((FilterObject *)self)->func);
    WF_CLEAR(((FilterObject *)self)->it);
    return 0;
}

static WfObject *filter_next(WfObject *self) {
    FilterObject *lz = (FilterObject *)self;
    if (lz->it == NULL)
        return NULL;
    bool plain_truth = lz->func == WF_NONE || lz->func == (WfObject *)&wf_bool_type;
    for (;;) {
        WfObject *item = wf_iter_next(lz->it);
        if (item == NULL)
            return NULL;
        int ok;
        if (plain_truth) {
            ok = wf_object_is_true(item);
        } else {
            WfObject *good = wf_object_call_one_arg(lz->func, item);
            if (good == NULL) {
                wf_decref(item);
                return NULL;
            }
            ok = wf_object_is_true(good);
            wf_decref(good);
        }
        if (ok > 0)
            return item;
        wf_decref(item);
        if (ok < 0)
            return NULL;
    }
}

WfTypeObject wf_filter_type = {
    .tp_name = "filter",
    .tp_basicsize = sizeof(FilterObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "filter(function or None, iterable) --> filter object",
    .tp_dealloc = filter_dealloc,
    .tp_traverse = filter_traverse,
    .tp_clear = filter_clear,
    .tp_iter = self_iter,
    .tp_iternext = filter_next,
    .tp_new = filter_new,
};

/* ---- reversed -------------------------------------------------------------------- */

typedef struct {
    WF_OBJECT_HEAD;
    wf_ssize_t index;        /* next index to read; -1 when exhausted */
    WfObject *seq;
} ReversedObject;

/* CPython's PySequence_Check: not a dict, and indexable by position. */
static bool sequence_check(WfObject *o) {
    if (wf_dict_check(o))
        return false;
    return WF_TYPE(o)->sq_item != NULL ||
           wf_type_lookup(WF_TYPE(o), WF_ID(__getitem__)) != NULL;
}

static WfObject *not_reversible(WfObject *seq) {
    return wf_err_format(wf_exc_TypeError, "'%s' object is not reversible",
                         wf_type_name(WF_TYPE(seq)));
}

static WfObject *reversed_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (type == &wf_reversed_type && wf_arg_no_keywords("reversed", kwds) < 0)
        return NULL;
    if (wf_arg_check_positional("reversed", WF_TUPLE_SIZE(args), 1, 1) < 0)
        return NULL;
    WfObject *seq = WF_TUPLE_ITEM(args, 0);
    WfObject *meth = wf_object_lookup_special(seq, WF_ID(__reversed__));
    if (meth == WF_NONE) {
        wf_decref(meth);
        return not_reversible(seq);
    }
    if (meth != NULL) {
        WfObject *res = wf_object_call_no_args(meth);
        wf_decref(meth);
        return res;
    }
    if (wf_err_occurred())
        return NULL;
    if (!sequence_check(seq))
        return not_reversible(seq);
    wf_ssize_t n = wf_object_length(seq);
    if (n == -1)
        return NULL;
    ReversedObject *ro = (ReversedObject *)alloc_iter(type, &wf_reversed_type);
    if (ro == NULL)
        return NULL;
    ro->index = n - 1;
    ro->seq = wf_newref(seq);
    return (WfObject *)ro;
}

static void reversed_dealloc(WfObject *self) {
    wf_xdecref(((ReversedObject *)self)->seq);
    wf_object_free(self);
}

static int reversed_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *seq = ((ReversedObject *)self)->seq;
    return seq ? visit(seq, arg) : 0;
}

static int reversed_clear(WfObject *self) {
    WF_CLEAR(((ReversedObject *)self)->seq);
    return 0;
}

static WfObject *reversed_next_lock_held(WfObject *self) {
    ReversedObject *ro = (ReversedObject *)self;
    if (ro->index >= 0 && ro->seq != NULL) {
        WfObject *item = sequence_get_item(ro->seq, ro->index);
        if (item != NULL) {
            ro->index--;
            return item;
        }
        if (!end_of_sequence_error())
            return NULL;
        wf_err_clear();
    }
    ro->index = -1;
    WF_CLEAR(ro->seq);
    return NULL;
}

static WfObject *reversed_length_hint_lock_held(WfObject *self, WfObject *unused) {
    ReversedObject *ro = (ReversedObject *)self;
    if (ro->seq == NULL)
        return wf_int_from_int64(0);
    wf_ssize_t n = wf_object_length(ro->seq);
    if (n == -1)
        return NULL;
    return wf_int_from_ssize(n < ro->index + 1 ? 0 : ro->index + 1);
}

static WfObject *reversed_length_hint(WfObject *self, WfObject *unused) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = reversed_length_hint_lock_held(self, unused);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfMethodDef reversed_methods[] = {
    {"__length_hint__", (void *)reversed_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* The iterator's state (index, exhaustion) changes inside its own critical
 * section, so an iterator shared by threads never drops its reference
 * twice or hands out one position twice. */
static WfObject *reversed_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = reversed_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

WfTypeObject wf_reversed_type = {
    .tp_name = "reversed",
    .tp_basicsize = sizeof(ReversedObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Return a reverse iterator over the values of the given sequence.",
    .tp_dealloc = reversed_dealloc,
    .tp_traverse = reversed_traverse,
    .tp_clear = reversed_clear,
    .tp_iter = self_iter,
    .tp_iternext = reversed_next,
    .tp_new = reversed_new,
    .tp_methods = reversed_methods,
};

/* ---- readying ------------------------------------------------------------------- */

int wf_containers_init(void) {
    static WfTypeObject *const types[] = {
        &wf_tuple_type, &wf_list_type, &wf_dict_type, &wf_set_type, &wf_frozenset_type,
        &wf_range_type, &wf_slice_type, &wf_tuple_iter_type, &wf_list_iter_type,
        &wf_list_reviter_type, &wf_set_iter_type, &wf_range_iter_type, &wf_longrange_iter_type,
        &wf_dict_keys_type, &wf_dict_values_type, &wf_dict_items_type, &wf_dict_keyiter_type,
        &wf_dict_valueiter_type, &wf_dict_itemiter_type, &wf_dict_revkeyiter_type,
        &wf_dict_revvalueiter_type, &wf_dict_revitemiter_type, &wf_seqiter_type,
        &wf_calliter_type, &wf_enumerate_type, &wf_zip_type, &wf_map_type, &wf_filter_type,
        &wf_reversed_type,
    };
    if (wf_tuple_init() < 0)
        return -1;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (wf_type_ready(types[i]) < 0)
            return -1;
    return 0;
}
