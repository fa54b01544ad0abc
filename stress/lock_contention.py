# Heavily contended Lock / RLock / Semaphore / BoundedSemaphore: exact totals,
# mutual exclusion, RLock recursion, non-blocking and timed acquires.
# defaults: 100000 4
# expect: ok lock_contention lock
# expect: ok lock_contention rlock
# expect: ok lock_contention try_acquire
# expect: ok lock_contention semaphore
import threading
from _stresslib import Stress

S = Stress("lock_contention", 100000, 4)
N, M = S.threads, S.iters
lock = threading.Lock()
count = 0
inside = [0]


def locker(tid):
    global count
    for i in range(M):
        with lock:
            inside[0] += 1
            S.check(inside[0] == 1, "two threads inside a Lock")
            count += 1
            inside[0] -= 1


S.run([(locker, (t,)) for t in range(N)])
S.check(count == N * M, "count %d, expected %d" % (count, N * M))
S.ok("lock")

rlock = threading.RLock()
rcount = 0


def rec(depth):
    global rcount
    with rlock:
        if depth:
            rec(depth - 1)
        else:
            rcount += 1


def rlocker(tid):
    for i in range(M // 4):
        rec(i % 6)
        rlock.acquire()
        rlock.acquire()
        rlock.release()
        rlock.release()
    try:
        rlock.release()
        S.fail("releasing an unowned RLock did not raise")
    except RuntimeError as e:
        S.check(str(e) == "cannot release un-acquired lock", "RLock release: %r" % (e,))


S.run([(rlocker, (t,)) for t in range(N)])
S.check(rcount == N * (M // 4), "rcount %d" % rcount)
S.ok("rlock")

tcount = 0


def trier(tid):
    global tcount
    got = 0
    while got < M // 4:
        if lock.acquire(blocking=False) if got % 2 else lock.acquire(timeout=0.5):
            tcount += 1
            got += 1
            lock.release()
    S.check(lock.acquire(True, -1), "blocking acquire")
    lock.release()


S.run([(trier, (t,)) for t in range(N)])
S.check(tcount == N * (M // 4), "tcount %d" % tcount)
S.check(not lock.locked(), "lock left locked")
S.ok("try_acquire")

CAP = 3
sem = threading.BoundedSemaphore(CAP)
plain = threading.Semaphore(0)
holders = [0]
hl = threading.Lock()
scount = [0]


def semuser(tid):
    for i in range(M // 4):
        with sem:
            with hl:
                holders[0] += 1
                S.check(holders[0] <= CAP, "%d holders of a Semaphore(%d)" % (holders[0], CAP))
                scount[0] += 1
            with hl:
                holders[0] -= 1
        plain.release()
    for i in range(M // 4):
        S.check(plain.acquire(timeout=10), "Semaphore acquire timed out")


S.run([(semuser, (t,)) for t in range(N)])
S.check(scount[0] == N * (M // 4), "scount %d" % scount[0])
try:
    sem.release()
    S.fail("BoundedSemaphore released too many times")
except ValueError as e:
    S.check(str(e) == "Semaphore released too many times", "bounded: %r" % (e,))
S.check(not plain.acquire(blocking=False), "Semaphore count left over")
S.ok("semaphore")
