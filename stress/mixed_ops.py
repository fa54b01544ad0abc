# A random mix of operations, each thread drawing its own sequence, on one set
# of shared objects: lists, dicts, sets, a bytearray, instances (inline
# attributes, a __dict__, __slots__), classes, generators, closures, globals,
# a function whose __defaults__ / __kwdefaults__ / names / __dict__ are
# replaced while others call it, an exception's args, a generator's names
# and a class's __name__ / __qualname__ replaced while others format them.
# Pairs of containers meet in one operation (l1 == l2, s1 | s3, d1 | d2,
# b"".join, startswith((ba,))) while others mutate both. Every operation
# either completes or raises what CPython raises for the same race or misuse
# (RuntimeError "changed size during iteration", ValueError "generator already
# executing", KeyError / IndexError from a racing removal, TypeError from
# comparing mixed items, AttributeError from a deleted attribute); after
# each phase every container is consistent (len agrees with iteration, items
# have the types the program stores). It found two races under TSan that no
# other program reached: bytes(ba) against del ba[:k], and dict | dict
# against a resize; and crashes: calls binding a replaced __kwdefaults__,
# repr of an exception, generator or class whose args / name another thread
# set.
# defaults: 20000 4
# expect: ok mixed_ops containers
# expect: ok mixed_ops objects
from _stresslib import Stress, Rng

S = Stress("mixed_ops", 20000, 4)
N, M = S.threads, S.iters
EXPECTED = (RuntimeError, ValueError, IndexError, KeyError, TypeError, AttributeError,
            StopIteration)

L1 = list(range(30))
L2 = [str(i) for i in range(30)]
D1 = {i: i for i in range(30)}
D2 = {str(i): [i] for i in range(30)}
S1 = set(range(30))
S2 = frozenset(range(10))
S3 = set(range(20, 50))
BA = bytearray(b"x" * 50)


class K:
    """A key with Python-level __eq__ / __hash__ / __lt__ (calls back from C)."""

    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        return isinstance(o, K) and self.v == o.v

    def __hash__(self):
        return hash(self.v)

    def __lt__(self, o):
        return self.v < getattr(o, "v", 0)


def sort_key(x):
    return (type(x).__name__, x if isinstance(x, int) else getattr(x, "v", 0))


def container_op(r):
    global S1, L1
    k = r.below(44)
    i = r.below(40)
    if k == 0: L1 == L2; L1 < L1[:]
    elif k == 1: L1.append(i); L1.pop()
    elif k == 2: L1.sort(key=sort_key)
    elif k == 3: L1[i % 10:i % 10 + 3] = [i, i]
    elif k == 4: L1.reverse(); L1 * 2; tuple(L1)
    elif k == 5: del L1[i:i + 2]; L1.extend(L2[:2]) if len(L1) < 20 else None
    elif k == 6: L1 += L1[:3]; L1.clear() if len(L1) > 120 else None
    elif k == 7: i in L1; L1.count(i); K(i) in L1; L1.index(L1[0]) if L1 else None
    elif k == 8: L1.append(K(i)); L1.remove(K(i))
    elif k == 9: L1.insert(i, D1 if i == 0 else i)
    elif k == 10: L2.sort(); L2.append(str(i)); L2.pop(0)
    elif k == 11: ",".join(L2); set(L2); dict.fromkeys(L2); max(L2)
    elif k == 12: D1 == dict(D1); {**D1}; D1 | D2; D1.copy()
    elif k == 13: D1[i] = [i]; D1.pop(i + 1, None)
    elif k == 14: D1.update({i: i, i + 1: i}); D1.setdefault(i, []).append(i) if i % 5 == 0 else None
    elif k == 15: list(D1.items()); list(D1.values()); D1.keys() & {1, 2}; sorted(D1, key=sort_key)
    elif k == 16:
        for _ in D1:
            pass
    elif k == 17: D1[K(i)] = i; D1.pop(K(i), None)
    elif k == 18: D1.popitem() if len(D1) > 60 else None; D1.clear() if len(D1) > 90 else None
    elif k == 19: D2.update(D1) if i % 9 == 0 else D2.pop(str(i), None); D2[str(i)] = [i]
    elif k == 20: S1 | S3; S1 & S3; S1 - S3; S1 ^ S3; S1 <= S3; S1.isdisjoint(S3)
    elif k == 21: S1.add(i); S1.discard(i + 1)
    elif k == 22:
        S1 |= S3 if i % 3 == 0 else S2
    elif k == 23: S1 -= {i, i + 1}; S3.symmetric_difference_update(S1) if i % 7 == 0 else None
    elif k == 24:
        for x in S1:
            if i == 3:
                S1.add(i + 100)
    elif k == 25: S1.add(K(i)); S1.discard(K(i)); frozenset(S1); S2 | S1; hash(S2)
    elif k == 26: S1.pop() if S1 else None; S1.clear() if len(S1) > 80 else S1.update(range(i))
    elif k == 27: BA.append(65 + i % 26); BA.extend(b"yz")
    elif k == 28: del BA[:i % 5]; BA.clear() if len(BA) > 200 else None
    elif k == 29: bytes(BA); b"" + BA; b"-".join([BA, b"x"]); b"%b" % BA; str(BA, "latin-1")
    elif k == 30: b"xyz".find(BA); b"x".startswith((BA, b"y")); BA.upper(); BA.split(b"y")
    elif k == 31: BA[i % 10:i % 10 + 2] = b"ab"; list(BA)
    elif k == 32: repr(L1); repr(D1); repr(S1); repr(BA)
    elif k == 33: list(zip(L1, L2)); list(enumerate(D1)); list(reversed(L1)); list(map(str, L1[:5]))
    elif k == 34: sum(x for x in L1 if type(x) is int); any(L2); all(S1); min(S1, default=0)
    elif k == 35: [*S1]; (*L1,); L1.copy(); S1.copy()
    elif k == 36:
        it = iter(D1)
        next(it, None)
        D1[i + 1000] = 1
        next(it, None)
    elif k == 37: L2[i % 10] = str(i)
    elif k == 38: D2.get(str(i), [0]).append(i) if i % 4 == 0 else str(D2.get(str(i)))
    elif k == 39: L1[:] = L1[-30:]
    elif k == 40: D1.pop(i + 1000, None)
    elif k == 41: dict(zip(L2, L1)); list(D2)
    elif k == 42: L1.extend(D1.keys()) if len(L1) < 60 else None
    elif k == 43: S3.update(range(20, 50)); S3.discard(i + 20)


class Base:
    cls_attr = 1

    def __init__(self):
        self.a = 1
        self.b = 2

    def m(self):
        return self.a

    @property
    def p(self):
        return self.b


class Slotted(Base):
    __slots__ = ("s",)


class Plain:
    def __init__(self):
        self.x = 0


O = Base()
P = Slotted()
Q = Plain()
COUNTER = 0


def numbers():
    for i in range(10 ** 9):
        yield i


G = numbers()
G2 = (x for x in range(10 ** 9))


def make_closure(v):
    def f():
        return v
    return f


F = make_closure(1)
SHARED_EXC = ValueError("shared")
HELD = []


def defaulted(a, b=1, *, c=2):
    return a + b + c


def object_op(r):
    global G, F, COUNTER
    k = r.below(45)
    i = r.below(50)
    if k == 0: O.a = i
    elif k == 1: O.m(); O.p; O.cls_attr
    elif k == 2: Base.m = (lambda self: 3) if i % 2 else (lambda self: self.a)
    elif k == 3: Base.cls_attr = i
    elif k == 4: setattr(O, "d%d" % (i % 4), i)
    elif k == 5: vars(O).pop("d%d" % (i % 4), None)
    elif k == 6: O.__dict__ = {"a": i, "b": i}
    elif k == 7: O.__class__ = Base
    elif k == 8: P.s = i; P.a = i; P.m()
    elif k == 9: del P.s
    elif k == 10: Q.x += 1; Q.__dict__.get("x")
    elif k == 11: Q.__class__ = Plain
    elif k == 12: next(G)
    elif k == 13: G = numbers() if i == 0 else G
    elif k == 14: next(G2)
    elif k == 15: F(); F = make_closure(i)
    elif k == 16:
        try:
            raise SHARED_EXC
        except ValueError as e:
            e.__traceback__; str(e)
    elif k == 17:
        try:
            raise KeyError(i) from SHARED_EXC
        except KeyError as e:
            e.__cause__
    elif k == 18: COUNTER += 1
    elif k == 19: type("T%d" % i, (Base,), {"z": i})().m()
    elif k == 20: Slotted.extra = i; del Slotted.extra
    elif k == 21: isinstance(O, Base); issubclass(Slotted, Base); Base.__mro__
    elif k == 22: getattr(O, "nope%d" % i, None); hasattr(P, "s"); dir(O)
    elif k == 23: repr(O); str(P)
    elif k == 24: Base.__init__(O)
    elif k == 25: delattr(O, "a") if i == 3 else None
    elif k == 26: O.__dict__.clear() if i == 9 else O.__dict__.update(x=i)
    elif k == 27: exec("v = %d" % i, {}); eval("1 + %d" % i)
    elif k == 28: sorted([Base(), Base()], key=lambda o: o.a)
    elif k == 29: Base.p = property(lambda self: self.a) if i % 2 else property(lambda self: self.b)
    elif k == 30: HELD.append(make_closure(i)); HELD.pop()
    elif k == 31: Q.__dict__ = {"x": 0}
    elif k == 32: del Q.x
    elif k == 33: SHARED_EXC.args; SHARED_EXC.with_traceback(None)
    elif k == 34: [O.m() for _ in range(3)]
    elif k == 35: Plain().x; Slotted().m()
    elif k == 36: defaulted(1); defaulted(1, c=i); defaulted.__name__; defaulted.tag = i
    elif k == 37: defaulted.__defaults__ = (i,) if i % 2 else (1,)
    elif k == 38: defaulted.__kwdefaults__ = {"c": i}
    elif k == 39: defaulted.__qualname__ = "d%d" % (i % 3); defaulted.__dict__ = {"tag": i}
    elif k == 40: SHARED_EXC.args = ("x%d" % i,) if i % 2 else ("y", i); KeyError(i).args = (i,)
    elif k == 41: str(SHARED_EXC); repr(SHARED_EXC); SHARED_EXC.__reduce__(); repr(G2); G2.__name__
    elif k == 42: G2.__name__ = "g%d" % i; G2.__qualname__ = "q%d" % i; SHARED_EXC.__dict__ = {"n": i}
    elif k == 43: Plain.__name__ = "Plain%d" % (i % 3); Plain.__qualname__ = "Q%d" % (i % 3)
    elif k == 44: repr(Plain); repr(Q); Plain.__qualname__; Q + 1 if i == 0 else Q.nope


def worker(op, tid):
    r = Rng(tid * 7919 + 17)
    for _ in range(M):
        try:
            op(r)
        except EXPECTED:
            pass
    return tid


def consistent(c, name, kinds):
    items = list(c)
    S.check(len(items) == len(c), "%s: len %d, iterated %d" % (name, len(c), len(items)))
    bad = [x for x in items if not isinstance(x, kinds)]
    S.check(not bad, "%s holds %r" % (name, bad[:3]))


S.run([(worker, (container_op, t)) for t in range(N)])
consistent(L1, "L1", (int, str, K, dict))
consistent(L2, "L2", (str,))
consistent(D1, "D1", (int, K))
consistent(D1.values(), "D1 values", (int, list))
consistent(D2, "D2", (str, int, K))
consistent(S1, "S1", (int, K))
consistent(S3, "S3", (int, K))
S.check(len(bytes(BA)) == len(BA), "bytearray length")
S.ok("containers")

S.run([(worker, (object_op, t)) for t in range(N)])
Base.__init__(O)   # a worker may have deleted O.a or emptied O.__dict__ last
S.check(isinstance(O.m(), int) and Base.cls_attr >= 0, "Base still works")
S.check(isinstance(Q.__dict__, dict), "Plain instance dict")
S.check(not HELD, "closures left in HELD")
S.ok("objects")
