/* list.c — mutable sequences, their iterators, and the container repr guard.
 *
 * Invariants (list.h):
 *  - ob_item has `allocated` slots, the first ob_size hold owned references.
 *  - An item array is never shrunk or reallocated in place: a resize builds a
 *    new array, copies, publishes it with one pointer store (items_publish)
 *    and hands the old one to items_retire(), the one place that will defer
 *    the free past a QSBR grace period for lock-free readers.
 *  - Whole-list operations (slice assignment, extended slices, reverse,
 *    sort, repeat in place) build the new contents aside and publish them the
 *    same way; items they drop are decref'd only afterwards, because a decref
 *    may run __del__, which may look at the list.
 *  - Single-item moves (insert, pop from the middle) shift pointers one word
 *    at a time (items_shift), so a racing reader sees some item, never a torn
 *    pointer.
 *  - Mutation happens only in: list_resize, items_publish, list_clear_items,
 *    wf_list_append, list_insert_at, list_pop_at, list_ass_slice,
 *    list_ass_extended and wf_list_set_item: the functions that will take the
 *    list's critical section.
 */
#include <string.h>

#include "runtime/objects/objects.h"

/* ---- repr guard (CPython's Py_ReprEnter) ------------------------------- */

/* Objects whose repr this thread is building, innermost last. Thread-local:
 * no other thread reads it, so no locking. Deep nesting spills to the heap. */
#define REPR_INLINE 32
static _Thread_local WfObject *repr_inline[REPR_INLINE];
static _Thread_local WfObject **repr_heap;
static _Thread_local wf_ssize_t repr_depth, repr_heap_cap;

static WfObject **repr_slots(void) {
    return repr_heap ? repr_heap : repr_inline;
}

int wf_repr_enter(WfObject *o) {
    WfObject **slots = repr_slots();
    for (wf_ssize_t i = repr_depth - 1; i >= 0; i--)
        if (slots[i] == o)
            return 1;
    wf_ssize_t cap = repr_heap ? repr_heap_cap : REPR_INLINE;
    if (repr_depth == cap) {
        wf_ssize_t newcap = cap * 2;
        WfObject **grown = wf_mem_malloc((size_t)newcap * sizeof(WfObject *));
        if (grown == NULL) {
            wf_err_no_memory();
            return -1;
        }
        memcpy(grown, slots, (size_t)repr_depth * sizeof(WfObject *));
        wf_mem_free(repr_heap);
        repr_heap = grown;
        repr_heap_cap = newcap;
        slots = grown;
    }
    slots[repr_depth++] = o;
    return 0;
}

void wf_repr_leave(WfObject *o) {
    WfObject **slots = repr_slots();
    for (wf_ssize_t i = repr_depth - 1; i >= 0; i--) {
        if (slots[i] == o) {
            memmove(&slots[i], &slots[i + 1], (size_t)(repr_depth - i - 1) * sizeof(WfObject *));
            repr_depth--;
            break;
        }
    }
    if (repr_depth == 0 && repr_heap != NULL) {
        wf_mem_free(repr_heap);
        repr_heap = NULL;
        repr_heap_cap = 0;
    }
}

/* ---- trashcan (CPython's Py_TRASHCAN) ---------------------------------- */

/* Past this nesting of container deallocs, further ones are queued. */
#define TRASH_MAX_DEPTH 50

typedef struct {
    WfObject *op;
    wf_destructor dealloc;
} TrashEntry;

/* Per thread (thread-local, no locking): the dealloc nesting depth and the
 * deallocs queued until the outermost one returns. */
static _Thread_local int trash_depth;
static _Thread_local bool trash_draining;
static _Thread_local TrashEntry *trash_queue;
static _Thread_local wf_ssize_t trash_len, trash_cap;

static int trash_push(WfObject *op, wf_destructor dealloc) {
    if (trash_len == trash_cap) {
        wf_ssize_t cap = trash_cap ? trash_cap * 2 : 64;
        TrashEntry *grown = wf_mem_realloc(trash_queue, (size_t)cap * sizeof(TrashEntry));
        if (grown == NULL)
            return -1;
        trash_queue = grown;
        trash_cap = cap;
    }
    trash_queue[trash_len].op = op;
    trash_queue[trash_len].dealloc = dealloc;
    trash_len++;
    return 0;
}

bool wf_trash_begin(WfObject *op, wf_destructor dealloc) {
    /* Queued only when there is room: otherwise recursing is the fallback. */
    if (trash_depth >= TRASH_MAX_DEPTH && trash_push(op, dealloc) == 0)
        return false;
    trash_depth++;
    return true;
}

void wf_trash_end(void) {
    if (--trash_depth > 0 || trash_draining)
        return;
    /* The outermost dealloc returns: run the queued ones, each starting at
     * depth 0 again; what they queue is run by this same loop. */
    trash_draining = true;
    while (trash_len > 0) {
        TrashEntry e = trash_queue[--trash_len];
        e.dealloc(e.op);
    }
    trash_draining = false;
    wf_mem_free(trash_queue);
    trash_queue = NULL;
    trash_cap = 0;
}

/* ---- item arrays ---------------------------------------------------------- */

#define LIST(o) ((WfListObject *)(o))

static WfObject **items_alloc(wf_ssize_t n) {
    if (n == 0)
        return NULL;
    if ((size_t)n > SIZE_MAX / sizeof(WfObject *)) {
        wf_err_no_memory();
        return NULL;
    }
    WfObject **items = wf_mem_malloc((size_t)n * sizeof(WfObject *));
    if (items == NULL)
        wf_err_no_memory();
    return items;
}

/* The one exit of a replaced item array (see the invariants). */
static void items_retire(WfObject **items) {
    wf_mem_free(items);
}

/* Install a new array holding `size` items; the old array is returned to the
 * caller (it still holds whatever the caller has not moved out). Growing
 * publishes the array before the size, shrinking the size first, so a reader
 * that checks an index against ob_size finds it in whichever array it loads. */
static WfObject **items_publish(WfListObject *self, WfObject **items, wf_ssize_t size,
                                wf_ssize_t allocated) {
    WfObject **old = self->ob_item;
    if (size >= WF_SIZE(self)) {
        self->ob_item = items;
        self->allocated = allocated;
        WF_SET_SIZE(self, size);
    } else {
        WF_SET_SIZE(self, size);
        self->ob_item = items;
        self->allocated = allocated;
    }
    return old;
}

/* Shift n pointers from src to dst (overlapping) one word at a time. */
static void items_shift(WfObject **dst, WfObject **src, wf_ssize_t n) {
    if (dst < src) {
        for (wf_ssize_t i = 0; i < n; i++)
            dst[i] = src[i];
    } else {
        for (wf_ssize_t i = n - 1; i >= 0; i--)
            dst[i] = src[i];
    }
}

/* CPython's growth policy: ~12.5% headroom plus a little, rounded to 4. */
static wf_ssize_t grow_capacity(wf_ssize_t oldsize, wf_ssize_t newsize) {
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    if (newsize - oldsize > (wf_ssize_t)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    return (wf_ssize_t)new_allocated;
}

/* Set ob_size to newsize, replacing the array when it is too small or less
 * than half used. New slots are uninitialised: the caller fills them. */
static int list_resize(WfListObject *self, wf_ssize_t newsize) {
    wf_ssize_t allocated = self->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        WF_SET_SIZE(self, newsize);
        return 0;
    }
    wf_ssize_t cap = grow_capacity(WF_SIZE(self), newsize);
    WfObject **items = items_alloc(cap);
    if (items == NULL && cap != 0)
        return -1;
    wf_ssize_t keep = WF_SIZE(self) < newsize ? WF_SIZE(self) : newsize;
    if (keep > 0)
        memcpy(items, self->ob_item, (size_t)keep * sizeof(WfObject *));
    items_retire(items_publish(self, items, newsize, cap));
    return 0;
}

/* Empty the list, then drop its items (last first, as CPython). */
static void list_clear_items(WfListObject *self) {
    wf_ssize_t n = WF_SIZE(self);
    WfObject **old = items_publish(self, NULL, 0, 0);
    for (wf_ssize_t i = n - 1; i >= 0; i--)
        wf_xdecref(old[i]);
    items_retire(old);
}

/* ---- public API ------------------------------------------------------------ */

static WfListObject *list_alloc(WfTypeObject *type) {
    WfListObject *op;
    if (type == &wf_list_type)
        op = (WfListObject *)wf_object_alloc(&wf_list_type);
    else
        op = (WfListObject *)wf_type_generic_alloc(type, 0);
    if (op == NULL)
        return NULL;
    WF_SET_SIZE(op, 0);
    op->ob_item = NULL;
    op->allocated = 0;
    return op;
}

WfObject *wf_list_new(wf_ssize_t size) {
    if (size < 0) {
        wf_err_bad_internal_call();
        return NULL;
    }
    WfListObject *op = list_alloc(&wf_list_type);
    if (op == NULL)
        return NULL;
    if (size > 0) {
        WfObject **items = items_alloc(size);
        if (items == NULL) {
            wf_decref((WfObject *)op);
            return NULL;
        }
        memset(items, 0, (size_t)size * sizeof(WfObject *));
        op->ob_item = items;
        op->allocated = size;
        WF_SET_SIZE(op, size);
    }
    return (WfObject *)op;
}

wf_ssize_t wf_list_size(WfObject *l) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return WF_SIZE(l);
}

static void index_error(void) {
    wf_err_set_string(wf_exc_IndexError, "list index out of range");
}

WfObject *wf_list_get_item_ref(WfObject *l, wf_ssize_t i) {
    if ((size_t)i >= (size_t)WF_SIZE(l)) {
        index_error();
        return NULL;
    }
    return wf_newref(LIST(l)->ob_item[i]);
}

int wf_list_set_item(WfObject *l, wf_ssize_t i, WfObject *v) {
    if ((size_t)i >= (size_t)WF_SIZE(l)) {
        wf_xdecref(v);
        wf_err_set_string(wf_exc_IndexError, "list assignment index out of range");
        return -1;
    }
    WfObject *old = LIST(l)->ob_item[i];
    LIST(l)->ob_item[i] = v;
    wf_xdecref(old);
    return 0;
}

static WF_NOINLINE int list_append_slow(WfListObject *self, WfObject *v) {
    wf_ssize_t n = WF_SIZE(self);
    if (list_resize(self, n + 1) < 0)
        return -1;
    self->ob_item[n] = wf_newref(v);
    return 0;
}

int wf_list_append(WfObject *l, WfObject *v) {
    WfListObject *self = LIST(l);
    wf_ssize_t n = WF_SIZE(self);
    if (WF_LIKELY(n < self->allocated)) {
        self->ob_item[n] = wf_newref(v);   /* the slot first, then the size */
        WF_SET_SIZE(self, n + 1);
        return 0;
    }
    return list_append_slow(self, v);
}

static int list_insert_at(WfListObject *self, wf_ssize_t where, WfObject *v) {
    wf_ssize_t n = WF_SIZE(self);
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    if (list_resize(self, n + 1) < 0)
        return -1;
    WfObject **items = self->ob_item;
    items_shift(&items[where + 1], &items[where], n - where);
    items[where] = wf_newref(v);
    return 0;
}

int wf_list_insert(WfObject *l, wf_ssize_t i, WfObject *v) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return list_insert_at(LIST(l), i, v);
}

/* Extend from a list or tuple (which may be self). */
static int list_extend_fast(WfListObject *self, WfObject *seq) {
    wf_ssize_t n = WF_SIZE(seq);
    if (n == 0)
        return 0;
    wf_ssize_t m = WF_SIZE(self);
    if (m > WF_SSIZE_T_MAX - n) {
        wf_err_no_memory();
        return -1;
    }
    if (list_resize(self, m + n) < 0)
        return -1;
    /* Read the source after the resize: when seq is self its array moved. */
    WfObject **src = wf_list_check(seq) ? LIST(seq)->ob_item : WF_TUPLE_ITEMS(seq);
    WfObject **dest = self->ob_item + m;
    for (wf_ssize_t i = 0; i < n; i++)
        dest[i] = wf_newref(src[i]);
    return 0;
}

static int list_extend_iter(WfListObject *self, WfObject *iterable) {
    WfObject *it = wf_object_get_iter(iterable);
    if (it == NULL)
        return -1;
    wf_ssize_t m = WF_SIZE(self);
    wf_ssize_t hint = wf_object_length_hint(iterable, 8);
    if (hint < 0) {
        wf_decref(it);
        return -1;
    }
    if (hint > 0 && m <= WF_SSIZE_T_MAX - hint) {
        /* Room for the expected items, keeping the size as it is. */
        if (list_resize(self, m + hint) == 0)
            WF_SET_SIZE(self, m);
        else
            wf_err_clear();
    }
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        wf_ssize_t n = WF_SIZE(self);
        if (n < self->allocated) {
            self->ob_item[n] = item;
            WF_SET_SIZE(self, n + 1);
        } else {
            int r = list_append_slow(self, item);
            wf_decref(item);
            if (r < 0)
                break;
        }
    }
    wf_decref(it);
    if (wf_err_occurred())
        return -1;
    if (WF_SIZE(self) < self->allocated && list_resize(self, WF_SIZE(self)) < 0)
        return -1;
    return 0;
}

int wf_list_extend(WfObject *l, WfObject *iterable) {
    if (wf_list_check_exact(iterable) || wf_tuple_check_exact(iterable))
        return list_extend_fast(LIST(l), iterable);
    return list_extend_iter(LIST(l), iterable);
}

int wf_list_reverse(WfObject *l) {
    WfListObject *self = LIST(l);
    wf_ssize_t n = WF_SIZE(self);
    if (n < 2)
        return 0;
    WfObject **items = items_alloc(self->allocated);
    if (items == NULL)
        return -1;
    WfObject **src = self->ob_item;
    for (wf_ssize_t i = 0; i < n; i++)
        items[i] = src[n - 1 - i];
    items_retire(items_publish(self, items, n, self->allocated));
    return 0;
}

int wf_list_sort(WfObject *l) {
    if (l == NULL || !wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return wf_list_sort_impl(l, NULL, 0);
}

WfObject *wf_list_as_tuple(WfObject *l) {
    return wf_tuple_from_array(LIST(l)->ob_item, WF_SIZE(l));
}

static WfObject *list_slice(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh) {
    wf_ssize_t len = ihigh - ilow;
    if (len <= 0)
        return wf_list_new(0);
    WfObject *np = wf_list_new(len);
    if (np == NULL)
        return NULL;
    WfObject **src = a->ob_item + ilow, **dest = LIST(np)->ob_item;
    for (wf_ssize_t i = 0; i < len; i++)
        dest[i] = wf_newref(src[i]);
    return np;
}

WfObject *wf_list_get_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return NULL;
    }
    wf_ssize_t n = WF_SIZE(l);
    if (lo < 0)
        lo = 0;
    else if (lo > n)
        lo = n;
    if (hi < lo)
        hi = lo;
    else if (hi > n)
        hi = n;
    return list_slice(LIST(l), lo, hi);
}

/* v as a list or tuple (a new reference), or NULL with TypeError(msg). */
static WfObject *sequence_fast(WfObject *v, const char *msg) {
    if (wf_list_check_exact(v) || wf_tuple_check_exact(v))
        return wf_newref(v);
    WfObject *it = wf_object_get_iter(v);
    if (it == NULL) {
        if (wf_err_exception_matches(wf_exc_TypeError)) {
            wf_err_clear();
            wf_err_set_string(wf_exc_TypeError, msg);
        }
        return NULL;
    }
    WfObject *list = wf_list_new(0);
    if (list != NULL && list_extend_iter(LIST(list), it) < 0)
        WF_CLEAR(list);
    wf_decref(it);
    return list;
}

static WfObject **seq_items(WfObject *seq) {
    return wf_list_check_exact(seq) ? LIST(seq)->ob_item : WF_TUPLE_ITEMS(seq);
}

/* a[ilow:ihigh] = v (v NULL deletes), built aside and published at once. */
static int list_ass_slice(WfListObject *a, wf_ssize_t ilow, wf_ssize_t ihigh, WfObject *v) {
    WfObject *seq = NULL;
    wf_ssize_t n = 0;
    if (v != NULL) {
        seq = (WfObject *)a == v ? list_slice(a, 0, WF_SIZE(a))
                                  : sequence_fast(v, "can only assign an iterable");
        if (seq == NULL)
            return -1;
        n = WF_SIZE(seq);
    }
    wf_ssize_t size = WF_SIZE(a);
    if (ilow < 0)
        ilow = 0;
    else if (ilow > size)
        ilow = size;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > size)
        ihigh = size;
    wf_ssize_t norig = ihigh - ilow;
    wf_ssize_t newsize = size - norig + n;
    if (newsize == 0) {
        wf_xdecref(seq);
        list_clear_items(a);
        return 0;
    }
    if (norig == 0 && n == 0) {
        wf_xdecref(seq);
        return 0;
    }
    wf_ssize_t cap = a->allocated;
    if (!(cap >= newsize && newsize >= (cap >> 1)))
        cap = grow_capacity(size, newsize);
    WfObject **items = items_alloc(cap);
    if (items == NULL) {
        wf_xdecref(seq);
        return -1;
    }
    WfObject **old = a->ob_item;
    memcpy(items, old, (size_t)ilow * sizeof(WfObject *));
    WfObject **src = seq ? seq_items(seq) : NULL;
    for (wf_ssize_t i = 0; i < n; i++)
        items[ilow + i] = wf_newref(src[i]);
    memcpy(items + ilow + n, old + ihigh, (size_t)(size - ihigh) * sizeof(WfObject *));
    items_publish(a, items, newsize, cap);
    for (wf_ssize_t i = ihigh - 1; i >= ilow; i--)
        wf_decref(old[i]);
    items_retire(old);
    wf_xdecref(seq);
    return 0;
}

int wf_list_set_slice(WfObject *l, wf_ssize_t lo, wf_ssize_t hi, WfObject *v) {
    if (!wf_list_check(l)) {
        wf_err_bad_internal_call();
        return -1;
    }
    return list_ass_slice(LIST(l), lo, hi, v);
}

/* Remove and return item i (0 <= i < size), new reference. */
static WfObject *list_pop_at(WfListObject *self, wf_ssize_t i) {
    wf_ssize_t n = WF_SIZE(self);
    WfObject *v = self->ob_item[i];
    if (i < n - 1)
        items_shift(&self->ob_item[i], &self->ob_item[i + 1], n - 1 - i);
    if (list_resize(self, n - 1) < 0) {
        /* Cannot happen when shrinking by one except on MemoryError while
         * compacting: keep the list valid by leaving the size smaller. */
        WF_SET_SIZE(self, n - 1);
        wf_err_clear();
    }
    return v;
}

/* ---- slots ---------------------------------------------------------------- */

static void list_dealloc(WfObject *self) {
    if (!wf_trash_begin(self, list_dealloc))
        return;
    WfListObject *op = LIST(self);
    if (op->ob_item != NULL) {
        for (wf_ssize_t i = WF_SIZE(op) - 1; i >= 0; i--)
            wf_xdecref(op->ob_item[i]);
        items_retire(op->ob_item);
    }
    wf_object_free(self);
    wf_trash_end();
}

static int list_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    for (wf_ssize_t i = WF_SIZE(self) - 1; i >= 0; i--) {
        WfObject *v = LIST(self)->ob_item[i];
        if (v != NULL) {
            int r = visit(v, arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

static int list_tp_clear(WfObject *self) {
    list_clear_items(LIST(self));
    return 0;
}

static WfObject *list_repr(WfObject *self) {
    if (WF_SIZE(self) == 0)
        return wf_str_from_cstr("[]");
    int r = wf_repr_enter(self);
    if (r != 0)
        return r > 0 ? wf_str_from_cstr("[...]") : NULL;
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_utf8(&b, "[", 1);
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++) {
        if (i > 0)
            wf_str_builder_append_utf8(&b, ", ", 2);
        WfObject *item = wf_newref(LIST(self)->ob_item[i]);
        WfObject *s = wf_object_repr(item);
        wf_decref(item);
        if (s == NULL) {
            wf_str_builder_discard(&b);
            wf_repr_leave(self);
            return NULL;
        }
        wf_str_builder_append_str(&b, s);
        wf_decref(s);
    }
    wf_str_builder_append_utf8(&b, "]", 1);
    wf_repr_leave(self);
    return wf_str_builder_finish(&b);
}

static wf_ssize_t list_length(WfObject *self) {
    return WF_SIZE(self);
}

static WfObject *list_item(WfObject *self, wf_ssize_t i) {
    if ((size_t)i >= (size_t)WF_SIZE(self)) {
        index_error();
        return NULL;
    }
    return wf_newref(LIST(self)->ob_item[i]);
}

static int list_ass_item(WfObject *self, wf_ssize_t i, WfObject *v) {
    if ((size_t)i >= (size_t)WF_SIZE(self)) {
        wf_err_set_string(wf_exc_IndexError, "list assignment index out of range");
        return -1;
    }
    if (v == NULL) {
        wf_decref(list_pop_at(LIST(self), i));
        return 0;
    }
    return wf_list_set_item(self, i, wf_newref(v));
}

static int list_contains(WfObject *self, WfObject *el) {
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++) {
        WfObject *item = LIST(self)->ob_item[i];
        if (item == el)
            return 1;
        wf_incref(item);
        int cmp = wf_object_rich_compare_bool(item, el, WF_EQ);
        wf_decref(item);
        if (cmp != 0)
            return cmp;
    }
    return 0;
}

static WfObject *list_concat(WfObject *a, WfObject *b) {
    if (!wf_list_check(b)) {
        wf_err_format(wf_exc_TypeError, "can only concatenate list (not \"%s\") to list",
                      wf_type_name(WF_TYPE(b)));
        return NULL;
    }
    wf_ssize_t na = WF_SIZE(a), nb = WF_SIZE(b);
    if (na > WF_SSIZE_T_MAX - nb)
        return wf_err_no_memory();
    WfObject *np = wf_list_new(na + nb);
    if (np == NULL)
        return NULL;
    WfObject **dest = LIST(np)->ob_item;
    for (wf_ssize_t i = 0; i < na; i++)
        dest[i] = wf_newref(LIST(a)->ob_item[i]);
    for (wf_ssize_t i = 0; i < nb; i++)
        dest[na + i] = wf_newref(LIST(b)->ob_item[i]);
    return np;
}

static WfObject *list_repeat(WfObject *a, wf_ssize_t n) {
    wf_ssize_t size = WF_SIZE(a);
    if (n < 0)
        n = 0;
    if (n > 0 && size > WF_SSIZE_T_MAX / n)
        return wf_err_no_memory();
    WfObject *np = wf_list_new(size * n);
    if (np == NULL)
        return NULL;
    WfObject **dest = LIST(np)->ob_item, **src = LIST(a)->ob_item;
    for (wf_ssize_t k = 0; k < n; k++)
        for (wf_ssize_t i = 0; i < size; i++)
            *dest++ = wf_newref(src[i]);
    return np;
}

static WfObject *list_inplace_concat(WfObject *self, WfObject *other) {
    if (wf_list_extend(self, other) < 0)
        return NULL;
    return wf_newref(self);
}

static WfObject *list_inplace_repeat(WfObject *self, wf_ssize_t n) {
    wf_ssize_t size = WF_SIZE(self);
    if (size == 0 || n == 1)
        return wf_newref(self);
    if (n < 1) {
        list_clear_items(LIST(self));
        return wf_newref(self);
    }
    if (size > WF_SSIZE_T_MAX / n)
        return wf_err_no_memory();
    WfObject **items = items_alloc(size * n);
    if (items == NULL)
        return NULL;
    WfObject **src = LIST(self)->ob_item;
    for (wf_ssize_t k = 0; k < n; k++)
        for (wf_ssize_t i = 0; i < size; i++)
            items[k * size + i] = k == 0 ? src[i] : wf_newref(src[i]);
    items_retire(items_publish(LIST(self), items, size * n, size * n));
    return wf_newref(self);
}

static WfObject *list_richcompare(WfObject *v, WfObject *w, int op) {
    if (!wf_list_check(v) || !wf_list_check(w))
        WF_RETURN_NOTIMPLEMENTED;
    if (WF_SIZE(v) != WF_SIZE(w) && (op == WF_EQ || op == WF_NE))
        return wf_bool_from_long(op == WF_NE);
    /* The first index where the items differ. Sizes are re-read: a
     * comparison may mutate either list. */
    wf_ssize_t i;
    for (i = 0; i < WF_SIZE(v) && i < WF_SIZE(w); i++) {
        WfObject *vi = LIST(v)->ob_item[i], *wi = LIST(w)->ob_item[i];
        if (vi == wi)
            continue;
        wf_incref(vi);
        wf_incref(wi);
        int k = wf_object_rich_compare_bool(vi, wi, WF_EQ);
        wf_decref(vi);
        wf_decref(wi);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= WF_SIZE(v) || i >= WF_SIZE(w)) {
        wf_ssize_t vs = WF_SIZE(v), ws = WF_SIZE(w);
        int r = 0;
        switch (op) {
        case WF_LT: r = vs < ws; break;
        case WF_LE: r = vs <= ws; break;
        case WF_EQ: r = vs == ws; break;
        case WF_NE: r = vs != ws; break;
        case WF_GT: r = vs > ws; break;
        case WF_GE: r = vs >= ws; break;
        }
        return wf_bool_from_long(r);
    }
    if (op == WF_EQ)
        WF_RETURN_FALSE;
    if (op == WF_NE)
        WF_RETURN_TRUE;
    WfObject *vi = wf_newref(LIST(v)->ob_item[i]), *wi = wf_newref(LIST(w)->ob_item[i]);
    WfObject *res = wf_object_rich_compare(vi, wi, op);
    wf_decref(vi);
    wf_decref(wi);
    return res;
}

static WfObject *list_iter(WfObject *seq);

static WfObject *list_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    return (WfObject *)list_alloc(type);
}

static int list_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_list_check_exact(self) && wf_arg_no_keywords("list", kwds) < 0)
        return -1;
    wf_ssize_t nargs = args ? WF_TUPLE_SIZE(args) : 0;
    if (wf_arg_check_positional("list", nargs, 0, 1) < 0)
        return -1;
    if (WF_SIZE(self) > 0 || LIST(self)->ob_item != NULL)
        list_clear_items(LIST(self));
    if (nargs == 1)
        return wf_list_extend(self, WF_TUPLE_ITEM(args, 0));
    return 0;
}

/* An index argument (int or __index__): 0, or -1 with IndexError/TypeError. */
static int subscript_index(WfObject *item, wf_ssize_t *pi) {
    if (wf_int_check_exact(item) && wf_int_is_compact(item)) {
        *pi = (wf_ssize_t)wf_int_compact_value(item);
        return 0;
    }
    wf_ssize_t i = wf_number_as_ssize(item, wf_exc_IndexError);
    if (i == -1 && wf_err_occurred())
        return -1;
    *pi = i;
    return 0;
}

static WfObject *list_subscript(WfObject *self, WfObject *item) {
    if (wf_index_check(item)) {
        wf_ssize_t i;
        if (subscript_index(item, &i) < 0)
            return NULL;
        if (i < 0)
            i += WF_SIZE(self);
        return list_item(self, i);
    }
    if (wf_slice_check(item)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(item, &start, &stop, &step) < 0)
            return NULL;
        wf_ssize_t len = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
        if (step == 1)
            return list_slice(LIST(self), start, stop);
        WfObject *res = wf_list_new(len > 0 ? len : 0);
        if (res == NULL)
            return NULL;
        WfObject **src = LIST(self)->ob_item, **dest = LIST(res)->ob_item;
        for (wf_ssize_t cur = start, i = 0; i < len; cur += step, i++)
            dest[i] = wf_newref(src[cur]);
        return res;
    }
    wf_err_format(wf_exc_TypeError, "list indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return NULL;
}

/* Delete an extended slice: the kept items go to a new array. */
static int list_del_extended(WfListObject *self, wf_ssize_t start, wf_ssize_t step,
                             wf_ssize_t slicelen) {
    if (slicelen <= 0)
        return 0;
    if (step < 0) {
        wf_ssize_t stop = start + 1;
        start = stop + step * (slicelen - 1) - 1;
        step = -step;
    }
    wf_ssize_t n = WF_SIZE(self), newsize = n - slicelen;
    WfObject **garbage = items_alloc(slicelen);
    WfObject **items = newsize ? items_alloc(newsize) : NULL;
    if (garbage == NULL || (newsize && items == NULL)) {
        wf_mem_free(garbage);
        wf_mem_free(items);
        return -1;
    }
    WfObject **old = self->ob_item;
    wf_ssize_t g = 0, k = 0;
    for (wf_ssize_t i = 0; i < n; i++) {
        if (i >= start && (i - start) % step == 0 && g < slicelen)
            garbage[g++] = old[i];
        else
            items[k++] = old[i];
    }
    items_retire(items_publish(self, items, newsize, newsize));
    for (wf_ssize_t i = 0; i < slicelen; i++)
        wf_decref(garbage[i]);
    wf_mem_free(garbage);
    return 0;
}

static int list_ass_extended(WfListObject *self, wf_ssize_t start, wf_ssize_t step,
                             wf_ssize_t slicelen, WfObject *value) {
    WfObject *seq = (WfObject *)self == value
                        ? list_slice(self, 0, WF_SIZE(self))
                        : sequence_fast(value, "must assign iterable to extended slice");
    if (seq == NULL)
        return -1;
    if (WF_SIZE(seq) != slicelen) {
        wf_err_format(wf_exc_ValueError,
                      "attempt to assign sequence of size %zd to extended slice of size %zd",
                      WF_SIZE(seq), slicelen);
        wf_decref(seq);
        return -1;
    }
    if (slicelen == 0) {
        wf_decref(seq);
        return 0;
    }
    wf_ssize_t n = WF_SIZE(self);
    WfObject **garbage = items_alloc(slicelen);
    WfObject **items = items_alloc(self->allocated);
    if (garbage == NULL || items == NULL) {
        wf_mem_free(garbage);
        wf_mem_free(items);
        wf_decref(seq);
        return -1;
    }
    memcpy(items, self->ob_item, (size_t)n * sizeof(WfObject *));
    WfObject **src = seq_items(seq);
    for (wf_ssize_t cur = start, i = 0; i < slicelen; cur += step, i++) {
        garbage[i] = items[cur];
        items[cur] = wf_newref(src[i]);
    }
    items_retire(items_publish(self, items, n, self->allocated));
    for (wf_ssize_t i = 0; i < slicelen; i++)
        wf_decref(garbage[i]);
    wf_mem_free(garbage);
    wf_decref(seq);
    return 0;
}

static int list_ass_subscript(WfObject *self, WfObject *item, WfObject *value) {
    if (wf_index_check(item)) {
        wf_ssize_t i;
        if (subscript_index(item, &i) < 0)
            return -1;
        if (i < 0)
            i += WF_SIZE(self);
        return list_ass_item(self, i, value);
    }
    if (wf_slice_check(item)) {
        wf_ssize_t start, stop, step;
        if (wf_slice_unpack(item, &start, &stop, &step) < 0)
            return -1;
        wf_ssize_t len = wf_slice_adjust_indices(WF_SIZE(self), &start, &stop, step);
        if (step == 1)
            return list_ass_slice(LIST(self), start, stop, value);
        if (value == NULL)
            return list_del_extended(LIST(self), start, step, len);
        return list_ass_extended(LIST(self), start, step, len, value);
    }
    wf_err_format(wf_exc_TypeError, "list indices must be integers or slices, not %s",
                  wf_type_name(WF_TYPE(item)));
    return -1;
}

/* ---- methods ------------------------------------------------------------- */

static WfObject *list_append_method(WfObject *self, WfObject *v) {
    if (wf_list_append(self, v) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_extend_method(WfObject *self, WfObject *iterable) {
    if (wf_list_extend(self, iterable) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_insert_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("insert", nargs, 2, 2) < 0)
        return NULL;
    wf_ssize_t i = wf_number_as_ssize(args[0], wf_exc_OverflowError);
    if (i == -1 && wf_err_occurred())
        return NULL;
    if (list_insert_at(LIST(self), i, args[1]) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_pop_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("pop", nargs, 0, 1) < 0)
        return NULL;
    wf_ssize_t i = -1;
    if (nargs == 1) {
        i = wf_number_as_ssize(args[0], wf_exc_OverflowError);
        if (i == -1 && wf_err_occurred())
            return NULL;
    }
    wf_ssize_t n = WF_SIZE(self);
    if (n == 0) {
        wf_err_set_string(wf_exc_IndexError, "pop from empty list");
        return NULL;
    }
    if (i < 0)
        i += n;
    if ((size_t)i >= (size_t)n) {
        wf_err_set_string(wf_exc_IndexError, "pop index out of range");
        return NULL;
    }
    return list_pop_at(LIST(self), i);
}

/* 1 found at *where, 0 not found, -1 error. Searches [start, stop). */
static int list_find(WfObject *self, WfObject *value, wf_ssize_t start, wf_ssize_t stop,
                     wf_ssize_t *where) {
    for (wf_ssize_t i = start; i < stop && i < WF_SIZE(self); i++) {
        WfObject *obj = LIST(self)->ob_item[i];
        if (obj == value) {
            *where = i;
            return 1;
        }
        wf_incref(obj);
        int cmp = wf_object_rich_compare_bool(obj, value, WF_EQ);
        wf_decref(obj);
        if (cmp != 0) {
            *where = i;
            return cmp;
        }
    }
    return 0;
}

static WfObject *list_remove_method(WfObject *self, WfObject *value) {
    wf_ssize_t i;
    int r = list_find(self, value, 0, WF_SSIZE_T_MAX, &i);
    if (r < 0)
        return NULL;
    if (r == 0) {
        wf_err_set_string(wf_exc_ValueError, "list.remove(x): x not in list");
        return NULL;
    }
    if (i < WF_SIZE(self))
        wf_decref(list_pop_at(LIST(self), i));
    WF_RETURN_NONE;
}

/* A start/stop argument of index(): clamped, negative counted from the end. */
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

static WfObject *list_index_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("index", nargs, 1, 3) < 0)
        return NULL;
    wf_ssize_t start = 0, stop = WF_SSIZE_T_MAX;
    if (nargs > 1 && index_bound(args[1], WF_SIZE(self), &start) < 0)
        return NULL;
    if (nargs > 2 && index_bound(args[2], WF_SIZE(self), &stop) < 0)
        return NULL;
    wf_ssize_t i;
    int r = list_find(self, args[0], start, stop, &i);
    if (r < 0)
        return NULL;
    if (r == 0)
        return wf_err_format(wf_exc_ValueError, "%R is not in list", args[0]);
    return wf_int_from_ssize(i);
}

static WfObject *list_count_method(WfObject *self, WfObject *value) {
    wf_ssize_t count = 0;
    for (wf_ssize_t i = 0; i < WF_SIZE(self); i++) {
        WfObject *obj = LIST(self)->ob_item[i];
        if (obj == value) {
            count++;
            continue;
        }
        wf_incref(obj);
        int cmp = wf_object_rich_compare_bool(obj, value, WF_EQ);
        wf_decref(obj);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return wf_int_from_ssize(count);
}

static WfObject *list_reverse_method(WfObject *self, WfObject *unused) {
    if (wf_list_reverse(self) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_copy_method(WfObject *self, WfObject *unused) {
    return list_slice(LIST(self), 0, WF_SIZE(self));
}

static WfObject *list_clear_method(WfObject *self, WfObject *unused) {
    list_clear_items(LIST(self));
    WF_RETURN_NONE;
}

/* sort(*, key=None, reverse=False) */
static WfObject *list_sort_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                                  WfObject *kwnames) {
    if (nargs > 0) {
        wf_err_set_string(wf_exc_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    WfObject *keyfunc = NULL;
    int reverse = 0;
    wf_ssize_t nkw = kwnames ? WF_TUPLE_SIZE(kwnames) : 0;
    for (wf_ssize_t i = 0; i < nkw; i++) {
        WfObject *name = WF_TUPLE_ITEM(kwnames, i), *value = args[nargs + i];
        if (wf_str_equal_cstr(name, "key")) {
            keyfunc = value;
        } else if (wf_str_equal_cstr(name, "reverse")) {
            /* CPython takes an int here (bool(accept={int})). */
            WfObject *ix = wf_number_index(value);
            if (ix == NULL)
                return NULL;
            reverse = wf_object_is_true(ix);
            wf_decref(ix);
            if (reverse < 0)
                return NULL;
        } else {
            return wf_err_format(wf_exc_TypeError,
                                 "'%U' is an invalid keyword argument for sort()", name);
        }
    }
    if (wf_list_sort_impl(self, keyfunc, reverse) < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *list_reversed_method(WfObject *self, WfObject *unused);

static WfMethodDef list_methods[] = {
    {"__reversed__", (void *)list_reversed_method, WF_METH_NOARGS, NULL},
    {"append", (void *)list_append_method, WF_METH_O, NULL},
    {"extend", (void *)list_extend_method, WF_METH_O, NULL},
    {"insert", (void *)list_insert_method, WF_METH_FASTCALL, NULL},
    {"pop", (void *)list_pop_method, WF_METH_FASTCALL, NULL},
    {"remove", (void *)list_remove_method, WF_METH_O, NULL},
    {"index", (void *)list_index_method, WF_METH_FASTCALL, NULL},
    {"count", (void *)list_count_method, WF_METH_O, NULL},
    {"reverse", (void *)list_reverse_method, WF_METH_NOARGS, NULL},
    {"sort", (void *)list_sort_method, WF_METH_FASTCALL | WF_METH_KEYWORDS, NULL},
    {"copy", (void *)list_copy_method, WF_METH_NOARGS, NULL},
    {"clear", (void *)list_clear_method, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_list_type = {
    .tp_name = "list",
    .tp_basicsize = sizeof(WfListObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_LIST_SUBCLASS,
    .tp_doc = "Built-in mutable sequence.",
    .tp_dealloc = list_dealloc,
    .tp_repr = list_repr,
    .tp_hash = wf_object_hash_not_implemented,
    .tp_richcompare = list_richcompare,
    .tp_iter = list_iter,
    .tp_init = list_init,
    .tp_new = list_new,
    .tp_traverse = list_traverse,
    .tp_clear = list_tp_clear,
    .sq_length = list_length,
    .sq_concat = list_concat,
    .sq_repeat = list_repeat,
    .sq_item = list_item,
    .sq_ass_item = list_ass_item,
    .sq_contains = list_contains,
    .sq_inplace_concat = list_inplace_concat,
    .sq_inplace_repeat = list_inplace_repeat,
    .mp_length = list_length,
    .mp_subscript = list_subscript,
    .mp_ass_subscript = list_ass_subscript,
    .tp_methods = list_methods,
};

/* ---- iterators ------------------------------------------------------------ */

static WfObject *listiter_new(WfTypeObject *type, WfObject *seq, wf_ssize_t index) {
    WfListIterObject *it = (WfListIterObject *)wf_object_alloc(type);
    if (it == NULL)
        return NULL;
    it->it_index = index;
    it->it_seq = wf_newref(seq);
    return (WfObject *)it;
}

static WfObject *list_iter(WfObject *seq) {
    return listiter_new(&wf_list_iter_type, seq, 0);
}

static WfObject *list_reversed_method(WfObject *self, WfObject *unused) {
    return listiter_new(&wf_list_reviter_type, self, WF_SIZE(self) - 1);
}

static void listiter_dealloc(WfObject *self) {
    wf_xdecref(((WfListIterObject *)self)->it_seq);
    wf_object_free(self);
}

static int listiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfObject *seq = ((WfListIterObject *)self)->it_seq;
    return seq ? visit(seq, arg) : 0;
}

static int listiter_clear(WfObject *self) {
    WF_CLEAR(((WfListIterObject *)self)->it_seq);
    return 0;
}

static WfObject *listiter_self(WfObject *self) {
    return wf_newref(self);
}

static WfObject *listiter_next(WfObject *self) {
    WfListIterObject *it = (WfListIterObject *)self;
    WfObject *seq = it->it_seq;
    if (seq == NULL)
        return NULL;
    if (it->it_index < WF_SIZE(seq))
        return wf_newref(LIST(seq)->ob_item[it->it_index++]);
    it->it_seq = NULL;
    wf_decref(seq);
    return NULL;
}

static WfObject *listreviter_next(WfObject *self) {
    WfListIterObject *it = (WfListIterObject *)self;
    WfObject *seq = it->it_seq;
    if (seq == NULL)
        return NULL;
    wf_ssize_t i = it->it_index;
    if (i >= 0 && i < WF_SIZE(seq)) {
        it->it_index--;
        return wf_newref(LIST(seq)->ob_item[i]);
    }
    it->it_index = -1;
    it->it_seq = NULL;
    wf_decref(seq);
    return NULL;
}

static WfObject *listiter_length_hint(WfObject *self, WfObject *unused) {
    WfListIterObject *it = (WfListIterObject *)self;
    wf_ssize_t n = 0;
    if (it->it_seq != NULL) {
        n = WF_SIZE(it->it_seq) - it->it_index;
        if (n < 0)
            n = 0;
    }
    return wf_int_from_ssize(n);
}

static WfObject *listreviter_length_hint(WfObject *self, WfObject *unused) {
    WfListIterObject *it = (WfListIterObject *)self;
    wf_ssize_t n = 0;
    if (it->it_seq != NULL && it->it_index < WF_SIZE(it->it_seq))
        n = it->it_index + 1;
    return wf_int_from_ssize(n);
}

static WfMethodDef listiter_methods[] = {
    {"__length_hint__", (void *)listiter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static WfMethodDef listreviter_methods[] = {
    {"__length_hint__", (void *)listreviter_length_hint, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_list_iter_type = {
    .tp_name = "list_iterator",
    .tp_basicsize = sizeof(WfListIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = listiter_dealloc,
    .tp_traverse = listiter_traverse,
    .tp_clear = listiter_clear,
    .tp_iter = listiter_self,
    .tp_iternext = listiter_next,
    .tp_methods = listiter_methods,
};

WfTypeObject wf_list_reviter_type = {
    .tp_name = "list_reverseiterator",
    .tp_basicsize = sizeof(WfListIterObject),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = listiter_dealloc,
    .tp_traverse = listiter_traverse,
    .tp_clear = listiter_clear,
    .tp_iter = listiter_self,
    .tp_iternext = listreviter_next,
    .tp_methods = listreviter_methods,
};
