# Queue: producers and consumers with task_done()/join() and sentinels.
import threading
import queue

q = queue.Queue(maxsize=4)
results = []
rlock = threading.Lock()
SENTINEL = None
NPROD = 3
NCONS = 2

def producer(base):
    for i in range(20):
        q.put(base + i)

def consumer():
    while True:
        item = q.get()
        if item is SENTINEL:
            q.task_done()
            return
        with rlock:
            results.append(item * 2)
        q.task_done()

cons = [threading.Thread(target=consumer) for _ in range(NCONS)]
prods = [threading.Thread(target=producer, args=(100 * k,)) for k in range(NPROD)]
for t in cons + prods:
    t.start()
for t in prods:
    t.join()
q.join()
print('all items processed:', len(results), sum(results))
print('unfinished:', q.unfinished_tasks, 'empty:', q.empty(), 'qsize:', q.qsize())
for _ in cons:
    q.put(SENTINEL)
for t in cons:
    t.join()
print('sorted head:', sorted(results)[:5])

# FIFO order with a single thread.
f = queue.Queue()
for i in range(5):
    f.put(i)
print('fifo:', [f.get() for _ in range(5)])

# Non-blocking and timeouts.
b = queue.Queue(2)
b.put_nowait('a')
b.put('b', timeout=0.01)
print('full:', b.full(), 'qsize:', b.qsize())
for call in (lambda: b.put_nowait('c'), lambda: b.put('c', timeout=0.01),
             lambda: b.put('c', False)):
    try:
        call()
    except queue.Full as e:
        print('Full', repr(e))
print(b.get_nowait(), b.get(timeout=0.01))
for call in (b.get_nowait, lambda: b.get(timeout=0.01), lambda: b.get(False)):
    try:
        call()
    except queue.Empty as e:
        print('Empty', type(e).__name__)
try:
    b.get(timeout=-1)
except ValueError as e:
    print('ValueError:', e)
try:
    b.task_done()
    b.task_done()
    b.task_done()
except ValueError as e:
    print('ValueError:', e)
print('unbounded full:', queue.Queue().full(), queue.Queue(0).maxsize)

# A blocked get() is woken by a put() from another thread.
h = queue.Queue()
got = []
t = threading.Thread(target=lambda: got.append(h.get()))
t.start()
h.put('handed over')
t.join()
print(got)
