# Condition-based token ring between N threads for M rounds, then an Event
# ping-pong between two threads, then a Barrier: exact order of turns.
# defaults: 10000 4
# expect: ok condition_pingpong ring
# expect: ok condition_pingpong events
# expect: ok condition_pingpong barrier
import threading
from _stresslib import Stress

S = Stress("condition_pingpong", 10000, 4)
N, M = max(2, S.threads), S.iters
cond = threading.Condition()
turn = [0]
log = []


def ring(tid):
    for r in range(M):
        with cond:
            while turn[0] != tid:
                if not cond.wait(timeout=30):
                    S.fail("thread %d: wait timed out in round %d" % (tid, r))
                    return
            log.append(tid)
            turn[0] = (tid + 1) % N
            cond.notify_all()


S.run([(ring, (t,)) for t in range(N)])
S.check(log == list(range(N)) * M, "ring order broken (%d turns)" % len(log))
S.ok("ring")

ping, pong = threading.Event(), threading.Event()
seq = []


def pinger():
    for i in range(M):
        seq.append(("ping", i))
        ping.set()
        S.check(pong.wait(30), "pong timed out")
        pong.clear()


def ponger():
    for i in range(M):
        S.check(ping.wait(30), "ping timed out")
        ping.clear()
        seq.append(("pong", i))
        pong.set()


S.run([(pinger, ()), (ponger, ())])
S.check(seq == [(w, i) for i in range(M) for w in ("ping", "pong")], "ping-pong order broken")
S.ok("events")

ROUNDS = max(1, M // 10)
bar = threading.Barrier(N)
slots = [[None] * N for _ in range(ROUNDS)]
indexes = []


def stepper(tid):
    for r in range(ROUNDS):
        slots[r][tid] = r
        i = bar.wait(30)
        indexes.append(i)
        # After the barrier every thread of this round has written its slot.
        S.check(slots[r] == [r] * N, "round %d incomplete after the barrier" % r)
        bar.wait(30)


S.run([(stepper, (t,)) for t in range(N)])
S.check(sorted(indexes) == sorted(list(range(N)) * ROUNDS), "barrier indexes")
S.ok("barrier")
