/* thread_module.c — the _thread module: threads, locks, thread-local data.
 *
 * Invariants:
 *  - A lock (_thread.lock) is a one-byte WfMutex (threads/mutex.h): any
 *    thread may release it, as CPython allows. A contended acquire detaches
 *    while it waits (so it never holds up a stop-the-world); an uncontended
 *    one is a single CAS.
 *  - An RLock records its owner (get_ident() value, atomic: repr and
 *    _is_owned read it from other threads) and a count changed only by the
 *    owner while it holds the mutex.
 *  - A _local keeps one dict per thread in `dicts`, keyed by the thread
 *    state's serial number (never reused, unlike idents). Every live _local
 *    is on live_locals; a thread's dicts are removed from all of them when it
 *    ends (wf_thread_local_clear_current), and a _local unlinks itself in its
 *    dealloc before it frees anything, so the exit loop (holding
 *    locals_mutex) never sees a freed one.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/runtime.h"
#include "threads/threads.h"

#define TIMEOUT_MAX_SECONDS 9223372036.0   /* CPython's PY_TIMEOUT_MAX in seconds, on Linux */

/* ======================================================================
 * Lock-acquire arguments, shared by lock and RLock
 * ====================================================================== */

/* acquire(blocking=True, timeout=-1) -> timeout in ns (-1 forever, 0 try). 0 or -1. */
static int parse_acquire_args(WfObject *args, WfObject *kwargs, int64_t *timeout_ns) {
    static const char *const kwlist[] = {"blocking", "timeout", NULL};
    int blocking = 1;
    WfObject *timeout_obj = NULL;
    if (!wf_arg_parse_tuple_and_keywords(args, kwargs, "|pO:acquire", kwlist, &blocking,
                                         &timeout_obj))
        return -1;
    double timeout = -1;
    if (timeout_obj) {
        timeout = wf_float_as_double(timeout_obj);
        if (timeout == -1.0 && wf_err_occurred())
            return -1;
    }
    if (!blocking && timeout != -1) {
        wf_err_set_string(wf_exc_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (timeout < 0 && timeout != -1) {
        wf_err_set_string(wf_exc_ValueError, "timeout value must be positive");
        return -1;
    }
    if (!blocking) {
        *timeout_ns = 0;
    } else if (timeout == -1) {
        *timeout_ns = -1;
    } else {
        if (timeout > TIMEOUT_MAX_SECONDS) {
            wf_err_set_string(wf_exc_OverflowError, "timeout value is too large");
            return -1;
        }
        *timeout_ns = (int64_t)(timeout * 1e9);
    }
    return 0;
}

/* A blocked Python-level wait wakes this often to do what a safe point does
 * (the eval breaker): merge the references other threads dropped to objects
 * this thread owns, and drop references whose grace period ended. Only an
 * attached thread does either, and both may run __del__: when every thread
 * waits, a __del__ that would wake one of them (`del d` where d.__del__ sets
 * an Event another thread waits on, then join()) would otherwise never run. */
#define WAIT_SLICE_NS (20 * 1000 * 1000)

/* Whether a waiter must attach at the end of a wait slice: its eval breaker
 * has work (a merge of dropped references, a signal), or dropped references
 * wait for a drain while a run slot is free. Attaching for nothing would take
 * a run slot from a thread that computes (threads/run_slots.c). */
static bool wait_needs_attention(WfThreadState *ts) {
    if (ts && atomic_load_explicit(&ts->eval_breaker, memory_order_relaxed))
        return true;
    return wf_objects_retired_refs_ready() && !wf_run_slots_all_held();
}

/* At the end of a wait slice: the safe point's work, attached. 0, or -1
 * with the eval-breaker handler's exception. */
static int wait_slice_safe_point(WfThreadState *ts) {
    if (ts && atomic_load_explicit(&ts->eval_breaker, memory_order_relaxed) &&
        wf_handle_eval_breaker(ts) < 0)
        return -1;
    wf_objects_drain_retired_refs();   /* may run __del__ */
    return 0;
}

/* Locks m within timeout_ns (-1: no limit): 1, or 0 when the time ran out,
 * or -1 with the exception of the eval-breaker handler (a __del__'s own
 * exceptions are unraisable, not returned). The fast path never detaches;
 * the first slice spins attached before it parks (short waits), the later
 * ones neither spin nor attach unless there is work for a safe point. */
static int acquire_mutex(uint8_t *m, int64_t timeout_ns) {
    if (wf_mutex_trylock(m))
        return 1;
    if (timeout_ns == 0)
        return 0;
    int64_t deadline = timeout_ns < 0 ? -1 : wf_monotonic_ns() + timeout_ns;
    WfThreadState *ts = wf_tstate_get();
    bool attached = true, first_slice = true;
    int got = -1;
    while (got < 0) {
        int64_t slice = WAIT_SLICE_NS;
        if (deadline >= 0) {
            int64_t left = deadline - wf_monotonic_ns();
            if (left <= 0) {
                got = wf_mutex_trylock(m);
                break;
            }
            slice = left < slice ? left : slice;
        }
        if (wf_mutex_lock_timed(m, slice, attached, first_slice)) {
            got = 1;
            break;
        }
        first_slice = false;
        if (attached || wait_needs_attention(ts)) {
            if (!attached)
                wf_attach(ts);
            if (wait_slice_safe_point(ts) < 0)
                return -1;
            wf_detach();
            attached = false;
        }
    }
    if (!attached)
        wf_attach(ts);
    return got;
}

/* ======================================================================
 * _thread.lock
 * ====================================================================== */

typedef struct {
    WF_OBJECT_HEAD;
    WfMutex mutex;
} LockObject;

static WfTypeObject lock_type;

static WfObject *lock_new_object(void) {
    if (wf_type_ready(&lock_type) < 0)
        return NULL;
    LockObject *self = (LockObject *)wf_object_alloc(&lock_type);
    if (self)
        self->mutex.v = 0;
    return (WfObject *)self;
}

static void lock_dealloc(WfObject *self) { wf_object_free(self); }

static WfObject *lock_acquire(WfObject *self, WfObject *args, WfObject *kwargs) {
    int64_t timeout_ns;
    if (parse_acquire_args(args, kwargs, &timeout_ns) < 0)
        return NULL;
    int got = acquire_mutex(&((LockObject *)self)->mutex.v, timeout_ns);
    return got < 0 ? NULL : wf_bool_from_long(got);
}

static WfObject *lock_release(WfObject *self, WfObject *unused) {
    uint8_t *m = &((LockObject *)self)->mutex.v;
    if (!wf_mutex_is_locked(m)) {
        wf_err_set_string(wf_exc_RuntimeError, "release unlocked lock");
        return NULL;
    }
    wf_mutex_unlock(m);
    WF_RETURN_NONE;
}

static WfObject *lock_exit(WfObject *self, WfObject *args) { return lock_release(self, NULL); }

static WfObject *lock_locked(WfObject *self, WfObject *unused) {
    return wf_bool_from_long(wf_mutex_is_locked(&((LockObject *)self)->mutex.v));
}

static WfObject *lock_repr(WfObject *self) {
    return wf_str_from_format("<%s %s object at %p>",
                              wf_mutex_is_locked(&((LockObject *)self)->mutex.v) ? "locked" : "unlocked",
                              WF_TYPE(self)->tp_name, self);
}

static WfMethodDef lock_methods[] = {
    {"acquire", (void *)lock_acquire, WF_METH_VARARGS | WF_METH_KEYWORDS,
     "acquire(blocking=True, timeout=-1) -> bool"},
    {"acquire_lock", (void *)lock_acquire, WF_METH_VARARGS | WF_METH_KEYWORDS, NULL},
    {"release", (void *)lock_release, WF_METH_NOARGS, "release()"},
    {"release_lock", (void *)lock_release, WF_METH_NOARGS, NULL},
    {"locked", (void *)lock_locked, WF_METH_NOARGS, "locked() -> bool"},
    {"locked_lock", (void *)lock_locked, WF_METH_NOARGS, NULL},
    {"__enter__", (void *)lock_acquire, WF_METH_VARARGS | WF_METH_KEYWORDS, NULL},
    {"__exit__", (void *)lock_exit, WF_METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static WfTypeObject lock_type = {
    .tp_name = "_thread.lock",
    .tp_basicsize = sizeof(LockObject),
    .tp_doc = "A lock object is a synchronization primitive.",
    .tp_dealloc = lock_dealloc,
    .tp_repr = lock_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_methods = lock_methods,
};

/* ======================================================================
 * _thread.RLock
 * ====================================================================== */

typedef struct {
    WF_OBJECT_HEAD;
    WfMutex mutex;
    _Atomic(unsigned long) owner;   /* get_ident() of the holder, 0 when free */
    _Atomic(unsigned long) count;   /* written by the owner only; read by repr too */
} RLockObject;

static unsigned long current_ident(void) {
    WfThreadState *ts = wf_tstate_current;
    return ts ? ts->ident : (unsigned long)pthread_self();
}

static WfObject *rlock_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    RLockObject *self = (RLockObject *)wf_type_generic_alloc(type, 0);
    if (self) {
        self->mutex.v = 0;
        atomic_init(&self->owner, 0);
        atomic_init(&self->count, 0);
    }
    return (WfObject *)self;
}

static void rlock_dealloc(WfObject *self) { wf_object_free(self); }

static unsigned long rcount(RLockObject *r) {
    return atomic_load_explicit(&r->count, memory_order_relaxed);
}

static void set_rcount(RLockObject *r, unsigned long n) {
    atomic_store_explicit(&r->count, n, memory_order_relaxed);
}

/* Owner first: only the owner writes count, so then reading it is exact. */
static bool rlock_is_mine(RLockObject *r) {
    return atomic_load_explicit(&r->owner, memory_order_relaxed) == current_ident() &&
           rcount(r) > 0;
}

static WfObject *rlock_acquire(WfObject *self, WfObject *args, WfObject *kwargs) {
    RLockObject *r = (RLockObject *)self;
    int64_t timeout_ns;
    if (parse_acquire_args(args, kwargs, &timeout_ns) < 0)
        return NULL;
    unsigned long me = current_ident();
    if (rlock_is_mine(r)) {
        if (rcount(r) == ULONG_MAX) {
            wf_err_set_string(wf_exc_OverflowError, "Internal lock count overflowed");
            return NULL;
        }
        set_rcount(r, rcount(r) + 1);
        WF_RETURN_TRUE;
    }
    int got = acquire_mutex(&r->mutex.v, timeout_ns);
    if (got <= 0)
        return got < 0 ? NULL : wf_newref(WF_FALSE);
    atomic_store_explicit(&r->owner, me, memory_order_relaxed);
    set_rcount(r, 1);
    WF_RETURN_TRUE;
}

static WfObject *rlock_release(WfObject *self, WfObject *unused) {
    RLockObject *r = (RLockObject *)self;
    if (!rlock_is_mine(r)) {
        wf_err_set_string(wf_exc_RuntimeError, "cannot release un-acquired lock");
        return NULL;
    }
    set_rcount(r, rcount(r) - 1);
    if (rcount(r) == 0) {
        atomic_store_explicit(&r->owner, 0, memory_order_relaxed);
        wf_mutex_unlock(&r->mutex.v);
    }
    WF_RETURN_NONE;
}

static WfObject *rlock_exit(WfObject *self, WfObject *args) { return rlock_release(self, NULL); }

static WfObject *rlock_is_owned(WfObject *self, WfObject *unused) {
    return wf_bool_from_long(rlock_is_mine((RLockObject *)self));
}

static WfObject *rlock_recursion_count(WfObject *self, WfObject *unused) {
    RLockObject *r = (RLockObject *)self;
    return wf_int_from_uint64(rlock_is_mine(r) ? rcount(r) : 0);
}

/* Condition variables release an RLock completely while they wait. */
static WfObject *rlock_release_save(WfObject *self, WfObject *unused) {
    RLockObject *r = (RLockObject *)self;
    if (!rlock_is_mine(r)) {
        wf_err_set_string(wf_exc_RuntimeError, "cannot release un-acquired lock");
        return NULL;
    }
    unsigned long count = rcount(r), owner = atomic_load_explicit(&r->owner, memory_order_relaxed);
    set_rcount(r, 0);
    atomic_store_explicit(&r->owner, 0, memory_order_relaxed);
    wf_mutex_unlock(&r->mutex.v);
    WfObject *c = wf_int_from_uint64(count), *o = wf_int_from_uint64(owner);
    WfObject *res = (c && o) ? wf_tuple_pack(2, c, o) : NULL;
    wf_xdecref(c);
    wf_xdecref(o);
    return res;
}

static WfObject *rlock_acquire_restore(WfObject *self, WfObject *state) {
    RLockObject *r = (RLockObject *)self;
    WfObject *c, *o;
    if (!wf_arg_parse_tuple(state, "OO:_acquire_restore", &c, &o))
        return NULL;
    int64_t count = wf_int_as_int64(c);
    if (count == -1 && wf_err_occurred())
        return NULL;
    int64_t owner = wf_int_as_int64(o);   /* idents fit in 63 bits on Linux */
    if (owner == -1 && wf_err_occurred())
        return NULL;
    /* Restoring must not fail half-way: wait until the lock is ours, and
     * report a breaker's exception (none is expected) only after that. */
    while (acquire_mutex(&r->mutex.v, -1) < 0)
        wf_err_write_unraisable(self);
    atomic_store_explicit(&r->owner, (unsigned long)owner, memory_order_relaxed);
    set_rcount(r, (unsigned long)count);
    WF_RETURN_NONE;
}

static WfObject *rlock_repr(WfObject *self) {
    RLockObject *r = (RLockObject *)self;
    unsigned long owner = atomic_load_explicit(&r->owner, memory_order_relaxed);
    return wf_str_from_format("<%s %s object owner=%lu count=%lu at %p>",
                              owner ? "locked" : "unlocked", WF_TYPE(self)->tp_name, owner,
                              owner ? rcount(r) : 0UL, self);
}

static WfMethodDef rlock_methods[] = {
    {"acquire", (void *)rlock_acquire, WF_METH_VARARGS | WF_METH_KEYWORDS,
     "acquire(blocking=True, timeout=-1) -> bool"},
    {"release", (void *)rlock_release, WF_METH_NOARGS, "release()"},
    {"_is_owned", (void *)rlock_is_owned, WF_METH_NOARGS, NULL},
    {"_recursion_count", (void *)rlock_recursion_count, WF_METH_NOARGS, NULL},
    {"_release_save", (void *)rlock_release_save, WF_METH_NOARGS, NULL},
    {"_acquire_restore", (void *)rlock_acquire_restore, WF_METH_O, NULL},
    {"__enter__", (void *)rlock_acquire, WF_METH_VARARGS | WF_METH_KEYWORDS, NULL},
    {"__exit__", (void *)rlock_exit, WF_METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static WfTypeObject rlock_type = {
    .tp_name = "_thread.RLock",
    .tp_basicsize = sizeof(RLockObject),
    .tp_flags = WF_TPFLAGS_BASETYPE,
    .tp_dealloc = rlock_dealloc,
    .tp_repr = rlock_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_new = rlock_new,
    .tp_methods = rlock_methods,
};

/* ======================================================================
 * _thread._local
 * ====================================================================== */

typedef struct LocalObject {
    WF_OBJECT_HEAD;
    WfObject *dicts;                 /* dict: thread serial (int) -> that thread's __dict__ */
    WfObject *args, *kwargs;         /* passed to __init__ in each new thread */
    struct LocalObject *next, *prev; /* live_locals, under locals_mutex */
} LocalObject;

static WfTypeObject local_type;

/* Every live _local, so a finishing thread can drop its dicts. Guarded by
 * locals_mutex (a detaching WfMutex: dict operations done under it may park).
 * live_locals itself is also read without the lock, by a finishing thread
 * that only wants to know whether the list is empty: stores to it are
 * atomic. A NULL it sees is final for it: a _local holding a dict of that
 * thread was made or touched by that thread itself, before. */
static LocalObject *live_locals;
static WfMutex locals_mutex;

static WfObject *serial_key(WfThreadState *ts) { return wf_int_from_uint64(ts->serial); }

static bool has_custom_init(WfTypeObject *type) {
    return type->tp_init != NULL && type->tp_init != wf_object_type.tp_init;
}

static WfObject *local_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    bool has_args = (args && WF_SIZE(args) > 0) || (kwargs && wf_dict_size(kwargs) > 0);
    if (has_args && !has_custom_init(type)) {
        wf_err_set_string(wf_exc_TypeError, "Initialization arguments are not supported");
        return NULL;
    }
    LocalObject *self = (LocalObject *)wf_type_generic_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->args = args ? wf_newref(args) : wf_tuple_new(0);
    self->kwargs = kwargs ? wf_dict_copy(kwargs) : NULL;
    self->dicts = wf_dict_new();
    WfObject *d = wf_dict_new();
    WfThreadState *ts = wf_tstate_current;
    WfObject *key = ts ? serial_key(ts) : NULL;
    if (self->args == NULL || (kwargs && self->kwargs == NULL) || self->dicts == NULL ||
        d == NULL || key == NULL || wf_dict_set_item(self->dicts, key, d) < 0) {
        wf_xdecref(key);
        wf_xdecref(d);
        wf_decref((WfObject *)self);   /* not on live_locals yet: dealloc copes */
        return NULL;
    }
    wf_decref(key);
    wf_decref(d);
    wf_mutex_lock(&locals_mutex.v);
    self->prev = NULL;
    self->next = live_locals;
    if (live_locals)
        live_locals->prev = self;
    /* Atomic: wf_thread_local_clear_current peeks at live_locals unlocked. */
    __atomic_store_n(&live_locals, self, __ATOMIC_RELEASE);
    wf_mutex_unlock(&locals_mutex.v);
    return (WfObject *)self;
}

static void local_unlink(LocalObject *self) {
    wf_mutex_lock(&locals_mutex.v);
    if (self->prev || live_locals == self) {
        if (self->prev)
            self->prev->next = self->next;
        else   /* atomic: peeked at unlocked (wf_thread_local_clear_current) */
            __atomic_store_n(&live_locals, self->next, __ATOMIC_RELEASE);
        if (self->next)
            self->next->prev = self->prev;
        self->next = self->prev = NULL;
    }
    wf_mutex_unlock(&locals_mutex.v);
}

static void local_dealloc(WfObject *op) {
    LocalObject *self = (LocalObject *)op;
    local_unlink(self);
    WF_CLEAR(self->dicts);
    WF_CLEAR(self->args);
    WF_CLEAR(self->kwargs);
    wf_object_free(op);
}

static int local_traverse(WfObject *op, wf_visitproc visit, void *arg) {
    LocalObject *self = (LocalObject *)op;
    if (self->dicts && visit(self->dicts, arg))
        return 1;
    if (self->args && visit(self->args, arg))
        return 1;
    if (self->kwargs && visit(self->kwargs, arg))
        return 1;
    return 0;
}

/* The calling thread's dict for self (borrowed-like: returns a new ref),
 * creating it and running __init__ the first time this thread looks. */
static WfObject *local_get_dict(LocalObject *self) {
    WfThreadState *ts = wf_tstate_current;
    WfObject *key = serial_key(ts);
    if (key == NULL)
        return NULL;
    WfObject *d = NULL;
    if (wf_dict_get_item_ref(self->dicts, key, &d) < 0) {
        wf_decref(key);
        return NULL;
    }
    if (d) {
        wf_decref(key);
        return d;
    }
    d = wf_dict_new();
    if (d == NULL || wf_dict_set_item(self->dicts, key, d) < 0) {
        wf_xdecref(d);
        wf_decref(key);
        return NULL;
    }
    WfTypeObject *type = WF_TYPE(self);
    if (has_custom_init(type) && type->tp_init((WfObject *)self, self->args, self->kwargs) < 0) {
        WfObject *exc = wf_err_get_raised();
        WfObject *old = NULL;
        if (wf_dict_pop(self->dicts, key, &old) < 0)
            wf_err_clear();
        wf_xdecref(old);
        wf_err_set_raised(exc);
        wf_decref(d);
        d = NULL;
    }
    wf_decref(key);
    return d;
}

static const char *type_display_name(WfTypeObject *type) {
    return (type->tp_flags & WF_TPFLAGS_HEAPTYPE) ? wf_type_name(type) : type->tp_name;
}

static WfObject *local_getattro(WfObject *op, WfObject *name) {
    WfObject *d = local_get_dict((LocalObject *)op);
    if (d == NULL)
        return NULL;
    if (wf_str_check(name) && strcmp(wf_str_as_utf8(name), "__dict__") == 0)
        return d;
    WfTypeObject *type = WF_TYPE(op);
    WfObject *descr = wf_type_lookup(type, name);
    WfObject *res = NULL;
    if (descr) {
        wf_incref(descr);
        wf_descrgetfunc get = WF_TYPE(descr)->tp_descr_get;
        if (get && WF_TYPE(descr)->tp_descr_set) {       /* data descriptor wins */
            res = get(descr, op, (WfObject *)type);
            goto done;
        }
    }
    if (wf_dict_get_item_ref(d, name, &res) < 0 || res)
        goto done;
    if (descr) {
        wf_descrgetfunc get = WF_TYPE(descr)->tp_descr_get;
        res = get ? get(descr, op, (WfObject *)type) : wf_newref(descr);
        goto done;
    }
    wf_err_format(wf_exc_AttributeError, "'%s' object has no attribute '%U'",
                  type_display_name(type), name);
done:
    wf_xdecref(descr);
    wf_decref(d);
    return res;
}

static int local_setattro(WfObject *op, WfObject *name, WfObject *value) {
    if (wf_str_check(name) && strcmp(wf_str_as_utf8(name), "__dict__") == 0) {
        wf_err_format(wf_exc_AttributeError, "'%s' object attribute '__dict__' is read-only",
                      type_display_name(WF_TYPE(op)));
        return -1;
    }
    WfObject *d = local_get_dict((LocalObject *)op);
    if (d == NULL)
        return -1;
    int r;
    WfObject *descr = wf_type_lookup(WF_TYPE(op), name);
    if (descr && WF_TYPE(descr)->tp_descr_set) {
        wf_incref(descr);
        r = WF_TYPE(descr)->tp_descr_set(descr, op, value);
        wf_decref(descr);
    } else if (value) {
        r = wf_dict_set_item(d, name, value);
    } else {
        r = wf_dict_del_item(d, name);
        if (r < 0 && wf_err_exception_matches(wf_exc_KeyError)) {
            wf_err_clear();
            wf_err_format(wf_exc_AttributeError, "'%s' object has no attribute '%U'",
                          type_display_name(WF_TYPE(op)), name);
        }
    }
    wf_decref(d);
    return r;
}

static WfTypeObject local_type = {
    .tp_name = "_thread._local",
    .tp_basicsize = sizeof(LocalObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_doc = "Thread-local data",
    .tp_dealloc = local_dealloc,
    .tp_traverse = local_traverse,
    .tp_getattro = local_getattro,
    .tp_setattro = local_setattro,
    .tp_new = local_new,
};

/* Thread exit: pop this thread's dict out of every live _local under the
 * list lock (a dict pop runs no Python code), drop them after it. */
void wf_thread_local_clear_current(WfThreadState *ts) {
    if (__atomic_load_n(&live_locals, __ATOMIC_ACQUIRE) == NULL)
        return;
    WfObject *key = serial_key(ts);
    WfObject *popped = wf_list_new(0);
    if (key == NULL || popped == NULL) {
        wf_err_clear();
        wf_xdecref(key);
        wf_xdecref(popped);
        return;
    }
    wf_mutex_lock(&locals_mutex.v);
    for (LocalObject *l = live_locals; l; l = l->next) {
        WfObject *d = NULL;
        if (l->dicts && wf_dict_pop(l->dicts, key, &d) > 0) {
            if (wf_list_append(popped, d) < 0)
                wf_err_clear();
            wf_decref(d);   /* the list keeps it: the last reference drops below */
        }
    }
    wf_mutex_unlock(&locals_mutex.v);
    wf_decref(popped);
    wf_decref(key);
    if (wf_err_occurred())
        wf_err_clear();
}

/* ======================================================================
 * Module functions
 * ====================================================================== */

static WfObject *thread_start_new_thread(WfObject *module, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("start_new_thread", nargs, 2, 3) < 0)
        return NULL;
    WfObject *func = args[0], *fargs = args[1], *fkwargs = nargs > 2 ? args[2] : NULL;
    if (!wf_callable_check(func)) {
        wf_err_set_string(wf_exc_TypeError, "first arg must be callable");
        return NULL;
    }
    if (!wf_tuple_check(fargs)) {
        wf_err_set_string(wf_exc_TypeError, "2nd arg must be a tuple");
        return NULL;
    }
    if (fkwargs && !wf_dict_check(fkwargs)) {
        wf_err_set_string(wf_exc_TypeError, "optional 3rd arg must be a dictionary");
        return NULL;
    }
    unsigned long ident = wf_thread_start(func, fargs, fkwargs);
    if (ident == 0)
        return NULL;
    return wf_int_from_uint64(ident);
}

static WfObject *thread_allocate_lock(WfObject *module, WfObject *unused) { return lock_new_object(); }

static WfObject *thread_get_ident(WfObject *module, WfObject *unused) {
    return wf_int_from_uint64(current_ident());
}

static WfObject *thread_get_native_id(WfObject *module, WfObject *unused) {
    WfThreadState *ts = wf_tstate_current;
    return wf_int_from_uint64(ts ? ts->native_id : (unsigned long)gettid());
}

static WfObject *thread_current_serial(WfObject *module, WfObject *unused) {
    WfThreadState *ts = wf_tstate_current;
    return wf_int_from_uint64(ts ? ts->serial : 0);
}

/* _wait_thread_gone(serial, blocking): True once that thread state is
 * deleted (threading.Thread.join waits for it, as CPython's join waits for
 * the thread state lock). */
static WfObject *thread_wait_gone(WfObject *module, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("_wait_thread_gone", nargs, 2, 2) < 0)
        return NULL;
    uint64_t serial = (uint64_t)wf_int_as_ssize(args[0]);
    if (serial == (uint64_t)-1 && wf_err_occurred())
        return NULL;
    int blocking = wf_object_is_true(args[1]);
    if (blocking < 0)
        return NULL;
    return wf_bool_from_long(wf_tstate_wait_gone(serial, blocking));
}

static WfObject *thread_count(WfObject *module, WfObject *unused) {
    return wf_int_from_long(wf_thread_count());
}

static WfObject *thread_stack_size(WfObject *module, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("stack_size", nargs, 0, 1) < 0)
        return NULL;
    size_t old = wf_thread_get_stack_size();
    if (nargs == 1) {
        wf_ssize_t size = wf_int_as_ssize(args[0]);
        if (size == -1 && wf_err_occurred())
            return NULL;
        if (size < 0) {
            wf_err_set_string(wf_exc_ValueError, "size must be 0 or a positive value");
            return NULL;
        }
        if (wf_thread_set_stack_size((size_t)size) < 0)
            return NULL;
    }
    return wf_int_from_ssize((wf_ssize_t)old);
}

static WfObject *thread_exit(WfObject *module, WfObject *unused) {
    wf_err_set_none(wf_exc_SystemExit);
    return NULL;
}

static WfMethodDef thread_methods[] = {
    {"start_new_thread", (void *)thread_start_new_thread, WF_METH_FASTCALL,
     "start_new_thread(function, args[, kwargs])"},
    {"start_new", (void *)thread_start_new_thread, WF_METH_FASTCALL, NULL},
    {"allocate_lock", (void *)thread_allocate_lock, WF_METH_NOARGS, "allocate_lock() -> lock object"},
    {"allocate", (void *)thread_allocate_lock, WF_METH_NOARGS, NULL},
    {"get_ident", (void *)thread_get_ident, WF_METH_NOARGS, "get_ident() -> integer"},
    {"get_native_id", (void *)thread_get_native_id, WF_METH_NOARGS, "get_native_id() -> integer"},
    {"_count", (void *)thread_count, WF_METH_NOARGS, "_count() -> integer"},
    {"_current_serial", (void *)thread_current_serial, WF_METH_NOARGS, NULL},
    {"_wait_thread_gone", (void *)thread_wait_gone, WF_METH_FASTCALL, NULL},
    {"stack_size", (void *)thread_stack_size, WF_METH_FASTCALL, "stack_size([size]) -> size"},
    {"exit", (void *)thread_exit, WF_METH_NOARGS, "exit()"},
    {"exit_thread", (void *)thread_exit, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

WfObject *wf_thread_module_init(void) {
    if (wf_type_ready(&lock_type) < 0 || wf_type_ready(&rlock_type) < 0 ||
        wf_type_ready(&local_type) < 0)
        return NULL;
    WfObject *m = wf_module_from_methods("_thread", thread_methods,
                                         "This module provides primitive operations to write "
                                         "multi-threaded programs.");
    if (m == NULL)
        return NULL;
    if (wf_module_add_object(m, "LockType", wf_newref((WfObject *)&lock_type)) < 0 ||
        wf_module_add_object(m, "lock", wf_newref((WfObject *)&lock_type)) < 0 ||
        wf_module_add_object(m, "RLock", wf_newref((WfObject *)&rlock_type)) < 0 ||
        wf_module_add_object(m, "_local", wf_newref((WfObject *)&local_type)) < 0 ||
        wf_module_add_object(m, "error", wf_newref(wf_exc_RuntimeError)) < 0 ||
        wf_module_add_object(m, "TIMEOUT_MAX", wf_float_from_double(TIMEOUT_MAX_SECONDS)) < 0) {
        wf_decref(m);
        return NULL;
    }
    return m;
}
