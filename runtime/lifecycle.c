/* lifecycle.c — start the runtime, run a program, report how it ended.
 *
 * Order of start-up matters: the main thread state first (errors need it),
 * then every built-in type (wf_types_init), then the builtins and sys
 * modules, registered in sys.modules.
 * Exit status rules (CPython's): an uncaught exception prints its traceback
 * and gives 1; SystemExit(None) gives 0, SystemExit(int) that int,
 * SystemExit(other) prints str(other) to stderr and gives 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "runtime/objects/lockfree.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

static int register_module(WfObject *modules, const char *name, WfObject *module) {
    if (module == NULL)
        return -1;
    int rc = wf_dict_set_item_str(modules, name, module);
    return rc;
}

int wf_runtime_init(void) {
    WfInterpreter *interp = &wf_main_interpreter;
    if (interp->recursion_limit <= 0)
        interp->recursion_limit = WF_DEFAULT_RECURSION_LIMIT;
    if (wf_tstate_new_current(interp) == NULL)
        return -1;
    if (wf_types_init() < 0)
        return -1;
    interp->modules = wf_dict_new();
    if (interp->modules == NULL)
        return -1;
    interp->builtins_module = wf_builtins_init();
    if (interp->builtins_module == NULL)
        return -1;
    interp->builtins = wf_module_get_dict(interp->builtins_module);
    if (register_module(interp->modules, "builtins", interp->builtins_module) < 0)
        return -1;
    interp->sys_module = wf_sys_init();
    if (register_module(interp->modules, "sys", interp->sys_module) < 0)
        return -1;
    return 0;
}

int wf_runtime_set_argv(int argc, char **argv) {
    WfObject *list = wf_list_new(0);
    if (list == NULL)
        return -1;
    for (int i = 0; i < argc; i++) {
        WfObject *s = wf_str_from_utf8_lossy(argv[i], (wf_ssize_t)strlen(argv[i]));
        if (s == NULL || wf_list_append(list, s) < 0) {
            wf_xdecref(s);
            wf_decref(list);
            return -1;
        }
        wf_decref(s);
    }
    int rc = wf_object_setattr_cstr(wf_main_interpreter.sys_module, "argv", list);
    wf_decref(list);
    return rc;
}

/* Flushes sys.stdout and sys.stderr, ignoring errors (as CPython at exit). */
static void flush_std_streams(void) {
    const char *names[] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        WfObject *f = wf_sys_get_object(names[i]);
        if (f == NULL)
            continue;
        WfObject *r = wf_object_call_method_objargs(f, WF_ID(flush), NULL);
        if (r == NULL)
            wf_err_clear();
        wf_xdecref(r);
    }
    fflush(stdout);
    fflush(stderr);
}

/* Joins non-daemon threads (threading._shutdown), as CPython does at exit. */
static void shutdown_threading(void) {
    WfObject *threading = NULL;
    if (wf_main_interpreter.modules == NULL ||
        wf_dict_get_item_str_ref(wf_main_interpreter.modules, "threading", &threading) <= 0)
        return;
    WfObject *r = wf_object_call_method_cstr(threading, "_shutdown", NULL);
    if (r == NULL)
        wf_err_print();
    wf_xdecref(r);
    wf_decref(threading);
}

/* References that marked containers dropped shortly before exit wait for a
 * grace period (lockfree.h point 4): drop them now, so that their __del__
 * methods run and files they hold are closed, as they would have been had
 * the program run a moment longer. Dropping one can retire more (a dying
 * container's items): a few rounds settle it. */
static void drain_retired_references(void) {
    for (int round = 0; round < 8; round++) {
        wf_qsbr_barrier();
        if (!wf_objects_retired_refs_ready())
            break;
        wf_objects_drain_retired_refs();
    }
}

void wf_runtime_finalize(void) {
    shutdown_threading();
    if (wf_objects_are_shared())
        drain_retired_references();
#ifdef WF_DEBUG
    wf_debug_report_shared_refs();   /* the main thread's (shared_ref_survey.c) */
#endif
    flush_std_streams();
    /* Daemon threads may still be running: freeze them (they stay suspended
     * until the process exits) so none touches objects during exit. */
    wf_stop_the_world();
    /* Objects are reclaimed by process exit; tearing the heap down piecewise
     * would only cost time (CPython skips most of it too). */
}

int wf_handle_system_exit(WfObject *exc) {
    WfObject *code = NULL;
    int status = 0;
    if (wf_object_lookup_attr(exc, WF_ID(code), &code) < 0) {
        wf_err_clear();
        return 1;
    }
    if (code == NULL || code == WF_NONE) {
        status = 0;
    } else if (wf_int_check(code)) {
        int overflow = 0;
        long v = wf_int_as_long_and_overflow(code, &overflow);
        status = overflow ? -1 : (int)v;
    } else {
        /* sys.exit("message"): the message goes to stderr, status 1. */
        flush_std_streams();
        WfObject *s = wf_object_str(code);
        if (s) {
            fprintf(stderr, "%s\n", wf_str_as_utf8(s));
            wf_decref(s);
        } else {
            wf_err_clear();
        }
        status = 1;
    }
    wf_xdecref(code);
    return status;
}

/* Reports the pending exception and returns the exit status it implies. */
static int report_exception(void) {
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return 1;
    if (wf_err_given_exception_matches(exc, wf_exc_SystemExit)) {
        int status = wf_handle_system_exit(exc);
        wf_decref(exc);
        return status;
    }
    flush_std_streams();
    wf_err_set_raised(exc);
    wf_err_print();   /* through sys.excepthook */
    return 1;
}

static WfObject *new_main_module(const char *filename) {
    WfObject *name = wf_str_from_cstr("__main__");
    if (name == NULL)
        return NULL;
    WfObject *module = wf_module_new(name);
    wf_decref(name);
    if (module == NULL)
        return NULL;
    WfObject *dict = wf_module_get_dict(module);
    if (wf_dict_set_item_str(dict, "__builtins__", wf_main_interpreter.builtins_module) < 0)
        goto fail;
    if (filename) {
        WfObject *file = wf_str_from_cstr(filename);
        if (file == NULL || wf_dict_set_item_str(dict, "__file__", file) < 0) {
            wf_xdecref(file);
            goto fail;
        }
        wf_decref(file);
    }
    if (wf_dict_set_item_str(wf_main_interpreter.modules, "__main__", module) < 0)
        goto fail;
    wf_main_interpreter.main_module = module;
    return module;
fail:
    wf_decref(module);
    return NULL;
}

/* sys.path[0]: the script's directory, or "" (the current one) for -c and stdin. */
static int set_path0(const char *script) {
    WfObject *path = wf_sys_get_object("path");
    if (path == NULL || !wf_list_check(path))
        return 0;
    const char *slash = script ? strrchr(script, '/') : NULL;
    WfObject *dir = slash ? wf_str_from_utf8(script, slash == script ? 1 : slash - script)
                          : wf_str_from_cstr(script ? "." : "");
    if (dir == NULL)
        return -1;
    int rc = wf_list_insert(path, 0, dir);
    wf_decref(dir);
    return rc;
}

/* Compiles and runs source as the __main__ module. */
static int run_source(const char *source, size_t len, const char *filename, const char *file_attr) {
    const char *script = file_attr && strcmp(file_attr, "<stdin>") != 0 ? file_attr : NULL;
    WfObject *module = set_path0(script) < 0 ? NULL : new_main_module(file_attr);
    if (module == NULL)
        return report_exception();
    WfObject *fname = wf_str_from_cstr(filename);
    if (fname == NULL)
        return report_exception();
    WfObject *code = wf_compile_source(source, len, fname, WF_COMPILE_EXEC);
    wf_decref(fname);
    if (code == NULL)
        return report_exception();
    WfObject *dict = wf_module_get_dict(module);
    WfObject *result = wf_eval_code(code, dict, dict);
    wf_decref(code);
    if (result == NULL)
        return report_exception();
    wf_decref(result);
    return 0;
}

/* Reads a whole stream; NULL with *len unset on failure. */
static char *read_stream(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = read_stream(f, len);
    int saved = errno;
    fclose(f);
    errno = saved;
    return buf;
}

int wf_run_file(const char *path) {
    size_t len = 0;
    char *source = read_file(path, &len);
    if (source == NULL) {
        fprintf(stderr, "weft: can't open file '%s': [Errno %d] %s\n", path, errno, strerror(errno));
        return 2;
    }
    int rc = run_source(source, len, path, path);
    free(source);
    return rc;
}

int wf_run_string(const char *source, const char *filename) {
    return run_source(source, strlen(source), filename, NULL);
}

int wf_run_stdin(void) {
    size_t len = 0;
    char *source = read_stream(stdin, &len);
    if (source == NULL) {
        fprintf(stderr, "weft: can't read standard input\n");
        return 1;
    }
    int rc = run_source(source, len, "<stdin>", "<stdin>");
    free(source);
    return rc;
}

int wf_dis_file(const char *command, const char *path) {
    size_t len = 0;
    char *source = NULL;
    const char *filename = command ? "<string>" : (path ? path : "<stdin>");
    if (command) {
        len = strlen(command);
        source = strdup(command);
    } else if (path && strcmp(path, "-") != 0) {
        source = read_file(path, &len);
    } else {
        source = read_stream(stdin, &len);
    }
    if (source == NULL) {
        fprintf(stderr, "weft: can't open file '%s': [Errno %d] %s\n", filename, errno, strerror(errno));
        return 2;
    }
    WfObject *fname = wf_str_from_cstr(filename);
    WfObject *code = fname ? wf_compile_source(source, len, fname, WF_COMPILE_EXEC) : NULL;
    wf_xdecref(fname);
    free(source);
    if (code == NULL)
        return report_exception();
    wf_code_disassemble(code, stdout);
    wf_decref(code);
    return 0;
}
