# Imported concurrently by import_race.py (not a program: its name starts with "_").
# The body takes a while and counts its executions, so a thread that gets the
# module before the body has finished, or a second execution, is visible.
import builtins
import time

builtins._stress_import_runs = getattr(builtins, "_stress_import_runs", 0) + 1
TOTAL = 0
for _i in range(1000):
    TOTAL += _i
    if _i % 250 == 0:
        time.sleep(0.0002)          # let other importers arrive meanwhile


def f():
    return TOTAL


DONE = True
