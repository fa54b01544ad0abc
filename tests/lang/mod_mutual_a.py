# Imported by one thread of import_mutual_threads while another imports
# mod_mutual_b, which imports this module back.
import mod_mutual_sync

mod_mutual_sync.a_started.set()
mod_mutual_sync.b_started.wait()
import mod_mutual_b

DONE = "a"
