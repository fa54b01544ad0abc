/* generator.c — generator objects: a frame that outlives its call.
 *
 * Invariants:
 *  - RETURN_GENERATOR moves the function's frame into gi_frame (owner
 *    WF_FRAME_OWNED_BY_GENERATOR) with instr_ptr at RETURN_GENERATOR and
 *    return_offset 1, so the first resume starts at the RESUME after it and
 *    pushes nothing; later resumes push the sent value.
 *  - gi_frame_state moves CREATED/SUSPENDED -> RUNNING (compare-and-swap, so
 *    two threads cannot run one generator) -> SUSPENDED or COMPLETED
 *    (return or exception; the eval loop clears the frame and stores it).
 *    SUSPENDED is stored by wf_gen_send_ex after its bookkeeping, not by
 *    YIELD_VALUE: until then the generator is still RUNNING, so another
 *    thread cannot resume it while the runner still uses it, and no lock
 *    is needed.
 *  - While running, gi_exc_state is linked on top of the thread's exc_info
 *    chain, so `except` blocks inside the generator see their own handled
 *    exception and sys.exc_info() stays right across yields.
 *  - A suspended generator that is collected is closed first (GeneratorExit).
 */
#include <string.h>

#include "runtime/frame.h"
#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"
#include "compiler/opcode.h"
#include "threads/critical_section.h"

#define GEN(o) ((WfGenObject *)(o))

WfObject *wf_gen_new_from_frame(WfThreadState *ts, WfFrame *f) {
    (void)ts;
    WfCodeObject *co = wf_frame_code(f);
    wf_ssize_t nslots = co->co_nlocalsplus + co->co_stacksize;
    WfGenObject *gen = (WfGenObject *)wf_object_alloc_var(&wf_generator_type, nslots);
    if (gen == NULL)
        return NULL;
    WfFrame *gf = &gen->gi_frame;
    wf_ssize_t live = f->stackpointer - f->localsplus;
    memcpy(gf, f, sizeof(WfFrame) + (size_t)live * sizeof(WfStackRef));
    gf->stackpointer = gf->localsplus + live;
    gf->previous = NULL;
    gf->owner = WF_FRAME_OWNED_BY_GENERATOR;
    gf->is_entry = 0;
    if (gf->frame_obj)
        ((WfFrameObject *)gf->frame_obj)->f_frame = gf;
    /* The husk left behind owns nothing. */
    f->f_executable = WF_STACKREF_NULL;
    f->f_funcobj = WF_STACKREF_NULL;
    f->f_locals = NULL;
    f->frame_obj = NULL;
    f->stackpointer = f->localsplus;
    WfFunctionObject *func = (WfFunctionObject *)wf_frame_func(gf);
    gen->gi_code = wf_newref((WfObject *)co);
    gen->gi_name = wf_newref(wf_function_name(func));
    gen->gi_qualname = wf_newref(wf_function_qualname(func));
    gen->gi_exc_state.exc_value = NULL;
    gen->gi_exc_state.previous_item = NULL;
    gen->gi_frame_state = WF_GEN_CREATED;
    return (WfObject *)gen;
}

/* StopIteration(value) as CPython's _PyGen_SetStopIterationValue. */
static void set_stop_iteration_value(WfObject *value) {
    if (value == WF_NONE) {
        wf_err_set_none(wf_exc_StopIteration);
        return;
    }
    /* Wrap in a 1-tuple so a tuple or exception value is not unpacked. */
    WfObject *args = wf_tuple_pack(1, value);
    if (args == NULL)
        return;
    WfObject *exc = wf_object_call(wf_exc_StopIteration, args, NULL);
    wf_decref(args);
    if (exc) {
        wf_err_set_object(wf_exc_StopIteration, exc);
        wf_decref(exc);
    }
}

/* Runs the generator until it yields (0, *result = the value), returns (1,
 * *result = the return value) or raises (-1). A thread that finds it
 * RUNNING gets "generator already executing", as in CPython. */
int wf_gen_send_ex(WfGenObject *gen, WfObject *arg, int exc, WfObject **result) {
    WfThreadState *ts = wf_tstate_get();
    WfFrame *f = &gen->gi_frame;
    *result = NULL;
    int8_t state = __atomic_load_n(&gen->gi_frame_state, __ATOMIC_ACQUIRE);
    for (;;) {
        if (state == WF_GEN_RUNNING) {
            wf_err_set_string(wf_exc_ValueError, "generator already executing");
            return -1;
        }
        if (state == WF_GEN_COMPLETED) {
            if (exc)
                return -1;            /* the thrown exception stays set */
            if (arg == NULL)
                return -1;            /* __next__: exhausted, no exception */
            *result = wf_newref(WF_NONE);
            return 1;
        }
        if (state == WF_GEN_CREATED && !exc && arg && arg != WF_NONE) {
            wf_err_set_string(wf_exc_TypeError,
                              "can't send non-None value to a just-started generator");
            return -1;
        }
        if (__atomic_compare_exchange_n(&gen->gi_frame_state, &state, WF_GEN_RUNNING, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
    }
    if (state != WF_GEN_CREATED)
        *f->stackpointer++ = wf_stackref_new(arg ? arg : WF_NONE);
    WfErrStackItem *saved_exc_info = ts->exc_info;
    gen->gi_exc_state.previous_item = saved_exc_info;
    ts->exc_info = &gen->gi_exc_state;
    WfObject *res = wf_eval_frame(ts, f, exc);
    ts->exc_info = saved_exc_info;
    gen->gi_exc_state.previous_item = NULL;
    if (wf_gen_load_state(gen) == WF_GEN_RUNNING) {
        /* Yielded. Release: the next runner sees the frame and
         * gi_exc_state as we leave them. */
        *result = res;
        wf_gen_store_state(gen, WF_GEN_SUSPENDED);
        return 0;
    }
    /* Completed: the eval loop cleared the frame. */
    WF_CLEAR(gen->gi_exc_state.exc_value);
    if (res) {
        *result = res;
        return 1;
    }
    /* PEP 479: a StopIteration escaping the body becomes RuntimeError. */
    if (wf_err_exception_matches(wf_exc_StopIteration)) {
        WfObject *e = wf_err_get_raised();
        WfObject *msg = wf_str_from_cstr("generator raised StopIteration");
        WfObject *err = msg ? wf_object_call_one_arg(wf_exc_RuntimeError, msg) : NULL;
        wf_xdecref(msg);
        if (err) {
            wf_exception_set_cause(err, wf_newref(e));
            wf_exception_set_context(err, wf_newref(e));
            wf_err_set_raised(err);
        }
        wf_decref(e);
    }
    return -1;
}

/* Claims a suspended generator so that close()/throw() can read its frame
 * and delegate to the iterator it yields from without another thread
 * resuming it meanwhile: 1 claimed (SUSPENDED -> RUNNING, compare-and-swap;
 * the caller stores SUSPENDED back), 0 not suspended (nothing to delegate
 * to), -1 running in some thread ("generator already executing"). */
static int gen_claim_suspended(WfGenObject *gen) {
    int8_t state = __atomic_load_n(&gen->gi_frame_state, __ATOMIC_ACQUIRE);
    for (;;) {
        if (state == WF_GEN_RUNNING) {
            wf_err_set_string(wf_exc_ValueError, "generator already executing");
            return -1;
        }
        if (state != WF_GEN_SUSPENDED)
            return 0;
        if (__atomic_compare_exchange_n(&gen->gi_frame_state, &state, WF_GEN_RUNNING, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return 1;
    }
}

static void gen_unclaim(WfGenObject *gen) {
    __atomic_store_n(&gen->gi_frame_state, WF_GEN_SUSPENDED, __ATOMIC_RELEASE);
}

static WfObject *yieldfrom_of_frame(WfGenObject *gen);

/* Claimed as close() and throw() claim it: a thread resuming it meanwhile
 * would change (and may drop) the delegate on the frame's stack. A next()
 * racing the claim gets "generator already executing", as it would racing
 * another next(). */
WfObject *wf_gen_get_yieldfrom(WfGenObject *gen) {
    int8_t expected = WF_GEN_SUSPENDED;
    if (!__atomic_compare_exchange_n(&gen->gi_frame_state, &expected, WF_GEN_RUNNING, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return NULL;
    WfObject *yf = yieldfrom_of_frame(gen);
    gen_unclaim(gen);
    return yf;
}

/* The delegate of a suspended (or claimed) generator, or NULL. */
static WfObject *yieldfrom_of_frame(WfGenObject *gen) {
    WfFrame *f = &gen->gi_frame;
    WfCodeUnit *ip = f->instr_ptr;
    if (ip->op.opcode != YIELD_VALUE)
        return NULL;
    /* Delegating when the yield is the one of a `yield from` loop: RESUME's
     * argument says so (2, as CPython 3.12), or SEND precedes the yield. */
    bool delegating = (ip[1].op.opcode == RESUME && ip[1].op.arg >= 2);
    int send_len = 1 + wf_opcode_cache_size[SEND];
    if (!delegating && ip - f->bytecode >= send_len) {
        WfCodeUnit *send = ip - send_len;
        delegating = send->op.opcode == SEND;
    }
    if (!delegating || f->stackpointer <= wf_frame_stack_base(f))
        return NULL;
    return wf_newref(wf_stackref_borrow_obj(f->stackpointer[-1]));
}

/* ---- close / throw ----------------------------------------------------- */

static WfObject *gen_close(WfObject *self, WfObject *unused);

static int gen_close_iter(WfObject *yf) {
    WfObject *retval = NULL;
    if (wf_gen_check(yf)) {
        retval = gen_close(yf, NULL);
        if (retval == NULL)
            return -1;
    } else {
        WfObject *meth;
        if (wf_object_lookup_attr(yf, WF_ID(close), &meth) < 0)
            wf_err_write_unraisable(yf);
        if (meth) {
            retval = wf_object_call_no_args(meth);
            wf_decref(meth);
            if (retval == NULL)
                return -1;
        }
    }
    wf_xdecref(retval);
    return 0;
}

/* gen_send_ex's public face: NULL when the generator returned (with
 * StopIteration set, unless returning None to __next__) or raised. */
static WfObject *gen_send_common(WfGenObject *gen, WfObject *arg, int exc, int closing) {
    WfObject *res;
    int st = wf_gen_send_ex(gen, arg, exc, &res);
    if (st == 0)
        return res;
    if (st == 1) {
        if (!(res == WF_NONE && (arg == NULL || closing)))
            set_stop_iteration_value(res);
        wf_decref(res);
    }
    return NULL;
}

void wf_gen_clear_frame(WfGenObject *gen) {
    WfObject *fo;
    WF_BEGIN_CRITICAL_SECTION((WfObject *)gen);
    fo = wf_frame_detach_frame_object(&gen->gi_frame);
    WF_END_CRITICAL_SECTION();
    wf_xdecref(fo);
    wf_frame_clear(&gen->gi_frame);
}

static WfObject *gen_close(WfObject *self, WfObject *unused) {
    WfGenObject *gen = GEN(self);
    /* Atomic: another thread may be resuming the generator (frame.h). */
    if (wf_gen_load_state(gen) == WF_GEN_CREATED) {
        int8_t expected = WF_GEN_CREATED;
        if (__atomic_compare_exchange_n(&gen->gi_frame_state, &expected, WF_GEN_COMPLETED, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            wf_gen_clear_frame(gen);
            WF_RETURN_NONE;
        }
    }
    if (__atomic_load_n(&gen->gi_frame_state, __ATOMIC_ACQUIRE) == WF_GEN_COMPLETED)
        WF_RETURN_NONE;
    int err = 0;
    int claimed = gen_claim_suspended(gen);
    if (claimed < 0)
        return NULL;
    WfObject *yf = claimed ? yieldfrom_of_frame(gen) : NULL;
    if (yf) {
        err = gen_close_iter(yf);
        wf_decref(yf);
    }
    if (claimed)
        gen_unclaim(gen);
    if (err == 0)
        wf_err_set_none(wf_exc_GeneratorExit);
    WfObject *retval = gen_send_common(gen, WF_NONE, 1, 1);
    if (retval) {
        wf_decref(retval);
        wf_err_set_string(wf_exc_RuntimeError, "generator ignored GeneratorExit");
        return NULL;
    }
    if (wf_err_exception_matches(wf_exc_StopIteration) ||
        wf_err_exception_matches(wf_exc_GeneratorExit)) {
        wf_err_clear();
        WF_RETURN_NONE;
    }
    if (!wf_err_occurred())
        WF_RETURN_NONE;
    return NULL;
}

static WfObject *gen_throw_impl(WfGenObject *gen, int close_on_genexit, WfObject *typ,
                                WfObject *val, WfObject *tb) {
    int claimed = gen_claim_suspended(gen);
    if (claimed < 0)
        return NULL;
    WfObject *yf = claimed ? yieldfrom_of_frame(gen) : NULL;
    if (yf == NULL && claimed)
        gen_unclaim(gen);
    if (yf) {
        /* Claimed (RUNNING) while delegating, as CPython marks it. */
        WfObject *ret;
        if (close_on_genexit && wf_err_given_exception_matches(typ, wf_exc_GeneratorExit)) {
            int err = gen_close_iter(yf);
            gen_unclaim(gen);
            wf_decref(yf);
            if (err < 0)
                return gen_send_common(gen, WF_NONE, 1, 0);
            goto throw_here;
        }
        if (wf_gen_check(yf)) {
            ret = gen_throw_impl(GEN(yf), close_on_genexit, typ, val, tb);
            gen_unclaim(gen);
        } else {
            WfObject *meth;
            if (wf_object_lookup_attr(yf, WF_ID(throw), &meth) < 0) {
                gen_unclaim(gen);
                wf_decref(yf);
                return NULL;
            }
            if (meth == NULL) {
                gen_unclaim(gen);
                wf_decref(yf);
                goto throw_here;
            }
            ret = wf_object_call_function_objargs(meth, typ, val ? val : WF_NONE,
                                                  tb ? tb : WF_NONE, NULL);
            gen_unclaim(gen);
            wf_decref(meth);
        }
        wf_decref(yf);
        if (ret == NULL) /* the delegate's exception (StopIteration too) goes in */
            return gen_send_common(gen, WF_NONE, 1, 0);
        return ret;
    }

throw_here:
    if (tb == WF_NONE)
        tb = NULL;
    else if (tb != NULL && !WF_IS_TYPE(tb, &wf_traceback_type)) {
        wf_err_set_string(wf_exc_TypeError, "throw() third argument must be a traceback object");
        return NULL;
    }
    WfObject *value;
    if (wf_exception_class_check(typ)) {
        if (val == NULL || val == WF_NONE)
            value = wf_object_call_no_args(typ);
        else if (wf_exception_instance_check(val) &&
                 wf_type_is_subtype(WF_TYPE(val), (WfTypeObject *)typ))
            value = wf_newref(val);
        else if (wf_tuple_check(val))
            value = wf_object_call(typ, val, NULL);
        else
            value = wf_object_call_one_arg(typ, val);
        if (value == NULL)
            return NULL;
        if (!wf_exception_instance_check(value)) {
            wf_err_format(wf_exc_TypeError,
                          "calling %R should have returned an instance of BaseException, not %s",
                          typ, WF_TYPE(value)->tp_name);
            wf_decref(value);
            return NULL;
        }
    } else if (wf_exception_instance_check(typ)) {
        if (val && val != WF_NONE) {
            wf_err_set_string(wf_exc_TypeError, "instance exception may not have a separate value");
            return NULL;
        }
        value = wf_newref(typ);
    } else {
        wf_err_format(wf_exc_TypeError,
                      "exceptions must be classes or instances deriving from BaseException, not %s",
                      WF_TYPE(typ)->tp_name);
        return NULL;
    }
    if (tb)
        wf_exception_set_traceback(value, tb);
    wf_err_set_raised(value);
    return gen_send_common(gen, WF_NONE, 1, 0);
}

static WfObject *gen_throw(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("throw", nargs, 1, 3) < 0)
        return NULL;
    return gen_throw_impl(GEN(self), 1, args[0], nargs > 1 ? args[1] : NULL,
                          nargs > 2 ? args[2] : NULL);
}

static WfObject *gen_send(WfObject *self, WfObject *arg) {
    return gen_send_common(GEN(self), arg, 0, 0);
}

static WfObject *gen_iternext(WfObject *self) {
    return gen_send_common(GEN(self), NULL, 0, 0);
}

/* ---- the type ------------------------------------------------------------ */

static void gen_finalize(WfGenObject *gen) {
    if (wf_gen_load_state(gen) != WF_GEN_SUSPENDED)
        return;
    WfObject *saved = wf_err_get_raised();
    WfObject *res = gen_close((WfObject *)gen, NULL);
    if (res == NULL)
        wf_err_write_unraisable((WfObject *)gen);
    else
        wf_decref(res);
    if (saved)
        wf_err_set_raised(saved);
}

static void gen_dealloc(WfObject *self) {
    WfGenObject *gen = GEN(self);
    if (wf_gen_load_state(gen) == WF_GEN_SUSPENDED) {
        /* Resurrect for the duration of close(): it runs Python code that
         * may take and drop references to the generator. The count is
         * zero and no other thread can reach the object, so the calling
         * thread may take it over. */
        self->ob_tid = wf_thread_id();
        atomic_store_explicit(&self->ob_ref_shared, 0, memory_order_relaxed);
        self->ob_ref_local = 1;
        gen_finalize(gen);
        if (--self->ob_ref_local != 0)
            return;   /* resurrected by the finally block */
    }
    if (wf_gen_load_state(gen) != WF_GEN_COMPLETED)
        wf_frame_clear(&gen->gi_frame);
    wf_xdecref(gen->gi_code);
    wf_xdecref(gen->gi_name);
    wf_xdecref(gen->gi_qualname);
    wf_xdecref(gen->gi_exc_state.exc_value);
    wf_object_free(self);
}

static int gen_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfGenObject *gen = GEN(self);
    if (gen->gi_name && visit(gen->gi_name, arg))
        return 1;
    if (gen->gi_qualname && visit(gen->gi_qualname, arg))
        return 1;
    if (gen->gi_exc_state.exc_value && visit(gen->gi_exc_state.exc_value, arg))
        return 1;
    int8_t state = wf_gen_load_state(gen);
    if (state == WF_GEN_COMPLETED || state == WF_GEN_RUNNING)
        return 0;
    /* Counted slots only: tagged (deferred) ones are found by the root
     * walker's wf_roots_visit_frame, which the collector runs on suspended
     * generator frames. */
    WfFrame *f = &gen->gi_frame;
    WfObject *hdr[] = {f->f_locals, f->frame_obj};
    for (int i = 0; i < 2; i++)
        if (hdr[i] && visit(hdr[i], arg))
            return 1;
    for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++)
        if (!wf_stackref_is_null(*p) && !wf_stackref_is_tagged(*p) &&
            visit(wf_stackref_borrow_obj(*p), arg))
            return 1;
    return 0;
}

/* __name__ / __qualname__ may be replaced while other threads read them:
 * they are shared object fields (lockfree.h, wf_field_get_ref / _set). */
static WfObject *gen_repr(WfObject *self) {
    WfObject *qualname = wf_field_get_ref(self, &GEN(self)->gi_qualname);
    WfObject *r = wf_str_from_format("<generator object %U at %p>", qualname, (void *)self);
    wf_xdecref(qualname);
    return r;
}

static WfObject *gen_iter(WfObject *self) { return wf_newref(self); }

static WfObject *gen_get_name(WfObject *self, void *c) {
    return wf_field_get_ref(self, &GEN(self)->gi_name);
}
static int gen_set_name(WfObject *self, WfObject *value, void *c) {
    if (value == NULL || !wf_str_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__name__ must be set to a string object");
        return -1;
    }
    wf_field_set(self, &GEN(self)->gi_name, wf_newref(value));
    return 0;
}
static WfObject *gen_get_qualname(WfObject *self, void *c) {
    return wf_field_get_ref(self, &GEN(self)->gi_qualname);
}
static int gen_set_qualname(WfObject *self, WfObject *value, void *c) {
    if (value == NULL || !wf_str_check(value)) {
        wf_err_set_string(wf_exc_TypeError, "__qualname__ must be set to a string object");
        return -1;
    }
    wf_field_set(self, &GEN(self)->gi_qualname, wf_newref(value));
    return 0;
}
static WfObject *gen_get_running(WfObject *self, void *c) {
    return wf_bool_from_long(wf_gen_load_state(GEN(self)) == WF_GEN_RUNNING);
}
static WfObject *gen_get_suspended(WfObject *self, void *c) {
    return wf_bool_from_long(wf_gen_load_state(GEN(self)) == WF_GEN_SUSPENDED);
}
static WfObject *gen_get_frame(WfObject *self, void *c) {
    WfGenObject *gen = GEN(self);
    WfObject *fo = WF_NONE;
    WF_BEGIN_CRITICAL_SECTION(self);   /* against wf_gen_clear_frame */
    if (wf_gen_load_state(gen) != WF_GEN_COMPLETED)
        fo = wf_frame_get_frame_object(&gen->gi_frame);
    fo = wf_xnewref(fo);
    WF_END_CRITICAL_SECTION();
    return fo;
}
static WfObject *gen_get_code(WfObject *self, void *c) {
    return wf_newref(GEN(self)->gi_code);
}
static WfObject *gen_get_yieldfrom_attr(WfObject *self, void *c) {
    WfObject *yf = wf_gen_get_yieldfrom(GEN(self));
    return yf ? yf : wf_newref(WF_NONE);
}

static WfGetSetDef gen_getset[] = {
    {"__name__", gen_get_name, gen_set_name, NULL, NULL},
    {"__qualname__", gen_get_qualname, gen_set_qualname, NULL, NULL},
    {"gi_running", gen_get_running, NULL, NULL, NULL},
    {"gi_suspended", gen_get_suspended, NULL, NULL, NULL},
    {"gi_frame", gen_get_frame, NULL, NULL, NULL},
    {"gi_code", gen_get_code, NULL, NULL, NULL},
    {"gi_yieldfrom", gen_get_yieldfrom_attr, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMethodDef gen_methods[] = {
    {"send", (void *)gen_send, WF_METH_O,
     "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {"throw", (void *)gen_throw, WF_METH_FASTCALL,
     "throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded "
     "value or raise\nStopIteration."},
    {"close", (void *)gen_close, WF_METH_NOARGS, "close() -> raise GeneratorExit inside generator."},
    {NULL, NULL, 0, NULL},
};

WfTypeObject wf_generator_type = {
    .tp_name = "generator",
    .tp_basicsize = sizeof(WfGenObject),
    .tp_itemsize = sizeof(WfStackRef),
    .tp_flags = WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = gen_dealloc,
    .tp_repr = gen_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_iter = gen_iter,
    .tp_iternext = gen_iternext,
    .tp_traverse = gen_traverse,
    .tp_methods = gen_methods,
    .tp_getset = gen_getset,
};
