# Threads import the same not-yet-imported module at the same moment (it is
# removed from sys.modules before each round): its body runs once per round
# and every importer gets the one fully initialised module object. Then two
# modules that import each other, imported at once by different threads:
# each module has its own import lock, a wait that would close a cycle gets
# the partial module instead (as CPython), and no import hangs.
# ITERATIONS = rounds.
# defaults: 150 8
# expect: ok import_race import
# expect: ok import_race from_import
# expect: ok import_race mutual
import builtins
import sys
from _stresslib import Stress

S = Stress("import_race", 150, 8)
MOD = "_stress_import_target"
WANT = sum(range(1000))


def importer(tid):
    m = __import__(MOD)
    S.check(getattr(m, "DONE", False) is True and m.TOTAL == WANT, "module not fully initialised")
    return m


def from_importer(tid):
    from _stress_import_target import TOTAL, f
    S.check(TOTAL == WANT and f() == WANT, "from-import of a partial module")
    return sys.modules[MOD]


for phase, fn in (("import", importer), ("from_import", from_importer)):
    for r in range(S.iters):
        sys.modules.pop(MOD, None)
        before = getattr(builtins, "_stress_import_runs", 0)
        mods = S.run([(fn, (t,)) for t in range(S.threads)])
        S.check(all(m is mods[0] for m in mods), "round %d: importers got different modules" % r)
        runs = builtins._stress_import_runs - before
        S.check(runs == 1, "round %d: module body ran %d times" % (r, runs))
        S.bail()
    S.ok(phase)

MUTUAL = ("_stress_import_mutual_a", "_stress_import_mutual_b")


def mutual_importer(tid):
    name = MUTUAL[tid % 2]
    m = __import__(name)
    return name, m


builtins._stress_mutual_runs = {"a": 0, "b": 0}
for r in range(S.iters):
    for name in MUTUAL:
        sys.modules.pop(name, None)
    res = S.run([(mutual_importer, (t,)) for t in range(max(2, S.threads))])
    for name, m in res:
        S.check(m is sys.modules[name], "round %d: %s is not the module in sys.modules" % (r, name))
        S.check(getattr(m, "DONE", None) == name[-1], "round %d: %s left partial" % (r, name))
    S.check(builtins._stress_mutual_runs == {"a": r + 1, "b": r + 1},
            "round %d: bodies ran %r times" % (r, builtins._stress_mutual_runs))
    S.bail()
S.ok("mutual")
