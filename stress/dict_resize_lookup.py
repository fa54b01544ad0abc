# Lock-free reads against resizes: readers look up keys that are always
# present in a dict (and index slots that always exist in a list) while
# writers grow and shrink the same containers, so their key tables and item
# arrays are reallocated and retired under the readers.
# defaults: 40000 4
# expect: ok dict_resize_lookup dict
# expect: ok dict_resize_lookup list
from _stresslib import Stress

S = Stress("dict_resize_lookup", 40000, 4)
N, M = S.threads, S.iters
K = 16
STABLE = ["key%d" % i for i in range(K)]
D = {k: i for i, k in enumerate(STABLE)}
L = list(range(K))
stop = []


def dict_writer(tid):
    for i in range(M):
        base = (tid, i)
        for j in range(i % 40):             # grow: several resizes
            D[(base, j)] = j
        for j in range(i % 40):             # shrink again
            del D[(base, j)]
        if i % 97 == 0:
            D.update({(base, "u", j): j for j in range(200)})
            for j in range(200):
                D.pop((base, "u", j))
    stop.append(tid)


def dict_reader(nw):
    while len(stop) < nw and not S.errors:
        for i, k in enumerate(STABLE):
            v = D[k]                         # never KeyError: always present
            S.check(v == i, "D[%r] = %r" % (k, v))
            S.check(k in D, "%r missing" % k)
            S.check(D.get(k) == i, "get(%r)" % k)


def list_writer(tid):
    for i in range(M):
        L.extend(range(i % 64))              # grow past the capacity
        del L[K:]                            # and shrink back
        if i % 50 == 0:
            L[K:] = [0] * 1000
            L[K:] = []
    stop.append(tid)


def list_reader(nw):
    while len(stop) < nw and not S.errors:
        for i in range(K):
            S.check(L[i] == i, "L[%d] = %r" % (i, L[i]))
        for i, x in enumerate(L):
            if i < K:
                S.check(x == i, "iterated L[%d] = %r" % (i, x))


nw = max(1, N // 2)
S.run([(dict_writer, (t,)) for t in range(nw)] + [(dict_reader, (nw,))] * max(1, N - nw))
S.check(D == {k: i for i, k in enumerate(STABLE)}, "final dict")
S.ok("dict")
stop = []
S.run([(list_writer, (t,)) for t in range(nw)] + [(list_reader, (nw,))] * max(1, N - nw))
S.check(L == list(range(K)), "final list %r" % (L[:20],))
S.ok("list")
