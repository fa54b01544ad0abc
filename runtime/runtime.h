/* runtime.h — the public header of runtime/: start the interpreter, run code.
 * (The eval loop's frame layout is in runtime/frame.h, used by stackref/ and gc/.) */
#ifndef WF_RUNTIME_H
#define WF_RUNTIME_H

#include "runtime/objects/objects.h"

/* Process start-up: types, singletons, the main thread state, builtins, sys.
 * argv becomes sys.argv (argv[0] = script name, as python3 sets it). 0 or -1. */
int wf_runtime_init(void);
int wf_runtime_set_argv(int argc, char **argv);
void wf_runtime_finalize(void);

/* Runs a code object in a module namespace (exec) or with separate locals.
 * locals may equal globals. Returns the result (None for modules). (eval.c) */
WfObject *wf_eval_code(WfObject *code, WfObject *globals, WfObject *locals);
/* Calls func (a Python function) with the frame's locals mapping set to
 * `locals` — used by __build_class__ to run a class body. (eval.c) */
WfObject *wf_eval_function_with_locals(WfObject *func, WfObject *locals);
/* The Python function call path used by wf_function_type.tp_vectorcall. (eval.c) */
WfObject *wf_function_vectorcall(WfObject *func, WfObject *const *args, size_t nargsf,
                                 WfObject *kwnames);
/* Globals / locals / builtins of the innermost Python frame (borrowed; NULL if none). */
WfObject *wf_eval_get_globals(void);
WfObject *wf_eval_get_locals(void);     /* a dict snapshot for function frames (new ref!) — see eval.c */
WfObject *wf_eval_get_builtins(void);
/* The eval-breaker slow path: stop-the-world, pending GC, merges. 0 or -1. */
int wf_handle_eval_breaker(WfThreadState *tstate);

/* Running programs (lifecycle.c). Each returns the process exit status
 * (0, 1 for an uncaught exception, N for sys.exit(N)) after printing any traceback. */
int wf_run_file(const char *path);
int wf_run_string(const char *source, const char *filename);
int wf_run_stdin(void);
/* -X dis: compiles the command (if not NULL) or the file and prints its bytecode. */
int wf_dis_file(const char *command, const char *path);
/* Handles SystemExit: returns the exit code it asks for (printing a message
 * argument to stderr) and clears it. */
int wf_handle_system_exit(WfObject *exc);

/* Imports (import.c). */
WfObject *wf_import_module(WfObject *name);              /* import name (dotted) -> top module */
WfObject *wf_import_module_level(WfObject *name, WfObject *globals, WfObject *fromlist, int level);
WfObject *wf_import_add_builtin(const char *name, WfObject *module); /* register in sys.modules; steals */
/* Builtin modules are created on first import by their init function. */
typedef WfObject *(*wf_module_initfunc)(void);
WfObject *wf_sys_init(void);      /* modules/sys.c */
WfObject *wf_math_init(void);     /* modules/math.c */
WfObject *wf_time_init(void);     /* modules/time.c */
WfObject *wf_thread_module_init(void); /* modules/thread_module.c: _thread */
WfObject *wf_os_init(void);       /* modules/os_module.c: a minimal os */
WfObject *wf_builtins_init(void); /* builtins.c */
/* sys.stdout / sys.stderr as objects (borrowed; may be NULL early in start-up). */
WfObject *wf_sys_get_object(const char *name);
/* Whether hook is the built-in sys.excepthook (sys.__excepthook__). */
bool wf_sys_excepthook_is_default(WfObject *hook);
/* File objects (runtime/objects/file.c): text files over a descriptor, as
 * open() and sys.stdout/stderr/stdin. mode: "r", "w", "a". closefd: close fd on close(). */
WfObject *wf_file_from_fd(int fd, const char *name, const char *mode, int closefd);
WfObject *wf_file_open(WfObject *path, const char *mode);   /* open(path, mode) */
extern WfTypeObject wf_file_type;
/* Prints exc with its traceback to a Python file object (sys.stderr). */
void wf_err_display_to_file(WfObject *exc, WfObject *file);
/* Writes str(obj) (or obj itself when raw and it is a str) to a file-like object. */
int wf_file_write_object(WfObject *obj, WfObject *file, int raw);
int wf_file_write_string(const char *s, WfObject *file);

#endif /* WF_RUNTIME_H */
