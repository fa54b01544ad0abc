# Run slots: more computing threads than cores, beside threads that block and
# wake all the time. Computing threads all finish with exact sums; a queue
# ping-pong and lock hand-offs keep going while hogs compute (a thread back
# from a wait gets a slot: the hogs stop only when the ping-pong is done, so a
# starved waiter hangs the program); one thread keeps changing
# sys.setswitchinterval meanwhile; short threads start and end among them.
# defaults: 2000 8
# expect: ok run_slots compute
# expect: ok run_slots pingpong_under_hogs
# expect: ok run_slots locks_under_hogs
# expect: ok run_slots churn_and_intervals
import queue
import sys
import threading
import time
from _stresslib import Stress

S = Stress("run_slots", 2000, 8)
N, M = max(2, S.threads), S.iters


def crunch(k):
    total = 0
    for i in range(k):
        total += (i * i) % 13
    return total


# ---- compute: N threads (N > cores) of pure computation --------------------
sums = [None] * N


def compute(tid):
    sums[tid] = crunch(M * 20 + tid)


S.run([(compute, (t,)) for t in range(N)])
S.check(sums == [crunch(M * 20 + t) for t in range(N)], "compute sums")
S.ok("compute")

# ---- pingpong_under_hogs: N hogs compute until two threads pass M messages ----
done = threading.Event()
spins = [0] * N


def hog(tid):
    while not done.is_set():
        crunch(200)
        spins[tid] += 1


to_pong, to_ping = queue.Queue(), queue.Queue()
got = []


def pinger():
    try:
        for i in range(M):
            to_pong.put(i)
            got.append(to_ping.get(timeout=60))
    finally:
        done.set()


def ponger():
    for _ in range(M):
        to_ping.put(-to_pong.get(timeout=60))


S.run([(hog, (t,)) for t in range(N)] + [(pinger, ()), (ponger, ())])
S.check(got == [-i for i in range(M)], "ping-pong replies out of order")
S.check(all(s > 0 for s in spins), "a hog never ran")
S.ok("pingpong_under_hogs")

# ---- locks_under_hogs: threads pass one lock around while hogs compute -------
done = threading.Event()
lock = threading.Lock()
counter = [0]
LOCKERS = 4


def locker():
    for _ in range(M // 4 + 1):
        with lock:
            counter[0] += 1
        time.sleep(0)


def lockers_then_stop():
    ts = [threading.Thread(target=locker) for _ in range(LOCKERS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    done.set()


spins = [0] * N
S.run([(hog, (t,)) for t in range(N)] + [(lockers_then_stop, ())])
S.check(counter[0] == LOCKERS * (M // 4 + 1), "lock counter %d" % counter[0])
S.ok("locks_under_hogs")

# ---- churn_and_intervals: short threads and interval changes among hogs ------
done = threading.Event()
results = []


def short(i):
    results.append(crunch(50 + i % 7) + i)


def churner():
    try:
        for wave in range(max(1, M // 50)):
            ts = [threading.Thread(target=short, args=(wave * 4 + j,)) for j in range(4)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
    finally:
        done.set()


def interval_changer():
    intervals = (0.0001, 0.001, 0.005, 0.02)
    i = 0
    while not done.is_set():
        sys.setswitchinterval(intervals[i % len(intervals)])
        i += 1
        time.sleep(0.001)
    sys.setswitchinterval(0.005)


spins = [0] * N
S.run([(hog, (t,)) for t in range(N)] + [(churner, ()), (interval_changer, ())])
want = sorted(crunch(50 + i % 7) + i for i in range(max(1, M // 50) * 4))
S.check(sorted(results) == want, "short threads' results")
S.check(sys.getswitchinterval() == 0.005, "switch interval not restored")
S.ok("churn_and_intervals")
