# Every thread recurses to depth ~800 (under the default limit of 1000) through
# plain functions, methods and mutual recursion; some threads recurse without
# end on purpose, catch RecursionError, and then recurse deep again.
# Limit: one thread moves sys.setrecursionlimit between 1200 and 2000 while
# the others recurse without end: each RecursionError comes at a depth under
# one of the limits, and every thread's count follows the change.
# ITERATIONS = deep descents per thread.
# defaults: 600 4
# expect: ok deep_recursion_threads deep
# expect: ok deep_recursion_threads recursion_error
# expect: ok deep_recursion_threads limit
import sys
from _stresslib import Stress

S = Stress("deep_recursion_threads", 600, 4)
N, M = S.threads, S.iters
DEPTH = 800
S.check(sys.getrecursionlimit() == 1000, "recursion limit %d" % sys.getrecursionlimit())


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


def even(n):
    return True if n == 0 else odd(n - 1)


def odd(n):
    return False if n == 0 else even(n - 1)


class Node:
    def walk(self, n, acc):
        if n == 0:
            return acc
        return self.walk(n - 1, acc + [n] if n % 100 == 0 else acc)


def endless(n):
    return endless(n + 1) + 1


def deep(tid):
    total = 0
    for i in range(M):
        d = DEPTH - (i + tid) % 50
        total += down(d)
        S.check(even(d) == (d % 2 == 0), "even(%d)" % d)
        S.check(Node().walk(d, []) == list(range(d // 100 * 100, 0, -100)), "walk(%d)" % d)
    return total


res = S.run([(deep, (t,)) for t in range(N)])
for t in range(N):
    S.check(res[t] == sum(DEPTH - (i + t) % 50 for i in range(M)), "thread %d total %r" % (t, res[t]))
S.ok("deep")


def overflow(tid):
    hits = 0
    for i in range(max(1, M // 10)):
        try:
            endless(0)
        except RecursionError as e:
            S.check(str(e) == "maximum recursion depth exceeded", "message %r" % (e,))
            hits += 1
        S.check(down(DEPTH) == DEPTH, "recursion after RecursionError")
    return hits


targets = [(overflow, (t,)) if t % 2 == 0 else (deep, (t,)) for t in range(N)]
res = S.run(targets)
for t in range(N):
    if t % 2 == 0:
        S.check(res[t] == max(1, M // 10), "thread %d: %r RecursionErrors" % (t, res[t]))
S.ok("recursion_error")


def counted(n):
    try:
        return counted(n + 1)
    except RecursionError:
        return n


def limit_mover(rounds):
    for i in range(rounds):
        sys.setrecursionlimit(1200 if i % 2 else 2000)
    sys.setrecursionlimit(1000)


def limit_user(tid):
    for i in range(max(1, M // 10)):
        depth = counted(0)
        S.check(0 < depth < 2000, "RecursionError at depth %d" % depth)
        S.check(down(DEPTH) == DEPTH, "recursion under a moving limit")


S.run([(limit_mover, (M * 2,))] + [(limit_user, (t,)) for t in range(1, max(2, N))])
S.check(sys.getrecursionlimit() == 1000, "limit restored")
S.check(counted(0) > 900, "main thread depth after the moves: %d" % counted(0))
S.ok("limit")
