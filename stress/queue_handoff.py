# Objects created by producer threads are passed through queues and dropped by
# consumer threads (biased refcounting: allocated by one thread, freed by
# another).  Every item is consumed exactly once, each producer's items reach a
# consumer in order, and every object is finalized.
# defaults: 50000 4
# expect: ok queue_handoff fifo
# expect: ok queue_handoff finalized
# expect: ok queue_handoff task_done
# expect: ok queue_handoff lifo_priority_simple
import queue
import threading
import time
from _stresslib import Stress

S = Stress("queue_handoff", 50000, 4)
P = max(1, S.threads // 2)
C = max(1, S.threads - P)
M = S.iters
dels = [0]
dl = threading.Lock()


class Item:
    def __init__(self, pid, seq):
        self.pid = pid
        self.seq = seq
        self.payload = [pid, seq, {"s": str(seq)}]

    def __del__(self):
        with dl:
            dels[0] += 1


q = queue.Queue(maxsize=64)


def producer(pid):
    for i in range(M):
        q.put(Item(pid, i))


def consumer(cid):
    last = [-1] * P
    got = []
    while True:
        it = q.get()
        if it is None:
            return got
        S.check(it.payload[2]["s"] == str(it.seq), "payload")
        S.check(it.seq > last[it.pid], "producer %d items out of order" % it.pid)
        last[it.pid] = it.seq
        got.append((it.pid, it.seq))
        it = None                        # dropped here, by the consumer


def stopper():
    # Runs with the others; sends one sentinel per consumer once producers end.
    while len(finished) < P and not S.errors:
        time.sleep(0.001)
    for _ in range(C):
        q.put(None)


finished = []


def producer_wrap(pid):
    producer(pid)
    finished.append(pid)


res = S.run([(producer_wrap, (p,)) for p in range(P)] + [(consumer, (c,)) for c in range(C)] + [(stopper, ())])
got = sorted(x for r in res[P:P + C] for x in r)
S.check(got == [(p, i) for p in range(P) for i in range(M)], "consumed %d of %d" % (len(got), P * M))
S.ok("fifo")

deadline = time.time() + 5
while dels[0] < P * M and time.time() < deadline:
    time.sleep(0.01)                     # give deferred merges a chance
S.check(dels[0] == P * M, "%d of %d items finalized" % (dels[0], P * M))
S.ok("finalized")

jq = queue.Queue()
done = []


def worker():
    while True:
        x = jq.get()
        if x is None:
            jq.task_done()
            return
        done.append(x * 2)
        jq.task_done()


ts = [threading.Thread(target=worker) for _ in range(C)]
for t in ts:
    t.start()
for i in range(M):
    jq.put(i)
jq.join()
S.check(sorted(done) == [2 * i for i in range(M)], "task_done results")
for t in ts:
    jq.put(None)
for t in ts:
    t.join()
S.ok("task_done")

for kind in (queue.LifoQueue, queue.PriorityQueue, queue.SimpleQueue):
    kq = kind()
    out = []

    def put(pid):
        for i in range(M // 4):
            kq.put((i, pid, [i]))

    def get(n):
        for _ in range(n):
            out.append(kq.get(timeout=30)[:2])

    n = (M // 4) * P
    S.run([(put, (p,)) for p in range(P)] + [(get, (n // C + (c < n % C),)) for c in range(C)])
    S.check(sorted(out) == sorted((i, p) for p in range(P) for i in range(M // 4)), "%s items" % kind.__name__)
    try:
        kq.get_nowait() if kind is not queue.SimpleQueue else kq.get(block=False)
        S.fail("%s not empty" % kind.__name__)
    except queue.Empty:
        pass
S.ok("lifo_priority_simple")
