/* range.c — range objects and their iterators.
 *
 * Invariants:
 *  - start, stop, step and length are always set, as exact int objects
 *    (step != 0, length >= 0 is the exact item count), as in CPython.
 *  - compact is true when all four fit int64_t; then cstart..clength mirror
 *    them and every operation takes the int64 path. Other ranges (bounds
 *    like 10**20) use int-object arithmetic.
 *  - Item i is start + i*step. On the int64 path it is computed in uint64_t
 *    (wrapping) and cast back: every item of a compact range fits int64_t.
 *  - Ranges are immutable. Iterating a compact range gives a
 *    WfRangeIterObject (objects.h, read inline by FOR_ITER_RANGE); other
 *    ranges give a longrange_iterator counting with int objects.
 */
#include "runtime/objects/objects.h"
#include "threads/critical_section.h"

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *start, *stop, *step, *length;
    bool compact;
    int64_t cstart, cstop, cstep, clength;
} RangeObject;

#define RANGE(o) ((RangeObject *)(o))

static WfObject *small(long v) { return wf_int_from_long(v); }

static bool fits(WfObject *i, int64_t *out) {
    if (!wf_int_is_compact(i))
        return false;
    *out = wf_int_compact_value(i);
    return true;
}

/* Exact int64 count, or -1 when it does not fit. */
static int64_t compact_length(int64_t start, int64_t stop, int64_t step) {
    uint64_t n;
    if (step > 0) {
        if (start >= stop)
            return 0;
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    } else {
        if (start <= stop)
            return 0;
        n = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
    }
    return n > (uint64_t)INT64_MAX ? -1 : (int64_t)n;
}

/* (hi - lo - 1) // step + 1 with int objects, after orienting the bounds. */
static WfObject *object_length(WfObject *start, WfObject *stop, WfObject *step) {
    WfObject *lo, *hi, *st;
    if (wf_int_sign(step) > 0) {
        lo = wf_newref(start);
        hi = wf_newref(stop);
        st = wf_newref(step);
    } else {
        WfObject *zero = small(0);
        lo = wf_newref(stop);
        hi = wf_newref(start);
        st = wf_int_subtract(zero, step);
        if (st == NULL) {
            wf_decref(lo);
            wf_decref(hi);
            return NULL;
        }
    }
    WfObject *result = NULL, *diff = NULL, *q = NULL, *one = small(1);
    if (wf_int_compare(lo, hi) >= 0) {
        result = small(0);
        goto done;
    }
    diff = wf_int_subtract(hi, lo);
    if (diff == NULL)
        goto done;
    WfObject *d1 = wf_int_subtract(diff, one);
    if (d1 == NULL)
        goto done;
    q = wf_int_floor_divide(d1, st);
    wf_decref(d1);
    if (q != NULL)
        result = wf_int_add(q, one);
done:
    wf_xdecref(q);
    wf_xdecref(diff);
    wf_decref(lo);
    wf_decref(hi);
    wf_decref(st);
    return result;
}

/* A range from int objects (new references taken). */
static WfObject *range_from_objects(WfObject *start, WfObject *stop, WfObject *step) {
    int64_t a, b, c;
    bool compact = fits(start, &a) && fits(stop, &b) && fits(step, &c);
    int64_t clen = compact ? compact_length(a, b, c) : -1;
    WfObject *length = clen >= 0 ? wf_int_from_int64(clen) : object_length(start, stop, step);
    if (length == NULL)
        return NULL;
    RangeObject *r = (RangeObject *)wf_object_alloc(&wf_range_type);
    if (r == NULL) {
        wf_decref(length);
        return NULL;
    }
    r->start = wf_newref(start);
    r->stop = wf_newref(stop);
    r->step = wf_newref(step);
    r->length = length;
    r->compact = clen >= 0;
    r->cstart = compact ? a : 0;
    r->cstop = compact ? b : 0;
    r->cstep = compact ? c : 1;
    r->clength = clen >= 0 ? clen : 0;
    return (WfObject *)r;
}

static WfObject *range_from_int64(int64_t start, int64_t stop, int64_t step) {
    WfObject *a = wf_int_from_int64(start), *b = wf_int_from_int64(stop),
             *c = wf_int_from_int64(step);
    WfObject *r = (a && b && c) ? range_from_objects(a, b, c) : NULL;
    wf_xdecref(a);
    wf_xdecref(b);
    wf_xdecref(c);
    return r;
}

WfObject *wf_range_new(wf_ssize_t start, wf_ssize_t stop, wf_ssize_t step) {
    if (step == 0) {
        wf_err_set_string(wf_exc_ValueError, "range() arg 3 must not be zero");
        return NULL;
    }
    return range_from_int64(start, stop, step);
}

/* An argument of range(): anything with __index__, as an exact int. */
static WfObject *range_arg(WfObject *o) {
    if (wf_int_check_exact(o))
        return wf_newref(o);
    WfObject *ix = wf_number_index(o);
    if (ix == NULL || wf_int_check_exact(ix) || !wf_int_is_compact(ix))
        return ix;
    WfObject *exact = wf_int_from_int64(wf_int_compact_value(ix));   /* True -> 1 */
    wf_decref(ix);
    return exact;
}

static WfObject *range_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords("range", kwds) < 0)
        return NULL;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional("range", nargs, 1, 3) < 0)
        return NULL;
    WfObject *start = NULL, *stop = NULL, *step = NULL, *result = NULL;
    if (nargs == 1) {
        stop = range_arg(WF_TUPLE_ITEM(args, 0));
        if (stop == NULL)
            return NULL;
        start = small(0);
        step = small(1);
    } else {
        start = range_arg(WF_TUPLE_ITEM(args, 0));
        stop = start ? range_arg(WF_TUPLE_ITEM(args, 1)) : NULL;
        step = stop ? (nargs == 3 ? range_arg(WF_TUPLE_ITEM(args, 2)) : small(1)) : NULL;
        if (step == NULL)
            goto done;
        if (wf_int_sign(step) == 0) {
            wf_err_set_string(wf_exc_ValueError, "range() arg 3 must not be zero");
            goto done;
        }
    }
    result = range_from_objects(start, stop, step);
done:
    wf_xdecref(start);
    wf_xdecref(stop);
    wf_xdecref(step);
    return result;
}

static void range_dealloc(WfObject *self) {
    RangeObject *r = RANGE(self);
    wf_decref(r->start);
    wf_decref(r->stop);
    wf_decref(r->step);
    wf_decref(r->length);
    wf_object_free(self);
}

static WfObject *range_repr(WfObject *self) {
    RangeObject *r = RANGE(self);
    if (r->compact && r->cstep == 1)
        return wf_str_from_format("range(%lld, %lld)", (long long)r->cstart, (long long)r->cstop);
    if (r->compact)
        return wf_str_from_format("range(%lld, %lld, %lld)", (long long)r->cstart,
                                  (long long)r->cstop, (long long)r->cstep);
    WfObject *one = small(1);
    bool unit = wf_int_compare(r->step, one) == 0;
    if (unit)
        return wf_str_from_format("range(%R, %R)", r->start, r->stop);
    return wf_str_from_format("range(%R, %R, %R)", r->start, r->stop, r->step);
}

/* hash((len, start, step)), with None for what cannot matter (CPython). */
static wf_hash_t range_hash(WfObject *self) {
    RangeObject *r = RANGE(self);
    WfObject *t;
    int nonempty = wf_int_sign(r->length) != 0;
    WfObject *one = small(1);
    if (!nonempty)
        t = wf_tuple_pack(3, r->length, WF_NONE, WF_NONE);
    else if (wf_int_compare(r->length, one) == 0)
        t = wf_tuple_pack(3, r->length, r->start, WF_NONE);
    else
        t = wf_tuple_pack(3, r->length, r->start, r->step);
    if (t == NULL)
        return -1;
    wf_hash_t h = wf_object_hash(t);
    wf_decref(t);
    return h;
}

static int range_equals(RangeObject *a, RangeObject *b) {
    if (a == b)
        return 1;
    if (wf_int_compare(a->length, b->length) != 0)
        return 0;
    if (wf_int_sign(a->length) == 0)
        return 1;
    if (wf_int_compare(a->start, b->start) != 0)
        return 0;
    WfObject *one = small(1);
    if (wf_int_compare(a->length, one) == 0)
        return 1;
    return wf_int_compare(a->step, b->step) == 0;
}

static WfObject *range_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_range_check(w) || (op != WF_EQ && op != WF_NE))
        WF_RETURN_NOTIMPLEMENTED;
    int eq = range_equals(RANGE(v), RANGE(w));
    return wf_bool_from_long(op == WF_EQ ? eq : !eq);
}

static wf_ssize_t range_length(WfObject *self) {
    RangeObject *r = RANGE(self);
    if (WF_LIKELY(r->compact))
        return (wf_ssize_t)r->clength;
    if (wf_int_is_compact(r->length))   /* big bounds, small count */
        return (wf_ssize_t)wf_int_compact_value(r->length);
    wf_err_set_string(wf_exc_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

static int range_bool(WfObject *self) {
    return wf_int_sign(RANGE(self)->length) != 0;
}

/* start + i*step for an int object i (no bounds check). */
static WfObject *item_from_object(RangeObject *r, WfObject *i) {
    WfObject *off = wf_int_multiply(i, r->step);
    if (off == NULL)
        return NULL;
    WfObject *res = wf_int_add(r->start, off);
    wf_decref(off);
    return res;
}

static WfObject *index_error(void) {
    wf_err_set_string(wf_exc_IndexError, "range object index out of range");
    return NULL;
}

static WfObject *range_item(WfObject *self, wf_ssize_t i) {
    RangeObject *r = RANGE(self);
    if (WF_LIKELY(r->compact)) {
        if (i < 0 || i >= r->clength)
            return index_error();
        return wf_int_from_int64(
            (int64_t)((uint64_t)r->cstart + (uint64_t)i * (uint64_t)r->cstep));
    }
    WfObject *io = wf_int_from_ssize(i);
    if (io == NULL)
        return NULL;
    WfObject *res = NULL;
    if (i < 0 || wf_int_compare(io, r->length) >= 0)
        index_error();
    else
        res = item_from_object(r, io);
    wf_decref(io);
    return res;
}

/* r[i] for an index object of any size. */
static WfObject *range_item_object(RangeObject *r, WfObject *item) {
    WfObject *i = wf_number_index(item);
    if (i == NULL)
        return NULL;
    if (wf_int_sign(i) < 0) {
        WfObject *adj = wf_int_add(i, r->length);
        wf_decref(i);
        if (adj == NULL)
            return NULL;
        i = adj;
    }
    WfObject *res = NULL;
    if (wf_int_sign(i) < 0 || wf_int_compare(i, r->length) >= 0)
        index_error();
    else
        res = item_from_object(r, i);
    wf_decref(i);
    return res;
}

/* A slice bound against length (CPython's _PySlice_GetLongIndices): None
 * gives dflt; negative counts from the end; clamped to [lower, upper]. */
static WfObject *slice_bound(WfObject *v, WfObject *length, WfObject *lower, WfObject *upper,
                             WfObject *dflt) {
    if (v == WF_NONE)
        return wf_newref(dflt);
    if (!wf_index_check(v)) {
        wf_err_set_string(wf_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
        return NULL;
    }
    WfObject *x = wf_number_index(v);
    if (x == NULL)
        return NULL;
    if (wf_int_sign(x) < 0) {
        WfObject *adj = wf_int_add(x, length);
        wf_decref(x);
        if (adj == NULL)
            return NULL;
        x = adj;
        if (wf_int_compare(x, lower) < 0) {
            wf_decref(x);
            return wf_newref(lower);
        }
    } else if (wf_int_compare(x, upper) > 0) {
        wf_decref(x);
        return wf_newref(upper);
    }
    return x;
}

static WfObject *range_slice(RangeObject *r, WfSliceObject *slice) {
    WfObject *step = NULL, *lower = NULL, *upper = NULL, *start = NULL, *stop = NULL;
    WfObject *nstart = NULL, *nstop = NULL, *nstep = NULL, *result = NULL;
    if (slice->step == WF_NONE) {
        step = small(1);
    } else {
        if (!wf_index_check(slice->step)) {
            wf_err_set_string(wf_exc_TypeError, "slice indices must be integers or None or "
                                                "have an __index__ method");
            return NULL;
        }
        step = wf_number_index(slice->step);
        if (step == NULL)
            return NULL;
        if (wf_int_sign(step) == 0) {
            wf_err_set_string(wf_exc_ValueError, "slice step cannot be zero");
            goto done;
        }
    }
    bool backwards = wf_int_sign(step) < 0;
    lower = backwards ? small(-1) : small(0);
    upper = backwards ? wf_int_add(r->length, lower) : wf_newref(r->length);
    if (upper == NULL)
        goto done;
    start = slice_bound(slice->start, r->length, lower, upper, backwards ? upper : lower);
    if (start == NULL)
        goto done;
    stop = slice_bound(slice->stop, r->length, lower, upper, backwards ? lower : upper);
    if (stop == NULL)
        goto done;
    nstep = wf_int_multiply(step, r->step);
    nstart = nstep ? item_from_object(r, start) : NULL;
    nstop = nstart ? item_from_object(r, stop) : NULL;
    if (nstop != NULL)
        result = range_from_objects(nstart, nstop, nstep);
done:
    wf_xdecref(step);
    wf_xdecref(lower);
    wf_xdecref(upper);
    wf_xdecref(start);
    wf_xdecref(stop);
    wf_xdecref(nstart);
    wf_xdecref(nstop);
    wf_xdecref(nstep);
    return result;
}

static WfObject *range_subscript(WfObject *self, WfObject *item) {
    RangeObject *r = RANGE(self);
    if (wf_index_check(item)) {
        if (r->compact && wf_int_check_exact(item) && wf_int_is_compact(item)) {
            int64_t i = wf_int_compact_value(item);
            if (i < 0)
                i += r->clength;
            return range_item(self, (wf_ssize_t)i);
        }
        return range_item_object(r, item);
    }
    if (wf_slice_check(item))
        return range_slice(r, (WfSliceObject *)item);
    wf_err_format(wf_exc_TypeError, "range indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return NULL;
}

/* For an int ob: 1 with its index (new ref) when it is an item, 0 when not, -1 error. */
static int range_find_int(RangeObject *r, WfObject *ob, WfObject **index) {
    int64_t v;
    if (r->compact && fits(ob, &v)) {
        bool inside = r->cstep > 0 ? (r->cstart <= v && v < r->cstop)
                                   : (r->cstop < v && v <= r->cstart);
        if (!inside)
            return 0;
        uint64_t off = (uint64_t)v - (uint64_t)r->cstart;
        uint64_t step = (uint64_t)r->cstep;
        if (r->cstep < 0) {
            off = 0 - off;
            step = 0 - step;
        }
        if (off % step != 0)
            return 0;
        if (index != NULL && (*index = wf_int_from_int64((int64_t)(off / step))) == NULL)
            return -1;
        return 1;
    }
    /* start <= ob < stop (or reversed), then (ob - start) % step == 0 */
    bool inside = wf_int_sign(r->step) > 0
                      ? (wf_int_compare(r->start, ob) <= 0 && wf_int_compare(ob, r->stop) < 0)
                      : (wf_int_compare(r->stop, ob) < 0 && wf_int_compare(ob, r->start) <= 0);
    if (!inside)
        return 0;
    WfObject *off = wf_int_subtract(ob, r->start);
    if (off == NULL)
        return -1;
    WfObject *rem = wf_int_remainder(off, r->step);
    int found = rem == NULL ? -1 : wf_int_sign(rem) == 0;
    wf_xdecref(rem);
    if (found > 0 && index != NULL) {
        *index = wf_int_floor_divide(off, r->step);
        if (*index == NULL)
            found = -1;
    }
    wf_decref(off);
    return found;
}

static bool is_plain_int(WfObject *o) {
    return wf_int_check_exact(o) || wf_bool_check(o);
}

/* What CPython's iterative search does for non-int items.
 * mode 0: contains (1/0), 1: count, 2: index (-1 with ValueError when absent). */
static wf_ssize_t range_search(WfObject *self, WfObject *ob, int mode) {
    WfObject *it = wf_object_get_iter(self);
    if (it == NULL)
        return -1;
    wf_ssize_t count = 0, i = 0, result = -2;
    WfObject *item;
    for (; result == -2 && (item = wf_iter_next(it)) != NULL; i++) {
        int cmp = wf_object_rich_compare_bool(item, ob, WF_EQ);
        wf_decref(item);
        if (cmp < 0)
            result = -1;
        else if (cmp > 0 && mode != 1)
            result = mode == 0 ? 1 : i;
        else
            count += cmp;
    }
    wf_decref(it);
    if (result != -2)
        return result;
    if (wf_err_occurred())
        return -1;
    if (mode == 2) {
        wf_err_set_string(wf_exc_ValueError, "sequence.index(x): x not in sequence");
        return -1;
    }
    return mode == 0 ? 0 : count;
}

static int range_contains(WfObject *self, WfObject *ob) {
    if (is_plain_int(ob))
        return range_find_int(RANGE(self), ob, NULL);
    return (int)range_search(self, ob, 0);
}

static WfObject *range_count(WfObject *self, WfObject *ob) {
    if (is_plain_int(ob)) {
        int r = range_find_int(RANGE(self), ob, NULL);
        return r < 0 ? NULL : small(r);
    }
    wf_ssize_t n = range_search(self, ob, 1);
    return n < 0 ? NULL : wf_int_from_ssize(n);
}

static WfObject *range_index(WfObject *self, WfObject *ob) {
    if (is_plain_int(ob)) {
        WfObject *index = NULL;
        int r = range_find_int(RANGE(self), ob, &index);
        if (r < 0)
            return NULL;
        if (r > 0)
            return index;
        return wf_err_format(wf_exc_ValueError, "%R is not in range", ob);
    }
    wf_ssize_t i = range_search(self, ob, 2);
    return i < 0 ? NULL : wf_int_from_ssize(i);
}

/* ---- iterators ------------------------------------------------------------ */

typedef struct {
    WF_OBJECT_HEAD;
    WfObject *start, *step, *len;   /* ints */
} LongRangeIterObject;

static WfObject *rangeiter_make(int64_t start, int64_t step, int64_t len) {
    WfRangeIterObject *it = (WfRangeIterObject *)wf_object_alloc(&wf_range_iter_type);
    if (it == NULL)
        return NULL;
    it->start = start;
    it->step = step;
    it->len = len;
    it->total = len;
    return (WfObject *)it;
}

/* Takes the three references. */
static WfObject *longrangeiter_make(WfObject *start, WfObject *step, WfObject *len) {
    LongRangeIterObject *it = NULL;
    if (start && step && len)
        it = (LongRangeIterObject *)wf_object_alloc(&wf_longrange_iter_type);
    if (it == NULL) {
        wf_xdecref(start);
        wf_xdecref(step);
        wf_xdecref(len);
        return NULL;
    }
    it->start = start;
    it->step = step;
    it->len = len;
    return (WfObject *)it;
}

static WfObject *range_iter(WfObject *self) {
    RangeObject *r = RANGE(self);
    if (r->compact)
        return rangeiter_make(r->cstart, r->cstep, r->clength);
    return longrangeiter_make(wf_newref(r->start), wf_newref(r->step), wf_newref(r->length));
}

static WfObject *range_reversed(WfObject *self, WfObject *unused) {
    RangeObject *r = RANGE(self);
    if (r->compact) {
        if (r->clength == 0)
            return rangeiter_make(r->cstart, 1, 0);
        /* From the last item back; -step wraps for INT64_MIN, harmlessly. */
        int64_t last = (int64_t)((uint64_t)r->cstart +
                                 (uint64_t)(r->clength - 1) * (uint64_t)r->cstep);
        return rangeiter_make(last, (int64_t)(0 - (uint64_t)r->cstep), r->clength);
    }
    WfObject *one = small(1), *zero = small(0);
    WfObject *n1 = wf_int_subtract(r->length, one);
    WfObject *last = n1 ? item_from_object(r, n1) : NULL;
    wf_xdecref(n1);
    WfObject *neg = wf_int_subtract(zero, r->step);
    return longrangeiter_make(last, neg, wf_newref(r->length));
}

static WfObject *range_get_start(WfObject *self, void *closure) {
    return wf_newref(RANGE(self)->start);
}
static WfObject *range_get_stop(WfObject *self, void *closure) {
    return wf_newref(RANGE(self)->stop);
}
static WfObject *range_get_step(WfObject *self, void *closure) {
    return wf_newref(RANGE(self)->step);
}

static WfGetSetDef range_getset[] = {
    {"start", range_get_start, NULL, NULL, NULL},
    {"stop", range_get_stop, NULL, NULL, NULL},
    {"step", range_get_step, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMethodDef range_methods[] = {
    {"__reversed__", (void *)range_reversed, WF_METH_NOARGS, NULL},
    {"count", (void *)range_count, WF_METH_O, NULL},
    {"index", (void *)range_index, WF_METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_range_type = {
    .tp_name = "range",
    .tp_basicsize = sizeof(RangeObject),
    .tp_doc = "range(stop) -> range object\nrange(start, stop[, step]) -> range object",
    .tp_dealloc = range_dealloc,
    .tp_repr = range_repr,
    .tp_hash = range_hash,
    .tp_richcompare = range_richcompare,
    .tp_iter = range_iter,
    .tp_new = range_new,
    .nb_bool = range_bool,
    .sq_length = range_length,
    .sq_item = range_item,
    .sq_contains = range_contains,
    .mp_length = range_length,
    .mp_subscript = range_subscript,
    .tp_methods = range_methods,
    .tp_getset = range_getset,
};

static WfObject *iter_self(WfObject *self) {
    return wf_newref(self);
}

static void rangeiter_dealloc(WfObject *self) {
    wf_object_free(self);
}

/* An iterator shared by threads hands each item to exactly one of them:
 * the item is claimed by decrementing `len` with a CAS. */
static WfObject *rangeiter_next(WfObject *self) {
    WfRangeIterObject *it = (WfRangeIterObject *)self;
    int64_t left = __atomic_load_n(&it->len, __ATOMIC_RELAXED);
    do {
        if (left <= 0)
            return NULL;
    } while (!__atomic_compare_exchange_n(&it->len, &left, left - 1, true, __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
    uint64_t k = (uint64_t)(it->total - left);
    return wf_int_from_int64((int64_t)((uint64_t)it->start + k * (uint64_t)it->step));
}

static WfObject *rangeiter_length_hint(WfObject *self, WfObject *unused) {
    return wf_int_from_int64(__atomic_load_n(&((WfRangeIterObject *)self)->len, __ATOMIC_RELAXED));
}

static WfMethodDef rangeiter_methods[] = {
    {"__length_hint__", (void *)rangeiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_range_iter_type = {
    .tp_name = "range_iterator",
    .tp_basicsize = sizeof(WfRangeIterObject),
    .tp_dealloc = rangeiter_dealloc,
    .tp_iter = iter_self,
    .tp_iternext = rangeiter_next,
    .tp_methods = rangeiter_methods,
};

static void longrangeiter_dealloc(WfObject *self) {
    LongRangeIterObject *it = (LongRangeIterObject *)self;
    wf_decref(it->start);
    wf_decref(it->step);
    wf_decref(it->len);
    wf_object_free(self);
}

static WfObject *longrangeiter_next_lock_held(WfObject *self);

/* Shared long-range iterators step inside their critical section. */
static WfObject *longrangeiter_next(WfObject *self) {
    WfObject *r;
    WF_BEGIN_CRITICAL_SECTION(self);
    r = longrangeiter_next_lock_held(self);
    WF_END_CRITICAL_SECTION();
    return r;
}

static WfObject *longrangeiter_next_lock_held(WfObject *self) {
    LongRangeIterObject *it = (LongRangeIterObject *)self;
    if (wf_int_sign(it->len) <= 0)
        return NULL;
    WfObject *one = small(1);
    WfObject *next = wf_int_add(it->start, it->step);
    WfObject *len = next ? wf_int_subtract(it->len, one) : NULL;
    if (len == NULL) {
        wf_xdecref(next);
        return NULL;
    }
    WfObject *result = it->start;   /* our reference moves to the caller */
    it->start = next;
    wf_decref(it->len);
    it->len = len;
    return result;
}

static WfObject *longrangeiter_length_hint(WfObject *self, WfObject *unused) {
    return wf_newref(((LongRangeIterObject *)self)->len);
}

static WfMethodDef longrangeiter_methods[] = {
    {"__length_hint__", (void *)longrangeiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_longrange_iter_type = {
    .tp_name = "longrange_iterator",
    .tp_basicsize = sizeof(LongRangeIterObject),
    .tp_dealloc = longrangeiter_dealloc,
    .tp_iter = iter_self,
    .tp_iternext = longrangeiter_next,
    .tp_methods = longrangeiter_methods,
};
