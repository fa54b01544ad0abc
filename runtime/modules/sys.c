/* sys.c — the sys module.
 *
 * sys.modules is the interpreter's module dict itself (interp->modules), so
 * imports and user code see one table. The recursion limit lives in the
 * interpreter; each thread keeps how many frames it may still push
 * (recursion_remaining), adjusted when the limit changes.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/frame.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

static WfObject *sys_exit(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("exit", nargs, 0, 1) < 0)
        return NULL;
    wf_err_set_object(wf_exc_SystemExit, nargs ? args[0] : NULL);
    return NULL;
}

static WfObject *sys_getrecursionlimit(WfObject *self, WfObject *unused) {
    return wf_int_from_long(__atomic_load_n(&wf_main_interpreter.recursion_limit, __ATOMIC_RELAXED));
}

static WfObject *sys_setrecursionlimit(WfObject *self, WfObject *arg) {
    if (!wf_int_check(arg)) {
        return wf_err_format(wf_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             wf_type_name(WF_TYPE(arg)));
    }
    int overflow = 0;
    long limit = wf_int_as_long_and_overflow(arg, &overflow);
    if (overflow || limit > INT_MAX)
        return wf_err_format(wf_exc_OverflowError, "Python int too large to convert to C int");
    if (limit < 1)
        return wf_err_format(wf_exc_ValueError, "recursion limit must be greater or equal than 1");
    WfInterpreter *interp = &wf_main_interpreter;
    WfThreadState *ts = wf_tstate_get();
    int depth = __atomic_load_n(&interp->recursion_limit, __ATOMIC_RELAXED) - ts->recursion_remaining;
    if (depth >= limit) {
        return wf_err_format(wf_exc_RecursionError,
                             "cannot set the recursion limit to %ld at the recursion depth %d: "
                             "the limit is too low", limit, depth);
    }
    wf_threads_set_recursion_limit((int)limit);
    WF_RETURN_NONE;
}

/* The switch interval: how long a thread keeps its run slot while another
 * waits (threads/run_slots.c); kept in microseconds, as CPython keeps it. */
static WfObject *sys_getswitchinterval(WfObject *self, WfObject *unused) {
    return wf_float_from_double(1e-6 * (double)wf_switch_interval_us());
}

static WfObject *sys_setswitchinterval(WfObject *self, WfObject *arg) {
    double interval = wf_float_as_double(arg);
    if (interval == -1.0 && wf_err_occurred())
        return NULL;
    if (!(interval > 0.0))
        return wf_err_format(wf_exc_ValueError, "switch interval must be strictly positive");
    double us = 1e6 * interval;
    wf_set_switch_interval_us(us >= 9.2e18 ? INT64_MAX : (int64_t)us);
    WF_RETURN_NONE;
}

static WfObject *sys_getrefcount(WfObject *self, WfObject *arg) {
    return wf_int_from_ssize(wf_refcount(arg));
}

static WfObject *sys_intern(WfObject *self, WfObject *arg) {
    if (!wf_str_check_exact(arg))
        return wf_err_format(wf_exc_TypeError, "intern() argument must be str, not %s",
                             wf_type_name(WF_TYPE(arg)));
    WfObject *s = wf_newref(arg);
    wf_str_intern_in_place(&s);
    return s;
}

static WfObject *sys_exc_info(WfObject *self, WfObject *unused) {
    WfObject *exc = wf_err_get_handled();
    if (exc == NULL || exc == WF_NONE)
        return wf_tuple_pack(3, WF_NONE, WF_NONE, WF_NONE);
    /* A new reference: another thread raising exc may replace it. */
    WfObject *tb = wf_exception_get_traceback_ref(exc);
    WfObject *res = wf_tuple_pack(3, (WfObject *)WF_TYPE(exc), exc, tb ? tb : WF_NONE);
    wf_xdecref(tb);
    return res;
}

static WfObject *sys_exception(WfObject *self, WfObject *unused) {
    WfObject *exc = wf_err_get_handled();
    return wf_newref(exc ? exc : WF_NONE);
}

/* sys._print_exception(exc, file=None): print exc and its traceback as an
 * uncaught exception is printed, to file or sys.stderr (threading's
 * excepthook uses it; weft has no traceback module). */
static WfObject *sys_print_exception(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("_print_exception", nargs, 1, 2) < 0)
        return NULL;
    WfObject *file = nargs == 2 && args[1] != WF_NONE ? args[1] : wf_sys_get_object("stderr");
    wf_err_display_to_file(args[0], file);
    WF_RETURN_NONE;
}

/* sys.excepthook(type, value, traceback), also sys.__excepthook__: prints
 * value as an uncaught exception is printed, to sys.stderr; value gets the
 * traceback when it has none (CPython's PyErr_Display). wf_err_print calls
 * whatever sys.excepthook is. */
static WfObject *sys_excepthook(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (nargs != 3)
        return wf_err_format(wf_exc_TypeError, "excepthook expected 3 arguments, got %zd", nargs);
    WfObject *value = args[1], *tb = args[2];
    WfObject *file = wf_sys_get_object("stderr");
    if (!wf_exception_instance_check(value)) {
        WfObject *msg = wf_str_from_format("TypeError: print_exception(): Exception expected for value, "
                                           "%s found\n", wf_type_name(WF_TYPE(value)));
        if (msg == NULL)
            return NULL;
        int rc = file ? wf_file_write_string(wf_str_as_utf8(msg), file) : fputs(wf_str_as_utf8(msg), stderr);
        wf_decref(msg);
        if (rc < 0)
            return NULL;
        WF_RETURN_NONE;
    }
    if (WF_IS_TYPE(tb, &wf_traceback_type)) {
        WfObject *current = wf_exception_get_traceback_ref(value);
        if (current == NULL || current == WF_NONE)
            wf_exception_set_traceback(value, tb);
        wf_xdecref(current);
    }
    wf_err_display_to_file(value, file);
    WF_RETURN_NONE;
}

static WfObject *default_excepthook;   /* the built-in, kept for wf_sys_excepthook_is_default */

bool wf_sys_excepthook_is_default(WfObject *hook) {
    return hook == default_excepthook;
}

/* sys._getframe([depth]): the frame object `depth` calls up the stack. */
static WfObject *sys_getframe(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    if (wf_arg_check_positional("_getframe", nargs, 0, 1) < 0)
        return NULL;
    long depth = 0;
    if (nargs == 1) {
        depth = wf_int_as_long(args[0]);
        if (depth == -1 && wf_err_occurred())
            return NULL;
    }
    WfFrame *f = wf_tstate_get()->current_frame;
    while (f && depth-- > 0)
        f = f->previous;
    if (f == NULL)
        return wf_err_format(wf_exc_ValueError, "call stack is not deep enough");
    WfObject *fo = wf_frame_get_frame_object(f);
    return fo ? wf_newref(fo) : NULL;
}

static WfMethodDef sys_methods[] = {
    {"_getframe", (void *)sys_getframe, WF_METH_FASTCALL, NULL},
    {"_print_exception", (void *)sys_print_exception, WF_METH_FASTCALL, NULL},
    {"excepthook", (void *)sys_excepthook, WF_METH_FASTCALL,
     "excepthook(exctype, value, traceback)\n\nHandle an exception by displaying it with a traceback on sys.stderr."},
    {"exit", (void *)sys_exit, WF_METH_FASTCALL, "exit([status])\n\nExit the interpreter by raising SystemExit(status)."},
    {"getrecursionlimit", (void *)sys_getrecursionlimit, WF_METH_NOARGS, NULL},
    {"setrecursionlimit", (void *)sys_setrecursionlimit, WF_METH_O, NULL},
    {"getswitchinterval", (void *)sys_getswitchinterval, WF_METH_NOARGS, NULL},
    {"setswitchinterval", (void *)sys_setswitchinterval, WF_METH_O, NULL},
    {"getrefcount", (void *)sys_getrefcount, WF_METH_O, NULL},
    {"intern", (void *)sys_intern, WF_METH_O, NULL},
    {"exc_info", (void *)sys_exc_info, WF_METH_NOARGS, NULL},
    {"exception", (void *)sys_exception, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* sys.version_info: a tuple whose fields also have names, like CPython's
 * struct sequence. */
static const char *const version_fields[] = {"major", "minor", "micro", "releaselevel", "serial"};

static WfObject *version_info_get(WfObject *self, void *closure) {
    return wf_newref(WF_TUPLE_ITEM(self, (intptr_t)closure));
}

static WfObject *version_info_repr(WfObject *self) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    wf_str_builder_append_cstr(&b, "sys.version_info(");
    for (int i = 0; i < 5; i++) {
        WfObject *r = wf_object_repr(WF_TUPLE_ITEM(self, i));
        if (r == NULL) {
            wf_str_builder_discard(&b);
            return NULL;
        }
        wf_str_builder_append_cstr(&b, i ? ", " : "");
        wf_str_builder_append_cstr(&b, version_fields[i]);
        wf_str_builder_append_cstr(&b, "=");
        wf_str_builder_append_str(&b, r);
        wf_decref(r);
    }
    wf_str_builder_append_cstr(&b, ")");
    return wf_str_builder_finish(&b);
}

static WfGetSetDef version_info_getset[] = {
    {"major", version_info_get, NULL, NULL, (void *)0},
    {"minor", version_info_get, NULL, NULL, (void *)1},
    {"micro", version_info_get, NULL, NULL, (void *)2},
    {"releaselevel", version_info_get, NULL, NULL, (void *)3},
    {"serial", version_info_get, NULL, NULL, (void *)4},
    {NULL, NULL, NULL, NULL, NULL},
};

static WfTypeObject version_info_type = {
    .tp_name = "sys.version_info",
    .tp_basicsize = offsetof(WfTupleObject, ob_item),
    .tp_itemsize = sizeof(WfObject *),
    .tp_base = &wf_tuple_type,
    .tp_repr = version_info_repr,
    .tp_getset = version_info_getset,
};

static WfObject *make_version_info(void) {
    if (wf_type_ready(&version_info_type) < 0)
        return NULL;
    WfObject *vi = wf_type_generic_alloc(&version_info_type, 5);
    if (vi == NULL)
        return NULL;
    ((WfTupleObject *)vi)->hash_cache = -1;
    WF_TUPLE_SET_ITEM(vi, 0, wf_int_from_long(3));
    WF_TUPLE_SET_ITEM(vi, 1, wf_int_from_long(12));
    WF_TUPLE_SET_ITEM(vi, 2, wf_int_from_long(0));
    WF_TUPLE_SET_ITEM(vi, 3, wf_str_intern_cstr("final"));
    WF_TUPLE_SET_ITEM(vi, 4, wf_int_from_long(0));
    return vi;
}

static WfObject *make_streams(WfObject *m) {
    struct { const char *attr, *dunder, *name, *mode; int fd; } streams[] = {
        {"stdin", "__stdin__", "<stdin>", "r", 0},
        {"stdout", "__stdout__", "<stdout>", "w", 1},
        {"stderr", "__stderr__", "<stderr>", "w", 2},
    };
    for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
        WfObject *f = wf_file_from_fd(streams[i].fd, streams[i].name, streams[i].mode, 0);
        if (f == NULL)
            return NULL;
        if (wf_dict_set_item_str(wf_module_get_dict(m), streams[i].dunder, f) < 0 ||
            wf_module_add_object(m, streams[i].attr, f) < 0)
            return NULL;
    }
    return m;
}

#ifndef WF_LIB_DIR
#define WF_LIB_DIR "lib"
#endif

static int append_path(WfObject *list, const char *dir, size_t len) {
    WfObject *s = wf_str_from_utf8_lossy(dir, (wf_ssize_t)len);
    if (s == NULL)
        return -1;
    int rc = wf_list_append(list, s);
    wf_decref(s);
    return rc;
}

static WfObject *make_path(void) {
    WfObject *path = wf_list_new(0);
    if (path == NULL)
        return NULL;
    const char *env = getenv("WEFTPATH");
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        if (len && append_path(path, env, len) < 0)
            goto fail;
        env = colon ? colon + 1 : NULL;
    }
    if (append_path(path, WF_LIB_DIR, strlen(WF_LIB_DIR)) < 0)
        goto fail;
    return path;
fail:
    wf_decref(path);
    return NULL;
}

WfObject *wf_sys_init(void) {
    WfObject *m = wf_module_from_methods("sys", sys_methods, "System-specific parameters and functions.");
    if (m == NULL)
        return NULL;
    /* sys.path: [script dir (added at run time), WEFTPATH entries, lib/] */
    WfObject *path = make_path();
    WfObject *version = wf_str_from_format("%s (weft %s)", WF_VERSION, WF_IMPL_VERSION);
    if (wf_module_add_object(m, "path", path) < 0 ||
        wf_module_add_object(m, "argv", wf_list_new(0)) < 0 ||
        wf_module_add_object(m, "version", version) < 0 ||
        wf_module_add_object(m, "version_info", make_version_info()) < 0 ||
        wf_module_add_object(m, "platform", wf_str_from_cstr("linux")) < 0 ||
        wf_module_add_object(m, "byteorder", wf_str_from_cstr("little")) < 0 ||
        wf_module_add_object(m, "executable", wf_str_from_cstr("weft")) < 0 ||
        wf_module_add_object(m, "maxsize", wf_int_from_ssize(WF_SSIZE_T_MAX)) < 0 ||
        wf_module_add_int(m, "maxunicode", 0x10FFFF) < 0 ||
        wf_dict_set_item_str(wf_module_get_dict(m), "modules", wf_main_interpreter.modules) < 0 ||
        make_streams(m) == NULL) {
        wf_decref(m);
        return NULL;
    }
    default_excepthook = wf_dict_get_item_str(wf_module_get_dict(m), "excepthook");
    if (default_excepthook == NULL ||
        wf_dict_set_item_str(wf_module_get_dict(m), "__excepthook__", default_excepthook) < 0) {
        wf_decref(m);
        return NULL;
    }
    wf_incref(default_excepthook);   /* for the life of the process */
    return m;
}

WfObject *wf_sys_get_object(const char *name) {
    WfObject *sys = wf_main_interpreter.sys_module;
    if (sys == NULL)
        return NULL;
    return wf_dict_get_item_str(wf_module_get_dict(sys), name);
}
