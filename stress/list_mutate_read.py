# Writers permute / insert / pop / reverse a shared list while readers index,
# iterate and copy it; readers must never see an impossible state.
# defaults: 60000 4
# expect: ok list_mutate_read permute
# expect: ok list_mutate_read insert_pop
from _stresslib import Stress, Rng

S = Stress("list_mutate_read", 60000, 4)
K = 64
BASE = list(range(K))
L = list(BASE)
stop = []


def permuter(tid):
    # Only whole-list atomic permutations: the multiset never changes.  While a
    # sort runs, CPython shows the list as empty, so readers accept [].
    for i in range(S.iters):
        op = (i + tid) % 5
        if op == 0:
            L.sort()
        elif op == 1:
            L.reverse()
        elif op == 2:
            s = L[:]
            L[:] = s[1:] + s[:1]
        elif op == 3:
            L.sort(reverse=True)
        else:
            try:
                L.sort(key=lambda x: (x * 7) % K)
            except ValueError as e:     # "list modified during sort"
                S.check(str(e) == "list modified during sort", "sort: %r" % (e,))
    stop.append(tid)


def permute_reader(nw):
    while len(stop) < nw and not S.errors:
        s = L[:]
        S.check(s == [] or sorted(s) == BASE, "copy not a permutation: %r" % (s,))
        n = len(L)
        S.check(n == K or n == 0, "len %d" % n)
        seen = 0
        for x in L:
            S.check(type(x) is int and 0 <= x < K, "iterated %r" % (x,))
            seen += 1
        S.check(seen <= K, "iterated %d items" % seen)
        try:
            S.check(0 <= L[seen % K] < K, "bad item")
        except IndexError:              # possible only while a sort empties it
            pass


def inserter(tid):
    # Every writer inserts before it pops, so len(L) >= K at all times.
    r = Rng(tid)
    popped = []
    for i in range(S.iters):
        op = r.below(4)
        if op == 0:
            L.insert(r.below(K), (tid, i))
            popped.append(L.pop(r.below(K)))
        elif op == 1:
            L.append((tid, i))
            popped.append(L.pop())
        elif op == 2:
            j = r.below(K)
            L[j:j] = [(tid, i), (tid, -i)]
            popped.append(L.pop(0))
            popped.append(L.pop(r.below(K)))
        else:
            L.reverse()
    stop.append(tid)
    return popped


def insert_reader(nw):
    while len(stop) < nw and not S.errors:
        S.check(len(L) >= K, "len %d < %d" % (len(L), K))
        for i in range(0, K, 7):
            x = L[i]                    # never IndexError: len >= K
            S.check(type(x) is int or type(x) is tuple, "read %r" % (x,))
        for x in L:
            S.check(type(x) is int or type(x) is tuple, "iterated %r" % (x,))


nw = S.threads
S.run([(permuter, (t,)) for t in range(nw)] + [(permute_reader, (nw,))] * 2)
S.check(sorted(L) == BASE, "final list not a permutation")
S.ok("permute")

L[:] = BASE
stop = []
res = S.run([(inserter, (t,)) for t in range(nw)] + [(insert_reader, (nw,))] * 2)
popped = [x for r in res[:nw] for x in r]
expect = list(BASE)
for t in range(nw):
    r = Rng(t)
    for i in range(S.iters):
        op = r.below(4)
        if op == 0:
            expect.append((t, i)); r.below(K); r.below(K)
        elif op == 1:
            expect.append((t, i))
        elif op == 2:
            r.below(K); r.below(K)
            expect.append((t, i)); expect.append((t, -i))
key = lambda x: (0, x, 0) if type(x) is int else (1, x[0], x[1])
S.check(len(L) == K, "final len %d" % len(L))
S.check(sorted(L + popped, key=key) == sorted(expect, key=key), "items lost or duplicated")
S.ok("insert_pop")
