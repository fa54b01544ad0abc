# Attributes added and deleted on one shared instance (plain and __slots__)
# from many threads while others read them: a read gives one of the written
# values or the default, never anything else.
# defaults: 50000 4
# expect: ok attr_shared_instance shared_names
# expect: ok attr_shared_instance own_names
# expect: ok attr_shared_instance slots
# expect: ok attr_shared_instance dict_swap
# expect: ok attr_shared_instance code_in_lookup
import time

from _stresslib import Stress, Rng

S = Stress("attr_shared_instance", 50000, 4)
N, M = S.threads, S.iters
NAMES = ["a%d" % i for i in range(16)]
MISSING = object()
CHANGED = ("dictionary changed size during iteration", "dictionary keys changed during iteration")


class Plain:
    def __init__(self):
        self.a0 = "a0-init"


class Slotted:
    __slots__ = ("x", "y")


OBJ = Plain()
SL = Slotted()
stop = []


def writer(tid):
    r = Rng(tid)
    for i in range(M):
        name = NAMES[r.below(16)]
        if r.below(3):
            setattr(OBJ, name, "%s-%d" % (name, i))    # fresh string: the old value dies
        else:
            try:
                delattr(OBJ, name)
            except AttributeError as e:
                S.check(str(e) == "'Plain' object has no attribute '%s'" % name, "delattr: %r" % (e,))
        own = "own%d_%d" % (tid, i % 8)
        setattr(OBJ, own, i)
        if i % 7 == 0:
            SL.x = (tid, i)
            try:
                del SL.y
            except AttributeError as e:
                S.check(str(e) == "y", "del slot: %r" % (e,))
            SL.y = [tid]
    stop.append(tid)


def reader(nw):
    while len(stop) < nw and not S.errors:
        for name in NAMES:
            v = getattr(OBJ, name, MISSING)
            S.check(v is MISSING or (type(v) is str and v.startswith(name + "-")), "%s = %r" % (name, v))
            h = hasattr(OBJ, name)
            S.check(h is True or h is False, "hasattr")
        # list(d.items()) is one atomic operation in CPython (the usual idiom
        # to avoid "changed size during iteration"): it must never raise.
        for k, v in list(vars(OBJ).items()):
            S.check(type(k) is str, "key %r" % (k,))
        try:
            for k in vars(OBJ):
                S.check(type(k) is str, "key %r" % (k,))
        except RuntimeError as e:
            S.check(str(e) in CHANGED, "vars: %r" % (e,))
        x = getattr(SL, "x", None)
        S.check(x is None or (type(x) is tuple and len(x) == 2), "SL.x = %r" % (x,))
        y = getattr(SL, "y", None)
        S.check(y is None or (type(y) is list and len(y) == 1), "SL.y = %r" % (y,))


S.run([(writer, (t,)) for t in range(N)] + [(reader, (N,))] * 2)
for name in NAMES:
    v = getattr(OBJ, name, MISSING)
    S.check(v is MISSING or v.startswith(name + "-"), "final %s = %r" % (name, v))
S.ok("shared_names")
for t in range(N):
    for j in range(8):
        want = max(i for i in range(M) if i % 8 == j) if j < M else None
        S.check(getattr(OBJ, "own%d_%d" % (t, j), None) == want, "own%d_%d" % (t, j))
S.ok("own_names")
S.check(type(SL.x) is tuple and type(SL.y) is list, "final slots")
S.ok("slots")

# An instance whose __dict__ is replaced by fresh dicts that their writer
# goes on mutating (its lock held, a non-str key making readers take the
# locked path): a reader that loaded the old dict and blocks on its lock
# must not find it freed when it resumes (it was, before the fix: the
# blocked reader was offline, so the retired dict's grace period ended).
class Swapped:
    pass


SW = Swapped()
SW.__dict__ = {"a": 0, "b": 0}
stop = []


def swapper(tid):
    for i in range(M):
        d = {"a": i, "b": i}
        SW.__dict__ = d
        d.update(c=i)
        d["e"] = i
        for k in range(3):
            d[k] = k
    stop.append(tid)


def swap_reader(nw):
    while len(stop) < nw and not S.errors:
        a = SW.a
        S.check(type(a) is int and 0 <= a < M, "SW.a = %r" % (a,))
        try:
            c = SW.c
        except AttributeError:
            c = None
        S.check(c is None or (type(c) is int and 0 <= c < M), "SW.c = %r" % (c,))
        # Stores into a dict read borrowed, whose lock may block while it
        # is swapped out and its grace period ends (segfault in CI).
        SW.w = a
        try:
            del SW.w
        except AttributeError:
            pass              # another reader deleted it, or a swap came between


S.run([(swapper, (t,)) for t in range(max(2, N // 2))] + [(swap_reader, (max(2, N // 2),))] * 2)
S.check(sorted(k for k in vars(SW) if type(k) is str) == ["a", "b", "c", "e"], "final keys")
S.ok("dict_swap")

# The same swap, with lookups that run Python code while the dict is read
# borrowed: a name that is a str subclass whose __hash__ sleeps (before any
# lock), and a stored key whose __eq__ sleeps (inside the dict's critical
# section: a quiescent state there used to end the old dict's grace period,
# heap-use-after-free on resuming its section). Sleeping detaches, so the
# swappers' retired dicts can be freed meanwhile. (CPython 3.11 itself
# segfaults or hangs when such a name is used with setattr or delattr
# here, so those use exact names.)
class SlowName(str):
    def __hash__(self):
        time.sleep(0)
        return str.__hash__(self)


class SlowKey(str):
    def __hash__(self):
        return hash("a")       # collides with "a": every lookup of "a" compares

    def __eq__(self, other):
        time.sleep(0)
        return False


SLOW_A = SlowName("a")
SW2 = Swapped()
SW2.__dict__ = {SlowKey("k"): 0, "a": 0}
stop = []


def slow_swapper(tid):
    for i in range(max(1, M // 10)):
        SW2.__dict__ = {SlowKey("k"): i, "a": i}
    stop.append(tid)


def slow_reader(nw):
    while len(stop) < nw and not S.errors:
        a = SW2.a
        S.check(type(a) is int and 0 <= a < M, "SW2.a = %r" % (a,))
        a = getattr(SW2, SLOW_A)
        S.check(type(a) is int and 0 <= a < M, "getattr(SW2, SlowName) = %r" % (a,))
        SW2.w = a
        try:
            del SW2.w
        except AttributeError:
            pass              # another reader deleted it, or a swap came between


S.run([(slow_swapper, (t,)) for t in range(2)] + [(slow_reader, (2,))] * 2)
S.check(SW2.a == max(1, M // 10) - 1, "final SW2.a")
S.ok("code_in_lookup")
