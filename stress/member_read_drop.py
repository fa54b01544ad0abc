# More of the DESIGN §3 rule 5 attack, on the other places a value can be read
# from while another thread replaces it and drops the old one at once:
# __slots__ members, class attributes (read through an instance), closure
# cells, dict values met while iterating, and list items met by sorted()/sum().
# defaults: 100000 4
# expect: ok member_read_drop slots
# expect: ok member_read_drop class_attr
# expect: ok member_read_drop cell
# expect: ok member_read_drop iteration
from _stresslib import Stress

S = Stress("member_read_drop", 100000, 4)
N, M = S.threads, S.iters
BIG = 10 ** 30


class Slotted:
    __slots__ = ("v",)


class Klass:
    attr = BIG


SL = Slotted()
SL.v = BIG
inst = Klass()
D = {k: BIG + k for k in range(8)}
L = [BIG + k for k in range(8)]
stop = []


def make_cell():
    cell = BIG

    def set_(n):
        nonlocal cell
        cell = n

    def get():
        return cell

    return set_, get


set_cell, get_cell = make_cell()


def writer(tid):
    for i in range(M):
        n = BIG + 8 * (i + 1)                # fresh ints; each old one dies here
        SL.v = n + 1 - 1
        Klass.attr = n * 1
        set_cell(n + 0)
        k = i % 8
        D[k] = n + k
        L[k] = n + k
    stop.append(tid)


def ok_int(x):
    return type(x) is int and x >= BIG


def reader(nw, what):
    while len(stop) < nw and not S.errors:
        if what == "slots":
            S.check(ok_int(SL.v), "slot %r" % (SL.v,))
        elif what == "class_attr":
            S.check(ok_int(inst.attr) and ok_int(Klass.attr), "class attr")
        elif what == "cell":
            S.check(ok_int(get_cell()), "cell")
        else:
            for k, v in D.items():
                S.check(ok_int(v) and (v - BIG) % 8 == k, "item %r: %r" % (k, v))
            for v in D.values():
                S.check(ok_int(v), "value %r" % (v,))
            s = sorted(L)
            S.check(len(s) == 8 and all(ok_int(x) for x in s), "sorted")
            S.check(sum(L) >= 8 * BIG, "sum")


nw = max(1, N // 2)
nr = max(1, N - nw)
for what in ("slots", "class_attr", "cell", "iteration"):
    stop = []
    S.run([(writer, (t,)) for t in range(nw)] + [(reader, (nw, what))] * nr)
    S.ok(what)
