/* frame.h — interpreter frames, the per-thread data stack, and the objects
 * that own or expose frames (generators, frame objects, tracebacks).
 *
 * Invariants (DESIGN.md §4):
 *  - A frame is a WfFrame header followed by localsplus[]: co_nlocalsplus
 *    slots (locals, cells, free variables) then co_stacksize value-stack
 *    slots. Every slot is a WfStackRef; NULL slots are empty.
 *  - Thread frames live in the thread's data stack (chunks linked from
 *    tstate->datastack_chunk) and are pushed and popped in LIFO order.
 *    tstate->current_frame is the innermost executing frame; ->previous links
 *    to its caller, across C re-entries of the eval loop.
 *  - A generator's frame lives inside the generator object (owner
 *    WF_FRAME_OWNED_BY_GENERATOR); it joins the thread's chain only while the
 *    generator runs. A frame object that outlives its frame keeps a heap copy
 *    (owner WF_FRAME_OWNED_BY_FRAME_OBJECT) whose slots are all counted.
 *  - The exactness rule: whenever the thread can run Python code, allocate,
 *    block or reach a safe point, every frame on its chain has stackpointer
 *    spilled and every live value is in a slot below it. In WF_DEBUG builds the
 *    executing frame's stackpointer is NULL while the eval loop holds the top
 *    in a register, and stackref/roots.c asserts it is set when walking.
 *  - f_executable (the code) and f_funcobj are StackRefs: calling a shared,
 *    deferred function writes nothing to it or to its code.
 */
#ifndef WF_FRAME_H
#define WF_FRAME_H

#include "runtime/objects/objects.h"
#include "specialize/specialize.h"
#include "stackref/stackref.h"
#include "threads/tstate.h"

/* WfFrame.owner */
enum {
    WF_FRAME_OWNED_BY_THREAD = 0,
    WF_FRAME_OWNED_BY_GENERATOR = 1,
    WF_FRAME_OWNED_BY_FRAME_OBJECT = 2,
};

struct WfFrame {
    WfStackRef f_executable;     /* the code object */
    WfCodeUnit *bytecode;        /* the bytecode copy this frame executes (specialize/) */
    struct WfFrame *previous;    /* caller, or NULL */
    WfStackRef f_funcobj;        /* the function (owns globals/builtins/closure) */
    WfObject *f_globals;         /* borrowed from the function */
    WfObject *f_builtins;        /* borrowed from the function */
    WfObject *f_locals;          /* strong mapping, or NULL for optimized frames */
    WfObject *frame_obj;         /* strong: the Python-visible frame object, made lazily */
    WfCodeUnit *instr_ptr;       /* instruction executing now (or where suspended) */
    WfStackRef *stackpointer;    /* spilled top of the value stack (see invariants) */
    uint16_t return_offset;      /* caller resumes at instr_ptr + return_offset after an inlined call */
    uint8_t owner;               /* WF_FRAME_OWNED_BY_* */
    uint8_t is_entry;            /* the C eval loop returns when this frame returns */
    WfStackRef localsplus[];
};

static inline WfCodeObject *wf_frame_code(const WfFrame *f) {
    return (WfCodeObject *)wf_stackref_borrow_obj(f->f_executable);
}
static inline WfObject *wf_frame_func(const WfFrame *f) {
    return wf_stackref_borrow_obj(f->f_funcobj);
}
static inline WfStackRef *wf_frame_stack_base(WfFrame *f) {
    return f->localsplus + wf_frame_code(f)->co_nlocalsplus;
}
/* Offset (in code units) of the current instruction. Relaxed atomics: a
 * frame object may read a generator's frame while another thread runs it
 * (the offset may then be garbage; the location tables bound-check it). */
static inline int wf_frame_lasti(const WfFrame *f) {
    return (int)(__atomic_load_n(&f->instr_ptr, __ATOMIC_RELAXED) -
                 __atomic_load_n(&f->bytecode, __ATOMIC_RELAXED));
}
/* Bytes a frame of code needs (header, localsplus and value stack). */
static inline size_t wf_frame_size_for(const WfCodeObject *co) {
    return sizeof(WfFrame) + (size_t)(co->co_nlocalsplus + co->co_stacksize) * sizeof(WfStackRef);
}

/* ---- the data stack (frame.c) ------------------------------------------ */

typedef struct WfDataStackChunk {
    struct WfDataStackChunk *previous;
    struct WfDataStackChunk *spare;   /* a freed newer chunk kept for reuse (calls crossing a chunk edge) */
    char *saved_top;                  /* top of this chunk while a newer one is in use */
    size_t size;                      /* bytes, header included */
    _Alignas(16) char data[];
} WfDataStackChunk;

/* Slow paths of the inline functions below (frame.c). */
WfFrame *wf_frame_alloc_in_new_chunk(WfThreadState *ts, size_t size);
void wf_frame_release_chunk(WfThreadState *ts, WfFrame *f);

/* Allocates and initialises a thread frame for func (locals NULL for
 * optimized code): every slot NULL, instr_ptr at the first instruction,
 * stackpointer at the empty value stack. Not yet linked into the thread's
 * chain. NULL with MemoryError. The frame takes a new StackRef to func.
 * Inline: it is half of every Python call. */
static inline WfFrame *wf_frame_push_uninit(WfThreadState *ts, WfFunctionObject *func,
                                            WfObject *locals);
static inline WfFrame *wf_frame_push(WfThreadState *ts, WfFunctionObject *func, WfObject *locals) {
    WfFrame *f = wf_frame_push_uninit(ts, func, locals);
    if (f == NULL)
        return NULL;
    WfStackRef *p = f->localsplus, *end = f->stackpointer;
    while (p < end)
        (p++)->bits = 0;
    return f;
}

/* wf_frame_push without clearing localsplus: the caller fills every slot
 * (the inlined CALL moves the arguments in and clears the rest). */
static inline WfFrame *wf_frame_push_uninit(WfThreadState *ts, WfFunctionObject *func,
                                            WfObject *locals) {
    WfCodeObject *co = wf_function_code(func);
    size_t size = wf_frame_size_for(co);
    char *top = ts->datastack_top;
    WfFrame *f;
    if (WF_LIKELY(top != NULL && (size_t)(ts->datastack_limit - top) >= size)) {
        ts->datastack_top = top + size;
        f = (WfFrame *)top;
    } else {
        f = wf_frame_alloc_in_new_chunk(ts, size);
        if (f == NULL)
            return NULL;
    }
    f->f_executable = wf_stackref_new((WfObject *)co);
    f->f_funcobj = wf_stackref_new((WfObject *)func);
    f->bytecode = wf_tlbc_code_for_thread(co);
    f->previous = NULL;
    f->f_globals = func->func_globals;
    f->f_builtins = func->func_builtins;
    f->f_locals = locals;
    if (locals)
        wf_incref(locals);
    f->frame_obj = NULL;
    f->instr_ptr = f->bytecode;
    f->return_offset = 0;
    f->owner = WF_FRAME_OWNED_BY_THREAD;
    f->is_entry = 0;
    f->stackpointer = f->localsplus + co->co_nlocalsplus;
    return f;
}

/* Closes every slot and releases the header's references (any owner). */
void wf_frame_clear(WfFrame *f);

/* Closes every slot, releases code/function/locals, hands the contents to
 * the frame object if one exists, and releases the memory (thread frames).
 * Inline fast path for the common frame: no frame object, no locals dict. */
static inline void wf_frame_clear_and_pop(WfThreadState *ts, WfFrame *f) {
    wf_assert(f->owner == WF_FRAME_OWNED_BY_THREAD && f->stackpointer != NULL);
    /* Relaxed: only this thread makes a thread frame's frame object. */
    if (WF_LIKELY(__atomic_load_n(&f->frame_obj, __ATOMIC_RELAXED) == NULL &&
                  f->f_locals == NULL)) {
        for (WfStackRef *p = f->localsplus; p < f->stackpointer; p++) {
            WfStackRef r = *p;
            *p = WF_STACKREF_NULL;
            wf_stackref_xclose(r);
        }
        f->stackpointer = f->localsplus;
        wf_stackref_close(f->f_funcobj);
        wf_stackref_close(f->f_executable);
        f->f_funcobj = f->f_executable = WF_STACKREF_NULL;
    } else {
        wf_frame_clear(f);
    }
    WfDataStackChunk *c = ts->datastack_chunk;
    if (WF_LIKELY((char *)f != c->data))
        ts->datastack_top = (char *)f;
    else
        wf_frame_release_chunk(ts, f);
}
/* Frees the thread's data-stack chunks (thread exit; no frames may remain). */
void wf_frame_datastack_free(WfThreadState *ts);

/* Current line of a frame (-1 unknown). */
int wf_frame_get_lineno(WfFrame *f);
/* The frame's locals as a mapping: f_locals itself when set, else a new
 * dict snapshot of the fast locals and cells. New reference. */
WfObject *wf_frame_get_locals(WfFrame *f);
/* Zero-argument super(): the __class__ cell's contents and the first
 * argument of the frame, as stack references the caller closes (uncounted
 * where no count is needed), or -1 with RuntimeError. */
int wf_frame_super_args(WfFrame *f, WfStackRef *type, WfStackRef *obj);

/* ---- frame objects (frameobject.c) ------------------------------------- */

typedef struct WfFrameObject {
    WF_OBJECT_HEAD;
    WfFrame *f_frame;           /* the live frame, or f_owned once it exited */
    WfObject *f_back;           /* set when the frame exits (strong), else computed */
    WfFrame *f_owned;           /* heap copy made when the frame exited (wf_mem_malloc) */
    int f_lineno;               /* line at exit, or 0 while live */
} WfFrameObject;

/* The frame object of f, created on first use (borrowed; NULL on MemoryError). */
WfObject *wf_frame_get_frame_object(WfFrame *f);
/* Called when f (thread or generator frame) is about to be cleared: the
 * frame object, if any, takes a counted copy of the frame's locals. */
void wf_frame_object_take_ownership(WfFrame *f);
/* The same, and f lets go of its frame object: returns f's reference to it
 * (NULL if none), which the caller drops. */
WfObject *wf_frame_detach_frame_object(WfFrame *f);

/* ---- tracebacks (traceback.c) ------------------------------------------ */

typedef struct WfTracebackObject {
    WF_OBJECT_HEAD;
    WfObject *tb_next;          /* traceback or NULL; the one mutable field (traceback.c) */
    WfObject *tb_frame;         /* frame object */
    int tb_lasti;               /* byte offset of the instruction (code units * 2), as CPython's */
    int tb_lineno;
} WfTracebackObject;

/* Prepends an entry for frame f to the traceback of the current exception
 * (tstate->current_exception). 0 or -1 (MemoryError replaces nothing). */
int wf_traceback_add(WfFrame *f);
WfObject *wf_traceback_new(WfObject *next, WfObject *frame_obj, int lasti, int lineno);
/* tb_next, which `tb.tb_next = t` may replace in another thread (the old
 * link is retired after a grace period): a walk of the chain loads each
 * link once and reaches no safe point before it is done with the link. */
static inline WfTracebackObject *wf_traceback_next(const WfTracebackObject *tb) {
    return (WfTracebackObject *)__atomic_load_n(&tb->tb_next, __ATOMIC_ACQUIRE);
}

/* ---- generators (generator.c) ------------------------------------------ */

/* WfGenObject.gi_frame_state */
enum {
    WF_GEN_CREATED = 0,     /* made by RETURN_GENERATOR, never resumed */
    WF_GEN_SUSPENDED = 1,   /* stopped at a YIELD_VALUE */
    WF_GEN_RUNNING = 2,
    WF_GEN_COMPLETED = 3,   /* returned or raised; frame cleared */
};

typedef struct WfGenObject {
    WF_OBJECT_VAR_HEAD;         /* ob_size: slots in gi_frame.localsplus */
    WfObject *gi_code;          /* the code object */
    WfObject *gi_name;          /* str */
    WfObject *gi_qualname;      /* str */
    WfErrStackItem gi_exc_state;/* exception handled inside the generator */
    int8_t gi_frame_state;
    WfFrame gi_frame;           /* must be last: localsplus follows */
} WfGenObject;

/* gi_frame_state is read by threads that do not run the generator (close(),
 * gi_running, a racing next()), so every access is atomic. The store at a
 * yield or a return is a release: a thread that then claims the generator
 * (acquire CAS) sees the frame as the runner left it. */
static inline int8_t wf_gen_load_state(WfGenObject *gen) {
    return __atomic_load_n(&gen->gi_frame_state, __ATOMIC_ACQUIRE);
}
static inline void wf_gen_store_state(WfGenObject *gen, int8_t state) {
    __atomic_store_n(&gen->gi_frame_state, state, __ATOMIC_RELEASE);
}

/* Clears the frame of a generator whose state is now COMPLETED. Another
 * thread's gi_frame may be making the frame object at that moment: both
 * run in the generator's critical section, so gi_frame either sees
 * COMPLETED or made its frame object before it is detached here. */
void wf_gen_clear_frame(WfGenObject *gen);

/* RETURN_GENERATOR: a generator owning a copy of frame f (whose ownership
 * of slots moves to the generator). New reference or NULL. */
WfObject *wf_gen_new_from_frame(WfThreadState *ts, WfFrame *f);
/* send(value) core: 0 yielded / 1 returned (*result new ref; for a return
 * *result is the return value), -1 error. exc: throw the pending exception in. */
int wf_gen_send_ex(WfGenObject *gen, WfObject *arg, int exc, WfObject **result);
/* Used by SEND: the "yield from" delegate of a suspended generator, or NULL. */
WfObject *wf_gen_get_yieldfrom(WfGenObject *gen);
#define wf_gen_check(o) (WF_TYPE(o) == &wf_generator_type)

/* ---- functions (function.c) --------------------------------------------- */

/* Like wf_function_new but never deferred: for short-lived functions made by
 * exec()/wf_eval_code and types.FunctionType, which must die with their count. */
WfObject *wf_function_new_transient(WfObject *code, WfObject *globals);

/* ---- the eval loop (eval.c) -------------------------------------------- */

/* Runs frame f (already initialised, not linked) to completion in a new C
 * activation of the eval loop; throwflag: the pending exception is raised at
 * f's current instruction. Returns a new reference or NULL. */
WfObject *wf_eval_frame(WfThreadState *ts, WfFrame *f, int throwflag);
/* Binds arguments into a fresh frame's localsplus (stealing every args[i]
 * and the keyword values after them, whatever happens). 0 or -1 (TypeError). */
int wf_frame_bind_args(WfThreadState *ts, WfFrame *f, WfFunctionObject *func, WfStackRef *args,
                       wf_ssize_t nargs, WfObject *kwnames);

#endif /* WF_FRAME_H */
