# The other half of mod_mutual_a.
import mod_mutual_sync

mod_mutual_sync.b_started.set()
mod_mutual_sync.a_started.wait()
import mod_mutual_a

DONE = "b"
