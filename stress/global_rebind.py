# Module globals rebound and deleted by writers while readers load them
# (LOAD_GLOBAL under mutation, with whatever caches it keeps); builtins
# shadowed by a global and replaced in the builtins module, then restored.
# defaults: 200000 4
# expect: ok global_rebind globals
# expect: ok global_rebind builtins
# expect: ok global_rebind restored
import builtins
from _stresslib import Stress

S = Stress("global_rebind", 200000, 4)
N, M = S.threads, S.iters
BIG = 10 ** 20
G = BIG
H = "h-0"
stop = []
real_len = builtins.len
real_abs = builtins.abs


def fake_len(x):
    return -1


def fake_abs(x):
    return "abs"


def rebinder(tid):
    global G, H, Gone
    for i in range(M):
        G = BIG + i                          # a fresh int: the old one dies
        H = "h-%d" % i
        if i % 3 == 0:
            Gone = [i]
        elif i % 3 == 1:
            try:
                del Gone
            except NameError as e:
                S.check(str(e) == "name 'Gone' is not defined", "del: %r" % (e,))
    stop.append(tid)


def reader(nw):
    while real_len(stop) < nw and not S.errors:  # len may be shadowed
        g = G
        S.check(type(g) is int and g >= BIG, "G = %r" % (g,))
        h = H
        S.check(type(h) is str and h.startswith("h-"), "H = %r" % (h,))
        try:
            x = Gone
            S.check(type(x) is list and real_len(x) == 1, "Gone = %r" % (x,))
        except NameError as e:
            S.check(str(e) == "name 'Gone' is not defined", "NameError %r" % (e,))
        S.check(globals()["S"] is S, "globals()")


nw = max(1, N // 2)
S.run([(rebinder, (t,)) for t in range(nw)] + [(reader, (nw,))] * max(1, N - nw))
S.ok("globals")


def shadower(tid):
    g = globals()
    for i in range(M):
        if i % 2 == 0:
            g["len"] = fake_len              # a global shadows the builtin
        else:
            g.pop("len", None)
        builtins.abs = fake_abs if i % 3 else real_abs
    stop.append(tid)


def builtin_reader(nw):
    while real_len(stop) < nw and not S.errors:  # len may be shadowed
        n = len([1, 2, 3])
        S.check(n == 3 or n == -1, "len() = %r" % (n,))
        a = abs(-5)
        S.check(a == 5 or a == "abs", "abs() = %r" % (a,))
        m = max(1, 2)                        # an untouched builtin
        S.check(m == 2, "max() = %r" % (m,))


stop = []
S.run([(shadower, (t,)) for t in range(nw)] + [(builtin_reader, (nw,))] * max(1, N - nw))
S.ok("builtins")
globals().pop("len", None)
builtins.abs = real_abs


def after():
    return [len([1, 2, 3]) + abs(-5) for _ in range(1000)]


res = S.run([(after, ())] * N)
S.check(all(r == [8] * 1000 for r in res), "stale global/builtin after restore")
S.ok("restored")
