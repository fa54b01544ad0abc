# join(timeout) on a blocked thread returns with the thread still alive.
import threading
import time

gate = threading.Lock()
gate.acquire()

def blocked():
    gate.acquire()
    gate.release()

t = threading.Thread(target=blocked)
t.start()
t0 = time.monotonic()
t.join(0.05)
waited = time.monotonic() - t0
print('alive after join(0.05):', t.is_alive())
print('waited at least the timeout:', waited >= 0.04)
t.join(0)
t.join(-1)
print('alive after join(0)/join(-1):', t.is_alive())
gate.release()
t.join()
print('alive after release and join():', t.is_alive())
t.join()
t.join(0.01)
print('joining again is fine')

# join(timeout) on a thread that finishes in time returns early.
t = threading.Thread(target=time.sleep, args=(0.01,))
t.start()
t0 = time.monotonic()
t.join(5)
print('returned early:', time.monotonic() - t0 < 4, t.is_alive())
