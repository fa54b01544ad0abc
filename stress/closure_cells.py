# Closure cells shared by many threads: nonlocal counters under a lock (exact
# totals), a cell rebound to fresh objects by one thread while others read it,
# and closures created and called inside threads.
# defaults: 150000 4
# expect: ok closure_cells counter
# expect: ok closure_cells rebind
# expect: ok closure_cells make_in_threads
import threading
from _stresslib import Stress

S = Stress("closure_cells", 150000, 4)
N, M = S.threads, S.iters


def make_counter():
    count = 0
    lock = threading.Lock()

    def inc(k):
        nonlocal count
        with lock:
            count += k

    def get():
        return count

    return inc, get


inc, get = make_counter()


def incrementer(tid):
    for i in range(M):
        inc(1 + i % 3)


S.run([(incrementer, (t,)) for t in range(N)])
S.check(get() == N * sum(1 + i % 3 for i in range(M)), "counter %d" % get())
S.ok("counter")


def make_box():
    value = [0, "0"]
    stop = []

    def write(n):
        nonlocal value
        for i in range(n):
            value = [i, str(i)]              # the old list dies here
        stop.append(1)

    def read():
        seen = 0
        while not stop and not S.errors:
            v = value
            S.check(type(v) is list and v[1] == str(v[0]), "cell holds %r" % (v,))
            seen += 1
        return seen

    return write, read


write, read = make_box()
S.run([(write, (M,))] + [(read, ())] * max(1, N - 1))
S.ok("rebind")


def maker(tid):
    total = 0
    for i in range(M // 10):
        fs = [(lambda j=j: lambda: j * tid)() for j in range(5)]
        total += sum(f() for f in fs)
        acc = []

        def push(x, acc=acc):
            acc.append(x)
        for j in range(3):
            push(j)
        total += len(acc)
    return total


res = S.run([(maker, (t,)) for t in range(N)])
S.check(res == [(M // 10) * (10 * t + 3) for t in range(N)], "closure results %r" % (res,))
S.ok("make_in_threads")
