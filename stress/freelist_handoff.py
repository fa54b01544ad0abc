# Objects of many kinds (floats, tuples, lists, dicts, strings, bound methods,
# closures, generators, exceptions, ranges) made by producer threads and
# dropped by consumer threads through one shared list: attacks per-thread free
# lists, cross-thread frees and biased reference counts.  Every object arrives
# intact and is counted once.
# defaults: 150000 4
# expect: ok freelist_handoff handoff
import time
from _stresslib import Stress

S = Stress("freelist_handoff", 150000, 4)
P = max(1, S.threads // 2)
C = max(1, S.threads - P)
M = S.iters
BUF = []
done = []
KINDS = 10


class Obj:
    def __init__(self, i):
        self.i = i

    def get(self):
        return self.i


def make(i):
    k = i % KINDS
    if k == 0:
        return i + 0.5
    if k == 1:
        return (i, -i, str(i))
    if k == 2:
        return [i, [i]]
    if k == 3:
        return {"i": i, i: (i,)}
    if k == 4:
        return str(i) * 3
    if k == 5:
        return Obj(i).get
    if k == 6:
        return lambda: i
    if k == 7:
        return (x for x in (i, i))
    if k == 8:
        return ValueError(i)
    return range(i, i + 3)


def valid(i, o):
    k = i % KINDS
    if k == 0:
        return o == i + 0.5
    if k == 1:
        return o == (i, -i, str(i))
    if k == 2:
        return o == [i, [i]]
    if k == 3:
        return o == {"i": i, i: (i,)}
    if k == 4:
        return o == str(i) * 3
    if k in (5, 6):
        return o() == i
    if k == 7:
        return sum(o) == 2 * i
    if k == 8:
        return type(o) is ValueError and o.args == (i,)
    return list(o) == [i, i + 1, i + 2]


def producer(pid):
    for i in range(M):
        BUF.append((pid, i, make(i)))
        if len(BUF) > 1000:
            time.sleep(0)
    done.append(pid)


def consumer(cid):
    seen = 0
    while True:
        try:
            pid, i, o = BUF.pop()
        except IndexError:
            if len(done) == P and not BUF:
                return seen
            time.sleep(0)
            continue
        S.check(valid(i, o), "object %d from producer %d damaged: %r" % (i, pid, o))
        seen += 1
        o = None                        # freed here, by a thread that did not make it


res = S.run([(producer, (p,)) for p in range(P)] + [(consumer, (c,)) for c in range(C)])
S.check(sum(res[P:]) == P * M, "consumed %d of %d" % (sum(res[P:]), P * M))
S.ok("handoff")
