# Threads raise and catch exceptions in loops (chained, re-raised, with
# tracebacks); sys.exc_info() stays per thread; threads that die of an
# uncaught exception reach threading.excepthook (and, with the default hook,
# print a traceback on stderr, which the runner ignores) and the program goes on.
# defaults: 50000 4
# stderr: allowed
# expect: ok exceptions_in_threads caught
# expect: ok exceptions_in_threads exc_info
# expect: ok exceptions_in_threads cross_thread
# expect: ok exceptions_in_threads excepthook
# expect: ok exceptions_in_threads default_hook
# expect: ok exceptions_in_threads tb_links
import sys
import threading
import time
from _stresslib import Stress, Rng

S = Stress("exceptions_in_threads", 50000, 4)
N, M = S.threads, S.iters


class MyError(Exception):
    def __init__(self, tid, i):
        super().__init__(tid, i)
        self.tid = tid


def thrower(tid, i):
    if i % 3 == 0:
        raise MyError(tid, i)
    if i % 3 == 1:
        return {}[("k", tid, i)]
    return [][i]


def catcher(tid):
    counts = [0, 0, 0, 0]
    for i in range(M):
        try:
            try:
                thrower(tid, i)
            except KeyError as e:
                S.check(e.args == (("k", tid, i),), "KeyError args %r" % (e.args,))
                raise ValueError(i) from e
            except IndexError as e:
                S.check(str(e) == "list index out of range", "IndexError %r" % (e,))
                counts[2] += 1
                continue
        except MyError as e:
            S.check(e.tid == tid and e.args == (tid, i), "MyError %r" % (e.args,))
            S.check(e.__traceback__ is not None, "no traceback")
            counts[0] += 1
        except ValueError as e:
            S.check(type(e.__cause__) is KeyError and e.args == (i,), "chain %r" % (e,))
            counts[1] += 1
        finally:
            counts[3] += 1
    return counts


res = S.run([(catcher, (t,)) for t in range(N)])
want = [len(range(0, M, 3)), len(range(1, M, 3)), len(range(2, M, 3)), M]
S.check(all(r == want for r in res), "counts %r, expected %r" % (res, want))
S.ok("caught")


def exc_info_user(tid):
    for i in range(M // 10):
        try:
            raise MyError(tid, i)
        except MyError:
            if i % 50 == 0:
                time.sleep(0)               # let other threads raise meanwhile
            t, v, tb = sys.exc_info()
            S.check(t is MyError and v.args == (tid, i), "exc_info %r" % (v,))
        S.check(sys.exc_info() == (None, None, None), "exc_info not cleared")


S.run([(exc_info_user, (t,)) for t in range(N)])
S.ok("exc_info")

# Exceptions (and their tracebacks, which hold the frames of threads that
# have ended) raised again by other threads; one exception object raised by
# every thread at once (each raise rewrites its __traceback__).
stash = []
SHARED_EXC = MyError(-1, "shared")


def maker(tid):
    for i in range(M // 20):
        try:
            thrower(tid, 3 * i)
        except MyError as e:
            stash.append(e)


def reraiser(tid):
    n = 0
    while True:
        try:
            e = stash.pop()
        except IndexError:
            break
        try:
            raise e
        except MyError as caught:
            S.check(caught is e and e.args[1] % 3 == 0, "re-raised %r" % (caught,))
            S.check(caught.__traceback__ is not None, "no traceback")
            n += 1
        try:
            raise SHARED_EXC
        except MyError as caught:
            S.check(caught is SHARED_EXC, "shared exception")
    return n


S.run([(maker, (t,)) for t in range(N)])
res = S.run([(reraiser, (t,)) for t in range(N)])
S.check(sum(res) == N * (M // 20), "re-raised %d of %d" % (sum(res), N * (M // 20)))
S.ok("cross_thread")

hooked = []


def hook(args):
    hooked.append((args.exc_type, args.exc_value.args[0], args.thread.name))


def dier(k):
    raise MyError(k, "uncaught")


threading.excepthook = hook
K = max(4, N * 4)
ts = [threading.Thread(target=dier, args=(k,), name="dier-%d" % k) for k in range(K)]
for t in ts:
    t.start()
for t in ts:
    t.join()
    S.check(not t.is_alive(), "dead thread alive")
S.check(sorted(hooked) == sorted((MyError, k, "dier-%d" % k) for k in range(K)), "hook calls %r" % (hooked,))
S.ok("excepthook")

threading.excepthook = threading.__excepthook__
ts = [threading.Thread(target=dier, args=(k,)) for k in range(2)]
for t in ts:
    t.start()
    t.join()
res = S.run([(catcher, (t,)) for t in range(N)])  # threads still work afterwards
S.check(all(r == want for r in res), "counts after deaths")
S.ok("default_hook")


# Traceback links changed by several threads while others walk them, raise
# through them and print them: `tb.tb_next = t` used to drop the old link at
# once (a reader's tb_next, or a second writer, then used freed memory:
# ASan 3 of 3), and two threads linking a to b and b to a could each pass
# the loop check and close a loop that every walk would follow forever.
def make_tb(depth):
    def f(n):
        if n == 0:
            raise ValueError("tb")
        f(n - 1)
    try:
        f(depth)
    except ValueError as e:
        return e.__traceback__


ROOTS = [make_tb(k % 3) for k in range(4)]
LIMIT = 10000
stop = []


def chain_length(t):
    n = 0
    while t is not None and n < LIMIT:
        S.check(type(t.tb_lineno) is int, "tb_lineno")
        t = t.tb_next
        n += 1
    return n


def linker(tid):
    r = Rng(tid)
    for i in range(max(1, M // 8)):
        a = ROOTS[r.below(4)]
        try:
            a.tb_next = ROOTS[r.below(4)] if r.below(2) else make_tb(r.below(3))
        except ValueError as e:
            S.check(str(e) == "traceback loop detected", "tb_next: %r" % (e,))
        if r.below(8) == 0:
            a.tb_next = None
    stop.append(tid)


def walker(nl):
    while len(stop) < nl and not S.errors:
        for root in ROOTS:
            S.check(chain_length(root) < LIMIT, "traceback loop")


def dier(k):
    raise MyError(k, "relinked").with_traceback(ROOTS[k % 4])


def printer(nl):
    while len(stop) < nl and not S.errors:
        t = threading.Thread(target=dier, args=(len(stop),))   # default hook: prints the chain
        t.start()
        t.join()


nl = max(2, N)
S.run([(linker, (t,)) for t in range(nl)] + [(walker, (nl,)), (printer, (nl,))])
for root in ROOTS:
    S.check(chain_length(root) < LIMIT, "final traceback loop")
S.ok("tb_links")
