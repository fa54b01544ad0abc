# Objects whose __del__ stores self in a shared list (resurrection) while
# other threads pop them from it and drop them, and objects created by one
# thread and dropped by another. __del__ runs at most once per object (PEP
# 442) and always sees the object whole. Before the fix, a revived object kept
# its old shared-count state: another thread dropping the reference __del__
# had stored freed it under its new owner (ASan use-after-free; release
# segfault in 9 runs of 10 with 4 threads).
# Wake: `del G` of a global whose __del__ sets an Event another thread waits
# on, then join(): the drop waits a grace period and runs at a safe point,
# so a blocked lock wait must still do what a safe point does (it hung).
# defaults: 100000 4
# expect: ok finalizer_resurrect resurrect
# expect: ok finalizer_resurrect wake
import threading
from _stresslib import Stress

S = Stress("finalizer_resurrect", 100000, 4)
N, M = S.threads, S.iters
SAVED = []
SLOTS = [None] * 16
FINALIZED = {}          # tag -> times __del__ ran (each tag is one object's)


class Phoenix:
    def __init__(self, tag):
        self.tag = tag
        self.payload = [tag] * 3

    def __del__(self):
        S.check(self.payload == [self.tag] * 3, "__del__ saw a cleared object")
        # No lock: a finalizer may run inside another finalizer's critical
        # region (at any safe point), and a plain Lock would deadlock there.
        FINALIZED[self.tag] = FINALIZED.get(self.tag, 0) + 1
        if len(SAVED) < 50:
            SAVED.append(self)      # resurrect: another thread will drop it


def worker(tid):
    for n in range(M // 4):
        SLOTS[(n + tid) % 16] = Phoenix((tid, n))
        if n % 2:
            try:
                SAVED.pop()
            except IndexError:
                pass


S.run([(worker, (t,)) for t in range(N)])
SLOTS[:] = [None] * 16
SAVED.clear()
# A snapshot: finalizers of the objects just dropped may still be running.
twice = [tag for tag, times in list(FINALIZED.items()) if times != 1]
S.check(not twice, "__del__ ran %d times for %r" % (len(twice), twice[:3]))
S.check(len(FINALIZED) > 0, "no finalizer ran")
S.ok("resurrect")


class Waker:
    def __init__(self, event):
        self.event = event

    def __del__(self):
        self.event.set()


def spin_then_wait(event, spins):
    for _ in range(spins):      # attached and running while main drops G
        pass
    S.check(event.wait(60), "the finalizer never woke the waiter")


for i in range(max(5, M // 5000)):
    event = threading.Event()
    G = Waker(event)
    t = threading.Thread(target=spin_then_wait, args=(event, 1000 * (i % 50)))
    t.start()
    del G                       # a global: its drop waits a grace period
    t.join()
S.ok("wake")
