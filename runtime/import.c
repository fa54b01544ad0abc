/* import.c — the import system: built-in modules and .py files on sys.path.
 *
 * Invariants:
 *  - sys.modules (interp->modules) holds every module that finished or is
 *    being executed; a module is registered before its code runs (so cyclic
 *    imports see the partial module) and removed again if its code fails.
 *  - Built-in modules are made by their init function on first import.
 *  - Each module name has its own import lock while it is imported (as
 *    CPython's _ModuleLock): held, recursively, by the thread that finds and
 *    executes the module, so imports of different modules run at once (a
 *    module body may start a thread that imports another module and join
 *    it). A thread that finds a module in sys.modules while another thread
 *    is still executing it waits for that module's lock, so no thread sees
 *    a half-initialised module — except the importing thread itself, as
 *    Python's cyclic-import semantics require, and a thread whose wait
 *    would close a cycle of waits (two threads importing each other's
 *    modules), which gets the partial module as in CPython.
 *  - Packages: a directory with __init__.py; `import a.b` imports a, then
 *    a.b from a's __path__, binds b as an attribute of a, and returns a
 *    (or a.b itself when a fromlist is given).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

typedef struct BuiltinModule {
    const char *name;
    wf_module_initfunc init;
} BuiltinModule;

/* Modules built into the binary; sys and builtins are made at start-up. */
static const BuiltinModule builtin_modules[] = {
    {"math", wf_math_init},
    {"time", wf_time_init},
    {"_thread", wf_thread_module_init},
    {"os", wf_os_init},
    {NULL, NULL},
};

/* ---- per-module import locks -----------------------------------------------
 * The registry (a pthread mutex: held briefly, never across Python code or a
 * wait) keeps the locks of the names being imported and, for deadlock
 * detection, which lock each waiting thread waits for. A lock lives while
 * some thread holds it or waits for it (users). Its own one-byte mutex is
 * what a thread holds while it imports the module; waiting for it detaches. */
typedef struct ModuleLock {
    struct ModuleLock *next;
    WfObject *name;     /* str, counted */
    uint8_t mutex;
    uintptr_t owner;    /* wf_thread_id() of the holder, 0 when free */
    int depth;          /* the holder's recursion */
    int users;          /* threads holding or waiting for it */
} ModuleLock;

typedef struct LockWaiter {
    struct LockWaiter *next;
    uintptr_t thread;
    ModuleLock *lock;
} LockWaiter;

static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static ModuleLock *module_locks;   /* registry_mutex */
static LockWaiter *lock_waiters;   /* registry_mutex */

/* The lock for name, made on first use; NULL only when out of memory. */
static ModuleLock *registry_lock_for(WfObject *name) {
    for (ModuleLock *l = module_locks; l; l = l->next)
        if (wf_str_equal(l->name, name))
            return l;
    ModuleLock *l = calloc(1, sizeof(*l));
    if (l == NULL)
        return NULL;
    l->name = wf_newref(name);
    l->next = module_locks;
    module_locks = l;
    return l;
}

static void registry_drop_user(ModuleLock *l) {
    if (--l->users > 0)
        return;
    for (ModuleLock **p = &module_locks; *p; p = &(*p)->next) {
        if (*p == l) {
            *p = l->next;
            break;
        }
    }
    wf_decref(l->name);
    free(l);
}

static ModuleLock *registry_waited_by(uintptr_t thread) {
    for (LockWaiter *w = lock_waiters; w; w = w->next)
        if (w->thread == thread)
            return w->lock;
    return NULL;
}

/* Would waiting for l close a cycle: l's holder waits for a lock whose
 * holder waits ... for one that `me` holds? */
static bool registry_would_deadlock(ModuleLock *l, uintptr_t me) {
    int steps = 0;   /* bounded: each wait was checked when it began, so no other cycle exists */
    for (ModuleLock *cur = l; cur != NULL && steps < 100000; cur = registry_waited_by(cur->owner), steps++) {
        if (cur->owner == me)
            return true;
        if (cur->owner == 0)
            return false;
    }
    return false;
}

/* Takes name's import lock; NULL with an exception set when out of memory
 * or when waiting would deadlock (*deadlock then true). */
static ModuleLock *module_lock_acquire(WfObject *name, bool *deadlock) {
    uintptr_t me = wf_thread_id();
    *deadlock = false;
    pthread_mutex_lock(&registry_mutex);
    ModuleLock *l = registry_lock_for(name);
    if (l == NULL) {
        pthread_mutex_unlock(&registry_mutex);
        wf_err_no_memory();
        return NULL;
    }
    l->users++;
    if (l->owner == me) {
        l->depth++;
        pthread_mutex_unlock(&registry_mutex);
        return l;
    }
    if (!wf_mutex_trylock_fast(&l->mutex)) {
        LockWaiter waiter = {lock_waiters, me, l};
        if (registry_would_deadlock(l, me)) {
            registry_drop_user(l);
            pthread_mutex_unlock(&registry_mutex);
            *deadlock = true;
            wf_err_format(wf_exc_RuntimeError, "deadlock detected by _ModuleLock('%U')", name);
            return NULL;
        }
        lock_waiters = &waiter;
        pthread_mutex_unlock(&registry_mutex);
        wf_mutex_lock(&l->mutex);
        pthread_mutex_lock(&registry_mutex);
        for (LockWaiter **p = &lock_waiters; *p; p = &(*p)->next) {
            if (*p == &waiter) {
                *p = waiter.next;
                break;
            }
        }
    }
    l->owner = me;
    l->depth = 1;
    pthread_mutex_unlock(&registry_mutex);
    return l;
}

static void module_lock_release(ModuleLock *l) {
    pthread_mutex_lock(&registry_mutex);
    if (--l->depth == 0) {
        l->owner = 0;
        wf_mutex_unlock(&l->mutex);
    }
    registry_drop_user(l);
    pthread_mutex_unlock(&registry_mutex);
}

static WfObject *find_in_sys_modules(WfObject *name) {
    WfObject *m = NULL;
    if (wf_dict_get_item_ref(wf_main_interpreter.modules, name, &m) < 0)
        return NULL;
    return m; /* new ref or NULL without error */
}

static WfObject *import_builtin(WfObject *name) {
    const char *cname = wf_str_as_utf8(name);
    for (const BuiltinModule *b = builtin_modules; b->name; b++) {
        if (strcmp(b->name, cname) != 0)
            continue;
        WfObject *m = b->init();
        if (m == NULL)
            return NULL;
        if (wf_dict_set_item(wf_main_interpreter.modules, name, m) < 0) {
            wf_decref(m);
            return NULL;
        }
        return m;
    }
    return NULL; /* not built in: no error */
}

static bool is_regular_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Looks for `last`.py or `last`/__init__.py in each directory of search_path
 * (a list of str). Returns a malloc'd path or NULL; *is_package is set. */
static char *find_source(WfObject *search_path, const char *last, bool *is_package) {
    if (search_path == NULL || !wf_list_check(search_path))
        return NULL;
    for (wf_ssize_t i = 0; i < wf_list_size(search_path); i++) {
        WfObject *dir = wf_list_get_item_ref(search_path, i);
        if (dir == NULL) {
            wf_err_clear();
            break;
        }
        if (wf_str_check(dir)) {
            const char *d = wf_str_as_utf8(dir);
            const char *sep = d[0] ? "/" : "";
            size_t n = strlen(d) + strlen(last) + 32;
            char *path = malloc(n);
            if (path == NULL) {
                wf_decref(dir);
                return NULL;
            }
            snprintf(path, n, "%s%s%s/__init__.py", d, sep, last);
            if (is_regular_file(path)) {
                *is_package = true;
                wf_decref(dir);
                return path;
            }
            snprintf(path, n, "%s%s%s.py", d, sep, last);
            if (is_regular_file(path)) {
                *is_package = false;
                wf_decref(dir);
                return path;
            }
            free(path);
        }
        wf_decref(dir);
    }
    return NULL;
}

static char *read_source(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        *len = (size_t)size;
    return buf;
}

/* Sets the module attributes a source module starts with. */
static int init_source_module(WfObject *module, const char *path, bool is_package, WfObject *name) {
    WfObject *dict = wf_module_get_dict(module);
    WfObject *file = wf_str_from_cstr(path);
    if (file == NULL || wf_dict_set_item(dict, WF_ID(__file__), file) < 0) {
        wf_xdecref(file);
        return -1;
    }
    wf_decref(file);
    if (wf_dict_set_item(dict, WF_ID(__builtins__), wf_main_interpreter.builtins_module) < 0)
        return -1;
    if (is_package) {
        const char *slash = strrchr(path, '/');
        WfObject *dir = slash ? wf_str_from_utf8(path, slash - path) : wf_str_from_cstr("");
        WfObject *pkg_path = dir ? wf_tuple_pack(1, dir) : NULL;
        WfObject *pkg_list = pkg_path ? wf_sequence_list(pkg_path) : NULL;
        wf_xdecref(dir);
        wf_xdecref(pkg_path);
        if (pkg_list == NULL || wf_dict_set_item(dict, WF_ID(__path__), pkg_list) < 0) {
            wf_xdecref(pkg_list);
            return -1;
        }
        wf_decref(pkg_list);
        return wf_dict_set_item(dict, WF_ID(__package__), name);
    }
    /* __package__ of a plain module: its parent package name, or "". */
    const char *full = wf_str_as_utf8(name);
    const char *dot = strrchr(full, '.');
    WfObject *package = dot ? wf_str_from_utf8(full, dot - full) : wf_newref(wf_str_empty);
    if (package == NULL)
        return -1;
    int rc = wf_dict_set_item(dict, WF_ID(__package__), package);
    wf_decref(package);
    return rc;
}

static WfObject *exec_source_module(WfObject *name, const char *path, bool is_package) {
    size_t len = 0;
    char *source = read_source(path, &len);
    if (source == NULL)
        return wf_err_set_from_errno_filename(wf_exc_OSError, path);
    WfObject *module = wf_module_new(name);
    WfObject *filename = wf_str_from_cstr(path);
    WfObject *code = NULL, *result = NULL;
    if (module == NULL || filename == NULL || init_source_module(module, path, is_package, name) < 0)
        goto done;
    code = wf_compile_source(source, len, filename, WF_COMPILE_EXEC);
    if (code == NULL)
        goto done;
    /* Flag first, publish second: another thread that finds the module in
     * sys.modules must see it as initialising. */
    atomic_store_explicit(&((WfModuleObject *)module)->md_initializing, 1, memory_order_release);
    if (wf_dict_set_item(wf_main_interpreter.modules, name, module) < 0)
        goto done;
    WfObject *dict = wf_module_get_dict(module);
    result = wf_eval_code(code, dict, dict);
    atomic_store_explicit(&((WfModuleObject *)module)->md_initializing, 0, memory_order_release);
    if (result == NULL) {
        /* Failed imports leave nothing behind in sys.modules. */
        WfObject *exc = wf_err_get_raised();
        WfObject *removed = NULL;
        if (wf_dict_pop(wf_main_interpreter.modules, name, &removed) < 0)
            wf_err_clear();
        wf_xdecref(removed);
        wf_err_set_raised(exc);
    }
done:
    free(source);
    wf_xdecref(filename);
    wf_xdecref(code);
    if (result == NULL) {
        wf_xdecref(module);
        return NULL;
    }
    wf_decref(result);
    /* The module may have replaced itself in sys.modules. */
    WfObject *final = find_in_sys_modules(name);
    if (final) {
        wf_decref(module);
        return final;
    }
    return module;
}

/* Raises ModuleNotFoundError(msg) with .name set; msg is stolen. */
static WfObject *raise_not_found(WfObject *name, WfObject *msg) {
    return wf_err_set_import_error(wf_exc_ModuleNotFoundError, msg, name, NULL);
}

static WfObject *module_not_found(WfObject *name) {
    return raise_not_found(name, wf_str_from_format("No module named '%U'", name));
}

/* `sys.modules[name] = None`: a program's way to block an import. */
static WfObject *import_halted(WfObject *name) {
    return raise_not_found(name, wf_str_from_format("import of %U halted; None in sys.modules", name));
}

static WfObject *import_one_locked(WfObject *fullname, WfObject *parent);

/* A module some thread is still executing (this one, for a cyclic import). */
static bool is_initializing(WfObject *m) {
    return wf_module_check(m) &&
           atomic_load_explicit(&((WfModuleObject *)m)->md_initializing, memory_order_acquire) != 0;
}

/* Imports one fully qualified module name whose parent (if any) is `parent`. */
static WfObject *import_one(WfObject *fullname, WfObject *parent) {
    WfObject *m = find_in_sys_modules(fullname);
    if (m == WF_NONE) {
        wf_decref(m);
        return import_halted(fullname);
    }
    if (m && !is_initializing(m))
        return m; /* the common case: imported long ago, no lock taken */
    if (m == NULL && wf_err_occurred())
        return NULL;
    /* Absent, or still executing: take its lock, which waits for the
     * executing thread (or is ours already: the partial module). */
    bool deadlock;
    ModuleLock *l = module_lock_acquire(fullname, &deadlock);
    if (l == NULL) {
        if (deadlock && m != NULL) {
            wf_err_clear();   /* CPython's _lock_unlock_module: the partial module */
            return m;
        }
        wf_xdecref(m);
        return NULL;
    }
    wf_xdecref(m);
    m = import_one_locked(fullname, parent);
    module_lock_release(l);
    return m;
}

static WfObject *import_one_locked(WfObject *fullname, WfObject *parent) {
    WfObject *m = find_in_sys_modules(fullname);
    if (m || wf_err_occurred())
        return m;
    if (parent == NULL) {
        m = import_builtin(fullname);
        if (m || wf_err_occurred())
            return m;
    }
    WfObject *search_path = NULL;
    if (parent) {
        if (wf_object_lookup_attr(parent, WF_ID(__path__), &search_path) < 0)
            return NULL;
        if (search_path == NULL) {
            /* wf_err_format has no %.*s: the parent's name is its own str */
            const char *full = wf_str_as_utf8(fullname);
            WfObject *parent_name = wf_str_from_utf8(full, strrchr(full, '.') - full);
            if (parent_name == NULL)
                return NULL;
            wf_err_format(wf_exc_ModuleNotFoundError, "No module named '%s'; '%U' is not a package",
                          full, parent_name);
            wf_decref(parent_name);
            return NULL;
        }
    } else {
        search_path = wf_newref(wf_sys_get_object("path") ? wf_sys_get_object("path") : WF_NONE);
    }
    const char *full = wf_str_as_utf8(fullname);
    const char *last = strrchr(full, '.');
    last = last ? last + 1 : full;
    bool is_package = false;
    char *path = find_source(search_path, last, &is_package);
    wf_decref(search_path);
    if (path == NULL)
        return wf_err_occurred() ? NULL : module_not_found(fullname);
    m = exec_source_module(fullname, path, is_package);
    free(path);
    if (m && parent && wf_object_setattr_cstr(parent, last, m) < 0)
        WF_CLEAR(m);
    return m;
}

/* Resolves a relative import against the importing module's package. */
static WfObject *resolve_name(WfObject *name, WfObject *globals, int level) {
    if (level == 0)
        return wf_newref(name);
    WfObject *package = NULL;
    if (globals && wf_dict_check(globals)) {
        if (wf_dict_get_item_ref(globals, WF_ID(__package__), &package) < 0)
            return NULL;
        if (package == WF_NONE || package == NULL) {
            WF_CLEAR(package);
            if (wf_dict_get_item_ref(globals, WF_ID(__name__), &package) < 0)
                return NULL;
        }
    }
    if (package == NULL || !wf_str_check(package) || WF_STR_LENGTH(package) == 0) {
        wf_xdecref(package);
        return wf_err_format(wf_exc_ImportError, "attempted relative import with no known parent package");
    }
    const char *base = wf_str_as_utf8(package);
    wf_ssize_t end = WF_STR_BYTE_LENGTH(package);
    for (int i = 1; i < level; i++) {
        while (end > 0 && base[end - 1] != '.')
            end--;
        if (end == 0) {
            wf_decref(package);
            return wf_err_format(wf_exc_ImportError, "attempted relative import beyond top-level package");
        }
        end--;
    }
    WfObject *result = wf_str_from_utf8(base, end);
    wf_decref(package);
    if (result == NULL || WF_STR_LENGTH(name) == 0)
        return result;
    WfObject *full = wf_str_from_format("%U.%U", result, name);   /* no %.*s there */
    wf_decref(result);
    return full;
}

static int handle_fromlist(WfObject *module, WfObject *fromlist, bool recursive);

/* After a failed import of from_name for a fromlist: whether the error says
 * only that from_name itself does not exist (then it is cleared, and
 * IMPORT_FROM reports the name). An error from inside the submodule (its own
 * import of a missing module) or a None in sys.modules stays, as in
 * CPython's _handle_fromlist. */
static bool submodule_missing(WfObject *from_name) {
    if (!wf_err_exception_matches(wf_exc_ModuleNotFoundError))
        return false;
    WfObject *exc = wf_err_get_raised();
    WfObject *missing = NULL;
    bool ours = false;
    if (wf_object_lookup_attr(exc, WF_ID(name), &missing) >= 0 && missing != NULL &&
        wf_str_check(missing) && wf_str_equal(missing, from_name)) {
        WfObject *m = find_in_sys_modules(from_name);
        ours = m != WF_NONE && !wf_err_occurred();
        wf_xdecref(m);
    }
    wf_xdecref(missing);
    if (wf_err_occurred())
        wf_decref(exc);   /* an error while looking: it replaces exc */
    else if (ours)
        wf_decref(exc);
    else
        wf_err_set_raised(exc);
    return ours;
}

/* One name of a fromlist (handle_fromlist). */
static int fromlist_item(WfObject *module, WfObject *item, bool recursive) {
    if (!wf_str_check(item)) {
        WfObject *where = NULL;
        if (recursive) {
            WfObject *modname = NULL;
            if (wf_object_lookup_attr(module, WF_ID(__name__), &modname) < 0)
                return -1;
            where = modname ? wf_str_from_format("%S.__all__", modname) : NULL;
            wf_xdecref(modname);
        }
        wf_err_format(wf_exc_TypeError, "Item in %s must be str, not %s",
                      where ? wf_str_as_utf8(where) : "``from list''", wf_type_name(WF_TYPE(item)));
        wf_xdecref(where);
        return -1;
    }
    if (wf_str_equal_cstr(item, "*")) {
        WfObject *all = NULL;
        if (recursive || wf_object_lookup_attr(module, WF_ID(__all__), &all) < 0)
            return recursive ? 0 : -1;
        int rc = all ? handle_fromlist(module, all, true) : 0;
        wf_xdecref(all);
        return rc;
    }
    WfObject *attr = NULL;
    if (wf_object_lookup_attr(module, item, &attr) < 0)
        return -1;
    if (attr != NULL) {
        wf_decref(attr);
        return 0;
    }
    WfObject *modname = NULL;
    if (wf_object_lookup_attr(module, WF_ID(__name__), &modname) < 0)
        return -1;
    if (modname == NULL || !wf_str_check(modname)) {
        wf_xdecref(modname);
        return 0;
    }
    WfObject *from_name = wf_str_from_format("%U.%U", modname, item);
    wf_decref(modname);
    if (from_name == NULL)
        return -1;
    WfObject *sub = wf_import_module(from_name);
    int rc = 0;
    if (sub != NULL)
        wf_decref(sub);
    else if (!submodule_missing(from_name))
        rc = -1;
    wf_decref(from_name);
    return rc;
}

/* `from package import name, ...`: a name that is not yet an attribute of
 * the package is imported as its submodule, as CPython's _handle_fromlist;
 * "*" stands for the package's __all__, when it has one. */
static int handle_fromlist(WfObject *module, WfObject *fromlist, bool recursive) {
    WfObject *path = NULL;
    if (wf_object_lookup_attr(module, WF_ID(__path__), &path) < 0)
        return -1;
    if (path == NULL)
        return 0;   /* not a package */
    wf_decref(path);
    WfObject *names = wf_sequence_tuple(fromlist);
    if (names == NULL)
        return -1;
    int rc = 0;
    for (wf_ssize_t i = 0; rc == 0 && i < WF_TUPLE_SIZE(names); i++)
        rc = fromlist_item(module, WF_TUPLE_ITEM(names, i), recursive);
    wf_decref(names);
    return rc;
}

/* One prefix of a dotted name; an empty last component (".a", "a..b",
 * "a.") names no module, as in CPython. */
static WfObject *import_component(WfObject *prefix, WfObject *parent, bool empty) {
    if (!empty)
        return import_one(prefix, parent);
    if (parent == NULL)
        return wf_err_format(wf_exc_ValueError, "Empty module name");
    WfObject *path = NULL;
    if (wf_object_lookup_attr(parent, WF_ID(__path__), &path) < 0)
        return NULL;
    if (path == NULL)
        return import_one(prefix, parent);   /* reports "... is not a package" */
    wf_decref(path);
    return module_not_found(prefix);   /* a package's file search would find itself */
}

WfObject *wf_import_module_level(WfObject *name, WfObject *globals, WfObject *fromlist, int level) {
    if (!wf_str_check(name))
        return wf_err_format(wf_exc_TypeError, "module name must be a string");
    if (level < 0)
        return wf_err_format(wf_exc_ValueError, "level must be >= 0");
    if (level == 0 && WF_STR_LENGTH(name) == 0)
        return wf_err_format(wf_exc_ValueError, "Empty module name");
    WfObject *fullname = resolve_name(name, globals, level);
    if (fullname == NULL)
        return NULL;
    /* Import each prefix a, a.b, a.b.c in turn. */
    const char *full = wf_str_as_utf8(fullname);
    WfObject *top = NULL, *parent = NULL;
    for (const char *p = full;; p++) {
        if (*p != '.' && *p != '\0')
            continue;
        WfObject *prefix = wf_str_from_utf8(full, p - full);
        WfObject *m = prefix ? import_component(prefix, parent, p == full || p[-1] == '.') : NULL;
        wf_xdecref(prefix);
        wf_xdecref(parent);
        if (m == NULL) {
            wf_xdecref(top);
            wf_decref(fullname);
            return NULL;
        }
        if (top == NULL)
            top = wf_newref(m);
        parent = m;
        if (*p == '\0')
            break;
    }
    wf_decref(fullname);
    /* With a fromlist (`from a.b import c`, and every relative import) the
     * leaf module is returned; `import a.b` binds and returns the top, a. */
    bool want_leaf = fromlist && fromlist != WF_NONE && wf_object_is_true(fromlist) > 0;
    if (want_leaf) {
        wf_decref(top);
        if (handle_fromlist(parent, fromlist, false) < 0)
            WF_CLEAR(parent);
        return parent;
    }
    wf_decref(parent);
    return top;
}

WfObject *wf_import_module(WfObject *name) {
    return wf_import_module_level(name, NULL, NULL, 0);
}

WfObject *wf_import_add_builtin(const char *name, WfObject *module) {
    if (module == NULL)
        return NULL;
    if (wf_dict_set_item_str(wf_main_interpreter.modules, name, module) < 0) {
        wf_decref(module);
        return NULL;
    }
    return module;
}
