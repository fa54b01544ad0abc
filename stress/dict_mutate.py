# set/del/update/pop/setdefault on one dict from many threads, with disjoint
# and shared keys, while readers iterate it.
# defaults: 40000 4
# expect: ok dict_mutate own_keys
# expect: ok dict_mutate setdefault
# expect: ok dict_mutate pop_tokens
# expect: ok dict_mutate pairs_from_lists
# expect: ok dict_mutate maketrans_reader
from _stresslib import Stress, Rng

S = Stress("dict_mutate", 40000, 4)
N, M = S.threads, S.iters
W = 32          # own keys per thread
D = {}
stop = []
CHANGED = ("dictionary changed size during iteration", "dictionary keys changed during iteration")


def own_ops(tid, d, r, i):
    # The same deterministic sequence is replayed on a private dict to get the
    # expected content; values encode their key: v % 1000 == key index.
    j = r.below(W)
    k = "t%d_%d" % (tid, j)
    op = r.below(6)
    if op == 0:
        d[k] = j + 1000 * i
    elif op == 1:
        if k in d:
            del d[k]
    elif op == 2:
        d.update({k: j + 1000 * i, "t%d_%d" % (tid, (j + 1) % W): (j + 1) % W + 1000 * i})
    elif op == 3:
        v = d.pop(k, None)
        if v is not None and v % 1000 != j:
            return "popped %r for %s" % (v, k)
    elif op == 4:
        v = d.setdefault(k, j)
        if v % 1000 != j:
            return "setdefault gave %r for %s" % (v, k)
    else:
        v = d.get(k, j)
        if v % 1000 != j:
            return "get gave %r for %s" % (v, k)
    return None


def owner(tid):
    r = Rng(tid)
    for i in range(M):
        err = own_ops(tid, D, r, i)
        if err:
            S.fail(err)
    stop.append(tid)


def reader(nw):
    while len(stop) < nw and not S.errors:
        try:
            for k, v in D.items():
                if type(k) is str:
                    S.check(v % 1000 == int(k.split("_")[1]), "item %r: %r" % (k, v))
        except RuntimeError as e:
            S.check(str(e) in CHANGED, "iteration: %r" % (e,))
        snap = dict(D)                      # copies are consistent snapshots
        for k in snap:
            v = snap[k]
            S.check(type(k) is not str or v % 1000 == int(k.split("_")[1]), "copy %r: %r" % (k, v))
        S.check(len(list(D.keys())) <= N * W + 64, "too many keys")


S.run([(owner, (t,)) for t in range(N)] + [(reader, (N,))] * 2)
expect = {}
for t in range(N):
    r = Rng(t)
    for i in range(M):
        own_ops(t, expect, r, i)
S.check(D == expect, "final content differs (%d keys, expected %d)" % (len(D), len(expect)))
S.ok("own_keys")

# All threads race setdefault on fresh keys: everybody must get the first value.
ROUNDS = M // 10 + 1


def setdefaulter(tid):
    got = []
    for i in range(ROUNDS):
        got.append(D.setdefault(("sd", i), [tid, i])[0])
        if i % 3 == 0:
            D[("ow", i % 16)] = tid                # overlapping plain writes
    return got


D.clear()
res = S.run([(setdefaulter, (t,)) for t in range(N)])
for i in range(ROUNDS):
    w = D[("sd", i)][0]
    for t in range(N):
        S.check(res[t][i] == w, "setdefault round %d: thread %d got %r, dict has %r" % (i, t, res[t][i], w))
ow = {k: v for k, v in D.items() if k[0] == "ow"}
S.check(set(ow) == {("ow", i % 16) for i in range(0, ROUNDS, 3)}, "overlapping write keys")
S.check(all(v in range(N) for v in ow.values()), "overlapping write values")
S.ok("setdefault")

# Tokens popped by racing threads: each one exactly once overall.
D.clear()
T = M * 2
for i in range(T):
    D[i] = -i


def popper(tid):
    mine = []
    r = Rng(tid + 100)
    for _ in range(T):
        k = r.below(T)
        v = D.pop(k, None)
        if v is not None:
            S.check(v == -k, "popped %r for %r" % (v, k))
            mine.append(k)
    for k in range(T):
        if D.pop(k, None) is not None:
            mine.append(k)
    return mine


res = S.run([(popper, (t,)) for t in range(N)])
allk = sorted(k for r in res for k in r)
S.check(allk == list(range(T)), "tokens lost or popped twice (%d of %d)" % (len(allk), T))
S.check(len(D) == 0, "dict not empty")
S.ok("pop_tokens")

# dict() from pairs that are lists another thread empties and refills: the
# pair is read in its list's section (before, the size was checked and the
# items read unlocked: a NULL item array, segfault 2 runs of 5).
PAIRS = [[k, -k] for k in range(8)]
stop = []


def pair_mutator(tid):
    for i in range(M):
        k = tid * 4 + i % 4          # each mutator owns four pairs
        p = PAIRS[k]
        p.clear()
        p.extend((k, -k))            # atomic: a reader sees 0 or 2 items
    stop.append(tid)


def pair_reader(nw):
    while len(stop) < nw and not S.errors:
        for p in PAIRS:
            try:
                d = dict([p])
            except ValueError as e:
                S.check(str(e) == "dictionary update sequence element #0 has length 0; 2 is required",
                        "dict([p]): %r" % (e,))
                continue
            (k, v), = d.items()
            S.check(v == -k, "torn pair %r" % (d,))


S.run([(pair_mutator, (t,)) for t in range(2)] + [(pair_reader, (2,))] * 2)
S.ok("pairs_from_lists")

# str.maketrans(d) reads a dict other threads clear and refill: it iterates
# with references (before, borrowed with no section: TSan, and a NULL key
# segfault 1 run in 5).
TABLE = {i: chr(65 + i % 26) for i in range(64)}
stop = []


def table_mutator(tid):
    for i in range(max(1, M // 20)):
        TABLE.clear()
        TABLE.update({i: chr(65 + i % 26) for i in range(64)})
        for k in range(0, 64, 2):
            TABLE.pop(k, None)
    stop.append(tid)


def table_reader(nw):
    while len(stop) < nw and not S.errors:
        try:
            t = str.maketrans(TABLE)
        except RuntimeError as e:
            S.check("changed size during iteration" in str(e), "maketrans: %r" % (e,))
            continue
        S.check(all(type(k) is int and 0 <= k < 64 and v == chr(65 + k % 26) for k, v in t.items()),
                "maketrans result")


S.run([(table_mutator, (0,))] + [(table_reader, (1,))] * 2)
S.ok("maketrans_reader")
