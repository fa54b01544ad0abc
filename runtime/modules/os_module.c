/* os_module.c — a minimal os module: cpu_count, getpid, getenv, environ, sep.
 *
 * Invariants: no state of its own; environ is a snapshot dict taken when the
 * module is first imported (CPython's os.environ is a mapping kept in sync
 * with putenv; weft has no putenv yet).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/runtime.h"

extern char **environ;

static WfObject *os_cpu_count(WfObject *self, WfObject *unused) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        WF_RETURN_NONE;
    return wf_int_from_long(n);
}

static WfObject *os_getpid(WfObject *self, WfObject *unused) {
    return wf_int_from_long((long)getpid());
}

static WfObject *os_getenv(WfObject *self, WfObject *args, WfObject *kwargs) {
    static const char *const kwlist[] = {"key", "default", NULL};
    WfObject *key, *dflt = WF_NONE;
    if (!wf_arg_parse_tuple_and_keywords(args, kwargs, "U|O:getenv", kwlist, &key, &dflt))
        return NULL;
    const char *v = getenv(wf_str_as_utf8(key));
    if (v == NULL)
        return wf_newref(dflt);
    return wf_str_from_cstr(v);
}

static WfObject *environ_dict(void) {
    WfObject *d = wf_dict_new();
    if (d == NULL)
        return NULL;
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (eq == NULL || eq == *e)
            continue;
        WfObject *k = wf_str_from_utf8(*e, eq - *e);
        WfObject *v = wf_str_from_cstr(eq + 1);
        int r = (k && v) ? wf_dict_set_item(d, k, v) : -1;
        wf_xdecref(k);
        wf_xdecref(v);
        if (r < 0) {
            wf_err_clear();   /* undecodable entries are skipped */
        }
    }
    return d;
}

static WfMethodDef os_methods[] = {
    {"cpu_count", (void *)os_cpu_count, WF_METH_NOARGS,
     "Return the number of CPUs in the system; return None if indeterminable."},
    {"getpid", (void *)os_getpid, WF_METH_NOARGS, "Return the current process id."},
    {"getenv", (void *)os_getenv, WF_METH_VARARGS | WF_METH_KEYWORDS,
     "Get an environment variable, return None if it doesn't exist."},
    {NULL, NULL, 0, NULL},
};

WfObject *wf_os_init(void) {
    WfObject *m = wf_module_from_methods("os", os_methods, "OS routines (a minimal subset).");
    if (m == NULL)
        return NULL;
    WfObject *env = environ_dict();
    if (env == NULL || wf_module_add_object(m, "environ", env) < 0 ||
        wf_module_add_object(m, "sep", wf_str_from_cstr("/")) < 0 ||
        wf_module_add_object(m, "name", wf_str_from_cstr("posix")) < 0 ||
        wf_module_add_object(m, "linesep", wf_str_from_cstr("\n")) < 0) {
        wf_decref(m);
        return NULL;
    }
    return m;
}
