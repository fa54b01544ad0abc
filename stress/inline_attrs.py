# Attributes kept inline in plain instances (runtime/objects/inline_attrs.c):
# readers get them while writers replace, delete and re-set them (the old
# values die at once) and other threads switch the same objects to a
# __dict__ (vars(), an unplanned name, __class__ and __dict__ assignment).
# A read gives a value some thread wrote for that name, or nothing; an
# owner's own counter loses no increment while others switch its object.
# defaults: 20000 4
# expect: ok inline_attrs values
# expect: ok inline_attrs switch
# expect: ok inline_attrs counters
from _stresslib import Stress, Rng

S = Stress("inline_attrs", 20000, 4)
N, M = S.threads, S.iters
K = 8
NAMES = ("a", "b", "c", "d")
MISSING = object()


class Cell:
    def __init__(self, tag):
        self.a = ("a", tag)
        self.b = ("b", tag)
        self.c = ("c", tag)

    def set_d(self, v):
        self.d = v


class Other:            # same layout, another plan: __class__ may swap
    def __init__(self):
        self.d = ("d", -1)
        self.z = None

    def set_d(self, v):
        self.d = v


cells = [Cell(i) for i in range(K)]
done = []


def check_value(name, v):
    S.check(v is MISSING or (type(v) is tuple and len(v) == 2 and v[0] == name),
            "%s = %r" % (name, v))


def writer(tid, switch):
    r = Rng(tid)
    for i in range(M):
        o = cells[r.below(K)]
        name = NAMES[r.below(4)]
        op = r.below(8)
        if op < 4:
            setattr(o, name, (name, (tid, i)))       # a fresh tuple: the old value dies
        elif op == 4:
            try:
                delattr(o, name)
            except AttributeError:
                pass
        elif op == 5:
            o.set_d(("d", i))
        elif op == 6 and switch:
            k = r.below(4)
            if k == 0:
                vars(o)
            elif k == 1:
                setattr(o, "x%d" % r.below(3), ("x", i))
            elif k == 2:
                o.__class__ = Other if type(o) is Cell else Cell
            else:
                o.__dict__ = {"a": ("a", i)}
        else:
            cells[r.below(K)] = Cell(i)               # a whole object with its values dies
    done.append(tid)


def reader(nw):
    n = 0
    while len(done) < nw and not S.errors:
        for o in list(cells):
            for name in NAMES:
                check_value(name, getattr(o, name, MISSING))
            n += 1
    return n


S.run([(writer, (t, False)) for t in range(N)] + [(reader, (N,))] * 2)
S.ok("values")
del done[:]
S.run([(writer, (t, True)) for t in range(N)] + [(reader, (N,))] * 2)
for o in cells:
    for name in NAMES:
        check_value(name, getattr(o, name, MISSING))
S.ok("switch")


class Counter:
    def __init__(self):
        self.n = 0
        self.last = ("last", -1)

    def bump(self, i):
        self.n += 1
        self.last = ("last", i)


counters = [Counter() for _ in range(N)]
done = []


def owner(tid):
    c = counters[tid]
    for i in range(M):
        c.bump(i)
    done.append(tid)


def switcher(seed):
    r = Rng(seed)
    while len(done) < N and not S.errors:
        c = counters[r.below(N)]
        k = r.below(3)
        if k == 0:
            vars(c)
        elif k == 1:
            c.__class__ = Counter          # same class: the values move to a dict
        else:
            check_value("last", getattr(c, "last"))


S.run([(owner, (t,)) for t in range(N)] + [(switcher, (s,)) for s in range(2)])
for c in counters:
    S.check(c.n == M, "counter %d != %d" % (c.n, M))
S.ok("counters")
