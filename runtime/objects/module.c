/* module.c — module objects: a name and a namespace dict.
 *
 * Invariants:
 *  - md_dict is never NULL and always holds __name__; module attributes are
 *    exactly the dict's items (tp_dictoffset points at md_dict, so the
 *    generic attribute protocol finds them).
 *  - Modules are deferred (DESIGN §3): every thread reads their globals, so
 *    stack pushes of a module must not write its count.
 */
#include <stddef.h>
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/type_internal.h"
#include "stackref/stackref.h"

WfObject *wf_module_new(WfObject *name) {
    WfModuleObject *m = (WfModuleObject *)wf_object_alloc(&wf_module_type);
    if (m == NULL)
        return NULL;
    m->md_dict = wf_dict_new();
    m->md_name = wf_newref(name);
    if (m->md_dict == NULL || wf_dict_set_item(m->md_dict, WF_ID(__name__), name) < 0 ||
        wf_dict_set_item(m->md_dict, WF_ID(__doc__), WF_NONE) < 0 ||
        wf_dict_set_item(m->md_dict, WF_ID(__package__), WF_NONE) < 0 ||
        wf_dict_set_item(m->md_dict, WF_ID(__loader__), WF_NONE) < 0 ||
        wf_dict_set_item(m->md_dict, WF_ID(__spec__), WF_NONE) < 0) {
        wf_decref((WfObject *)m);
        return NULL;
    }
    wf_set_deferred((WfObject *)m);
    /* Functions made in every thread reference the module's globals: deferred,
     * so that they can count those references per thread (thread_refs.c). */
    wf_set_deferred(m->md_dict);
    return (WfObject *)m;
}

WfObject *wf_module_get_dict(WfObject *m) {
    return ((WfModuleObject *)m)->md_dict;
}

int wf_module_add_object(WfObject *m, const char *name, WfObject *value) {
    if (value == NULL)
        return -1;
    int rc = wf_dict_set_item_str(wf_module_get_dict(m), name, value);
    wf_decref(value);
    return rc;
}

int wf_module_add_int(WfObject *m, const char *name, long value) {
    return wf_module_add_object(m, name, wf_int_from_long(value));
}

WfObject *wf_module_from_methods(const char *name, WfMethodDef *methods, const char *doc) {
    WfObject *name_obj = wf_str_from_cstr(name);
    if (name_obj == NULL)
        return NULL;
    WfObject *m = wf_module_new(name_obj);
    if (m == NULL)
        goto fail;
    WfObject *dict = wf_module_get_dict(m);
    for (WfMethodDef *def = methods; def && def->ml_name; def++) {
        WfObject *f = wf_cfunction_new(def, m, name_obj);
        if (f == NULL || wf_dict_set_item_str(dict, def->ml_name, f) < 0) {
            wf_xdecref(f);
            goto fail;
        }
        wf_decref(f);
    }
    if (doc) {
        WfObject *d = wf_str_from_cstr(doc);
        if (d == NULL || wf_dict_set_item(dict, WF_ID(__doc__), d) < 0) {
            wf_xdecref(d);
            goto fail;
        }
        wf_decref(d);
    }
    wf_decref(name_obj);
    return m;
fail:
    wf_xdecref(m);
    wf_decref(name_obj);
    return NULL;
}

/* Attribute lookup: the generic protocol, then module __getattr__ (PEP 562),
 * then CPython's message "module 'x' has no attribute 'y'". */
static WfObject *module_getattro(WfObject *self, WfObject *name) {
    WfObject *result = wf_object_generic_getattr(self, name);
    if (result || !wf_err_exception_matches(wf_exc_AttributeError))
        return result;
    WfModuleObject *m = (WfModuleObject *)self;
    WfObject *getattr_hook = NULL;
    if (wf_dict_get_item_ref(m->md_dict, WF_ID(__getattr__), &getattr_hook) > 0) {
        wf_err_clear();
        result = wf_object_call_one_arg(getattr_hook, name);
        wf_decref(getattr_hook);
        return result;
    }
    wf_err_clear();
    WfObject *mod_name = NULL;
    if (wf_dict_get_item_ref(m->md_dict, WF_ID(__name__), &mod_name) > 0 && wf_str_check(mod_name)) {
        wf_err_format(wf_exc_AttributeError, "module '%U' has no attribute '%U'", mod_name, name);
    } else {
        wf_err_format(wf_exc_AttributeError, "module has no attribute '%U'", name);
    }
    wf_xdecref(mod_name);
    return NULL;
}

/* For LOAD_ATTR (`math.sqrt`): 0 with *out set, or -1. A value found in
 * the module's dict comes lent when the dict lends it (a module every
 * thread imports is marked), so calling a module's functions from every
 * thread writes nothing to them; the rest goes through module_getattro. */
int wf_module_getattr_stackref(WfObject *self, WfObject *name, WfStackRef *out) {
    int r = wf_object_generic_getattr_stackref(self, name, 1, out);
    if (r != 0)
        return r > 0 ? 0 : -1;
    WfObject *v = module_getattro(self, name);
    if (v == NULL)
        return -1;
    *out = wf_stackref_steal(v);
    return 0;
}

static WfObject *module_repr(WfObject *self) {
    WfModuleObject *m = (WfModuleObject *)self;
    WfObject *file = NULL;
    if (wf_dict_get_item_ref(m->md_dict, WF_ID(__file__), &file) > 0 && wf_str_check(file)) {
        WfObject *r = wf_str_from_format("<module '%U' from '%U'>", m->md_name, file);
        wf_decref(file);
        return r;
    }
    wf_xdecref(file);
    return wf_str_from_format("<module '%U' (built-in)>", m->md_name);
}

static WfObject *module_dir(WfObject *self, WfObject *unused) {
    WfObject *keys = wf_dict_keys(((WfModuleObject *)self)->md_dict);
    if (keys && wf_list_sort(keys) < 0)
        WF_CLEAR(keys);
    return keys;
}

static void module_dealloc(WfObject *self) {
    WfModuleObject *m = (WfModuleObject *)self;
    wf_xdecref(m->md_dict);
    wf_xdecref(m->md_name);
    wf_object_free(self);
}

static int module_traverse(WfObject *self, wf_visitproc visit, void *arg) {
    WfModuleObject *m = (WfModuleObject *)self;
    if (m->md_dict && visit(m->md_dict, arg))
        return 1;
    return 0;
}

static WfObject *module_tp_new(WfTypeObject *type, WfObject *args, WfObject *kwargs) {
    WfObject *name = NULL;
    static const char *const kwlist[] = {"name", "doc", NULL};
    WfObject *doc = NULL;
    if (!wf_arg_parse_tuple_and_keywords(args, kwargs, "U|O:module", kwlist, &name, &doc))
        return NULL;
    WfObject *m = wf_module_new(name);
    if (m && doc && wf_dict_set_item(wf_module_get_dict(m), WF_ID(__doc__), doc) < 0)
        WF_CLEAR(m);
    return m;
}

static WfMethodDef module_methods[] = {
    {"__dir__", (void *)module_dir, WF_METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static WfMemberDef module_members[] = {
    {"__dict__", WF_T_OBJECT, offsetof(WfModuleObject, md_dict), WF_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

WfTypeObject wf_module_type = {
    .tp_name = "module",
    .tp_basicsize = sizeof(WfModuleObject),
    .tp_flags = WF_TPFLAGS_BASETYPE | WF_TPFLAGS_HAVE_GC,
    .tp_dealloc = module_dealloc,
    .tp_repr = module_repr,
    .tp_getattro = module_getattro,
    .tp_setattro = wf_object_generic_setattr,
    .tp_traverse = module_traverse,
    .tp_methods = module_methods,
    .tp_members = module_members,
    .tp_dictoffset = offsetof(WfModuleObject, md_dict),
    .tp_new = module_tp_new,
};
