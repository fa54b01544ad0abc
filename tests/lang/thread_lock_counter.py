# A Lock-protected counter incremented by many threads reaches N*M exactly.
import threading

N = 8
M = 2000
lock = threading.Lock()
counter = [0]

def bump():
    for _ in range(M):
        with lock:
            counter[0] += 1

def bump_explicit():
    for _ in range(M):
        lock.acquire()
        try:
            counter[0] += 1
        finally:
            lock.release()

threads = [threading.Thread(target=bump if i % 2 else bump_explicit)
           for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('counter:', counter[0], 'expected:', N * M)

# Lock basics.
l = threading.Lock()
print('locked:', l.locked())
print('acquire:', l.acquire())
print('locked:', l.locked())
print('try again:', l.acquire(False))
print('try with timeout:', l.acquire(True, 0.01))
print('keyword form:', l.acquire(blocking=False))
l.release()
print('after release:', l.locked())
try:
    l.release()
except RuntimeError as e:
    print('RuntimeError:', e)
with l as v:
    print('with value:', v, l.locked())
print('after with:', l.locked())
try:
    l.acquire(False, 1)
except ValueError as e:
    print('ValueError:', e)

# A lock taken by one thread can be released by another.
l.acquire()
def releaser():
    l.release()
t = threading.Thread(target=releaser)
t.start()
t.join()
print('released by another thread:', l.locked())
print('threading.Lock is _thread.allocate_lock:', type(l).__name__ == 'lock')
