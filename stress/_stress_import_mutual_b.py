# The other half of _stress_import_mutual_a (not a program).
import builtins
import time

builtins._stress_mutual_runs["b"] += 1
time.sleep(0.0002)
import _stress_import_mutual_a

DONE = "b"
