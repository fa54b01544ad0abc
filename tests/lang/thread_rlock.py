# RLock: reentrant for its owner, exclusive against other threads.
import threading

r = threading.RLock()
print('acquire 1:', r.acquire())
print('acquire 2:', r.acquire())
with r:
    print('nested with ok')

result = []
def other():
    result.append(r.acquire(False))
    result.append(r.acquire(True, 0.01))
    try:
        r.release()
    except RuntimeError as e:
        result.append(str(e))

t = threading.Thread(target=other)
t.start()
t.join()
print('other thread while held:', result)

r.release()
print('still held after one release:', r._is_owned())
r.release()
print('owned after second release:', r._is_owned())
try:
    r.release()
except RuntimeError as e:
    print('RuntimeError:', e)

result.clear()
t = threading.Thread(target=lambda: result.append(r.acquire(False)) or r.release())
t.start()
t.join()
print('other thread after full release:', result)

# A recursive function guarded by an RLock, run by several threads.
total = [0]
def rec(n):
    with r:
        if n == 0:
            return
        total[0] += 1
        rec(n - 1)

threads = [threading.Thread(target=rec, args=(50,)) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('recursive total:', total[0])
