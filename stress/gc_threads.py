# The cycle collector runs (gc.collect() from several threads) while other
# threads build and drop reference cycles and mutate shared containers; every
# cycle is collected and finalized exactly once, live data stays intact.
# Prints "skip" when the interpreter has no gc module yet.
# defaults: 40000 4
# expect: ok gc_threads concurrent
# expect: ok gc_threads collected
import sys
import threading

try:
    import gc
except ImportError:
    print("skip gc_threads: no gc module")
    sys.exit(0)
from _stresslib import Stress

S = Stress("gc_threads", 40000, 4)
N, M = S.threads, S.iters
finalized = [0]
fl = threading.Lock()
SHARED = {"live": [list(range(10)) for _ in range(10)]}
stop = []


class Node:
    def __init__(self, tag):
        self.tag = tag
        self.other = None
        self.data = [tag, {"tag": tag}]

    def __del__(self):
        with fl:
            finalized[0] += 1


def builder(tid):
    made = 0
    for i in range(M):
        a, b = Node((tid, i)), Node((tid, i))
        a.other, b.other = b, a              # a 2-cycle, dropped next iteration
        lst = [a]
        lst.append(lst)                      # a self-referencing list
        made += 2
        if i % 100 == 0:
            SHARED[tid] = [Node((tid, -i))]  # replaced: the old one dies
            made += 1
        S.check(a.data[1]["tag"] == (tid, i), "node data")
    stop.append(tid)
    return made


def collector(nw):
    n = 0
    while len(stop) < nw and not S.errors:
        r = gc.collect()
        S.check(type(r) is int and r >= 0, "gc.collect() = %r" % (r,))
        live = SHARED["live"]
        S.check(all(x == list(range(10)) for x in live), "live data damaged")
        n += 1
    return n


nw = max(1, N - 1)
res = S.run([(builder, (t,)) for t in range(nw)] + [(collector, (nw,))] * max(1, N - nw))
S.ok("concurrent")
made = sum(res[:nw])
for t in range(nw):
    del SHARED[t]
for _ in range(3):
    gc.collect()
S.check(finalized[0] == made, "%d of %d nodes finalized" % (finalized[0], made))
S.ok("collected")
