# A class's methods and attributes replaced (setattr on the class and on a
# subclass) while other threads call them through instances: each call
# returns one of the installed versions' results (also through super() and
# through the class). Then the dunders that C
# slots look up and call (__init__ from a class call, __add__, __eq__,
# __len__, __contains__, __bool__, __iter__) are replaced in the same way,
# by module-level functions (deferred: called without a reference) and by
# fresh lambdas (counted, freed once replaced).
# defaults: 300000 4
# expect: ok class_mutation calls
# expect: ok class_mutation final
# expect: ok class_mutation dunders
from _stresslib import Stress

S = Stress("class_mutation", 300000, 4)
N, M = S.threads, S.iters


def v1(self):
    return 1


def v2(self):
    return 2


def v3(self, *args):
    return 3


def v4(self):
    return 4


class Base:
    f = v1
    limit = 10

    def g(self):
        return self.f() * 10


class Sub(Base):
    def via_super(self):
        return super().f()      # the method form through super(), unbound


VERSIONS = (v1, v2, v3)
stop = []


def mutator(tid):
    for i in range(M):
        Base.f = VERSIONS[(i + tid) % 3]
        if i % 5 == 0:
            Sub.f = v4                  # shadows Base.f for Sub only
        elif i % 5 == 2:
            try:
                del Sub.f
            except AttributeError:      # another mutator deleted it first
                pass
        if i % 11 == 0:
            Base.extra = i
        elif i % 11 == 5:
            try:
                del Base.extra
            except AttributeError:
                pass
        Base.limit = 10 + i % 3
    stop.append(tid)


def caller(nw):
    b = Base()
    s = Sub()
    while len(stop) < nw and not S.errors:
        r = b.f()
        S.check(r in (1, 2, 3), "Base().f() = %r" % (r,))
        r = s.f()
        S.check(r in (1, 2, 3, 4), "Sub().f() = %r" % (r,))
        r = s.g()
        S.check(r in (10, 20, 30, 40), "Sub().g() = %r" % (r,))
        r = Base.f(b)
        S.check(r in (1, 2, 3), "Base.f(b) = %r" % (r,))
        r = s.via_super()
        S.check(r in (1, 2, 3), "super().f() = %r" % (r,))
        e = getattr(s, "extra", None)
        S.check(e is None or type(e) is int, "extra = %r" % (e,))
        S.check(b.limit in (10, 11, 12), "limit = %r" % (b.limit,))
        m = b.f                         # a bound method outlives the swap
        S.check(m() in (1, 2, 3), "bound method")


nm = max(1, N // 2)
S.run([(mutator, (t,)) for t in range(nm)] + [(caller, (nm,))] * max(1, N - nm))
S.ok("calls")

Base.f = v2
try:
    del Sub.f
except AttributeError:
    pass


def final_caller():
    return [Sub().f() + Base().f() for _ in range(100)]


res = S.run([(final_caller, ())] * N)
S.check(all(r == [4] * 100 for r in res), "stale method after the last setattr")
S.ok("final")


def init_a(self, v):
    self.v = v


def init_b(self, v):
    self.v = v + 1000


def add_a(self, other):
    return 1


def add_b(self, other):
    return 2


def len_a(self):
    return 5


def len_b(self):
    return 6


def contains_a(self, x):
    return True


def bool_a(self):
    return False


def iter_a(self):
    return iter((1, 2))


class Vec:
    __init__ = init_a
    __add__ = add_a
    __len__ = len_a
    __contains__ = contains_a
    __bool__ = bool_a
    __iter__ = iter_a

    def __eq__(self, other):
        return True


dunder_stop = []


def dunder_mutator(tid):
    # Each slot change stops the world (type_slots.c): far fewer rounds.
    for i in range(M // 150):
        k = (i + tid) % 3
        if k == 0:
            Vec.__init__ = init_b
            Vec.__add__ = add_b
            Vec.__len__ = len_b
            Vec.__contains__ = lambda self, x: False
            Vec.__bool__ = lambda self: True
            Vec.__iter__ = lambda self: iter((3,))
            Vec.__eq__ = lambda self, other: False
        elif k == 1:
            Vec.__init__ = lambda self, v: setattr(self, "v", v + 2000)
            Vec.__add__ = lambda self, other: 3
            Vec.__len__ = lambda self: 7
        else:
            Vec.__init__ = init_a
            Vec.__add__ = add_a
            Vec.__len__ = len_a
            Vec.__contains__ = contains_a
            Vec.__bool__ = bool_a
            Vec.__iter__ = iter_a
            Vec.__eq__ = lambda self, other: True
    dunder_stop.append(tid)


def dunder_caller(nw):
    while len(dunder_stop) < nw and not S.errors:
        a = Vec(1)
        b = Vec(2)
        S.check(a.v in (1, 1001, 2001), "Vec(1).v = %r" % (a.v,))
        S.check(a + b in (1, 2, 3), "a + b = %r" % (a + b,))
        S.check((a == b) in (True, False), "a == b")
        S.check(len(a) in (5, 6, 7), "len(a) = %r" % (len(a),))
        S.check((0 in a) in (True, False), "0 in a")
        S.check(bool(a) in (True, False), "bool(a)")
        S.check(list(a) in ([1, 2], [3]), "list(a) = %r" % (list(a),))


S.run([(dunder_mutator, (t,)) for t in range(nm)] + [(dunder_caller, (nm,))] * max(1, N - nm))
Vec.__init__ = init_b
Vec.__add__ = add_b
res = S.run([(lambda: [(Vec(0).v, Vec(0) + Vec(0)) for _ in range(50)], ())] * N)
S.check(all(r == [(1000, 2)] * 50 for r in res), "stale dunder after the last setattr")
S.ok("dunders")
