/* exceptions.c — the built-in exception hierarchy, as static types.
 *
 * Invariants:
 *  - Every instance starts with WfBaseExceptionObject; `args` is never NULL
 *    once the instance is constructed (an empty tuple at least).
 *  - Types with extra fields (StopIteration.value, OSError.errno, ...) extend
 *    the layout; simple types set nothing but name, base and doc and inherit
 *    everything else in wf_type_ready.
 *  - __notes__ lives in the `notes` field (exposed as a member raising
 *    AttributeError while unset), not in the instance __dict__.
 *  - str()/repr() follow CPython 3.11 exactly (KeyError's str is the repr of
 *    its key, OSError's "[Errno N] msg: 'file'", SyntaxError's
 *    "msg (file, line N)", the Unicode*Error codec messages).
 */
#include <errno.h>
#include <string.h>

#include "runtime/objects/dict_internal.h"
#include "runtime/objects/lockfree.h"
#include "runtime/objects/type_internal.h"
#include "threads/critical_section.h"

typedef WfBaseExceptionObject BaseExc;
#define EXC(o) ((BaseExc *)(o))
#define VISIT(o)                                          \
    do {                                                  \
        if (o) {                                          \
            int vret_ = visit((WfObject *)(o), arg);      \
            if (vret_)                                    \
                return vret_;                             \
        }                                                 \
    } while (0)

typedef struct { BaseExc base; WfObject *value; } StopIterationObject;
typedef struct { BaseExc base; WfObject *code; } SystemExitObject;
typedef struct { BaseExc base; WfObject *msg, *name, *path; } ImportErrorObject;
typedef struct { BaseExc base; WfObject *myerrno, *strerror, *filename, *filename2; } OSErrorObject;
typedef struct {
    BaseExc base;
    WfObject *msg, *filename, *lineno, *offset, *text, *end_lineno, *end_offset,
        *print_file_and_line;
} SyntaxErrorObject;
typedef struct {
    BaseExc base;
    WfObject *encoding, *object, *reason;
    wf_ssize_t start, end;
} UnicodeErrorObject;
typedef struct { BaseExc base; WfObject *name; } NameErrorObject;
typedef struct { BaseExc base; WfObject *name, *obj; } AttributeErrorObject;
typedef struct { BaseExc base; WfObject *msg, *excs, *excs_str; } ExceptionGroupObject;

WfObject *wf_memory_error_instance;

/* ======================================================================
 * BaseException
 * ====================================================================== */

static void base_clear_fields(BaseExc *self) {
    WF_CLEAR(self->dict);
    WF_CLEAR(self->args);
    WF_CLEAR(self->notes);
    WF_CLEAR(self->traceback);
    WF_CLEAR(self->context);
    WF_CLEAR(self->cause);
}

static int base_clear(WfObject *self) {
    base_clear_fields(EXC(self));
    return 0;
}

static void base_dealloc(WfObject *self) {
    base_clear_fields(EXC(self));
    wf_object_free(self);
}

static int base_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    BaseExc *e = EXC(self);
    VISIT(e->dict);
    VISIT(e->args);
    VISIT(e->notes);
    VISIT(e->traceback);
    VISIT(e->context);
    VISIT(e->cause);
    return 0;
}

static WfObject *base_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    BaseExc *self = (BaseExc *)wf_type_generic_alloc(type, 0);
    if (!self)
        return NULL;
    self->args = wf_newref(args ? args : wf_tuple_empty);
    return (WfObject *)self;
}

/* args may be replaced (`e.args = ...`, __init__ again) while other threads
 * format the exception: the new tuple is stored with release and the old
 * one dropped after a grace period, so a reader that loaded it holds a live
 * tuple until its next safe point; readers that run Python code (str, repr)
 * take their own reference first (args_ref). */
static void replace_args(WfObject *self, WfObject *args) {
    wf_field_exchange(&EXC(self)->args, args);
}

static WfObject *args_ref(WfObject *self) {
    WfObject *args = __atomic_load_n(&EXC(self)->args, __ATOMIC_ACQUIRE);
    return wf_newref(args ? args : wf_tuple_empty);
}

static int set_args(WfObject *self, WfObject *args) {
    replace_args(self, wf_newref(args));
    return 0;
}

static int base_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords(WF_TYPE(self)->tp_name, kwds) < 0)
        return -1;
    return set_args(self, args);
}

static WfObject *base_str(WfObject *self) {
    WfObject *args = args_ref(self), *r;
    switch (WF_TUPLE_SIZE(args)) {
    case 0:
        r = wf_newref(wf_str_empty);
        break;
    case 1:
        r = wf_object_str(WF_TUPLE_ITEM(args, 0));
        break;
    default:
        r = wf_object_str(args);
        break;
    }
    wf_decref(args);
    return r;
}

static WfObject *base_repr(WfObject *self) {
    const char *name = WF_TYPE_NAME(self);
    WfObject *args = args_ref(self), *r;
    if (WF_TUPLE_SIZE(args) == 1)
        r = wf_str_from_format("%s(%R)", name, WF_TUPLE_ITEM(args, 0));
    else if (WF_TUPLE_SIZE(args) == 0)
        r = wf_str_from_format("%s()", name);
    else
        r = wf_str_from_format("%s%R", name, args);
    wf_decref(args);
    return r;
}

static WfObject *base_with_traceback(WfObject *self, WfObject *tb) {
    if (tb != WF_NONE && WF_TYPE(tb) != &wf_traceback_type) {
        wf_err_set_string(wf_exc_TypeError, "__traceback__ must be a traceback or None");
        return NULL;
    }
    wf_exception_set_traceback(self, tb == WF_NONE ? NULL : tb);
    return wf_newref(self);
}

/* __notes__ (a new reference), made an empty list when unset. notes is a
 * shared field (the __notes__ member goes through wf_field_get_ref /
 * wf_field_set): the empty list is stored in the exception's critical
 * section, where every store to the field happens, so threads adding notes
 * to one exception at once all append to the same list. */
static WfObject *notes_get_or_create(WfObject *self) {
    WfObject *notes = wf_field_get_ref(self, &EXC(self)->notes);
    if (notes != NULL)
        return notes;
    WfObject *fresh = wf_list_new(0);
    if (fresh == NULL)
        return NULL;
    WF_BEGIN_CRITICAL_SECTION(self);
    notes = EXC(self)->notes;
    if (notes == NULL) {
        wf_object_publish_into(self, fresh);
        __atomic_store_n(&EXC(self)->notes, fresh, __ATOMIC_RELEASE);
        notes = fresh;
        fresh = NULL;
    }
    wf_incref(notes);   /* alive: the field holds it, and stores wait for the section */
    WF_END_CRITICAL_SECTION();
    wf_xdecref(fresh);
    return notes;
}

static WfObject *base_add_note(WfObject *self, WfObject *note) {
    if (!wf_str_check(note)) {
        wf_err_format(wf_exc_TypeError, "note must be a str, not '%s'", WF_TYPE_NAME(note));
        return NULL;
    }
    WfObject *notes = notes_get_or_create(self);
    if (notes == NULL)
        return NULL;
    if (!wf_list_check(notes)) {
        wf_decref(notes);
        wf_err_set_string(wf_exc_TypeError, "Cannot add note: __notes__ is not a list");
        return NULL;
    }
    int r = wf_list_append(notes, note);
    wf_decref(notes);
    if (r < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *base_reduce(WfObject *self, WfObject *unused) {
    /* __dict__ is replaced by wf_field_exchange (e.__dict__ = d): one load. */
    WfObject *dict = wf_xnewref(__atomic_load_n(&EXC(self)->dict, __ATOMIC_ACQUIRE));
    WfObject *args = args_ref(self), *r;
    if (dict && wf_dict_size(dict) > 0)
        r = wf_tuple_pack(3, (WfObject *)WF_TYPE(self), args, dict);
    else
        r = wf_tuple_pack(2, (WfObject *)WF_TYPE(self), args);
    wf_decref(args);
    wf_xdecref(dict);
    return r;
}

/* Each item of a dict state set as an attribute (pickle's other half of
 * __reduce__); entries are read with references, since setattr runs code
 * that may change the dict. */
static WfObject *base_setstate(WfObject *self, WfObject *state) {
    if (state == WF_NONE)
        WF_RETURN_NONE;
    if (!wf_dict_check(state)) {
        wf_err_set_string(wf_exc_TypeError, "state is not a dictionary");
        return NULL;
    }
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    while (wf_dict_next_ref(state, &pos, &key, &value, NULL)) {
        int r = wf_object_setattr(self, key, value);
        wf_decref(key);
        wf_decref(value);
        if (r < 0)
            return NULL;
    }
    WF_RETURN_NONE;
}

static WfMethodDef base_methods[] = {
    {"with_traceback", (void *)base_with_traceback, WF_METH_O,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {"add_note", (void *)base_add_note, WF_METH_O,
     "Exception.add_note(note) --\n    add a note to the exception"},
    {"__reduce__", (void *)base_reduce, WF_METH_NOARGS, NULL},
    {"__setstate__", (void *)base_setstate, WF_METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static WfObject *get_args(WfObject *self, void *c) { return args_ref(self); }
static int setter_args(WfObject *self, WfObject *value, void *c) {
    if (!value) {
        wf_err_set_string(wf_exc_TypeError, "args may not be deleted");
        return -1;
    }
    WfObject *t = wf_sequence_tuple(value);
    if (!t)
        return -1;
    replace_args(self, t);
    return 0;
}
static WfObject *get_tb(WfObject *self, void *c) {
    WfObject *tb = wf_exception_get_traceback_ref(self);
    return tb ? tb : wf_newref(WF_NONE);
}
static int set_tb(WfObject *self, WfObject *value, void *c) {
    if (!value) {
        wf_err_set_string(wf_exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (value != WF_NONE && WF_TYPE(value) != &wf_traceback_type) {
        wf_err_set_string(wf_exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    wf_exception_set_traceback(self, value == WF_NONE ? NULL : value);
    return 0;
}
static WfObject *get_context(WfObject *self, void *c) {
    WfObject *v = wf_field_get_ref(self, &EXC(self)->context);
    return v ? v : wf_newref(WF_NONE);
}
static int set_context(WfObject *self, WfObject *value, void *c) {
    if (!value) {
        wf_err_set_string(wf_exc_TypeError, "__context__ may not be deleted");
        return -1;
    }
    if (value == WF_NONE)
        value = NULL;
    else if (!wf_exception_instance_check(value)) {
        wf_err_set_string(wf_exc_TypeError,
                          "exception context must be None or derive from BaseException");
        return -1;
    }
    wf_exception_set_context(self, wf_xnewref(value));
    return 0;
}
static WfObject *get_cause(WfObject *self, void *c) {
    WfObject *v = wf_field_get_ref(self, &EXC(self)->cause);
    return v ? v : wf_newref(WF_NONE);
}
static int set_cause(WfObject *self, WfObject *value, void *c) {
    if (!value) {
        wf_err_set_string(wf_exc_TypeError, "__cause__ may not be deleted");
        return -1;
    }
    if (value == WF_NONE)
        value = NULL;
    else if (!wf_exception_instance_check(value)) {
        wf_err_set_string(wf_exc_TypeError,
                          "exception cause must be None or derive from BaseException");
        return -1;
    }
    wf_exception_set_cause(self, wf_xnewref(value));
    return 0;
}

static WfGetSetDef base_getset[] = {
    {"__dict__", wf_subtype_dict_get, wf_subtype_dict_set, NULL, NULL},
    {"args", get_args, setter_args, NULL, NULL},
    {"__traceback__", get_tb, set_tb, NULL, NULL},
    {"__context__", get_context, set_context, "exception context", NULL},
    {"__cause__", get_cause, set_cause, "exception cause", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfMemberDef base_members[] = {
    {"__suppress_context__", WF_T_BOOL, offsetof(BaseExc, suppress_context), 0, NULL},
    {"__notes__", WF_T_OBJECT_EX, offsetof(BaseExc, notes), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

#define EXC_FLAGS (WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC | WF_TPFLAGS_BASE_EXC_SUBCLASS)

static WfTypeObject exc_BaseException_type = {
    .tp_name = "BaseException",
    .tp_basicsize = sizeof(BaseExc),
    .tp_flags = EXC_FLAGS,
    .tp_doc = "Common base class for all exceptions",
    .tp_dealloc = base_dealloc,
    .tp_repr = base_repr,
    .tp_str = base_str,
    .tp_getattro = wf_object_generic_getattr,
    .tp_setattro = wf_object_generic_setattr,
    .tp_traverse = base_traverse,
    .tp_clear = base_clear,
    .tp_init = base_init,
    .tp_new = base_new,
    .tp_methods = base_methods,
    .tp_members = base_members,
    .tp_getset = base_getset,
    .tp_dictoffset = offsetof(BaseExc, dict),
};
WfObject *wf_exc_BaseException = (WfObject *)&exc_BaseException_type;

/* A type with the layout and behaviour of its base; extra designated
 * initializers may follow. */
#define EXC_TYPE(NAME, BASE, DOC, ...)                                        \
    static WfTypeObject exc_##NAME##_type = {                                 \
        .tp_name = #NAME, .tp_flags = EXC_FLAGS, .tp_doc = DOC,               \
        .tp_base = &exc_##BASE##_type, __VA_ARGS__};                          \
    WfObject *wf_exc_##NAME = (WfObject *)&exc_##NAME##_type;

EXC_TYPE(Exception, BaseException, "Common base class for all non-exit exceptions.")
EXC_TYPE(GeneratorExit, BaseException, "Request that a generator exit.")
EXC_TYPE(KeyboardInterrupt, BaseException, "Program interrupted by user.")
EXC_TYPE(ArithmeticError, Exception, "Base class for arithmetic errors.")
EXC_TYPE(AssertionError, Exception, "Assertion failed.")
EXC_TYPE(BufferError, Exception, "Buffer error.")
EXC_TYPE(EOFError, Exception, "Read beyond end of file.")
EXC_TYPE(LookupError, Exception, "Base class for lookup errors.")
EXC_TYPE(MemoryError, Exception, "Out of memory.")
EXC_TYPE(ReferenceError, Exception, "Weak ref proxy used after referent went away.")
EXC_TYPE(RuntimeError, Exception, "Unspecified run-time error.")
EXC_TYPE(StopAsyncIteration, Exception, "Signal the end from iterator.__anext__().")
EXC_TYPE(SystemError, Exception,
         "Internal error in the Python interpreter.\n\nPlease report this to the Python "
         "maintainer, along with the traceback,\nthe Python version, and the hardware/OS "
         "platform and version.")
EXC_TYPE(TypeError, Exception, "Inappropriate argument type.")
EXC_TYPE(ValueError, Exception, "Inappropriate argument value (of correct type).")
EXC_TYPE(Warning, Exception, "Base class for warning categories.")
EXC_TYPE(FloatingPointError, ArithmeticError, "Floating point operation failed.")
EXC_TYPE(OverflowError, ArithmeticError, "Result too large to be represented.")
EXC_TYPE(ZeroDivisionError, ArithmeticError,
         "Second argument to a division or modulo operation was zero.")
EXC_TYPE(BytesWarning, Warning,
         "Base class for warnings about bytes and buffer related problems, mostly\nrelated "
         "to conversion from str or comparing to str.")
EXC_TYPE(DeprecationWarning, Warning, "Base class for warnings about deprecated features.")
EXC_TYPE(EncodingWarning, Warning, "Base class for warnings about encodings.")
EXC_TYPE(FutureWarning, Warning,
         "Base class for warnings about constructs that will change semantically\nin the "
         "future.")
EXC_TYPE(ImportWarning, Warning,
         "Base class for warnings about probable mistakes in module imports")
EXC_TYPE(PendingDeprecationWarning, Warning,
         "Base class for warnings about features which will be deprecated\nin the future.")
EXC_TYPE(ResourceWarning, Warning, "Base class for warnings about resource usage.")
EXC_TYPE(RuntimeWarning, Warning, "Base class for warnings about dubious runtime behavior.")
EXC_TYPE(SyntaxWarning, Warning, "Base class for warnings about dubious syntax.")
EXC_TYPE(UnicodeWarning, Warning,
         "Base class for warnings about Unicode related problems, mostly\nrelated to "
         "conversion problems.")
EXC_TYPE(UserWarning, Warning, "Base class for warnings generated by user code.")
EXC_TYPE(IndexError, LookupError, "Sequence index out of range.")
EXC_TYPE(NotImplementedError, RuntimeError, "Method or function hasn't been implemented yet.")
EXC_TYPE(RecursionError, RuntimeError, "Recursion limit exceeded.")
EXC_TYPE(UnicodeError, ValueError, "Unicode related error.")

/* ======================================================================
 * KeyError: str() of a single argument is its repr.
 * ====================================================================== */

static WfObject *keyerror_str(WfObject *self) {
    WfObject *args = args_ref(self), *r;
    r = WF_TUPLE_SIZE(args) == 1 ? wf_object_repr(WF_TUPLE_ITEM(args, 0)) : base_str(self);
    wf_decref(args);
    return r;
}
EXC_TYPE(KeyError, LookupError, "Mapping key not found.", .tp_str = keyerror_str)

/* ======================================================================
 * Keyword-only attributes (NameError.name, AttributeError.name/obj,
 * ImportError.name/path): parse kwds into fields in order.
 * ====================================================================== */

static int parse_exc_kwargs(WfObject *self, WfObject *kwds, const char *const *names,
                            WfObject **fields[]) {
    if (!kwds)
        return 0;
    wf_ssize_t pos = 0;
    WfObject *key, *value;
    while (wf_dict_next(kwds, &pos, &key, &value)) {
        int found = 0;
        for (int i = 0; names[i]; i++) {
            if (wf_str_check(key) && wf_str_equal_cstr(key, names[i])) {
                wf_field_set(self, fields[i], wf_newref(value));
                found = 1;
                break;
            }
        }
        if (!found) {
            wf_err_format(wf_exc_TypeError, "%R is an invalid keyword argument for %s()", key,
                          WF_TYPE(self)->tp_name);
            return -1;
        }
    }
    return 0;
}

/* ---- StopIteration ---- */

static int stopiter_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (base_init(self, args, kwds) < 0)
        return -1;
    StopIterationObject *s = (StopIterationObject *)self;
    wf_field_set(self, &s->value,
                 wf_newref(WF_TUPLE_SIZE(args) > 0 ? WF_TUPLE_ITEM(args, 0) : WF_NONE));
    return 0;
}
static void stopiter_dealloc(WfObject *self) {
    WF_CLEAR(((StopIterationObject *)self)->value);
    base_dealloc(self);
}
static int stopiter_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    VISIT(((StopIterationObject *)self)->value);
    return base_traverse(self, visit, arg);
}
static WfMemberDef stopiter_members[] = {
    {"value", WF_T_OBJECT, offsetof(StopIterationObject, value), 0,
     "generator return value"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(StopIteration, Exception, "Signal the end from iterator.__next__().",
         .tp_basicsize = sizeof(StopIterationObject), .tp_init = stopiter_init,
         .tp_dealloc = stopiter_dealloc, .tp_traverse = stopiter_traverse,
         .tp_members = stopiter_members)

WfObject *wf_stop_iteration_value(WfObject *exc) {
    if (!exc || !wf_type_is_subtype(WF_TYPE(exc), &exc_StopIteration_type))
        return NULL;
    WfObject *v = wf_field_get_ref(exc, &((StopIterationObject *)exc)->value);
    return v ? v : WF_NONE;
}

/* ---- SystemExit ---- */

static int sysexit_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (base_init(self, args, kwds) < 0)
        return -1;
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    WfObject *code = n == 0 ? WF_NONE : n == 1 ? WF_TUPLE_ITEM(args, 0) : args;
    wf_field_set(self, &((SystemExitObject *)self)->code, wf_newref(code));
    return 0;
}
static void sysexit_dealloc(WfObject *self) {
    WF_CLEAR(((SystemExitObject *)self)->code);
    base_dealloc(self);
}
static int sysexit_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    VISIT(((SystemExitObject *)self)->code);
    return base_traverse(self, visit, arg);
}
static WfMemberDef sysexit_members[] = {
    {"code", WF_T_OBJECT, offsetof(SystemExitObject, code), 0, "exception code"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(SystemExit, BaseException, "Request to exit from the interpreter.",
         .tp_basicsize = sizeof(SystemExitObject), .tp_init = sysexit_init,
         .tp_dealloc = sysexit_dealloc, .tp_traverse = sysexit_traverse,
         .tp_members = sysexit_members)

/* ---- ImportError ---- */

static int importerror_init(WfObject *self, WfObject *args, WfObject *kwds) {
    ImportErrorObject *e = (ImportErrorObject *)self;
    static const char *const names[] = {"name", "path", NULL};
    WfObject **fields[] = {&e->name, &e->path};
    if (parse_exc_kwargs(self, kwds, names, fields) < 0)
        return -1;
    if (set_args(self, args) < 0)
        return -1;
    wf_field_set(self, &e->msg, WF_TUPLE_SIZE(args) == 1 ? wf_newref(WF_TUPLE_ITEM(args, 0)) : NULL);
    return 0;
}
static void importerror_dealloc(WfObject *self) {
    ImportErrorObject *e = (ImportErrorObject *)self;
    WF_CLEAR(e->msg);
    WF_CLEAR(e->name);
    WF_CLEAR(e->path);
    base_dealloc(self);
}
static int importerror_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    ImportErrorObject *e = (ImportErrorObject *)self;
    VISIT(e->msg);
    VISIT(e->name);
    VISIT(e->path);
    return base_traverse(self, visit, arg);
}
static WfObject *importerror_str(WfObject *self) {
    WfObject *msg = wf_field_get_ref(self, &((ImportErrorObject *)self)->msg);
    if (msg && wf_str_check_exact(msg))
        return msg;
    wf_xdecref(msg);
    return base_str(self);
}
static WfMemberDef importerror_members[] = {
    {"msg", WF_T_OBJECT, offsetof(ImportErrorObject, msg), 0, "exception message"},
    {"name", WF_T_OBJECT, offsetof(ImportErrorObject, name), 0, "module name"},
    {"path", WF_T_OBJECT, offsetof(ImportErrorObject, path), 0, "module path"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(ImportError, Exception, "Import can't find module, or can't find name in module.",
         .tp_basicsize = sizeof(ImportErrorObject), .tp_init = importerror_init,
         .tp_dealloc = importerror_dealloc, .tp_traverse = importerror_traverse,
         .tp_str = importerror_str, .tp_members = importerror_members)
EXC_TYPE(ModuleNotFoundError, ImportError, "Module not found.")

/* ---- NameError / AttributeError ---- */

static int nameerror_init(WfObject *self, WfObject *args, WfObject *kwds) {
    NameErrorObject *e = (NameErrorObject *)self;
    static const char *const names[] = {"name", NULL};
    WfObject **fields[] = {&e->name};
    if (parse_exc_kwargs(self, kwds, names, fields) < 0)
        return -1;
    return set_args(self, args);
}
static void nameerror_dealloc(WfObject *self) {
    WF_CLEAR(((NameErrorObject *)self)->name);
    base_dealloc(self);
}
static int nameerror_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    VISIT(((NameErrorObject *)self)->name);
    return base_traverse(self, visit, arg);
}
static WfMemberDef nameerror_members[] = {
    {"name", WF_T_OBJECT, offsetof(NameErrorObject, name), 0, "name"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(NameError, Exception, "Name not found globally.",
         .tp_basicsize = sizeof(NameErrorObject), .tp_init = nameerror_init,
         .tp_dealloc = nameerror_dealloc, .tp_traverse = nameerror_traverse,
         .tp_members = nameerror_members)
EXC_TYPE(UnboundLocalError, NameError, "Local name referenced but not bound to a value.")

static int attrerror_init(WfObject *self, WfObject *args, WfObject *kwds) {
    AttributeErrorObject *e = (AttributeErrorObject *)self;
    static const char *const names[] = {"name", "obj", NULL};
    WfObject **fields[] = {&e->name, &e->obj};
    if (parse_exc_kwargs(self, kwds, names, fields) < 0)
        return -1;
    return set_args(self, args);
}
static void attrerror_dealloc(WfObject *self) {
    AttributeErrorObject *e = (AttributeErrorObject *)self;
    WF_CLEAR(e->name);
    WF_CLEAR(e->obj);
    base_dealloc(self);
}
static int attrerror_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    AttributeErrorObject *e = (AttributeErrorObject *)self;
    VISIT(e->name);
    VISIT(e->obj);
    return base_traverse(self, visit, arg);
}
static WfMemberDef attrerror_members[] = {
    {"name", WF_T_OBJECT, offsetof(AttributeErrorObject, name), 0, "attribute name"},
    {"obj", WF_T_OBJECT, offsetof(AttributeErrorObject, obj), 0, "object"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(AttributeError, Exception, "Attribute not found.",
         .tp_basicsize = sizeof(AttributeErrorObject), .tp_init = attrerror_init,
         .tp_dealloc = attrerror_dealloc, .tp_traverse = attrerror_traverse,
         .tp_members = attrerror_members)

void wf_attribute_error_set_context(WfObject *obj, WfObject *name) {
    WfThreadState *ts = wf_tstate_get();
    WfObject *exc = ts ? ts->current_exception : NULL;
    if (!exc || !wf_type_is_subtype(WF_TYPE(exc), &exc_AttributeError_type))
        return;
    AttributeErrorObject *e = (AttributeErrorObject *)exc;
    /* The exception may be a shared one a __getattr__ raised: its fields
     * are stored as any member is (wf_field_set), after a check in its
     * section; two threads racing here both store, and the last one wins. */
    bool empty;
    WF_BEGIN_CRITICAL_SECTION(exc);
    empty = e->name == NULL && e->obj == NULL;
    WF_END_CRITICAL_SECTION();
    if (empty) {
        wf_field_set(exc, &e->name, wf_newref(name));
        wf_field_set(exc, &e->obj, wf_newref(obj));
    }
}

/* ======================================================================
 * OSError: errno, strerror, filename, filename2; OSError(errno, ...) picks
 * the subclass for errno.
 * ====================================================================== */

static void oserror_dealloc(WfObject *self);
static int oserror_traverse(WfObject *self, wf_visitproc visit, void *arg);
static WfObject *oserror_new(WfTypeObject *type, WfObject *args, WfObject *kwds);
static int oserror_init(WfObject *self, WfObject *args, WfObject *kwds);
static WfObject *oserror_str(WfObject *self);
static WfMemberDef oserror_members[] = {
    {"errno", WF_T_OBJECT, offsetof(OSErrorObject, myerrno), 0, "POSIX exception code"},
    {"strerror", WF_T_OBJECT, offsetof(OSErrorObject, strerror), 0, "exception strerror"},
    {"filename", WF_T_OBJECT, offsetof(OSErrorObject, filename), 0, "exception filename"},
    {"filename2", WF_T_OBJECT, offsetof(OSErrorObject, filename2), 0,
     "second exception filename"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(OSError, Exception, "Base class for I/O related errors.",
         .tp_basicsize = sizeof(OSErrorObject), .tp_new = oserror_new, .tp_init = oserror_init,
         .tp_dealloc = oserror_dealloc, .tp_traverse = oserror_traverse, .tp_str = oserror_str,
         .tp_members = oserror_members)
EXC_TYPE(BlockingIOError, OSError, "I/O operation would block.")
EXC_TYPE(ChildProcessError, OSError, "Child process error.")
EXC_TYPE(ConnectionError, OSError, "Connection error.")
EXC_TYPE(FileExistsError, OSError, "File already exists.")
EXC_TYPE(FileNotFoundError, OSError, "File not found.")
EXC_TYPE(InterruptedError, OSError, "Interrupted by signal.")
EXC_TYPE(IsADirectoryError, OSError, "Operation doesn't work on directories.")
EXC_TYPE(NotADirectoryError, OSError, "Operation only works on directories.")
EXC_TYPE(PermissionError, OSError, "Not enough permissions.")
EXC_TYPE(ProcessLookupError, OSError, "Process not found.")
EXC_TYPE(TimeoutError, OSError, "Timeout expired.")
EXC_TYPE(BrokenPipeError, ConnectionError, "Broken pipe.")
EXC_TYPE(ConnectionAbortedError, ConnectionError, "Connection aborted.")
EXC_TYPE(ConnectionRefusedError, ConnectionError, "Connection refused.")
EXC_TYPE(ConnectionResetError, ConnectionError, "Connection reset.")

static WfTypeObject *errno_subclass(long err) {
    switch (err) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS:
        return &exc_BlockingIOError_type;
    case ECHILD: return &exc_ChildProcessError_type;
    case EPIPE:
    case ESHUTDOWN: return &exc_BrokenPipeError_type;
    case ECONNABORTED: return &exc_ConnectionAbortedError_type;
    case ECONNREFUSED: return &exc_ConnectionRefusedError_type;
    case ECONNRESET: return &exc_ConnectionResetError_type;
    case EEXIST: return &exc_FileExistsError_type;
    case ENOENT: return &exc_FileNotFoundError_type;
    case EISDIR: return &exc_IsADirectoryError_type;
    case ENOTDIR: return &exc_NotADirectoryError_type;
    case EINTR: return &exc_InterruptedError_type;
    case EACCES:
    case EPERM: return &exc_PermissionError_type;
    case ESRCH: return &exc_ProcessLookupError_type;
    case ETIMEDOUT: return &exc_TimeoutError_type;
    default: return NULL;
    }
}

/* Subclasses that override __init__ but not __new__ parse in __init__. */
static bool oserror_use_init(WfTypeObject *type) {
    return type->tp_init != oserror_init && type->tp_new == oserror_new;
}

static int oserror_parse(WfObject *self, WfObject *args) {
    OSErrorObject *e = (OSErrorObject *)self;
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    if (n < 2 || n > 5)
        return set_args(self, args);
    wf_field_set(self, &e->myerrno, wf_newref(WF_TUPLE_ITEM(args, 0)));
    wf_field_set(self, &e->strerror, wf_newref(WF_TUPLE_ITEM(args, 1)));
    if (n >= 3 && WF_TUPLE_ITEM(args, 2) != WF_NONE) {
        wf_field_set(self, &e->filename, wf_newref(WF_TUPLE_ITEM(args, 2)));
        if (n == 5 && WF_TUPLE_ITEM(args, 4) != WF_NONE)
            wf_field_set(self, &e->filename2, wf_newref(WF_TUPLE_ITEM(args, 4)));
        /* args keeps (errno, strerror) only, as CPython. */
        WfObject *t = wf_tuple_get_slice(args, 0, 2);
        if (!t)
            return -1;
        replace_args(self, t);
        return 0;
    }
    return set_args(self, args);
}

static WfObject *oserror_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    if (type == &exc_OSError_type && WF_TUPLE_SIZE(args) >= 2 &&
        wf_int_check(WF_TUPLE_ITEM(args, 0))) {
        int overflow = 0;
        long err = wf_int_as_long_and_overflow(WF_TUPLE_ITEM(args, 0), &overflow);
        WfTypeObject *sub = overflow ? NULL : errno_subclass(err);
        if (sub)
            type = sub;
    }
    if (!oserror_use_init(type) && wf_arg_no_keywords(type->tp_name, kwds) < 0)
        return NULL;
    WfObject *self = base_new(type, args, kwds);
    if (!self)
        return NULL;
    if (!oserror_use_init(type) && oserror_parse(self, args) < 0) {
        wf_decref(self);
        return NULL;
    }
    return self;
}

static int oserror_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (!oserror_use_init(WF_TYPE(self)))
        return 0;  /* already parsed by __new__ */
    if (wf_arg_no_keywords(WF_TYPE(self)->tp_name, kwds) < 0)
        return -1;
    return oserror_parse(self, args);
}

static WfObject *oserror_str(WfObject *self) {
    OSErrorObject *e = (OSErrorObject *)self;
    /* %S / %R run Python code, during which another thread may set a field
     * (e.filename = ...): hold each field first. */
    WfObject *err = wf_field_get_ref(self, &e->myerrno);
    WfObject *str = wf_field_get_ref(self, &e->strerror);
    WfObject *file = wf_field_get_ref(self, &e->filename);
    WfObject *file2 = wf_field_get_ref(self, &e->filename2);
    WfObject *shown_err = err ? err : WF_NONE, *shown_str = str ? str : WF_NONE;
    WfObject *res;
    if (file && file2)
        res = wf_str_from_format("[Errno %S] %S: %R -> %R", shown_err, shown_str, file, file2);
    else if (file)
        res = wf_str_from_format("[Errno %S] %S: %R", shown_err, shown_str, file);
    else if (err && str)
        res = wf_str_from_format("[Errno %S] %S", err, str);
    else
        res = base_str(self);
    wf_xdecref(err);
    wf_xdecref(str);
    wf_xdecref(file);
    wf_xdecref(file2);
    return res;
}

static void oserror_dealloc(WfObject *self) {
    OSErrorObject *e = (OSErrorObject *)self;
    WF_CLEAR(e->myerrno);
    WF_CLEAR(e->strerror);
    WF_CLEAR(e->filename);
    WF_CLEAR(e->filename2);
    base_dealloc(self);
}
static int oserror_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    OSErrorObject *e = (OSErrorObject *)self;
    VISIT(e->myerrno);
    VISIT(e->strerror);
    VISIT(e->filename);
    VISIT(e->filename2);
    return base_traverse(self, visit, arg);
}

/* ======================================================================
 * SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset]))
 * ====================================================================== */

static int syntax_init(WfObject *self, WfObject *args, WfObject *kwds) {
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    if (base_init(self, args, kwds) < 0)
        return -1;
    wf_ssize_t n = WF_TUPLE_SIZE(args);
    if (n >= 1)
        wf_field_set(self, &e->msg, wf_newref(WF_TUPLE_ITEM(args, 0)));
    if (n == 2) {
        WfObject *info = wf_sequence_tuple(WF_TUPLE_ITEM(args, 1));
        if (!info)
            return -1;
        wf_ssize_t k = WF_TUPLE_SIZE(info);
        if (k != 4 && k != 6) {
            wf_decref(info);
            wf_err_format(wf_exc_IndexError, "tuple index out of range");
            return -1;
        }
        WfObject **fields[] = {&e->filename, &e->lineno, &e->offset, &e->text,
                               &e->end_lineno, &e->end_offset};
        for (wf_ssize_t i = 0; i < k; i++)
            wf_field_set(self, fields[i], wf_newref(WF_TUPLE_ITEM(info, i)));
        wf_decref(info);
    }
    return 0;
}

static WfObject *syntax_str(WfObject *self) {
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    /* Hold the fields: %S runs Python code while another thread may set them. */
    WfObject *msg = wf_field_get_ref(self, &e->msg);
    WfObject *file = wf_field_get_ref(self, &e->filename);
    WfObject *line = wf_field_get_ref(self, &e->lineno);
    WfObject *shown = msg ? msg : WF_NONE, *res;
    const char *filename = NULL;
    if (file && wf_str_check(file)) {
        filename = wf_str_as_utf8(file);
        const char *slash = strrchr(filename, '/');
        if (slash)
            filename = slash + 1;
    }
    bool have_lineno = line && wf_int_check(line);
    long lineno = have_lineno ? wf_int_as_long(line) : 0;
    if (have_lineno && lineno == -1 && wf_err_occurred())
        res = NULL;
    else if (filename && have_lineno)
        res = wf_str_from_format("%S (%s, line %ld)", shown, filename, lineno);
    else if (filename)
        res = wf_str_from_format("%S (%s)", shown, filename);
    else if (have_lineno)
        res = wf_str_from_format("%S (line %ld)", shown, lineno);
    else
        res = wf_object_str(shown);
    wf_xdecref(msg);
    wf_xdecref(file);
    wf_xdecref(line);
    return res;
}

static void syntax_dealloc(WfObject *self) {
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    WF_CLEAR(e->msg);
    WF_CLEAR(e->filename);
    WF_CLEAR(e->lineno);
    WF_CLEAR(e->offset);
    WF_CLEAR(e->text);
    WF_CLEAR(e->end_lineno);
    WF_CLEAR(e->end_offset);
    WF_CLEAR(e->print_file_and_line);
    base_dealloc(self);
}
static int syntax_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    VISIT(e->msg);
    VISIT(e->filename);
    VISIT(e->lineno);
    VISIT(e->offset);
    VISIT(e->text);
    VISIT(e->end_lineno);
    VISIT(e->end_offset);
    VISIT(e->print_file_and_line);
    return base_traverse(self, visit, arg);
}
static WfMemberDef syntax_members[] = {
    {"msg", WF_T_OBJECT, offsetof(SyntaxErrorObject, msg), 0, "exception msg"},
    {"filename", WF_T_OBJECT, offsetof(SyntaxErrorObject, filename), 0, "exception filename"},
    {"lineno", WF_T_OBJECT, offsetof(SyntaxErrorObject, lineno), 0, "exception lineno"},
    {"offset", WF_T_OBJECT, offsetof(SyntaxErrorObject, offset), 0, "exception offset"},
    {"text", WF_T_OBJECT, offsetof(SyntaxErrorObject, text), 0, "exception text"},
    {"end_lineno", WF_T_OBJECT, offsetof(SyntaxErrorObject, end_lineno), 0,
     "exception end lineno"},
    {"end_offset", WF_T_OBJECT, offsetof(SyntaxErrorObject, end_offset), 0,
     "exception end offset"},
    {"print_file_and_line", WF_T_OBJECT, offsetof(SyntaxErrorObject, print_file_and_line), 0,
     "exception print_file_and_line"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(SyntaxError, Exception, "Invalid syntax.", .tp_basicsize = sizeof(SyntaxErrorObject),
         .tp_init = syntax_init, .tp_str = syntax_str, .tp_dealloc = syntax_dealloc,
         .tp_traverse = syntax_traverse, .tp_members = syntax_members)
EXC_TYPE(IndentationError, SyntaxError, "Improper indentation.")
EXC_TYPE(TabError, IndentationError, "Improper mixture of spaces and tabs.")

/* ======================================================================
 * UnicodeEncodeError / UnicodeDecodeError / UnicodeTranslateError
 * ====================================================================== */

static void unicode_dealloc(WfObject *self) {
    UnicodeErrorObject *e = (UnicodeErrorObject *)self;
    WF_CLEAR(e->encoding);
    WF_CLEAR(e->object);
    WF_CLEAR(e->reason);
    base_dealloc(self);
}
static int unicode_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    UnicodeErrorObject *e = (UnicodeErrorObject *)self;
    VISIT(e->encoding);
    VISIT(e->object);
    VISIT(e->reason);
    return base_traverse(self, visit, arg);
}

static int unicode_store(WfObject *self, WfObject *encoding, WfObject *object,
                         wf_ssize_t start, wf_ssize_t end, WfObject *reason) {
    UnicodeErrorObject *e = (UnicodeErrorObject *)self;
    wf_field_set(self, &e->encoding, wf_xnewref(encoding));
    wf_field_set(self, &e->object, wf_newref(object));
    wf_field_set(self, &e->reason, wf_newref(reason));
    __atomic_store_n(&e->start, start, __ATOMIC_RELAXED);
    __atomic_store_n(&e->end, end, __ATOMIC_RELAXED);
    return 0;
}

static int unicode_encode_init(WfObject *self, WfObject *args, WfObject *kwds) {
    WfObject *encoding, *object, *reason;
    wf_ssize_t start, end;
    if (base_init(self, args, kwds) < 0)
        return -1;
    if (!wf_arg_parse_tuple(args, "UUnnU", &encoding, &object, &start, &end, &reason))
        return -1;
    return unicode_store(self, encoding, object, start, end, reason);
}

static int unicode_decode_init(WfObject *self, WfObject *args, WfObject *kwds) {
    WfObject *encoding, *object, *reason;
    wf_ssize_t start, end;
    if (base_init(self, args, kwds) < 0)
        return -1;
    if (!wf_arg_parse_tuple(args, "UOnnU", &encoding, &object, &start, &end, &reason))
        return -1;
    WfObject *bytes;
    if (wf_bytes_check(object)) {
        bytes = wf_newref(object);
    } else {
        bytes = wf_bytes_from_object(object);
        if (!bytes)
            return -1;
    }
    int r = unicode_store(self, encoding, bytes, start, end, reason);
    wf_decref(bytes);
    return r;
}

static int unicode_translate_init(WfObject *self, WfObject *args, WfObject *kwds) {
    WfObject *object, *reason;
    wf_ssize_t start, end;
    if (base_init(self, args, kwds) < 0)
        return -1;
    if (!wf_arg_parse_tuple(args, "UnnU", &object, &start, &end, &reason))
        return -1;
    return unicode_store(self, NULL, object, start, end, reason);
}

/* "'\xe9'", "'\u20ac'" or "'\U0001f600'" as CPython writes a bad character. */
static WfObject *bad_char_repr(uint32_t ch) {
    char buf[16];
    if (ch <= 0xff)
        snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch);
    else if (ch <= 0xffff)
        snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch);
    else
        snprintf(buf, sizeof buf, "\\U%08x", (unsigned)ch);
    return wf_str_from_cstr(buf);
}

/* The fields of a UnicodeError as one thread reads them: other threads may
 * set any of them meanwhile (e.start = ..., e.object = ...), so str() holds
 * the objects and reads each position once. */
typedef struct {
    WfObject *object, *reason, *encoding;
    wf_ssize_t start, end;
} UnicodeErrorFields;

static bool unicode_fields_get(WfObject *self, UnicodeErrorFields *f) {
    UnicodeErrorObject *e = (UnicodeErrorObject *)self;
    f->object = wf_field_get_ref(self, &e->object);
    f->reason = wf_field_get_ref(self, &e->reason);
    f->encoding = wf_field_get_ref(self, &e->encoding);
    f->start = __atomic_load_n(&e->start, __ATOMIC_RELAXED);
    f->end = __atomic_load_n(&e->end, __ATOMIC_RELAXED);
    return f->object && f->reason;
}

static void unicode_fields_release(UnicodeErrorFields *f) {
    wf_xdecref(f->object);
    wf_xdecref(f->reason);
    wf_xdecref(f->encoding);
}

static WfObject *unicode_char_message(const UnicodeErrorFields *f, const char *verb,
                                      bool with_encoding) {
    WfObject *reason = wf_object_str(f->reason);
    if (!reason)
        return NULL;
    WfObject *enc = NULL, *res;
    if (with_encoding) {
        enc = wf_object_str(f->encoding ? f->encoding : WF_NONE);
        if (!enc) {
            wf_decref(reason);
            return NULL;
        }
    }
    wf_ssize_t len = wf_str_check(f->object) ? WF_STR_LENGTH(f->object) : 0;
    if (f->start >= 0 && f->start < len && f->end == f->start + 1) {
        WfObject *ch = bad_char_repr(wf_str_read_char(f->object, f->start));
        if (!ch)
            res = NULL;
        else if (enc)
            res = wf_str_from_format("'%U' codec can't %s character '%U' in position %zd: %U",
                                     enc, verb, ch, f->start, reason);
        else
            res = wf_str_from_format("can't %s character '%U' in position %zd: %U", verb, ch,
                                     f->start, reason);
        wf_xdecref(ch);
    } else if (enc) {
        res = wf_str_from_format("'%U' codec can't %s characters in position %zd-%zd: %U", enc,
                                 verb, f->start, f->end - 1, reason);
    } else {
        res = wf_str_from_format("can't %s characters in position %zd-%zd: %U", verb, f->start,
                                 f->end - 1, reason);
    }
    wf_decref(reason);
    wf_xdecref(enc);
    return res;
}

static WfObject *unicode_char_str(WfObject *self, const char *verb, bool with_encoding) {
    UnicodeErrorFields f;
    WfObject *res = unicode_fields_get(self, &f) ? unicode_char_message(&f, verb, with_encoding)
                                                 : wf_newref(wf_str_empty);
    unicode_fields_release(&f);
    return res;
}

static WfObject *unicode_encode_str(WfObject *self) {
    return unicode_char_str(self, "encode", true);
}
static WfObject *unicode_translate_str(WfObject *self) {
    return unicode_char_str(self, "translate", false);
}

static WfObject *unicode_decode_message(const UnicodeErrorFields *f) {
    WfObject *reason = wf_object_str(f->reason);
    WfObject *enc = reason ? wf_object_str(f->encoding ? f->encoding : WF_NONE) : NULL;
    WfObject *res = NULL;
    if (enc) {
        wf_ssize_t len = wf_bytes_check(f->object) ? WF_BYTES_SIZE(f->object) : 0;
        if (f->start >= 0 && f->start < len && f->end == f->start + 1) {
            char byte[8];
            snprintf(byte, sizeof byte, "0x%02x",
                     (unsigned)(unsigned char)WF_BYTES_AS_STRING(f->object)[f->start]);
            res = wf_str_from_format("'%U' codec can't decode byte %s in position %zd: %U",
                                     enc, byte, f->start, reason);
        } else {
            res = wf_str_from_format("'%U' codec can't decode bytes in position %zd-%zd: %U",
                                     enc, f->start, f->end - 1, reason);
        }
    }
    wf_xdecref(reason);
    wf_xdecref(enc);
    return res;
}

static WfObject *unicode_decode_str(WfObject *self) {
    UnicodeErrorFields f;
    WfObject *res = unicode_fields_get(self, &f) ? unicode_decode_message(&f)
                                                 : wf_newref(wf_str_empty);
    unicode_fields_release(&f);
    return res;
}

static WfMemberDef unicode_members[] = {
    {"encoding", WF_T_OBJECT, offsetof(UnicodeErrorObject, encoding), 0, "exception encoding"},
    {"object", WF_T_OBJECT, offsetof(UnicodeErrorObject, object), 0, "exception object"},
    {"start", WF_T_SSIZE, offsetof(UnicodeErrorObject, start), 0, "exception start"},
    {"end", WF_T_SSIZE, offsetof(UnicodeErrorObject, end), 0, "exception end"},
    {"reason", WF_T_OBJECT, offsetof(UnicodeErrorObject, reason), 0, "exception reason"},
    {NULL, 0, 0, 0, NULL},
};
#define UNICODE_LAYOUT                                                                   \
    .tp_basicsize = sizeof(UnicodeErrorObject), .tp_dealloc = unicode_dealloc,           \
    .tp_traverse = unicode_traverse, .tp_members = unicode_members
EXC_TYPE(UnicodeEncodeError, UnicodeError, "Unicode encoding error.", UNICODE_LAYOUT,
         .tp_init = unicode_encode_init, .tp_str = unicode_encode_str)
EXC_TYPE(UnicodeDecodeError, UnicodeError, "Unicode decoding error.", UNICODE_LAYOUT,
         .tp_init = unicode_decode_init, .tp_str = unicode_decode_str)
EXC_TYPE(UnicodeTranslateError, UnicodeError, "Unicode translation error.", UNICODE_LAYOUT,
         .tp_init = unicode_translate_init, .tp_str = unicode_translate_str)

/* ======================================================================
 * BaseExceptionGroup / ExceptionGroup (exceptions_group.c has split etc.)
 * ====================================================================== */

static WfObject *group_new(WfTypeObject *type, WfObject *args, WfObject *kwds);
static int group_init(WfObject *self, WfObject *args, WfObject *kwds) {
    if (wf_arg_no_keywords(WF_TYPE(self)->tp_name, kwds) < 0)
        return -1;
    return set_args(self, args);
}
static void group_dealloc(WfObject *self) {
    ExceptionGroupObject *e = (ExceptionGroupObject *)self;
    WF_CLEAR(e->msg);
    WF_CLEAR(e->excs);
    WF_CLEAR(e->excs_str);
    base_dealloc(self);
}
static int group_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    ExceptionGroupObject *e = (ExceptionGroupObject *)self;
    VISIT(e->msg);
    VISIT(e->excs);
    return base_traverse(self, visit, arg);
}
static WfObject *group_str(WfObject *self) {
    ExceptionGroupObject *e = (ExceptionGroupObject *)self;
    wf_ssize_t n = e->excs ? WF_TUPLE_SIZE(e->excs) : 0;
    return wf_str_from_format("%S (%zd sub-exception%s)", e->msg ? e->msg : wf_str_empty, n,
                              n > 1 ? "s" : "");
}

static WfObject *group_derive(WfObject *self, WfObject *excs) {
    ExceptionGroupObject *e = (ExceptionGroupObject *)self;
    WfObject *args = wf_tuple_pack(2, e->msg, excs);
    if (!args)
        return NULL;
    WfObject *res = wf_object_call(wf_exc_BaseExceptionGroup, args, NULL);
    wf_decref(args);
    return res;
}

/* Does exc match the split/subgroup condition (a type, a tuple of types or
 * a predicate)? 1, 0, -1. */
static int group_match(WfObject *exc, WfObject *cond) {
    if (wf_type_check(cond) || wf_tuple_check(cond))
        return wf_object_isinstance(exc, cond);
    WfObject *r = wf_object_call_one_arg(cond, exc);
    if (!r)
        return -1;
    int t = wf_object_is_true(r);
    wf_decref(r);
    return t;
}

static WfObject *copy_exc_fields(WfObject *from, WfObject *to) {
    BaseExc *f = EXC(from), *t = EXC(to);
    /* `from` may be raised by other threads: its shared fields are read
     * with wf_field_get_ref (lockfree.h); `to` is new, not yet shared. */
    WfObject *v;
    if ((v = wf_field_get_ref(from, &f->traceback)) != NULL)
        wf_field_set(to, &t->traceback, v);
    if ((v = wf_field_get_ref(from, &f->context)) != NULL)
        wf_field_set(to, &t->context, v);
    if ((v = wf_field_get_ref(from, &f->cause)) != NULL)
        wf_field_set(to, &t->cause, v);
    if ((v = wf_field_get_ref(from, &f->notes)) != NULL)
        wf_field_set(to, &t->notes, v);
    return to;
}

/* Split exc by cond into *match / *rest (new refs or NULL). */
static int group_split_rec(WfObject *exc, WfObject *cond, WfObject **match, WfObject **rest,
                           bool want_rest) {
    *match = *rest = NULL;
    int m = group_match(exc, cond);
    if (m < 0)
        return -1;
    if (m) {
        *match = wf_newref(exc);
        return 0;
    }
    if (!wf_type_is_subtype(WF_TYPE(exc), (WfTypeObject *)wf_exc_BaseExceptionGroup)) {
        if (want_rest)
            *rest = wf_newref(exc);
        return 0;
    }
    ExceptionGroupObject *g = (ExceptionGroupObject *)exc;
    WfObject *ml = wf_list_new(0), *rl = wf_list_new(0);
    if (!ml || !rl)
        goto fail;
    for (wf_ssize_t i = 0; i < WF_TUPLE_SIZE(g->excs); i++) {
        WfObject *sm, *sr;
        if (group_split_rec(WF_TUPLE_ITEM(g->excs, i), cond, &sm, &sr, want_rest) < 0)
            goto fail;
        int r = 0;
        if (sm)
            r |= wf_list_append(ml, sm);
        if (sr)
            r |= wf_list_append(rl, sr);
        wf_xdecref(sm);
        wf_xdecref(sr);
        if (r < 0)
            goto fail;
    }
    WfObject **outs[2] = {match, rest};
    WfObject *lists[2] = {ml, rl};
    for (int k = 0; k < 2; k++) {
        if (WF_LIST_SIZE(lists[k]) == 0)
            continue;
        WfObject *d = wf_object_call_method_objargs(exc, wf_str_intern_cstr("derive"), lists[k],
                                                    NULL);
        if (!d)
            goto fail;
        *outs[k] = copy_exc_fields(exc, d);
    }
    wf_decref(ml);
    wf_decref(rl);
    return 0;
fail:
    wf_xdecref(ml);
    wf_xdecref(rl);
    WF_CLEAR(*match);
    WF_CLEAR(*rest);
    return -1;
}

static WfObject *group_split(WfObject *self, WfObject *cond) {
    WfObject *m, *r;
    if (group_split_rec(self, cond, &m, &r, true) < 0)
        return NULL;
    WfObject *res = wf_tuple_pack(2, m ? m : WF_NONE, r ? r : WF_NONE);
    wf_xdecref(m);
    wf_xdecref(r);
    return res;
}

static WfObject *group_subgroup(WfObject *self, WfObject *cond) {
    WfObject *m, *r;
    if (group_split_rec(self, cond, &m, &r, false) < 0)
        return NULL;
    wf_xdecref(r);
    return m ? m : wf_newref(WF_NONE);
}

static WfMethodDef group_methods[] = {
    {"derive", (void *)group_derive, WF_METH_O, NULL},
    {"split", (void *)group_split, WF_METH_O, NULL},
    {"subgroup", (void *)group_subgroup, WF_METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static WfMemberDef group_members[] = {
    {"message", WF_T_OBJECT, offsetof(ExceptionGroupObject, msg), WF_READONLY,
     "exception message"},
    {"exceptions", WF_T_OBJECT, offsetof(ExceptionGroupObject, excs), WF_READONLY,
     "nested exceptions"},
    {NULL, 0, 0, 0, NULL},
};
EXC_TYPE(BaseExceptionGroup, BaseException, "A combination of multiple unrelated exceptions.",
         .tp_basicsize = sizeof(ExceptionGroupObject), .tp_new = group_new,
         .tp_init = group_init, .tp_dealloc = group_dealloc, .tp_traverse = group_traverse,
         .tp_str = group_str, .tp_methods = group_methods, .tp_members = group_members)
/* Second base (Exception) added in wf_exceptions_init. */
EXC_TYPE(ExceptionGroup, BaseExceptionGroup, NULL)

static WfObject *group_new(WfTypeObject *type, WfObject *args, WfObject *kwds) {
    WfObject *msg, *excs;
    if (wf_arg_no_keywords(type->tp_name, kwds) < 0)
        return NULL;
    if (!wf_arg_parse_tuple(args, "UO:BaseExceptionGroup.__new__", &msg, &excs))
        return NULL;
    /* A sequence: anything with __len__ and __getitem__ but not a set/dict. */
    if (!(wf_list_check(excs) || wf_tuple_check(excs)) && WF_TYPE(excs)->sq_item == NULL) {
        wf_err_set_string(wf_exc_TypeError, "second argument (exceptions) must be a sequence");
        return NULL;
    }
    WfObject *t = wf_sequence_tuple(excs);
    if (!t)
        return NULL;
    wf_ssize_t n = WF_TUPLE_SIZE(t);
    if (n == 0) {
        wf_decref(t);
        wf_err_set_string(wf_exc_ValueError,
                          "second argument (exceptions) must be a non-empty sequence");
        return NULL;
    }
    bool nested_base = false;
    for (wf_ssize_t i = 0; i < n; i++) {
        WfObject *x = WF_TUPLE_ITEM(t, i);
        if (!wf_exception_instance_check(x)) {
            wf_decref(t);
            wf_err_format(wf_exc_ValueError,
                          "Item %zd of second argument (exceptions) is not an exception", i);
            return NULL;
        }
        if (!wf_type_is_subtype(WF_TYPE(x), &exc_Exception_type))
            nested_base = true;
    }
    if (type == &exc_BaseExceptionGroup_type) {
        if (!nested_base)
            type = &exc_ExceptionGroup_type;
    } else if (type == &exc_ExceptionGroup_type) {
        if (nested_base) {
            wf_decref(t);
            wf_err_set_string(wf_exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
            return NULL;
        }
    } else if (nested_base && wf_type_is_subtype(type, &exc_Exception_type)) {
        wf_decref(t);
        wf_err_format(wf_exc_TypeError, "Cannot nest BaseExceptions in '%s'", type->tp_name);
        return NULL;
    }
    ExceptionGroupObject *self = (ExceptionGroupObject *)base_new(type, args, kwds);
    if (!self) {
        wf_decref(t);
        return NULL;
    }
    self->msg = wf_newref(msg);
    self->excs = t;
    return (WfObject *)self;
}

/* ======================================================================
 * Accessors and start-up
 * ====================================================================== */

bool wf_exception_instance_check(WfObject *o) {
    return WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_BASE_EXC_SUBCLASS);
}

bool wf_exception_class_check(WfObject *o) {
    return wf_type_check(o) &&
           WF_TYPE_HAS_FLAG((WfTypeObject *)o, WF_TPFLAGS_BASE_EXC_SUBCLASS);
}

/* __traceback__, __context__ and __cause__: one exception object may be
 * raised, caught and re-raised by several threads at once (each raise
 * attaches a traceback), so these fields are shared strong-reference fields
 * in the sense of lockfree.h: stores go through wf_field_set (in the
 * exception's critical section, old value dropped after it), and readers
 * that do not own the exception use wf_field_get_ref (acquire load +
 * try-incref), never a borrowed plain load. */
WfObject *wf_exception_get_traceback(WfObject *exc) {
    return __atomic_load_n(&EXC(exc)->traceback, __ATOMIC_ACQUIRE);
}

WfObject *wf_exception_get_traceback_ref(WfObject *exc) {
    return wf_field_get_ref(exc, &EXC(exc)->traceback);
}

void wf_exception_set_traceback(WfObject *exc, WfObject *tb) {
    wf_field_set(exc, &EXC(exc)->traceback, wf_xnewref(tb == WF_NONE ? NULL : tb));
}

void wf_exception_set_context(WfObject *exc, WfObject *ctx) {
    wf_field_set(exc, &EXC(exc)->context, ctx);
}

void wf_exception_set_cause(WfObject *exc, WfObject *cause) {
    BaseExc *e = EXC(exc);
    /* A plain flag any thread may set to 1 (relaxed: no data race). */
    __atomic_store_n(&e->suppress_context, 1, __ATOMIC_RELAXED);
    wf_field_set(exc, &e->cause, cause);
}

WfObject *wf_exception_get_context(WfObject *exc) {
    return __atomic_load_n(&EXC(exc)->context, __ATOMIC_ACQUIRE);
}
WfObject *wf_exception_get_cause(WfObject *exc) {
    return __atomic_load_n(&EXC(exc)->cause, __ATOMIC_ACQUIRE);
}
WfObject *wf_exception_get_context_ref(WfObject *exc) {
    return wf_field_get_ref(exc, &EXC(exc)->context);
}
WfObject *wf_exception_get_cause_ref(WfObject *exc) {
    return wf_field_get_ref(exc, &EXC(exc)->cause);
}

WfObject *wf_exception_create(WfObject *type, WfObject *args) {
    return wf_object_call(type, args, NULL);
}

static WfTypeObject *const all_exceptions[] = {
    &exc_BaseException_type, &exc_Exception_type, &exc_GeneratorExit_type,
    &exc_KeyboardInterrupt_type, &exc_SystemExit_type, &exc_BaseExceptionGroup_type,
    &exc_ExceptionGroup_type, &exc_ArithmeticError_type, &exc_AssertionError_type,
    &exc_AttributeError_type, &exc_BufferError_type, &exc_EOFError_type,
    &exc_ImportError_type, &exc_ModuleNotFoundError_type, &exc_LookupError_type,
    &exc_IndexError_type, &exc_KeyError_type, &exc_MemoryError_type, &exc_NameError_type,
    &exc_UnboundLocalError_type, &exc_OSError_type, &exc_BlockingIOError_type,
    &exc_ChildProcessError_type, &exc_ConnectionError_type, &exc_BrokenPipeError_type,
    &exc_ConnectionAbortedError_type, &exc_ConnectionRefusedError_type,
    &exc_ConnectionResetError_type, &exc_FileExistsError_type, &exc_FileNotFoundError_type,
    &exc_InterruptedError_type, &exc_IsADirectoryError_type, &exc_NotADirectoryError_type,
    &exc_PermissionError_type, &exc_ProcessLookupError_type, &exc_TimeoutError_type,
    &exc_ReferenceError_type, &exc_RuntimeError_type, &exc_NotImplementedError_type,
    &exc_RecursionError_type, &exc_StopAsyncIteration_type, &exc_StopIteration_type,
    &exc_SyntaxError_type, &exc_IndentationError_type, &exc_TabError_type,
    &exc_SystemError_type, &exc_TypeError_type, &exc_ValueError_type, &exc_UnicodeError_type,
    &exc_UnicodeDecodeError_type, &exc_UnicodeEncodeError_type,
    &exc_UnicodeTranslateError_type, &exc_FloatingPointError_type, &exc_OverflowError_type,
    &exc_ZeroDivisionError_type, &exc_Warning_type, &exc_BytesWarning_type,
    &exc_DeprecationWarning_type, &exc_EncodingWarning_type, &exc_FutureWarning_type,
    &exc_ImportWarning_type, &exc_PendingDeprecationWarning_type, &exc_ResourceWarning_type,
    &exc_RuntimeWarning_type, &exc_SyntaxWarning_type, &exc_UnicodeWarning_type,
    &exc_UserWarning_type,
};

int wf_exceptions_init(void) {
    /* ExceptionGroup(BaseExceptionGroup, Exception): a static type with two bases. */
    if (wf_type_ready(&exc_BaseExceptionGroup_type) < 0 || wf_type_ready(&exc_Exception_type) < 0)
        return -1;
    exc_ExceptionGroup_type.tp_bases =
        wf_tuple_pack(2, (WfObject *)&exc_BaseExceptionGroup_type, (WfObject *)&exc_Exception_type);
    if (!exc_ExceptionGroup_type.tp_bases)
        return -1;
    wf_set_immortal(exc_ExceptionGroup_type.tp_bases);
    size_t n = sizeof(all_exceptions) / sizeof(all_exceptions[0]);
    for (size_t i = 0; i < n; i++)
        if (wf_type_ready(all_exceptions[i]) < 0)
            return -1;
    WfObject *mem = base_new(&exc_MemoryError_type, wf_tuple_empty, NULL);
    if (!mem)
        return -1;
    wf_set_immortal(mem);
    wf_memory_error_instance = mem;
    return 0;
}

int wf_exceptions_add_builtins(WfObject *dict) {
    size_t n = sizeof(all_exceptions) / sizeof(all_exceptions[0]);
    for (size_t i = 0; i < n; i++)
        if (wf_dict_set_item_str(dict, all_exceptions[i]->tp_name, (WfObject *)all_exceptions[i]) < 0)
            return -1;
    if (wf_dict_set_item_str(dict, "EnvironmentError", wf_exc_OSError) < 0 ||
        wf_dict_set_item_str(dict, "IOError", wf_exc_OSError) < 0)
        return -1;
    return 0;
}
