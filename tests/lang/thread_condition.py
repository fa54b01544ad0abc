# Condition: a producer and a consumer hand over a fixed sequence one item
# at a time through a one-slot buffer.
import threading
import time

cond = threading.Condition()
slot = []
received = []
DONE = object()

def producer():
    for item in list(range(10)) + [DONE]:
        with cond:
            while slot:
                cond.wait()
            slot.append(item)
            cond.notify_all()

def consumer():
    while True:
        with cond:
            cond.wait_for(lambda: slot)
            item = slot.pop()
            cond.notify_all()
        if item is DONE:
            return
        received.append(item * item)

c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print('received:', received)

# wait() with a timeout and nobody notifying returns False.
with cond:
    print('wait timeout:', cond.wait(0.01))
    print('wait_for timeout:', cond.wait_for(lambda: False, 0.01))
    print('wait_for true at once:', cond.wait_for(lambda: 42, 0))

# Errors without holding the lock.
for name in ('wait', 'notify', 'notify_all'):
    try:
        getattr(cond, name)()
    except RuntimeError as e:
        print(name, 'RuntimeError:', e)

# notify(n) wakes exactly n waiters. A waiter registers and starts waiting
# under one hold of the lock, so once the main thread sees waiting == 5 all
# five are parked in wait().
c2 = threading.Condition(threading.Lock())
woken = []
waiting = [0]
def waiter(i):
    with c2:
        waiting[0] += 1
        c2.wait()
        woken.append(i)

def poll(pred):
    while True:
        with c2:
            if pred():
                return
        time.sleep(0.001)

threads = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
poll(lambda: waiting[0] == 5)
with c2:
    c2.notify(2)
poll(lambda: len(woken) >= 2)
time.sleep(0.05)
with c2:
    print('woken after notify(2):', len(woken))
    c2.notify(0)
    c2.notify(-1)
    c2.notify_all()
for t in threads:
    t.join()
print('all woken:', sorted(woken))

# A Condition over an RLock held twice: wait() releases it completely, so
# another thread can take it and notify.
rc = threading.Condition(threading.RLock())
flag = []
def setter():
    with rc:
        flag.append(1)
        rc.notify()
with rc:
    with rc:
        t = threading.Thread(target=setter)
        t.start()
        print('recursive wait:', rc.wait_for(lambda: flag, 5))
        print('still owned twice:', rc._is_owned())
    print('still owned once:', rc._is_owned())
t.join()
print('owned after with:', rc._is_owned())
