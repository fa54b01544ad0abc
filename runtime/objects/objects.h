/* objects.h — the public header of runtime/objects/: every built-in type's
 * API. Other folders include only this file (and stackref.h).
 *
 * Naming follows CPython's C API, renamed mechanically:
 *   PyList_New -> wf_list_new, PyObject_GetAttr -> wf_object_getattr,
 *   PyExc_TypeError -> wf_exc_TypeError, Py_None -> WF_NONE, Py_RETURN_NONE -> WF_RETURN_NONE.
 * Reference semantics follow the CPython function of the same name.
 * Struct layouts that the eval loop reads inline live in the per-type
 * headers included below.
 */
#ifndef WF_OBJECTS_H
#define WF_OBJECTS_H

#include <stdarg.h>
#include <stdio.h>

#include "runtime/objects/object.h"
#include "runtime/objects/int.h"
#include "runtime/objects/float.h"
#include "runtime/objects/str.h"
#include "runtime/objects/tuple.h"
#include "runtime/objects/list.h"
#include "runtime/objects/dict.h"
#include "runtime/objects/code.h"
#include "threads/tstate.h"

/* ======================================================================
 * Singletons (singletons.c)
 * ====================================================================== */
extern WfObject wf_none_struct, wf_notimplemented_struct, wf_ellipsis_struct;
#define WF_NONE (&wf_none_struct)
#define WF_NOTIMPLEMENTED (&wf_notimplemented_struct)
#define WF_ELLIPSIS (&wf_ellipsis_struct)
#define WF_RETURN_NONE return WF_NONE  /* immortal: no incref needed */
#define WF_RETURN_NOTIMPLEMENTED return WF_NOTIMPLEMENTED
extern WfTypeObject wf_none_type, wf_notimplemented_type, wf_ellipsis_type;

/* ======================================================================
 * Built-in type objects. Each is defined in its own file (list.c defines
 * wf_list_type) as a static, immortal WfTypeObject, made ready by
 * wf_types_init().
 * ====================================================================== */
extern WfTypeObject wf_object_type, wf_type_type, wf_super_type;
extern WfTypeObject wf_bool_type, wf_int_type, wf_float_type;
extern WfTypeObject wf_str_type, wf_bytes_type, wf_bytearray_type;
extern WfTypeObject wf_tuple_type, wf_list_type, wf_dict_type, wf_set_type, wf_frozenset_type;
extern WfTypeObject wf_range_type, wf_slice_type;
extern WfTypeObject wf_function_type, wf_method_type, wf_cell_type, wf_code_type, wf_generator_type;
extern WfTypeObject wf_cfunction_type;        /* builtin_function_or_method */
extern WfTypeObject wf_method_descr_type, wf_classmethod_descr_type, wf_member_descr_type,
    wf_getset_descr_type, wf_wrapper_descr_type, wf_method_wrapper_type;
extern WfTypeObject wf_property_type, wf_staticmethod_type, wf_classmethod_type;
WfObject *wf_method_wrapper_callable(WfObject *descr);   /* borrowed; NULL if not one */
extern WfTypeObject wf_module_type, wf_traceback_type, wf_frame_type;
extern WfTypeObject wf_seqiter_type, wf_calliter_type, wf_enumerate_type, wf_zip_type,
    wf_map_type, wf_filter_type, wf_reversed_type;
extern WfTypeObject wf_dict_keys_type, wf_dict_values_type, wf_dict_items_type;

/* Make all built-in types ready and create singletons/caches. Called once by
 * wf_runtime_init() before anything else. Each type file provides its own
 * wf_<file>_init() if it has caches (e.g. wf_int_init for small ints). */
int wf_types_init(void);
#ifdef WF_DEBUG
/* Set once wf_types_init has readied every static type: from then on an
 * instance is made only of a ready type (asserted by the allocator), since
 * readying a type fills slots that other threads read without a lock. */
extern bool wf_debug_static_types_ready;
#endif

/* ======================================================================
 * Generic object protocol (abstract.c)
 * ====================================================================== */
WfObject *wf_object_repr(WfObject *o);
WfObject *wf_object_str(WfObject *o);
WfObject *wf_object_ascii(WfObject *o);
wf_hash_t wf_object_hash(WfObject *o);
wf_hash_t wf_object_hash_not_implemented(WfObject *o);  /* raises "unhashable type: 'X'" */
int wf_object_is_true(WfObject *o);             /* 1, 0 or -1 */
int wf_object_not(WfObject *o);
WfObject *wf_object_rich_compare(WfObject *a, WfObject *b, int op);
int wf_object_rich_compare_bool(WfObject *a, WfObject *b, int op); /* identity implies equality for EQ/NE */
WfObject *wf_object_getattr(WfObject *o, WfObject *name);
/* LOAD_ATTR's form: 0 (*out set; possibly lent, stackref.h) or -1. */
struct WfStackRef;
int wf_object_getattr_stackref(WfObject *o, WfObject *name, struct WfStackRef *out);
/* LOAD_ATTR's method form on an exact super object: 1 when *meth is a function to call
 * with *self (the bound instance) first; 0 otherwise, nothing set (super.c). */
int wf_super_get_method(WfObject *super, WfObject *name, struct WfStackRef *meth,
                        struct WfStackRef *self);
WfObject *wf_object_getattr_cstr(WfObject *o, const char *name);
/* 1 found (*result new ref), 0 not found (AttributeError swallowed), -1 error */
int wf_object_lookup_attr(WfObject *o, WfObject *name, WfObject **result);
int wf_object_setattr(WfObject *o, WfObject *name, WfObject *value); /* value NULL = delete */
int wf_object_setattr_cstr(WfObject *o, const char *name, WfObject *value);
int wf_object_delattr(WfObject *o, WfObject *name);
int wf_object_hasattr(WfObject *o, WfObject *name);
WfObject *wf_object_generic_getattr(WfObject *o, WfObject *name);
/* LOAD_ATTR with the method bit (CPython's _PyObject_GetMethod): returns 1
 * with *method = the unbound function/method descriptor (new ref) when
 * `o.name(...)` may be called as `method(o, ...)`; 0 with *method = the
 * ordinary attribute (new ref); -1 with an exception. */
int wf_object_get_method(WfObject *o, WfObject *name, WfObject **method);
int wf_object_generic_setattr(WfObject *o, WfObject *name, WfObject *value);
/* The instance __dict__ slot (tp_dictoffset), creating the dict when create. */
WfObject **wf_object_dict_ptr(WfObject *o);
WfObject *wf_object_get_dict(WfObject *o, bool create);  /* borrowed or NULL */
/* o's own attribute `name` (its __dict__ entry or inline value), no
 * descriptors: 1 found (*out set; the stackref form may lend it), 0 none,
 * -1 error. */
int wf_object_instance_attr(WfObject *o, WfObject *name, struct WfStackRef *out);
int wf_object_instance_attr_ref(WfObject *o, WfObject *name, WfObject **out);
WfObject *wf_object_getitem(WfObject *o, WfObject *key);
int wf_object_setitem(WfObject *o, WfObject *key, WfObject *value);
int wf_object_delitem(WfObject *o, WfObject *key);
wf_ssize_t wf_object_length(WfObject *o);       /* len(); -1 on error */
wf_ssize_t wf_object_length_hint(WfObject *o, wf_ssize_t dflt);
WfObject *wf_object_get_iter(WfObject *o);       /* iter() */
WfObject *wf_iter_next(WfObject *iter);          /* NULL: exhausted (no error) or error set */
int wf_iter_check(WfObject *o);
int wf_sequence_contains(WfObject *seq, WfObject *item);  /* `in`: 1, 0, -1 */
WfObject *wf_sequence_tuple(WfObject *o);        /* tuple(o) */
WfObject *wf_sequence_list(WfObject *o);         /* list(o) */
WfObject *wf_object_type_of(WfObject *o);        /* type(o), new ref */
int wf_object_isinstance(WfObject *inst, WfObject *cls);   /* cls may be a tuple */
int wf_object_issubclass(WfObject *derived, WfObject *cls);
WfObject *wf_object_dir(WfObject *o);            /* sorted list, dir() */
WfObject *wf_object_format(WfObject *o, WfObject *format_spec); /* format() */
bool wf_callable_check(WfObject *o);

/* Calls (call.c). All return a new reference or NULL with an exception. */
WfObject *wf_object_call(WfObject *callable, WfObject *args, WfObject *kwargs);
WfObject *wf_object_vectorcall(WfObject *callable, WfObject *const *args, size_t nargsf,
                               WfObject *kwnames);
WfObject *wf_object_call_no_args(WfObject *callable);
WfObject *wf_object_call_one_arg(WfObject *callable, WfObject *arg);
WfObject *wf_object_call_function_objargs(WfObject *callable, ...); /* NULL-terminated */
WfObject *wf_object_call_method_objargs(WfObject *obj, WfObject *name, ...); /* NULL-terminated */
WfObject *wf_object_call_method_cstr(WfObject *obj, const char *name, const char *fmt, ...);
/* Look up a special method on type(o) (not the instance), call it bound. */
WfObject *wf_object_lookup_special(WfObject *o, WfObject *name); /* new ref bound, or NULL without error when missing */
/* Build (args tuple, kwargs dict) from a vectorcall signature and back. */
WfObject *wf_vectorcall_to_tuple(WfObject *const *args, wf_ssize_t nargs);
WfObject *wf_vectorcall_kwargs_dict(WfObject *const *kwvalues, WfObject *kwnames);

/* Numbers (abstract.c): binary ops with __rop__ fallback and NotImplemented rules. */
WfObject *wf_number_add(WfObject *a, WfObject *b);
WfObject *wf_number_subtract(WfObject *a, WfObject *b);
WfObject *wf_number_multiply(WfObject *a, WfObject *b);
WfObject *wf_number_matrix_multiply(WfObject *a, WfObject *b);
WfObject *wf_number_true_divide(WfObject *a, WfObject *b);
WfObject *wf_number_floor_divide(WfObject *a, WfObject *b);
WfObject *wf_number_remainder(WfObject *a, WfObject *b);
WfObject *wf_number_divmod(WfObject *a, WfObject *b);
WfObject *wf_number_power(WfObject *a, WfObject *b, WfObject *mod_or_none);
WfObject *wf_number_lshift(WfObject *a, WfObject *b);
WfObject *wf_number_rshift(WfObject *a, WfObject *b);
WfObject *wf_number_and(WfObject *a, WfObject *b);
WfObject *wf_number_or(WfObject *a, WfObject *b);
WfObject *wf_number_xor(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_add(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_subtract(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_multiply(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_matrix_multiply(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_true_divide(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_floor_divide(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_remainder(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_power(WfObject *a, WfObject *b, WfObject *mod_or_none);
WfObject *wf_number_inplace_lshift(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_rshift(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_and(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_or(WfObject *a, WfObject *b);
WfObject *wf_number_inplace_xor(WfObject *a, WfObject *b);
WfObject *wf_number_negative(WfObject *a);
WfObject *wf_number_positive(WfObject *a);
WfObject *wf_number_invert(WfObject *a);
WfObject *wf_number_absolute(WfObject *a);
WfObject *wf_number_index(WfObject *a);          /* operator.index */
WfObject *wf_number_long(WfObject *a);           /* int(a) */
WfObject *wf_number_float(WfObject *a);          /* float(a) */
wf_ssize_t wf_number_as_ssize(WfObject *a, WfObject *overflow_exc); /* exc NULL = clamp */
bool wf_index_check(WfObject *o);

/* Binary-op selector shared by BINARY_OP and the specializer (same numbering as CPython's NB_*). */
enum WfBinaryOp {
    WF_NB_ADD = 0, WF_NB_AND = 1, WF_NB_FLOOR_DIVIDE = 2, WF_NB_LSHIFT = 3,
    WF_NB_MATRIX_MULTIPLY = 4, WF_NB_MULTIPLY = 5, WF_NB_REMAINDER = 6, WF_NB_OR = 7,
    WF_NB_POWER = 8, WF_NB_RSHIFT = 9, WF_NB_SUBTRACT = 10, WF_NB_TRUE_DIVIDE = 11,
    WF_NB_XOR = 12, WF_NB_INPLACE_ADD = 13, WF_NB_INPLACE_AND = 14,
    WF_NB_INPLACE_FLOOR_DIVIDE = 15, WF_NB_INPLACE_LSHIFT = 16,
    WF_NB_INPLACE_MATRIX_MULTIPLY = 17, WF_NB_INPLACE_MULTIPLY = 18,
    WF_NB_INPLACE_REMAINDER = 19, WF_NB_INPLACE_OR = 20, WF_NB_INPLACE_POWER = 21,
    WF_NB_INPLACE_RSHIFT = 22, WF_NB_INPLACE_SUBTRACT = 23,
    WF_NB_INPLACE_TRUE_DIVIDE = 24, WF_NB_INPLACE_XOR = 25,
};
WfObject *wf_binary_op(WfObject *a, WfObject *b, int nb_op);   /* dispatches on enum WfBinaryOp */
extern const char *const wf_binary_op_symbols[];               /* "+", "&", ... "^=" */

/* ======================================================================
 * Types and classes (type.c)
 * ====================================================================== */
int wf_type_ready(WfTypeObject *type);
int wf_type_is_subtype(WfTypeObject *a, WfTypeObject *b);  /* walks tp_mro */
/* Find name in type's MRO dicts; borrowed reference or NULL (no error set). */
WfObject *wf_type_lookup(WfTypeObject *type, WfObject *name);
WfObject *wf_type_generic_alloc(WfTypeObject *type, wf_ssize_t nitems);
/* The reference an instance holds to its class (thread_refs.c): counted per
 * thread once threads exist, so instance creation writes nothing shared. */
void wf_type_refs_assign_id(WfTypeObject *type);
void wf_type_instance_incref(WfTypeObject *type);
void wf_type_instance_decref(WfTypeObject *type);
/* A function's references to its code object and to module globals and
 * builtins dicts (thread_refs.c): counted per thread once threads exist, so
 * making a function writes nothing shared. Other objects are counted the
 * ordinary way. _new returns o (NULL stays NULL). */
WfObject *wf_shared_ref_new(WfObject *o);
void wf_shared_ref_drop(WfObject *o);
struct WfThreadState;
void wf_thread_refs_thread_exit(struct WfThreadState *ts);
int64_t wf_thread_refs_orphan_count(uint32_t id);   /* held by exited threads */
WfObject *wf_type_generic_new(WfTypeObject *type, WfObject *args, WfObject *kwargs);
/* type(name, bases, dict) and class statements; creates a heap type. */
WfObject *wf_type_new_from_namespace(WfObject *metatype, WfObject *name, WfObject *bases,
                                     WfObject *ns, WfObject *kwargs);
const char *wf_type_name(WfTypeObject *type);  /* short name for messages: "int", "A" */
/* The most derived metaclass of meta and the bases' types (__build_class__);
 * NULL with "metaclass conflict: ..." TypeError. Borrowed. */
WfTypeObject *wf_type_calculate_metaclass(WfTypeObject *meta, WfObject *bases);
void wf_type_modified(WfTypeObject *type);    /* invalidates version tags of type and subclasses */
/* The type's current version tag, assigning a fresh one if it was
 * invalidated (specializer guards); 0 only when tags are exhausted. */
uint32_t wf_type_get_version(WfTypeObject *type);
#define wf_type_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_TYPE_SUBCLASS)

/* Descriptors (descr.c): C methods, members, getsets exposed as attributes. */
WfObject *wf_descr_new_method(WfTypeObject *type, WfMethodDef *def);
WfObject *wf_descr_new_classmethod(WfTypeObject *type, WfMethodDef *def);
WfObject *wf_descr_new_member(WfTypeObject *type, WfMemberDef *def);
WfObject *wf_descr_new_getset(WfTypeObject *type, WfGetSetDef *def);
/* A builtin function object (builtin_function_or_method) bound to self (module or NULL). */
WfObject *wf_cfunction_new(WfMethodDef *def, WfObject *self, WfObject *module_name);
/* Call a WfMethodDef with any calling convention from vectorcall arguments. */
WfObject *wf_methoddef_vectorcall(WfMethodDef *def, WfObject *self, WfObject *const *args,
                                  wf_ssize_t nargs, WfObject *kwnames);
WfObject *wf_property_new(WfObject *fget, WfObject *fset, WfObject *fdel, WfObject *doc);
WfObject *wf_staticmethod_new(WfObject *callable);
WfObject *wf_classmethod_new(WfObject *callable);

/* Argument parsing (getargs.c), CPython's PyArg_* formats subset.
 * wf_arg_parse_tuple* return 1 on success, 0 with TypeError (as PyArg_*);
 * wf_arg_check_positional / wf_arg_no_keywords / wf_arg_no_kwnames return
 * 0 on success, -1 with TypeError (weft's int convention: test `< 0`). Formats:
 * O (object), O! (type-checked), i, n (wf_ssize_t), l, d, p (bool predicate), s (const char* utf8),
 * U (str object), z, | (optional follow), $ (keyword-only follow), : (function name), ; (message). */
int wf_arg_parse_tuple(WfObject *args, const char *format, ...);
int wf_arg_parse_tuple_and_keywords(WfObject *args, WfObject *kwargs, const char *format,
                                    const char *const *kwlist, ...);
/* For FASTCALL methods: checks min <= nargs <= max and raises CPython's message:
 * "name expected at least 1 argument, got 0" / "name expected at most 2 arguments, got 3". */
int wf_arg_check_positional(const char *name, wf_ssize_t nargs, wf_ssize_t min, wf_ssize_t max);
/* Raises "name() takes no keyword arguments" when kwargs/kwnames is non-empty. */
int wf_arg_no_keywords(const char *name, WfObject *kwargs);
int wf_arg_no_kwnames(const char *name, WfObject *kwnames);

/* ======================================================================
 * Exceptions and the error indicator (errors.c, exceptions.c)
 * ====================================================================== */
/* Built-in exception types, as objects (WfTypeObject * cast to WfObject *). */
extern WfObject *wf_exc_BaseException, *wf_exc_Exception, *wf_exc_BaseExceptionGroup,
    *wf_exc_SystemExit, *wf_exc_KeyboardInterrupt, *wf_exc_GeneratorExit,
    *wf_exc_StopIteration, *wf_exc_StopAsyncIteration, *wf_exc_ArithmeticError,
    *wf_exc_FloatingPointError, *wf_exc_OverflowError, *wf_exc_ZeroDivisionError,
    *wf_exc_AssertionError, *wf_exc_AttributeError, *wf_exc_BufferError, *wf_exc_EOFError,
    *wf_exc_ImportError, *wf_exc_ModuleNotFoundError, *wf_exc_LookupError,
    *wf_exc_IndexError, *wf_exc_KeyError, *wf_exc_MemoryError, *wf_exc_NameError,
    *wf_exc_UnboundLocalError, *wf_exc_OSError, *wf_exc_FileNotFoundError,
    *wf_exc_FileExistsError, *wf_exc_IsADirectoryError, *wf_exc_NotADirectoryError,
    *wf_exc_PermissionError, *wf_exc_TimeoutError, *wf_exc_InterruptedError,
    *wf_exc_ReferenceError, *wf_exc_RuntimeError, *wf_exc_NotImplementedError,
    *wf_exc_RecursionError, *wf_exc_SyntaxError, *wf_exc_IndentationError,
    *wf_exc_TabError, *wf_exc_SystemError, *wf_exc_TypeError, *wf_exc_ValueError,
    *wf_exc_UnicodeError, *wf_exc_UnicodeDecodeError, *wf_exc_UnicodeEncodeError,
    *wf_exc_UnicodeTranslateError, *wf_exc_Warning, *wf_exc_UserWarning,
    *wf_exc_DeprecationWarning, *wf_exc_RuntimeWarning, *wf_exc_SyntaxWarning;
/* The rest of CPython's built-in exceptions (exceptions.c). */
extern WfObject *wf_exc_ExceptionGroup, *wf_exc_BlockingIOError, *wf_exc_ChildProcessError,
    *wf_exc_ConnectionError, *wf_exc_BrokenPipeError, *wf_exc_ConnectionAbortedError,
    *wf_exc_ConnectionRefusedError, *wf_exc_ConnectionResetError, *wf_exc_ProcessLookupError,
    *wf_exc_PendingDeprecationWarning, *wf_exc_ImportWarning, *wf_exc_UnicodeWarning,
    *wf_exc_BytesWarning, *wf_exc_ResourceWarning, *wf_exc_FutureWarning,
    *wf_exc_EncodingWarning;
/* Adds every built-in exception class to d under its name, plus the aliases
 * EnvironmentError and IOError (for the builtins module). 0 or -1. */
int wf_exceptions_add_builtins(WfObject *d);

/* Common layout of exception instances. */
typedef struct WfBaseExceptionObject {
    WF_OBJECT_HEAD;
    WfObject *dict;          /* instance __dict__ */
    WfObject *args;          /* tuple */
    WfObject *notes;
    WfObject *traceback;     /* traceback object or NULL */
    WfObject *context;       /* __context__ */
    WfObject *cause;         /* __cause__ */
    char suppress_context;   /* __suppress_context__ */
} WfBaseExceptionObject;
/* StopIteration adds .value; SystemExit adds .code; SyntaxError adds msg, filename,
 * lineno, offset, text, end_lineno, end_offset; ImportError adds name, path;
 * KeyError/IndexError are plain. Accessors: */
WfObject *wf_stop_iteration_value(WfObject *exc);  /* new reference */
WfObject *wf_exception_get_traceback(WfObject *exc); /* borrowed, may be NULL */
void wf_exception_set_traceback(WfObject *exc, WfObject *tb);
void wf_exception_set_context(WfObject *exc, WfObject *ctx);  /* steals ctx */
void wf_exception_set_cause(WfObject *exc, WfObject *cause);  /* steals cause */
WfObject *wf_exception_get_context(WfObject *exc); /* borrowed */
WfObject *wf_exception_get_cause(WfObject *exc);   /* borrowed */
/* New-reference getters (NULL when unset, no exception set): the fields may
 * be replaced by another thread raising the same exception, so code that
 * does not own exc must use these rather than the borrowed ones. */
WfObject *wf_exception_get_traceback_ref(WfObject *exc);
WfObject *wf_exception_get_context_ref(WfObject *exc);
WfObject *wf_exception_get_cause_ref(WfObject *exc);
bool wf_exception_instance_check(WfObject *o);
bool wf_exception_class_check(WfObject *o);

/* The error indicator of the current thread. */
void wf_err_set_object(WfObject *type, WfObject *value);  /* value: instance, args tuple, single arg or NULL */
void wf_err_set_string(WfObject *type, const char *msg);
WfObject *wf_err_format(WfObject *type, const char *fmt, ...); /* wf_str_from_format rules; returns NULL */
WfObject *wf_err_format_v(WfObject *type, const char *fmt, va_list va);
void wf_err_set_none(WfObject *type);
WfObject *wf_err_no_memory(void);                 /* sets MemoryError (preallocated), returns NULL */
WfObject *wf_err_bad_internal_call(void);
WfObject *wf_err_set_from_errno(WfObject *type);  /* OSError subclass from errno */
WfObject *wf_err_set_from_errno_filename(WfObject *type, const char *filename);
void wf_err_set_raised(WfObject *exc);            /* steals an exception instance */
/* Raises type(msg) (ImportError or a subclass) with .name and .path set
 * (either may be NULL: None); msg is stolen (NULL: its error stays). */
WfObject *wf_err_set_import_error(WfObject *type, WfObject *msg, WfObject *name, WfObject *path);
WfObject *wf_err_occurred(void);                  /* borrowed *type* of the current exception or NULL */
int wf_err_exception_matches(WfObject *type);     /* current exception matches type (or tuple) */
int wf_err_given_exception_matches(WfObject *given, WfObject *type); /* given: instance or class */
WfObject *wf_err_get_raised(void);                /* takes the current exception (new ref), clears */
void wf_err_clear(void);
/* Chain the current exception as __context__ of a new one when replacing it. */
void wf_err_chain_exceptions(WfObject *exc);
/* Handled exception (sys.exc_info() / bare raise): borrowed or NULL. */
WfObject *wf_err_get_handled(void);
/* Print an exception with its traceback as CPython does (traceback.c). */
void wf_err_display(WfObject *exc, FILE *out);
void wf_err_print(void);                          /* takes the current exception and displays it to stderr */
void wf_err_write_unraisable(WfObject *context);  /* "Exception ignored in: ..." */
/* SyntaxError with location: columns 1-based like CPython's offset. */
void wf_err_set_syntax_location(WfObject *exc_type, const char *msg, WfObject *filename,
                                int lineno, int col_offset, int end_lineno, int end_col_offset,
                                const char *line_text);

/* ======================================================================
 * Numbers beyond int.h/float.h
 * ====================================================================== */
extern WfIntObject wf_true_struct, wf_false_struct;  /* bool.c: compact ints 1 and 0 */
#define WF_TRUE ((WfObject *)&wf_true_struct)
#define WF_FALSE ((WfObject *)&wf_false_struct)
#define WF_RETURN_TRUE return WF_TRUE
#define WF_RETURN_FALSE return WF_FALSE
static inline WfObject *wf_bool_from_long(long v) { return v ? WF_TRUE : WF_FALSE; }
/* The answer to rich comparison op (WF_LT ...) given the order c of the
 * operands: negative, zero or positive. Borrowed, as wf_bool_from_long. */
static inline WfObject *wf_richcompare_from_order(int c, int op) {
    switch (op) {
    case WF_LT: return wf_bool_from_long(c < 0);
    case WF_LE: return wf_bool_from_long(c <= 0);
    case WF_EQ: return wf_bool_from_long(c == 0);
    case WF_NE: return wf_bool_from_long(c != 0);
    case WF_GT: return wf_bool_from_long(c > 0);
    default: return wf_bool_from_long(c >= 0);
    }
}
/* The order of two sizes or counts, for wf_richcompare_from_order. */
static inline int wf_order_ssize(wf_ssize_t a, wf_ssize_t b) { return (a > b) - (a < b); }
#define wf_bool_check(o) (WF_TYPE(o) == &wf_bool_type)

/* ======================================================================
 * bytes (bytes.c)
 * ====================================================================== */
typedef struct WfBytesObject {
    WF_OBJECT_VAR_HEAD;      /* ob_size = length */
    wf_hash_t ob_shash;      /* -1 until computed */
    char ob_sval[1];         /* length + 1 bytes, NUL-terminated */
} WfBytesObject;
#define wf_bytes_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_BYTES_SUBCLASS)
#define wf_bytes_check_exact(o) (WF_TYPE(o) == &wf_bytes_type)
#define WF_BYTES_AS_STRING(o) (((WfBytesObject *)(o))->ob_sval)
#define WF_BYTES_SIZE(o) WF_SIZE(o)
WfObject *wf_bytes_from_data(const char *data, wf_ssize_t len);
WfObject *wf_bytes_from_cstr(const char *s);
WfObject *wf_bytes_from_object(WfObject *o);      /* bytes(o) */
WfObject *wf_bytes_repr(WfObject *o, int smartquotes);
WfObject *wf_bytes_concat(WfObject *a, WfObject *b);

/* ======================================================================
 * set / frozenset (set.c)
 * ====================================================================== */
#define wf_anyset_check(o) (WF_TYPE(o) == &wf_set_type || WF_TYPE(o) == &wf_frozenset_type || \
                            wf_type_is_subtype(WF_TYPE(o), &wf_set_type) || \
                            wf_type_is_subtype(WF_TYPE(o), &wf_frozenset_type))
#define wf_set_check_exact(o) (WF_TYPE(o) == &wf_set_type)
#define wf_frozenset_check_exact(o) (WF_TYPE(o) == &wf_frozenset_type)
WfObject *wf_set_new(WfObject *iterable);         /* iterable may be NULL */
WfObject *wf_frozenset_new(WfObject *iterable);
int wf_set_add(WfObject *set, WfObject *key);
int wf_set_discard(WfObject *set, WfObject *key); /* 1 found, 0 not, -1 error */
int wf_set_contains(WfObject *set, WfObject *key);
wf_ssize_t wf_set_size(WfObject *set);
int wf_set_update(WfObject *set, WfObject *iterable);
/* Iteration without allocation: *pos starts at 0; returns 1 with a borrowed key. */
int wf_set_next_entry(WfObject *set, wf_ssize_t *pos, WfObject **key, wf_hash_t *hash);
/* set.difference_update / symmetric_difference_update / intersection with one
 * argument (any iterable); set must be a set (not frozen) for the updates. */
int wf_set_difference_update(WfObject *set, WfObject *other);
int wf_set_symmetric_difference_update(WfObject *set, WfObject *other);
WfObject *wf_set_intersection(WfObject *set, WfObject *other);
WfObject *wf_set_pop(WfObject *set);                 /* KeyError when empty */
int wf_set_clear(WfObject *set);

/* ======================================================================
 * Container repr guard (list.c), CPython's Py_ReprEnter/Py_ReprLeave:
 * wf_repr_enter returns 1 when o's repr is already being built by this
 * thread (the caller prints "[...]"), 0 after recording o, -1 on error.
 * Every 0 must be paired with wf_repr_leave(o). Per thread, no locking.
 * ====================================================================== */
int wf_repr_enter(WfObject *o);
void wf_repr_leave(WfObject *o);
/* Deallocation of deeply nested containers without deep C recursion
 * (CPython's trashcan), per thread (list.c). A container's tp_dealloc starts
 * with `if (!wf_trash_begin(self, own_dealloc)) return;` (false: the call was
 * deferred and own_dealloc(self) runs later, once the outermost dealloc
 * finishes) and ends with wf_trash_end(). */
bool wf_trash_begin(WfObject *op, wf_destructor dealloc);
void wf_trash_end(void);

/* ======================================================================
 * range, slice, iterators (range.c, slice.c, iterobject.c)
 * ====================================================================== */
WfObject *wf_range_new(wf_ssize_t start, wf_ssize_t stop, wf_ssize_t step);
/* The range iterator, read inline by FOR_ITER_RANGE: yields start, start+step,
 * ... while len > 0 (arithmetic wraps as unsigned; values fit int64). */
typedef struct WfRangeIterObject {
    WF_OBJECT_HEAD;
    int64_t start;    /* first value; never changes */
    int64_t step;
    int64_t len;      /* items left; threads claim one with a CAS (range.c) */
    int64_t total;    /* items at the start: item k is start + k * step */
} WfRangeIterObject;
extern WfTypeObject wf_range_iter_type;
extern WfTypeObject wf_longrange_iter_type;   /* ranges whose bounds do not fit int64 */
#define wf_range_check(o) (WF_TYPE(o) == &wf_range_type)
typedef struct WfSliceObject {
    WF_OBJECT_HEAD;
    WfObject *start, *stop, *step;   /* never NULL: None when absent */
} WfSliceObject;
#define wf_slice_check(o) (WF_TYPE(o) == &wf_slice_type)
WfObject *wf_slice_new(WfObject *start, WfObject *stop, WfObject *step); /* NULL args mean None */
/* Clamp a slice against a length: CPython's PySlice_Unpack + PySlice_AdjustIndices. */
int wf_slice_unpack(WfObject *slice, wf_ssize_t *start, wf_ssize_t *stop, wf_ssize_t *step);
wf_ssize_t wf_slice_adjust_indices(wf_ssize_t length, wf_ssize_t *start, wf_ssize_t *stop, wf_ssize_t step);
WfObject *wf_seqiter_new(WfObject *seq);           /* iterator using __getitem__ */
WfObject *wf_calliter_new(WfObject *callable, WfObject *sentinel);
/* The iterators of tuples, sets and lists (list.h) by type, for FOR_ITER specializations. */
extern WfTypeObject wf_tuple_iter_type, wf_set_iter_type;
typedef struct WfTupleIterObject {
    WF_OBJECT_HEAD;
    wf_ssize_t it_index;
    WfObject *it_seq;        /* tuple, NULL when exhausted */
} WfTupleIterObject;
/* A slice bound as an index (CPython's _PyEval_SliceIndex): None leaves *pi
 * unchanged; ints and __index__ objects are clamped to the wf_ssize_t range.
 * 0, or -1 with TypeError "slice indices must be integers or None or have an
 * __index__ method". (slice.c) */
int wf_slice_index(WfObject *v, wf_ssize_t *pi);
/* Makes every container type ready, helper types included (list/tuple/set/
 * range/dict iterators, dict views), and creates the empty tuple. Called by
 * wf_types_init() once object and type are ready. 0 or -1. (iterobject.c) */
int wf_containers_init(void);

/* ======================================================================
 * Functions, methods, cells, generators (function.c, method.c, cell.c, generator.c)
 * ====================================================================== */
typedef struct WfFunctionObject {
    WF_OBJECT_HEAD;
    wf_vectorcallfunc vectorcall;
    WfObject *func_code;        /* code object */
    WfObject *func_globals;     /* dict */
    WfObject *func_builtins;    /* dict */
    WfObject *func_name, *func_qualname;
    WfObject *func_defaults;    /* tuple or NULL */
    WfObject *func_kwdefaults;  /* dict or NULL */
    WfObject *func_closure;     /* tuple of cells or NULL */
    WfObject *func_doc, *func_dict, *func_module, *func_annotations;
    uint32_t func_version;      /* for CALL specializations; 0 = none */
} WfFunctionObject;
#define wf_function_check(o) (WF_TYPE(o) == &wf_function_type)
WfObject *wf_function_new(WfObject *code, WfObject *globals, WfObject *qualname);
/* The code a call runs: `f.__code__ = c` may replace it in another thread at
 * any time, so a call reads it once (here) and then uses its frame's code. */
static inline WfCodeObject *wf_function_code(WfFunctionObject *func) {
    return (WfCodeObject *)__atomic_load_n(&func->func_code, __ATOMIC_ACQUIRE);
}
/* __name__ and __qualname__, which another thread may replace (the old
 * string is retired, wf_field_exchange): loaded once, and used with no safe
 * point in between, or counted. */
static inline WfObject *wf_function_name(const WfFunctionObject *func) {
    return __atomic_load_n(&func->func_name, __ATOMIC_ACQUIRE);
}
static inline WfObject *wf_function_qualname(const WfFunctionObject *func) {
    return __atomic_load_n(&func->func_qualname, __ATOMIC_ACQUIRE);
}

typedef struct WfMethodObject {
    WF_OBJECT_HEAD;
    wf_vectorcallfunc vectorcall;
    WfObject *im_func;
    WfObject *im_self;
} WfMethodObject;
#define wf_method_check(o) (WF_TYPE(o) == &wf_method_type)
WfObject *wf_method_new(WfObject *func, WfObject *self);

typedef struct WfCellObject {
    WF_OBJECT_HEAD;
    WfObject *ob_ref;           /* NULL = empty */
} WfCellObject;
WfObject *wf_cell_new(WfObject *value);           /* value may be NULL */
/* Thread-safe contents access (cell.c): a new reference or NULL (empty);
 * wf_cell_set steals value (NULL empties) and drops the old one. */
WfObject *wf_cell_get_ref(WfObject *cell);
void wf_cell_set(WfObject *cell, WfObject *value);
/* The contents as a stack reference in *out, uncounted when they need no
 * count (immortal or deferred: they outlive a store that replaces them);
 * false, with *out NULL, when the cell is empty. */
bool wf_cell_get_stackref(WfObject *cell, struct WfStackRef *out);
#define wf_cell_check(o) (WF_TYPE(o) == &wf_cell_type)

/* ======================================================================
 * Modules (module.c) and the interpreter's entry points (runtime/)
 * ====================================================================== */
typedef struct WfModuleObject {
    WF_OBJECT_HEAD;
    WfObject *md_dict;
    WfObject *md_name;
    _Atomic(int) md_initializing;   /* 1 while import.c executes its code */
} WfModuleObject;
#define wf_module_check(o) (WF_TYPE(o) == &wf_module_type)
WfObject *wf_module_new(WfObject *name);            /* sets __name__, __doc__=None */
WfObject *wf_module_get_dict(WfObject *m);          /* borrowed */
/* A module from a method table, registered nowhere (import.c registers it). */
WfObject *wf_module_from_methods(const char *name, WfMethodDef *methods, const char *doc);
int wf_module_add_object(WfObject *m, const char *name, WfObject *value); /* steals value */
int wf_module_add_int(WfObject *m, const char *name, long value);

#endif /* WF_OBJECTS_H */
