# N threads append to (and extend) one shared list while a reader watches len().
# defaults: 100000 4
# expect: ok list_append append
# expect: ok list_append extend
from _stresslib import Stress

S = Stress("list_append", 100000, 4)
N, M = S.threads, S.iters
shared = []
done = []


def appender(tid):
    base = tid * M
    for i in range(M):
        shared.append(base + i)
    done.append(tid)


def extender(tid):
    # Pairs [2k, 2k+1] appended with one extend(): extend of a list is atomic,
    # so the two items must end up adjacent.
    base = tid * M * 2
    for i in range(M):
        shared.extend([base + 2 * i, base + 2 * i + 1])
    done.append(tid)


def watcher(nwriters):
    last = 0
    while len(done) < nwriters and not S.errors:
        n = len(shared)
        S.check(n >= last, "len went down: %d -> %d" % (last, n))
        last = n
        if n:
            x = shared[n - 1]          # index below a len we saw must work
            S.check(type(x) is int, "bad item %r" % (x,))


S.run([(appender, (t,)) for t in range(N)] + [(watcher, (N,))])
S.check(len(shared) == N * M, "len %d, expected %d" % (len(shared), N * M))
S.check(sorted(shared) == list(range(N * M)), "items lost or duplicated")
last = [-1] * N
for x in shared:                        # each thread's items stay in its order
    t = x // M
    S.check(x > last[t], "thread %d items out of order" % t)
    last[t] = x
S.ok("append")

shared = []
done = []
S.run([(extender, (t,)) for t in range(N)] + [(watcher, (N,))])
S.check(len(shared) == 2 * N * M, "len %d, expected %d" % (len(shared), 2 * N * M))
S.check(sorted(shared) == list(range(2 * N * M)), "items lost or duplicated")
for i in range(0, len(shared), 2):
    a, b = shared[i], shared[i + 1]
    if not S.check(a % 2 == 0 and b == a + 1, "extend pair torn at %d: %r %r" % (i, a, b)):
        break
S.ok("extend")
