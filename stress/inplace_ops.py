# In-place operators on shared objects: `s += x` on a string another thread
# also holds must never change that thread's string (an in-place resize when
# the count "looks like" 1 would); `L += [...]` on a shared list and `D |= {...}`
# on a shared dict are atomic extends/updates, so totals are exact.
# defaults: 50000 4
# expect: ok inplace_ops str_concat
# expect: ok inplace_ops list_iadd
# expect: ok inplace_ops dict_ior
from _stresslib import Stress

S = Stress("inplace_ops", 50000, 4)
N, M = S.threads, S.iters
BASE = "".join(["base-", "string"])        # built at run time, not a constant
SHARED = [BASE, BASE + "!"]
stop = []


def concatenator(tid):
    for i in range(M):
        s = BASE
        s += "x"                            # must build a new string
        t = SHARED[i % 2]
        t += str(tid)
        u = ""
        for j in range(i % 8):
            u += "ab"
        S.check(len(u) == 2 * (i % 8), "local concat")
        if i % 1000 == 0:
            S.check(s == "base-stringx" and t == SHARED[i % 2] + str(tid), "concat result")
    stop.append(tid)


def watcher(nw):
    while len(stop) < nw and not S.errors:
        S.check(BASE == "base-string", "BASE changed to %r" % (BASE,))
        S.check(SHARED == ["base-string", "base-string!"], "SHARED changed to %r" % (SHARED,))


S.run([(concatenator, (t,)) for t in range(N)] + [(watcher, (N,))])
S.ok("str_concat")

L = []
D = {}


def list_iadder(tid):
    global L
    for i in range(M):
        L += [tid, i]                       # extend, then a store of the same list


S.run([(list_iadder, (t,)) for t in range(N)])
S.check(len(L) == 2 * N * M, "len %d, expected %d" % (len(L), 2 * N * M))
pairs = sorted((L[k], L[k + 1]) for k in range(0, len(L), 2))
S.check(pairs == [(t, i) for t in range(N) for i in range(M)], "list += items torn or lost")
S.ok("list_iadd")


def dict_iorer(tid):
    global D
    for i in range(M // 4):
        D |= {(tid, i): i, (tid, i, "b"): -i}


S.run([(dict_iorer, (t,)) for t in range(N)])
S.check(len(D) == 2 * N * (M // 4), "dict size %d" % len(D))
S.check(all(D[(t, i)] == i and D[(t, i, "b")] == -i for t in range(N) for i in range(M // 4)), "dict |= lost items")
S.ok("dict_ior")
