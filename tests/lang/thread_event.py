# Event: a two-way handshake between the main thread and a worker.
import threading

ping = threading.Event()
pong = threading.Event()
log = []

def worker():
    for i in range(3):
        ping.wait()
        ping.clear()
        log.append('ping %d' % i)
        pong.set()

t = threading.Thread(target=worker)
t.start()
for i in range(3):
    ping.set()
    pong.wait()
    pong.clear()
    log.append('pong %d' % i)
t.join()
print(log)

e = threading.Event()
print('initially set:', e.is_set())
print('wait with timeout:', e.wait(0.01))
print('wait(0):', e.wait(0))
e.set()
print('set:', e.is_set(), e.wait(), e.wait(0))
e.clear()
print('cleared:', e.is_set())

# Many waiters released by one set().
gate = threading.Event()
arrived = []
lock = threading.Lock()
def waiter(i):
    r = gate.wait()
    with lock:
        arrived.append((i, r))
threads = [threading.Thread(target=waiter, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
gate.set()
for t in threads:
    t.join()
print('arrived:', sorted(arrived))
