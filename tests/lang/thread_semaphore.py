# Semaphore(k) lets at most k threads in at a time.
import threading
import time

K = 3
sem = threading.Semaphore(K)
lock = threading.Lock()
inside = [0]
peak = [0]
done = [0]

def worker():
    with sem:
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        time.sleep(0.005)
        with lock:
            inside[0] -= 1
            done[0] += 1

threads = [threading.Thread(target=worker) for _ in range(12)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('done:', done[0])
print('max concurrency <= %d:' % K, 1 <= peak[0] <= K)
print('inside at end:', inside[0])

s = threading.Semaphore(2)
print(s.acquire(), s.acquire(), s.acquire(False), s.acquire(timeout=0.01))
s.release(2)
print(s.acquire(False), s.acquire(False), s.acquire(False))
s.release()
try:
    s.acquire(False, 1)
except ValueError as e:
    print('ValueError:', e)
try:
    s.release(0)
except ValueError as e:
    print('ValueError:', e)
try:
    threading.Semaphore(-1)
except ValueError as e:
    print('ValueError:', e)
z = threading.Semaphore(0)
print('zero semaphore:', z.acquire(False))

b = threading.BoundedSemaphore(2)
b.acquire()
b.release()
try:
    b.release()
except ValueError as e:
    print('ValueError:', e)
print('bounded is a Semaphore:', isinstance(b, threading.Semaphore))

# A semaphore used as a signal between threads.
sig = threading.Semaphore(0)
order = []
def signaller():
    order.append('worker')
    sig.release()
t = threading.Thread(target=signaller)
t.start()
sig.acquire()
order.append('main')
t.join()
print(order)
