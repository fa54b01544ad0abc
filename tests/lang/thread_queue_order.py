# LifoQueue, PriorityQueue and SimpleQueue ordering.
import threading
import queue

lq = queue.LifoQueue()
for i in range(5):
    lq.put(i)
print('lifo:', [lq.get() for _ in range(5)])

pq = queue.PriorityQueue()
for item in [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]:
    pq.put(item)
print('priority:', [pq.get() for _ in range(pq.qsize())])

pq = queue.PriorityQueue()
for entry in [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'aa'), (0, 'z')]:
    pq.put(entry)
out = []
while not pq.empty():
    out.append(pq.get_nowait())
print('tuples:', out)

# Equal priorities: the heap algorithm decides the order.
class Job:
    def __init__(self, prio, name):
        self.prio = prio
        self.name = name
    def __lt__(self, other):
        return self.prio < other.prio
pq = queue.PriorityQueue()
for i, p in enumerate([2, 1, 2, 1, 3, 2, 1, 3, 2, 1]):
    pq.put(Job(p, 'j%d' % i))
print('ties:', [pq.get().name for _ in range(10)])

# Bounded LIFO blocks the producer until a consumer makes room.
b = queue.LifoQueue(1)
b.put('x')
t = threading.Thread(target=lambda: b.put('y'))
t.start()
print('first get:', b.get())
t.join()
print('second get:', b.get())

s = queue.SimpleQueue()
print('simple empty:', s.empty(), s.qsize())
for i in range(4):
    s.put(i)
s.put_nowait(4)
print('simple:', s.qsize(), [s.get() for _ in range(3)], s.get_nowait(),
      s.get(timeout=0.01))
try:
    s.get_nowait()
except queue.Empty:
    print('simple Empty')
try:
    s.get(timeout=0.01)
except queue.Empty:
    print('simple Empty after timeout')
try:
    s.get(True, -1)
except ValueError as e:
    print('ValueError:', e)

got = []
def consume():
    for _ in range(100):
        got.append(s.get())
t = threading.Thread(target=consume)
t.start()
for i in range(100):
    s.put(i)
t.join()
print('simple threaded in order:', got == list(range(100)))
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))
