# A class's methods and attributes replaced (setattr on the class and on a
# subclass) while other threads call them through instances: each call
# returns one of the installed versions' results.
# defaults: 300000 4
# expect: ok class_mutation calls
# expect: ok class_mutation final
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
    pass


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
