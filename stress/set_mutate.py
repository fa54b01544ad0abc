# add/discard/remove/pop on shared sets from many threads while readers
# iterate; exact final contents and exactly-once removal.
# defaults: 60000 4
# expect: ok set_mutate add_discard
# expect: ok set_mutate remove_once
# expect: ok set_mutate pop_tokens
# expect: ok set_mutate nested_add
import sys

from _stresslib import Stress, Rng

S = Stress("set_mutate", 60000, 4)
N, M = S.threads, S.iters
SET = set()
stop = []


def adder(tid):
    # Adds its own range, discards the odd ones; also churns shared keys.
    base = tid * M
    for i in range(M):
        SET.add(base + i)
        if i % 2:
            SET.discard(base + i)
        SET.add(-1 - i % 50)
        SET.discard(-1 - (i + 25) % 50)
    stop.append(tid)


def reader(nw):
    while len(stop) < nw and not S.errors:
        try:
            n = 0
            for x in SET:
                S.check(type(x) is int, "iterated %r" % (x,))
                n += 1
        except RuntimeError as e:
            S.check(str(e) == "Set changed size during iteration", "iteration: %r" % (e,))
        f = frozenset(SET)
        S.check(all(type(x) is int for x in f), "copy")
        S.check((0 in SET) in (True, False), "contains")


S.run([(adder, (t,)) for t in range(N)] + [(reader, (N,))] * 2)
pos = {x for x in SET if x >= 0}
S.check(pos == {t * M + i for t in range(N) for i in range(0, M, 2)}, "final own keys differ")
S.check(all(-50 <= x < 0 for x in SET if x < 0), "shared keys")
S.ok("add_discard")

SET.clear()
T = M
SET.update(range(T))


def remover(tid):
    got = []
    r = Rng(tid)
    for _ in range(T // 2):
        x = r.below(T)
        try:
            SET.remove(x)
            got.append(x)
        except KeyError as e:
            S.check(e.args == (x,), "KeyError args %r" % (e.args,))
    for x in range(T):
        try:
            SET.remove(x)
            got.append(x)
        except KeyError:
            pass
    return got


res = S.run([(remover, (t,)) for t in range(N)])
S.check(sorted(x for r in res for x in r) == list(range(T)), "removed not exactly once")
S.check(len(SET) == 0, "set not empty")
S.ok("remove_once")

SET.update(str(i) for i in range(T))


def popper(tid):
    got = []
    while True:
        try:
            got.append(SET.pop())
        except KeyError as e:
            S.check(str(e) == "'pop from an empty set'", "pop: %r" % (e,))
            return got


res = S.run([(popper, (t,)) for t in range(N)])
allp = sorted(int(x) for r in res for x in r)
S.check(allp == list(range(T)), "popped not exactly once (%d of %d)" % (len(allp), T))
S.ok("pop_tokens")

# An add whose comparisons (__eq__ of keys with one hash) add to the same set
# from the same thread: the dummy slot an add remembered may be filled
# meanwhile, and the add must look again rather than overwrite the key there
# (before, a key was lost and the set's count went wrong: an overflow in
# set_dealloc, or pop() that never returned). Each thread has its own set
# (the count is only meaningful unshared). CPython 3.11 has that bug (it
# segfaults in clear() here), so the phase runs on weft only.
WEFT = "weft" in sys.version


class Colliding:
    __slots__ = ("name", "target", "nested")

    def __init__(self, name, target=None, nested=None):
        self.name = name
        self.target = target
        self.nested = nested

    def __hash__(self):
        return 7

    def __eq__(self, other):
        nested = self.nested
        if nested is not None:
            self.nested = None
            self.target.add(nested)
        return self is other


def nested_adder(tid):
    own = set()
    for i in range(max(1, M // 50)):
        a = Colliding("a")
        b = Colliding("b", own, Colliding("n"))
        own.add(a)
        own.add(b)
        own.discard(a)              # leaves a dummy before b
        own.add(Colliding("c"))     # compares with b, which adds its nested key
        S.check(len(own) == len(list(own)) == 3, "set count %d for %d keys" % (len(own), len(list(own))))
        own.clear()


if WEFT:
    S.run([(nested_adder, (t,)) for t in range(N)])
S.ok("nested_add")
