# DESIGN §3 rule 5 attack: readers read values out of shared containers while
# writers replace them with fresh objects, dropping the old ones (their last
# reference) at once.  A reader must always get a live, valid object.
# defaults: 150000 4
# expect: ok dict_shared_read_drop dict
# expect: ok dict_shared_read_drop list
# expect: ok dict_shared_read_drop attr_global
from _stresslib import Stress

S = Stress("dict_shared_read_drop", 150000, 4)
N, M = S.threads, S.iters
K = 8
BIG = 10 ** 30                  # never a small (immortal) int
TABLE = {k: BIG + k for k in range(K)}
STRS = {k: "s%d-0" % k for k in range(K)}
LST = [BIG + k for k in range(K)]
stop = []


class Box:
    pass


BOX = Box()
BOX.v = BIG
G = BIG


def writer(tid):
    global G
    for i in range(M):
        k = i % K
        n = BIG + k + K * (i + 1)       # a fresh int each time: the old one dies here
        TABLE[k] = n
        STRS[k] = "s%d-%d" % (k, i)
        LST[k] = n + 1 - 1
        BOX.v = n * 1
        G = n + 0
        if i % 64 == 0:
            TABLE[K + tid] = [n]        # a container value, deleted again below
            del TABLE[K + tid]
    stop.append(tid)


def valid(v, k):
    return type(v) is int and v >= BIG and (v - BIG) % K == k


def reader(nw):
    total = 0
    reads = 0
    while len(stop) < nw and not S.errors:
        for k in range(K):
            v = TABLE[k]
            S.check(valid(v, k), "TABLE[%d] = %r" % (k, v))
            total += TABLE[k] - BIG
            s = STRS[k]
            S.check(type(s) is str and s.startswith("s%d-" % k), "STRS[%d] = %r" % (k, s))
            reads += 1
    return total >= 0 and reads >= 0


def list_reader(nw):
    ok = True
    while len(stop) < nw and not S.errors:
        for k in range(K):
            ok = S.check(valid(LST[k], k), "LST[%d] = %r" % (k, LST[k])) and ok
        for x in LST:
            ok = S.check(type(x) is int and x >= BIG, "iterated %r" % (x,)) and ok
        ok = S.check(len(LST[:]) == K, "copy length") and ok
    return ok


def attr_reader(nw):
    ok = True
    while len(stop) < nw and not S.errors:
        v = BOX.v
        g = G
        ok = S.check(type(v) is int and v >= BIG, "BOX.v = %r" % (v,)) and ok
        ok = S.check(type(g) is int and g >= BIG, "G = %r" % (g,)) and ok
    return ok


nw = max(1, N // 2)
readers = max(1, N - nw)
res = S.run([(writer, (t,)) for t in range(nw)] + [(reader, (nw,))] * readers
            + [(list_reader, (nw,))] * readers + [(attr_reader, (nw,))] * readers)
for k in range(K):
    S.check(valid(TABLE[k], k), "final TABLE[%d]" % k)
S.check(len(TABLE) == K, "final TABLE size %d" % len(TABLE))
S.ok("dict")
for k in range(K):
    S.check(valid(LST[k], k), "final LST[%d]" % k)
S.ok("list")
S.check(type(BOX.v) is int and type(G) is int, "final attr/global")
S.ok("attr_global")
