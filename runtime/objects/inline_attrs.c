/* inline_attrs.c — instance attributes kept inside the object instead of a
 * per-instance dict.
 *
 * When a class statement makes a class whose instances get a __dict__ and
 * whose nearest built-in base is object, it plans the names its methods
 * store on self (`self.x = ...`: a LOAD_FAST of argument 0 right before a
 * STORE_ATTR), after its bases' plans: tp_inline_names, at most
 * WF_INLINE_ATTRS_MAX. Each instance then carries, right after its type's
 * tp_basicsize, a region of tp_inline_size bytes:
 *
 *     uint8_t count, order[cap]   (padded to a word): set names, in the
 *                                  order they were first set
 *     WfObject *values[cap]        NULL = not set
 *
 * so `Point(x, y)` is one allocation instead of three (object, dict, keys
 * table) and a quarter of the memory.
 *
 * Invariants:
 *  - An object is in INLINE mode while its __dict__ pointer is NULL and in
 *    DICT mode once it is set. The switch happens once, in the object's
 *    critical section (materialize_lock_held): the values move into a new dict
 *    in insertion order, the dict is published, then the slots are emptied.
 *    It happens when a name outside the plan is set, when __dict__ is read
 *    or assigned, and before __class__ is assigned; in dict mode the region
 *    is never read again (after `obj.__class__ = C`, which stores the new
 *    type with the world stopped once the dict is there, the region may be
 *    smaller than the new type's).
 *  - In inline mode every instance attribute is in values[]; order[] lists
 *    the indices of the set ones, first-set first (what __dict__ shows).
 *  - Threads (lockfree.h): values[] is a container of the object. Writers
 *    hold its critical section (or, the owner of an unmarked object storing
 *    a planned name, run biased: threads/bias.h), publish what they store
 *    into a marked object, store with release and drop what they replace
 *    or remove through wf_container_drop_item after the section. Readers load with
 *    acquire and lend or count the value as dict readers do; a reader that
 *    finds a slot empty re-reads the __dict__ pointer (acquire): the dict is
 *    published before the slots are emptied, so an attribute being moved is
 *    found in one place or the other. docs/containers-threads.md has the
 *    whole argument.
 */
#include <string.h>

#include "compiler/opcode.h"
#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"
#include "stackref/stackref.h"
#include "threads/bias.h"
#include "threads/critical_section.h"

/* CPython's shared-keys limit; the order bytes then fit in 32. */
#define WF_INLINE_ATTRS_MAX 30

/* ---- the region ------------------------------------------------------------ */

static inline wf_ssize_t inline_capacity(const WfTypeObject *tp) {
    return WF_TUPLE_SIZE(tp->tp_inline_names);
}

static inline size_t order_bytes(wf_ssize_t cap) {
    return ((size_t)cap + 1 + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
}

/* tp is the object's type, loaded once by the caller: the object is in
 * inline mode, so it is the type the object was allocated as. */
static inline uint8_t *region_order(WfObject *obj, const WfTypeObject *tp) {
    return (uint8_t *)obj + tp->tp_basicsize;
}

static inline WfObject **region_values(WfObject *obj, const WfTypeObject *tp) {
    return (WfObject **)((char *)obj + tp->tp_basicsize + order_bytes(inline_capacity(tp)));
}

static inline WfObject **dict_slot(WfObject *obj, const WfTypeObject *tp) {
    return (WfObject **)((char *)obj + tp->tp_dictoffset);
}

/* The index of name in tp's plan, or -1. Names compiled into code are
 * interned, so a pointer match is the usual case. */
static wf_ssize_t inline_index(const WfTypeObject *tp, WfObject *name) {
    WfObject *const *names = WF_TUPLE_ITEMS(tp->tp_inline_names);
    wf_ssize_t n = inline_capacity(tp);
    for (wf_ssize_t i = 0; i < n; i++)
        if (names[i] == name)
            return i;
    if (WF_TYPE(name) == &wf_str_type && wf_str_is_interned(name))
        return -1;
    for (wf_ssize_t i = 0; i < n; i++)
        if (wf_str_equal(names[i], name))
            return i;
    return -1;
}

/* Called once per slot that becomes set, so count stays <= capacity. */
static void order_append(uint8_t *order, wf_ssize_t index) {
    order[1 + order[0]] = (uint8_t)index;
    order[0]++;
}

static void order_remove(uint8_t *order, wf_ssize_t index) {
    int n = order[0];
    for (int k = 0; k < n; k++) {
        if (order[1 + k] == index) {
            memmove(&order[1 + k], &order[2 + k], (size_t)(n - k - 1));
            order[0]--;
            return;
        }
    }
}

/* ---- the plan, made when the class is created ------------------------------ */

static int plan_add(WfTypeObject *type, WfObject *names, WfObject *name) {
    if (WF_LIST_SIZE(names) >= WF_INLINE_ATTRS_MAX || !wf_str_check_exact(name))
        return 0;
    for (wf_ssize_t i = 0; i < WF_LIST_SIZE(names); i++)
        if (WF_LIST_ITEM(names, i) == name)
            return 0;
    /* A data descriptor (a __slots__ member, a property) takes the store. */
    WfObject *descr = wf_type_lookup(type, name);
    if (descr && WF_TYPE(descr)->tp_descr_set)
        return 0;
    return wf_list_append(names, name);
}

/* The names a method stores on self: argument 0, not a cell, loaded right
 * before a STORE_ATTR. */
static int plan_scan_code(WfTypeObject *type, WfObject *names, WfCodeObject *co) {
    if (co->co_argcount < 1 || (co->co_localspluskinds[0] & WF_LOCALS_KIND_CELL))
        return 0;
    bool self_loaded = false;
    int ext = 0;
    for (wf_ssize_t pos = 0; pos < co->co_size; pos++) {
        int op = co->co_code[pos].op.opcode, arg = co->co_code[pos].op.arg | ext;
        ext = op == EXTENDED_ARG ? arg << 8 : 0;
        if (op == EXTENDED_ARG)
            continue;
        if (op == STORE_ATTR && self_loaded && arg < WF_TUPLE_SIZE(co->co_names) &&
            plan_add(type, names, WF_TUPLE_ITEM(co->co_names, arg)) < 0)
            return -1;
        self_loaded = (op == LOAD_FAST || op == LOAD_FAST_CHECK || op == LOAD_FAST_BORROW) &&
                      arg == 0;
        if (op < WF_OPCODE_COUNT)
            pos += wf_opcode_cache_size[op];
    }
    return 0;
}

int wf_inline_attrs_plan(WfTypeObject *type) {
    if (type->tp_dictoffset <= 0 || type->tp_itemsize != 0)
        return 0;
    WfObject *names = wf_list_new(0);
    if (!names)
        return -1;
    /* Every base's plan, in MRO order: their methods run on our instances. */
    for (wf_ssize_t k = 1; k < WF_TUPLE_SIZE(type->tp_mro); k++) {
        WfTypeObject *base = (WfTypeObject *)WF_TUPLE_ITEM(type->tp_mro, k);
        for (wf_ssize_t i = 0; base->tp_inline_names && i < inline_capacity(base); i++)
            if (plan_add(type, names, WF_TUPLE_ITEM(base->tp_inline_names, i)) < 0)
                goto fail;
    }
    WfObject *key, *value;
    wf_ssize_t pos = 0;
    while (wf_dict_next(type->tp_dict, &pos, &key, &value)) {
        if (wf_function_check(value) &&
            plan_scan_code(type, names, (WfCodeObject *)((WfFunctionObject *)value)->func_code) < 0)
            goto fail;
    }
    if (WF_LIST_SIZE(names) > 0) {
        type->tp_inline_names = wf_list_as_tuple(names);
        if (!type->tp_inline_names)
            goto fail;
        wf_ssize_t cap = inline_capacity(type);
        type->tp_inline_size = (wf_ssize_t)(order_bytes(cap) + (size_t)cap * sizeof(WfObject *));
    }
    wf_decref(names);
    return 0;
fail:
    wf_decref(names);
    return -1;
}

/* ---- reading ----------------------------------------------------------------- */

/* Slow path: the value died under a lock-free reader; read it again in
 * the section (where the dict pointer cannot change either). */
static WF_NOINLINE int load_locked(WfObject *obj, const WfTypeObject *tp, wf_ssize_t index,
                                   WfStackRef *out) {
    int r;
    WF_BEGIN_CRITICAL_SECTION(obj);
    WfObject *v = NULL;
    if (*dict_slot(obj, tp) != NULL) {
        r = 2;
    } else {
        v = region_values(obj, tp)[index];
        r = v != NULL;
        if (v)
            *out = wf_stackref_new(v);
    }
    WF_END_CRITICAL_SECTION();
    return r;
}

/* 1 found (*out set, maybe lent), 0 the name is not planned, 2 not in the
 * region: the caller reads the dict pointer again (the attribute is unset,
 * or the object switched to dict mode meanwhile). */
int wf_inline_attrs_load(WfObject *obj, const WfTypeObject *tp, WfObject *name, WfStackRef *out) {
    wf_ssize_t index = inline_index(tp, name);
    if (index < 0)
        return 0;
    wf_container_prepare_read(obj);
    WfObject *v = __atomic_load_n(&region_values(obj, tp)[index], __ATOMIC_ACQUIRE);
    if (v == NULL)
        return 2;
    if (wf_container_read_value(obj, v, out))
        return 1;
    return load_locked(obj, tp, index, out);
}

/* ---- switching to dict mode ---------------------------------------------------- */

/* In obj's section, in inline mode: moves the values into a new dict and
 * publishes it. The emptied slots' references are dropped here: the dict
 * holds each value, so no count reaches zero. */
static int materialize_lock_held(WfObject *obj, const WfTypeObject *tp) {
    wf_critical_section_assert_held(obj);
    wf_assert(region_order(obj, tp)[0] <= inline_capacity(tp));
    WfObject *dict = wf_dict_new();
    if (!dict)
        return -1;
    uint8_t *order = region_order(obj, tp);
    WfObject **values = region_values(obj, tp);
    for (int k = 0; k < order[0]; k++) {
        int i = order[1 + k];
        if (wf_dict_set_item(dict, WF_TUPLE_ITEM(tp->tp_inline_names, i), values[i]) < 0) {
            wf_decref(dict);
            return -1;
        }
    }
    /* Release: the dict's contents before the pointer (readers: acquire). */
    __atomic_store_n(dict_slot(obj, tp), dict, __ATOMIC_RELEASE);
    for (int k = 0; k < order[0]; k++) {
        int i = order[1 + k];
        WfObject *v = values[i];
        __atomic_store_n(&values[i], NULL, __ATOMIC_RELEASE);
        wf_container_drop_item(obj, v);
    }
    order[0] = 0;
    return 0;
}

/* The object's dict, switching it to dict mode when it is in inline mode
 * (an empty dict when it has no attributes). Borrowed; NULL on error. */
WfObject *wf_inline_attrs_ensure_dict(WfObject *obj) {
    WfTypeObject *tp = WF_TYPE(obj);
    wf_assert(tp->tp_inline_size != 0);
    WfObject **slot = dict_slot(obj, tp);
    WfObject *dict = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (dict)
        return dict;
    int r = 0;
    WF_BEGIN_CRITICAL_SECTION(obj);
    if (*slot == NULL)
        r = materialize_lock_held(obj, tp);
    dict = *slot;
    WF_END_CRITICAL_SECTION();
    return r < 0 ? NULL : dict;
}

/* ---- writing ------------------------------------------------------------------- */

/* Stores value (NULL: deletes) into planned slot `index` of obj, in inline
 * mode, in obj's section or biased. Same results as wf_inline_attrs_set;
 * *old is what the caller drops afterwards. A leaf operation. */
static int store_slot(WfObject *obj, const WfTypeObject *tp, wf_ssize_t index, WfObject *value,
                      WfObject **old) {
    wf_assert(wf_critical_section_is_held(obj) || wf_bias_held(obj));
    uint8_t *order = region_order(obj, tp);
    WfObject **slot = &region_values(obj, tp)[index];
    *old = *slot;
    if (value == NULL) {
        if (*old == NULL)
            return 1;
        order_remove(order, index);
    } else {
        wf_object_publish_into(obj, value);
        wf_incref(value);
        if (*old == NULL)
            order_append(order, index);
    }
    __atomic_store_n(slot, value, __ATOMIC_RELEASE);
    return 0;
}

/* In obj's section: as wf_inline_attrs_set. */
static int store_lock_held(WfObject *obj, WfObject *name, WfObject *value, WfObject **old) {
    wf_critical_section_assert_held(obj);
    WfTypeObject *tp = WF_TYPE(obj);
    if (*dict_slot(obj, tp) != NULL)
        return 2;
    wf_ssize_t index = inline_index(tp, name);
    if (index < 0) {
        if (value == NULL)
            return 1;   /* never set: only planned names are kept inline */
        return materialize_lock_held(obj, tp) < 0 ? -1 : 2;
    }
    return store_slot(obj, tp, index, value, old);
}

/* The owner of an instance no other thread has touched stores a planned
 * attribute without the object's mutex, as a list's owner stores an item
 * (threads/bias.h; marking revokes it: lockfree.c). false: take the
 * section. Switching to dict mode is not a leaf (it fills a dict). */
static bool store_biased(WfObject *obj, WfObject *name, WfObject *value, WfObject **old, int *r) {
    WfThreadState *ts = wf_tstate_current;
    if (!wf_bias_enter(ts, obj))
        return false;
    WfTypeObject *tp = WF_TYPE(obj);
    wf_ssize_t index = *dict_slot(obj, tp) == NULL ? inline_index(tp, name) : -1;
    if (index >= 0)
        *r = store_slot(obj, tp, index, value, old);
    wf_bias_exit(ts);
    return index >= 0;
}

/* obj.name = value (value NULL: del obj.name) for an object whose type has
 * a plan. 0 done, 1 deleting an unset attribute, 2 the object is in dict
 * mode: the caller uses the dict, -1 error. */
int wf_inline_attrs_set(WfObject *obj, WfObject *name, WfObject *value) {
    if (__atomic_load_n(dict_slot(obj, WF_TYPE(obj)), __ATOMIC_ACQUIRE) != NULL)
        return 2;   /* dict mode is for good: no need to lock */
    WfObject *old = NULL;
    int r;
    if (!store_biased(obj, name, value, &old, &r)) {
        WF_BEGIN_CRITICAL_SECTION(obj);
        r = store_lock_held(obj, name, value, &old);
        WF_END_CRITICAL_SECTION();
    }
    wf_container_drop_item(obj, old);   /* after the section: __del__ may run */
    return r;
}

/* obj.__dict__ = dict (steals the reference). Inline values are dropped,
 * as the old dict's would be. In the section: a writer there checks the
 * mode before it stores inline. */
void wf_inline_attrs_replace_dict(WfObject *obj, WfObject *dict) {
    WfObject *dropped[WF_INLINE_ATTRS_MAX];
    int ndropped = 0;
    WfObject *old = NULL;
    WF_BEGIN_CRITICAL_SECTION(obj);
    WfTypeObject *tp = WF_TYPE(obj);
    wf_assert(tp->tp_inline_size != 0);
    old = __atomic_exchange_n(dict_slot(obj, tp), dict, __ATOMIC_ACQ_REL);
    if (old == NULL) {
        uint8_t *order = region_order(obj, tp);
        WfObject **values = region_values(obj, tp);
        for (int k = 0; k < order[0]; k++) {
            int i = order[1 + k];
            dropped[ndropped++] = values[i];
            __atomic_store_n(&values[i], NULL, __ATOMIC_RELEASE);
        }
        order[0] = 0;
    }
    WF_END_CRITICAL_SECTION();
    /* Other threads read the dict pointer borrowed: the old dict waits for
     * a grace period. */
    wf_object_retire_ref(old);
    for (int k = 0; k < ndropped; k++)
        wf_container_drop_item(obj, dropped[k]);
}

/* ---- the object's end ------------------------------------------------------------ */

void wf_inline_attrs_clear(WfObject *obj) {
    WfTypeObject *tp = WF_TYPE(obj);
    if (*dict_slot(obj, tp) != NULL)
        return;
    uint8_t *order = region_order(obj, tp);
    WfObject **values = region_values(obj, tp);
    while (order[0] > 0) {
        int i = order[1];
        WfObject *v = values[i];
        values[i] = NULL;
        memmove(&order[1], &order[2], (size_t)order[0] - 1);
        order[0]--;
        wf_container_drop_item(obj, v);   /* may run __del__, which may set attributes again */
    }
}

int wf_inline_attrs_traverse(WfObject *obj, wf_visitproc visit, void *arg) {
    WfTypeObject *tp = WF_TYPE(obj);
    if (*dict_slot(obj, tp) != NULL)
        return 0;
    uint8_t *order = region_order(obj, tp);
    WfObject **values = region_values(obj, tp);
    for (int k = 0; k < order[0]; k++) {
        int r = visit(values[order[1 + k]], arg);
        if (r)
            return r;
    }
    return 0;
}
