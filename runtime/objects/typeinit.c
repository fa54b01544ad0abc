/* typeinit.c — start-up of the object system: interned names, small ints,
 * then every static type declared in objects.h and the exceptions.
 *
 * Order matters only at the start: the singletons' headers (None is stored
 * everywhere), str (every dict key is an interned name), ints (small-int
 * cache), the empty tuple, the slot table, then object and type, then the
 * containers with their private helper types (wf_containers_init); then
 * wf_type_ready readies bases first, so the rest may come in any order.
 * Every static type is ready before its first instance is made (debug
 * builds assert it in the allocator): readying fills slots (tp_getattro,
 * ...) that other threads read without a lock, so a type readied lazily
 * while two threads use it raced (TSan: inherit_slots against
 * wf_eval_get_method on bytes_iterator). Module types are readied when
 * their module is made, before any thread can use them.
 */
#include "runtime/objects/str_impl.h"
#include "runtime/objects/type_internal.h"

static WfTypeObject *const builtin_types[] = {
    &wf_object_type, &wf_type_type, &wf_super_type,
    &wf_int_type, &wf_bool_type, &wf_float_type,
    &wf_str_type, &wf_bytes_type, &wf_bytearray_type,
    &wf_tuple_type, &wf_list_type, &wf_dict_type, &wf_set_type, &wf_frozenset_type,
    &wf_range_type, &wf_slice_type,
    &wf_function_type, &wf_method_type, &wf_cell_type, &wf_code_type, &wf_generator_type,
    &wf_cfunction_type,
    &wf_method_descr_type, &wf_classmethod_descr_type, &wf_member_descr_type,
    &wf_getset_descr_type, &wf_wrapper_descr_type, &wf_method_wrapper_type,
    &wf_property_type, &wf_staticmethod_type, &wf_classmethod_type,
    &wf_module_type, &wf_traceback_type, &wf_frame_type,
    &wf_seqiter_type, &wf_calliter_type, &wf_enumerate_type, &wf_zip_type,
    &wf_map_type, &wf_filter_type, &wf_reversed_type,
    &wf_dict_keys_type, &wf_dict_values_type, &wf_dict_items_type,
    &wf_none_type, &wf_notimplemented_type, &wf_ellipsis_type, &wf_mappingproxy_type,
    &wf_str_iter_type, &wf_bytes_iter_type, &wf_bytearray_iter_type,
};

int wf_types_init(void) {
    /* The type objects' own headers first: readying creates dicts, tuples
     * and descriptors whose types must already carry a valid ob_type. */
    size_t n = sizeof(builtin_types) / sizeof(builtin_types[0]);
    for (size_t i = 0; i < n; i++)
        if (WF_OBJ(builtin_types[i])->ob_type == NULL)
            wf_object_init_static(WF_OBJ(builtin_types[i]), &wf_type_type);
    /* None & co. are stored everywhere from the first dict on. */
    if (wf_singletons_init() < 0)
        return -1;
    if (wf_str_init() < 0 || wf_int_init() < 0 || wf_tuple_init() < 0 ||
        wf_slotdefs_init() < 0)
        return -1;
    if (wf_type_ready(&wf_object_type) < 0 || wf_type_ready(&wf_type_type) < 0 ||
        wf_containers_init() < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (wf_type_ready(builtin_types[i]) < 0)
            return -1;
    if (wf_exceptions_init() < 0)
        return -1;
#ifdef WF_DEBUG
    wf_debug_static_types_ready = true;
#endif
    return 0;
}
