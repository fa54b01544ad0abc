# Imported by import_race.py's "mutual" phase together with
# _stress_import_mutual_b, which imports this module back (not a program).
import builtins
import time

builtins._stress_mutual_runs["a"] += 1
time.sleep(0.0002)                  # let the other module's importer take its lock
import _stress_import_mutual_b

DONE = "a"
