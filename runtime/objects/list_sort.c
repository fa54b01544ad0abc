/* list_sort.c — list.sort(): a stable natural merge sort in timsort's shape
 * (runs, binary insertion up to minrun, timsort's merge-stack invariants,
 * merges trimmed by binary search), with key= and reverse=.
 *
 * Invariants:
 *  - The sort runs inside the list's critical section on a private copy of
 *    the item array and publishes it with one pointer store at the end.
 *    A list other threads may see (list_is_private is false) keeps showing
 *    its old contents meanwhile, so a lock-free reader sees the old order or
 *    the sorted order, never [] and never a half-merged array; its key
 *    functions and comparisons see the old contents too, and a mutation
 *    during the sort is detected against a snapshot (list_sort_lock_held).
 *    A private list (single-threaded process, or sorted()'s fresh list) is
 *    emptied during the sort exactly as CPython does (list_sort_private):
 *    key functions see [], and no references need to be taken.
 *  - The work arrays are a permutation of the items at every point where a
 *    comparison can fail: after an error, comparisons stop (they answer
 *    "not less") and the merges in progress finish moving items, so the list
 *    ends up holding every item exactly once.
 *  - Keys of one exact type (str, compact int, float) are compared without
 *    the generic rich-comparison path; those never fail or run Python code.
 *    Tuples whose first items share such a type compare those first items
 *    the same way (CPython's unsafe_tuple_compare).
 */
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/list_internal.h"
#include "runtime/objects/lockfree.h"
#include "threads/critical_section.h"

#define MAX_MERGE_PENDING 85   /* enough for 2**64 items (timsort's bound) */
#define MIN_GALLOP_LEN 64

/* How keys are compared, chosen once by scanning them. */
enum {
    CMP_GENERIC,   /* rich comparison (may run Python code, may fail) */
    CMP_INT,       /* all compact exact ints: int64 < */
    CMP_FLOAT,     /* all exact floats: double < */
    CMP_STR,       /* all exact strs: UTF-8 bytes order == code point order */
    CMP_TUPLE,     /* all non-empty exact tuples: first items of one fast kind */
};

typedef struct SortState {
    WfObject **keys;
    WfObject **values;       /* parallel to keys, or NULL when keys are the values */
    int kind;                /* CMP_* */
    int elem_kind;           /* CMP_TUPLE: how the first items compare */
    int error;               /* a comparison raised */
    WfObject **tmp;          /* merge buffer: 2 * tmp_cap slots (keys then values) */
    wf_ssize_t tmp_cap;
    int npending;
    struct { wf_ssize_t base, len; } pending[MAX_MERGE_PENDING];
} SortState;

/* ---- comparisons ---------------------------------------------------------- */

static inline int str_cmp(WfObject *a, WfObject *b) {
    wf_ssize_t la = WF_STR_BYTE_LENGTH(a), lb = WF_STR_BYTE_LENGTH(b);
    int c = memcmp(WF_STR_DATA(a), WF_STR_DATA(b), (size_t)(la < lb ? la : lb));
    return c != 0 ? c : (la > lb) - (la < lb);
}

/* a < b for keys of one fast kind; never fails. */
static inline int fast_lt(int kind, WfObject *a, WfObject *b) {
    switch (kind) {
    case CMP_INT:
        return wf_int_compact_value(a) < wf_int_compact_value(b);
    case CMP_FLOAT:
        return WF_FLOAT_VALUE(a) < WF_FLOAT_VALUE(b);
    default:
        return str_cmp(a, b) < 0;
    }
}

/* a == b as PyObject_RichCompareBool(EQ) would say, for one fast kind. */
static inline int fast_eq(int kind, WfObject *a, WfObject *b) {
    if (a == b)
        return 1;
    switch (kind) {
    case CMP_INT:
        return wf_int_compact_value(a) == wf_int_compact_value(b);
    case CMP_FLOAT:
        return WF_FLOAT_VALUE(a) == WF_FLOAT_VALUE(b);
    default:
        return WF_STR_BYTE_LENGTH(a) == WF_STR_BYTE_LENGTH(b) && str_cmp(a, b) == 0;
    }
}

/* CPython's tuple comparison, with the first items compared the fast way. */
static WF_NOINLINE int tuple_lt(SortState *st, WfObject *v, WfObject *w) {
    WfObject *a = WF_TUPLE_ITEM(v, 0), *b = WF_TUPLE_ITEM(w, 0);
    if (!fast_eq(st->elem_kind, a, b))
        return fast_lt(st->elem_kind, a, b);
    wf_ssize_t vlen = WF_TUPLE_SIZE(v), wlen = WF_TUPLE_SIZE(w), i;
    for (i = 1; i < vlen && i < wlen; i++) {
        int k = wf_object_rich_compare_bool(WF_TUPLE_ITEM(v, i), WF_TUPLE_ITEM(w, i), WF_EQ);
        if (k < 0)
            return -1;
        if (!k)
            break;
    }
    if (i >= vlen || i >= wlen)
        return vlen < wlen;
    return wf_object_rich_compare_bool(WF_TUPLE_ITEM(v, i), WF_TUPLE_ITEM(w, i), WF_LT);
}

/* The fast kind all of keys[0, n) share, or CMP_GENERIC. */
static int common_kind(WfObject **keys, wf_ssize_t n, bool first_items) {
    bool all_str = true, all_int = true, all_float = true;
    for (wf_ssize_t i = 0; i < n && (all_str || all_int || all_float); i++) {
        WfObject *k = first_items ? WF_TUPLE_ITEM(keys[i], 0) : keys[i];
        WfTypeObject *t = WF_TYPE(k);
        all_str = all_str && t == &wf_str_type;
        all_int = all_int && t == &wf_int_type && wf_int_is_compact(k);
        all_float = all_float && t == &wf_float_type;
    }
    return all_str ? CMP_STR : all_int ? CMP_INT : all_float ? CMP_FLOAT : CMP_GENERIC;
}

static void choose_compare(SortState *st, wf_ssize_t n) {
    st->kind = common_kind(st->keys, n, false);
    if (st->kind != CMP_GENERIC)
        return;
    for (wf_ssize_t i = 0; i < n; i++)
        if (WF_TYPE(st->keys[i]) != &wf_tuple_type || WF_TUPLE_SIZE(st->keys[i]) == 0)
            return;
    st->elem_kind = common_kind(st->keys, n, true);
    if (st->elem_kind != CMP_GENERIC)
        st->kind = CMP_TUPLE;
}

/* a < b; after an error, always 0 (see the invariants). */
static inline int islt(SortState *st, WfObject *a, WfObject *b) {
    int r;
    switch (st->kind) {
    case CMP_INT:
    case CMP_FLOAT:
    case CMP_STR:
        return fast_lt(st->kind, a, b);
    case CMP_TUPLE:
        if (st->error)
            return 0;
        r = tuple_lt(st, a, b);
        break;
    default:
        if (st->error)
            return 0;
        r = wf_object_rich_compare_bool(a, b, WF_LT);
        break;
    }
    if (r < 0) {
        st->error = 1;
        return 0;
    }
    return r;
}

/* ---- moving items (keys and values together) ------------------------------ */

static inline void swap_at(SortState *st, wf_ssize_t i, wf_ssize_t j) {
    WfObject *t = st->keys[i];
    st->keys[i] = st->keys[j];
    st->keys[j] = t;
    if (st->values) {
        t = st->values[i];
        st->values[i] = st->values[j];
        st->values[j] = t;
    }
}

static void reverse_range(SortState *st, wf_ssize_t lo, wf_ssize_t hi) {
    for (hi--; lo < hi; lo++, hi--)
        swap_at(st, lo, hi);
}

/* Sort [lo, hi) where [lo, start) is already sorted, by binary insertion. */
static void binary_insertion(SortState *st, wf_ssize_t lo, wf_ssize_t hi, wf_ssize_t start) {
    WfObject **keys = st->keys, **values = st->values;
    for (; start < hi; start++) {
        WfObject *pivot = keys[start];
        wf_ssize_t l = lo, r = start;
        while (l < r) {   /* first position whose key is > pivot: stable */
            wf_ssize_t m = l + ((r - l) >> 1);
            if (islt(st, pivot, keys[m]))
                r = m;
            else
                l = m + 1;
        }
        memmove(&keys[l + 1], &keys[l], (size_t)(start - l) * sizeof(WfObject *));
        keys[l] = pivot;
        if (values) {
            WfObject *pv = values[start];
            memmove(&values[l + 1], &values[l], (size_t)(start - l) * sizeof(WfObject *));
            values[l] = pv;
        }
    }
}

/* Length of the run starting at lo (< hi); a strictly descending run is
 * reversed in place, which keeps the sort stable. */
static wf_ssize_t count_run(SortState *st, wf_ssize_t lo, wf_ssize_t hi) {
    WfObject **keys = st->keys;
    wf_ssize_t n = lo + 1;
    if (n == hi)
        return 1;
    if (islt(st, keys[n], keys[n - 1])) {
        for (n++; n < hi && islt(st, keys[n], keys[n - 1]); n++)
            ;
        reverse_range(st, lo, n);
    } else {
        for (n++; n < hi && !islt(st, keys[n], keys[n - 1]); n++)
            ;
    }
    return n - lo;
}

static wf_ssize_t compute_minrun(wf_ssize_t n) {
    wf_ssize_t r = 0;
    while (n >= MIN_GALLOP_LEN) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* First index in a[0, n) whose key is > key (all equal ones stay left). */
static wf_ssize_t search_right(SortState *st, WfObject *key, WfObject **a, wf_ssize_t n) {
    wf_ssize_t l = 0, r = n;
    while (l < r) {
        wf_ssize_t m = l + ((r - l) >> 1);
        if (islt(st, key, a[m]))
            r = m;
        else
            l = m + 1;
    }
    return l;
}

/* First index in a[0, n) whose key is >= key. */
static wf_ssize_t search_left(SortState *st, WfObject *key, WfObject **a, wf_ssize_t n) {
    wf_ssize_t l = 0, r = n;
    while (l < r) {
        wf_ssize_t m = l + ((r - l) >> 1);
        if (islt(st, a[m], key))
            l = m + 1;
        else
            r = m;
    }
    return l;
}

static int ensure_tmp(SortState *st, wf_ssize_t need) {
    if (need <= st->tmp_cap)
        return 0;
    wf_mem_free(st->tmp);
    st->tmp = wf_mem_malloc((size_t)need * 2 * sizeof(WfObject *));
    if (st->tmp == NULL) {
        st->tmp_cap = 0;
        wf_err_no_memory();
        return -1;
    }
    st->tmp_cap = need;
    return 0;
}

static void copy_slice(SortState *st, WfObject **tk, WfObject **tv, wf_ssize_t from,
                       wf_ssize_t n) {
    memcpy(tk, st->keys + from, (size_t)n * sizeof(WfObject *));
    if (st->values)
        memcpy(tv, st->values + from, (size_t)n * sizeof(WfObject *));
}

/* Merge [a, a+na) and [b=a+na, b+nb), na <= nb, copying the left run aside. */
static void merge_lo(SortState *st, wf_ssize_t a, wf_ssize_t na, wf_ssize_t nb) {
    WfObject **keys = st->keys, **values = st->values;
    WfObject **tk = st->tmp, **tv = st->tmp + st->tmp_cap;
    copy_slice(st, tk, tv, a, na);
    wf_ssize_t i = 0, j = a + na, end = a + na + nb, dest = a;
    while (i < na && j < end) {
        if (islt(st, keys[j], tk[i])) {
            keys[dest] = keys[j];
            if (values)
                values[dest] = values[j];
            j++;
        } else {
            keys[dest] = tk[i];
            if (values)
                values[dest] = tv[i];
            i++;
        }
        dest++;
    }
    /* What is left of the right run is already in place. */
    memcpy(&keys[dest], &tk[i], (size_t)(na - i) * sizeof(WfObject *));
    if (values)
        memcpy(&values[dest], &tv[i], (size_t)(na - i) * sizeof(WfObject *));
}

/* Merge [a, a+na) and [a+na, a+na+nb), na > nb, copying the right run aside. */
static void merge_hi(SortState *st, wf_ssize_t a, wf_ssize_t na, wf_ssize_t nb) {
    WfObject **keys = st->keys, **values = st->values;
    WfObject **tk = st->tmp, **tv = st->tmp + st->tmp_cap;
    copy_slice(st, tk, tv, a + na, nb);
    wf_ssize_t i = a + na - 1, j = nb - 1, dest = a + na + nb - 1;
    while (i >= a && j >= 0) {
        if (islt(st, tk[j], keys[i])) {
            keys[dest] = keys[i];
            if (values)
                values[dest] = values[i];
            i--;
        } else {
            keys[dest] = tk[j];
            if (values)
                values[dest] = tv[j];
            j--;
        }
        dest--;
    }
    /* What is left of the left run is already in place. */
    memcpy(&keys[dest - j], tk, (size_t)(j + 1) * sizeof(WfObject *));
    if (values)
        memcpy(&values[dest - j], tv, (size_t)(j + 1) * sizeof(WfObject *));
}

/* Merge pending runs i and i+1. */
static int merge_at(SortState *st, int i) {
    wf_ssize_t a = st->pending[i].base, na = st->pending[i].len;
    wf_ssize_t b = st->pending[i + 1].base, nb = st->pending[i + 1].len;
    st->pending[i].len = na + nb;
    if (i == st->npending - 3)
        st->pending[i + 1] = st->pending[i + 2];
    st->npending--;
    /* Items of A not greater than B's first are already in place... */
    wf_ssize_t k = search_right(st, st->keys[b], st->keys + a, na);
    a += k;
    na -= k;
    if (na == 0)
        return 0;
    /* ...and so are items of B not less than A's last. */
    nb = search_left(st, st->keys[a + na - 1], st->keys + b, nb);
    if (nb == 0)
        return 0;
    if (ensure_tmp(st, na < nb ? na : nb) < 0)
        return -1;
    if (na <= nb)
        merge_lo(st, a, na, nb);
    else
        merge_hi(st, a, na, nb);
    return 0;
}

/* Timsort's stack invariants (with the 2015 fix): merge until
 * len[k-2] > len[k-1] + len[k] and len[k-1] > len[k] hold on the top. */
static int merge_collapse(SortState *st) {
    while (st->npending > 1) {
        int n = st->npending - 2;
        if ((n > 0 && st->pending[n - 1].len <= st->pending[n].len + st->pending[n + 1].len) ||
            (n > 1 && st->pending[n - 2].len <= st->pending[n - 1].len + st->pending[n].len)) {
            if (st->pending[n - 1].len < st->pending[n + 1].len)
                n--;
        } else if (st->pending[n].len > st->pending[n + 1].len) {
            break;
        }
        if (merge_at(st, n) < 0)
            return -1;
    }
    return 0;
}

static int merge_force_collapse(SortState *st) {
    while (st->npending > 1) {
        int n = st->npending - 2;
        if (n > 0 && st->pending[n - 1].len < st->pending[n + 1].len)
            n--;
        if (merge_at(st, n) < 0)
            return -1;
    }
    return 0;
}

/* Sort keys[0, n) (moving values along). 0, or -1 on MemoryError. A failed
 * comparison is reported through st->error, not the return value. */
static int sort_slice(SortState *st, wf_ssize_t n) {
    if (n < 2)
        return 0;
    wf_ssize_t minrun = compute_minrun(n);
    wf_ssize_t lo = 0;
    while (lo < n) {
        wf_ssize_t run = count_run(st, lo, n);
        if (run < minrun) {
            wf_ssize_t force = n - lo < minrun ? n - lo : minrun;
            binary_insertion(st, lo, lo + force, lo + run);
            run = force;
        }
        wf_assert(st->npending < MAX_MERGE_PENDING);
        st->pending[st->npending].base = lo;
        st->pending[st->npending].len = run;
        st->npending++;
        if (merge_collapse(st) < 0)
            return -1;
        lo += run;
    }
    return merge_force_collapse(st);
}

static void reverse_array(WfObject **a, wf_ssize_t n) {
    for (wf_ssize_t i = 0, j = n - 1; i < j; i++, j--) {
        WfObject *t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* ---- list.sort ------------------------------------------------------------- */

/* Sorts values[0..n) (and computes the keys) in place. 0, or -1 with an
 * exception; values stays a permutation of its items either way. */
static int sort_values(WfObject **values, wf_ssize_t n, WfObject *keyfunc, int reverse,
                       bool *ran_python) {
    WfObject **keys = NULL;
    wf_ssize_t nkeys = 0;
    int result = 0;
    *ran_python = keyfunc != NULL;
    if (keyfunc != NULL && n > 0) {
        keys = wf_mem_malloc((size_t)n * sizeof(WfObject *));
        if (keys == NULL) {
            wf_err_no_memory();
            return -1;
        }
        for (; nkeys < n; nkeys++) {
            keys[nkeys] = wf_object_call_one_arg(keyfunc, values[nkeys]);
            if (keys[nkeys] == NULL) {
                result = -1;
                goto done;
            }
        }
    }
    SortState st = {.keys = keys ? keys : values, .values = keys ? values : NULL};
    if (n > 1) {
        choose_compare(&st, n);
        if (st.kind != CMP_INT && st.kind != CMP_FLOAT && st.kind != CMP_STR)
            *ran_python = true;
        /* reverse=True: reverse, sort, reverse back, which keeps equal
         * items in their original order. */
        if (reverse) {
            reverse_array(st.keys, n);
            if (st.values)
                reverse_array(st.values, n);
        }
        if (sort_slice(&st, n) < 0)
            result = -1;
        if (reverse) {
            reverse_array(st.keys, n);
            if (st.values)
                reverse_array(st.values, n);
        }
        if (st.error)
            result = -1;
    }
    wf_mem_free(st.tmp);
done:
    for (wf_ssize_t i = 0; i < nkeys; i++)
        wf_decref(keys[i]);
    wf_mem_free(keys);
    return result;
}

/* Only whether Python code can run during the sort (a key function, or
 * comparisons that are not int/float/str) decides the path:
 *  - none can: the section is held throughout, nobody can change the list,
 *    the sorted copy simply replaces the array (one release store);
 *  - some can: the copy holds its own references, the list keeps showing
 *    its old contents (never [], unlike CPython), and a change made meanwhile
 *    (by the key function, a comparison, or another thread while the
 *    section was suspended) is detected by comparing with a snapshot: the
 *    sorted items are installed anyway and "list modified during sort" is
 *    raised, as CPython does. */
static int list_sort_lock_held(WfListObject *self, WfObject *keyfunc, int reverse,
                               WfObject ***garbage, wf_ssize_t *ngarbage) {
    wf_ssize_t n = WF_SIZE(self);
    WfObject **saved = self->ob_item;
    *garbage = NULL;
    *ngarbage = 0;
    /* An empty list calls no key function (and has no array to copy). */
    if (n == 0 || (n < 2 && keyfunc == NULL))
        return 0;
    /* The copy's capacity is the list's now: a key function may grow the
     * list meanwhile, and the copy is installed with what it really has. */
    wf_ssize_t capacity = self->allocated;
    WfObject **values = wf_list_items_alloc(capacity, n);
    WfObject **snapshot = wf_mem_malloc((size_t)n * sizeof(WfObject *));
    if (values == NULL || snapshot == NULL) {
        wf_list_items_free(values);
        wf_mem_free(snapshot);
        if (!wf_err_occurred())
            wf_err_no_memory();
        return -1;
    }
    memcpy(values, saved, (size_t)n * sizeof(WfObject *));
    memcpy(snapshot, saved, (size_t)n * sizeof(WfObject *));
    /* Own references first, whenever Python code might run. */
    bool python_possible = keyfunc != NULL;
    if (!python_possible) {
        SortState probe = {.keys = values};
        choose_compare(&probe, n);
        python_possible = probe.kind != CMP_INT && probe.kind != CMP_FLOAT &&
                          probe.kind != CMP_STR;
    }
    if (python_possible)
        for (wf_ssize_t i = 0; i < n; i++)
            wf_incref(values[i]);
    bool ran_python;
    int result = sort_values(values, n, keyfunc, reverse, &ran_python);
    wf_assert(python_possible || !ran_python);
    bool modified = self->ob_item != saved || WF_SIZE(self) != n ||
                    (n > 0 && memcmp(saved, snapshot, (size_t)n * sizeof(WfObject *)) != 0);
    wf_mem_free(snapshot);
    if (modified && result == 0) {
        wf_err_set_string(wf_exc_ValueError, "list modified during sort");
        result = -1;
    }
    /* The sorted copy replaces whatever the list holds now; the list's own
     * references (now in the replaced array) become garbage. */
    wf_ssize_t cur_n = WF_SIZE(self);
    WfObject **cur = wf_list_items_publish(self, values, n, capacity);
    if (python_possible && cur_n > 0) {
        WfObject **g = wf_mem_malloc((size_t)cur_n * sizeof(WfObject *));
        if (g == NULL) {
            /* Cannot happen often; leak rather than corrupt. */
            wf_err_clear();
        } else {
            memcpy(g, cur, (size_t)cur_n * sizeof(WfObject *));
            *garbage = g;
            *ngarbage = cur_n;
        }
    }
    wf_list_items_retire(self, cur);
    return result;
}

/* A list no other thread can see: single-threaded process, or only the
 * caller's reference (sorted()'s fresh list) and never published (a thread
 * may hold a borrowed reference to a published one: lockfree.h point 4). */
static bool list_is_private(WfListObject *self) {
    if (!wf_objects_are_shared())
        return true;
    WfObject *o = (WfObject *)self;
    return wf_is_owned_by_current_thread(o) && wf_ref_local_load(o) == 1 &&
           atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed) == 0 &&
           !(__atomic_load_n(&o->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE);
}

/* CPython's way, for private lists (no other thread can look): the list is
 * empty while sorting (allocated -1), key functions and comparisons see [],
 * and a mutation meanwhile is detected afterwards. The items' references
 * move to the private array, so no increfs are needed. */
static int list_sort_private(WfListObject *self, WfObject *keyfunc, int reverse,
                             WfObject ***garbage, wf_ssize_t *ngarbage) {
    wf_ssize_t n = WF_SIZE(self);
    *garbage = NULL;
    *ngarbage = 0;
    WfObject **values = NULL;
    if (n > 0) {
        values = wf_list_items_alloc(n, n);
        if (values == NULL)
            return -1;
        memcpy(values, self->ob_item, (size_t)n * sizeof(WfObject *));
    }
    wf_list_items_retire(self, wf_list_items_publish(self, NULL, 0, -1));
    bool ran_python;
    int result = sort_values(values, n, keyfunc, reverse, &ran_python);
    if (self->allocated != -1 && result == 0) {
        wf_err_set_string(wf_exc_ValueError, "list modified during sort");
        result = -1;
    }
    /* Whatever was put into the list during the sort is dropped. */
    wf_ssize_t during_n = WF_SIZE(self);
    WfObject **during = wf_list_items_publish(self, values, n, n);
    if (during_n > 0) {
        WfObject **g = wf_mem_malloc((size_t)during_n * sizeof(WfObject *));
        if (g != NULL) {
            memcpy(g, during, (size_t)during_n * sizeof(WfObject *));
            *garbage = g;
            *ngarbage = during_n;
        }
    }
    wf_list_items_retire(self, during);
    return result;
}

int wf_list_sort_impl(WfObject *l, WfObject *keyfunc, int reverse) {
    if (keyfunc == WF_NONE)
        keyfunc = NULL;
    WfObject **garbage;
    wf_ssize_t ngarbage;
    int r;
    WF_BEGIN_CRITICAL_SECTION(l);
    if (list_is_private((WfListObject *)l))
        r = list_sort_private((WfListObject *)l, keyfunc, reverse, &garbage, &ngarbage);
    else
        r = list_sort_lock_held((WfListObject *)l, keyfunc, reverse, &garbage, &ngarbage);
    WF_END_CRITICAL_SECTION();
    if (garbage != NULL) {
        /* Keep a raised exception across the decrefs (__del__ may run). */
        WfObject *exc = r < 0 ? wf_err_get_raised() : NULL;
        wf_container_drop_items(l, garbage, ngarbage);
        wf_mem_free(garbage);
        if (exc != NULL)
            wf_err_set_raised(exc);
    }
    return r;
}
