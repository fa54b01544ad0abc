# Imported by import_fromlist_inner_error: its own import fails.
import mod_no_such_module_anywhere
