# Thousands of short threads started and finished in waves (threading.Thread,
# _thread.start_new_thread, daemon threads); each allocates and hands a value
# back through a list slot; threading.local stays per thread.
# ITERATIONS = number of threads in all; THREADS = threads per wave.
# defaults: 1500 8
# expect: ok thread_churn threading
# expect: ok thread_churn _thread
# expect: ok thread_churn local
import threading
import _thread
from _stresslib import Stress

S = Stress("thread_churn", 1500, 8)
W = S.threads
WAVES = (S.iters + W - 1) // W
TOTAL = WAVES * W
results = [None] * TOTAL


def work(slot):
    data = [str(slot)] * 20 + [{"k": slot}, (slot, slot)]
    results[slot] = sum(int(x) for x in data[:20]) + data[20]["k"] + data[21][1]


for w in range(WAVES):
    ts = [threading.Thread(target=work, args=(w * W + i,), daemon=(i % 3 == 0)) for i in range(W)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
        S.check(not t.is_alive(), "alive after join")
S.check(results == [22 * s for s in range(TOTAL)], "missing results")
S.check(threading.active_count() == 1, "active_count %d after joins" % threading.active_count())
S.check(threading.enumerate() == [threading.main_thread()], "enumerate %r" % (threading.enumerate(),))
S.ok("threading")

# Raw _thread threads signal completion by releasing a lock each.
results = [None] * TOTAL


def raw(slot, lock):
    try:
        work(slot)
        results[slot] = (results[slot], _thread.get_ident())
    finally:
        lock.release()


for w in range(WAVES):
    locks = []
    for i in range(W):
        lk = _thread.allocate_lock()
        lk.acquire()
        _thread.start_new_thread(raw, (w * W + i, lk))
        locks.append(lk)
    for lk in locks:
        lk.acquire()
S.check([r[0] for r in results] == [22 * s for s in range(TOTAL)], "missing _thread results")
S.check(all(type(r[1]) is int for r in results), "get_ident")
S.ok("_thread")

loc = threading.local()
loc.v = "main"
results = [None] * TOTAL


def localuser(slot, gate):
    S.check(not hasattr(loc, "v"), "local leaked into a new thread")
    loc.v = slot
    gate.wait()                 # every thread of the wave has set its own value
    results[slot] = loc.v


for w in range(WAVES):
    gate = threading.Barrier(W)
    ts = [threading.Thread(target=localuser, args=(w * W + i, gate)) for i in range(W)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
S.check(results == list(range(TOTAL)), "threading.local values mixed")
S.check(loc.v == "main", "main's local changed")
S.ok("local")
