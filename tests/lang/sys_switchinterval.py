# sys.getswitchinterval / setswitchinterval: values, errors, and threads that
# compute and block under a short and a long interval.
import sys
import threading
import time

print(sys.getswitchinterval())
for value in (0.01, 1, 2.5, 1e-9, 0.005):
    sys.setswitchinterval(value)
    print(value, sys.getswitchinterval())

for bad in (0, -1, 0.0, -0.5):
    try:
        sys.setswitchinterval(bad)
    except ValueError as e:
        print("ValueError:", e)
for bad in ("x", None, [1]):
    try:
        sys.setswitchinterval(bad)
    except TypeError as e:
        print("TypeError:", e)
print(sys.getswitchinterval())


class Seconds:
    def __float__(self):
        return 0.02


sys.setswitchinterval(Seconds())
print(sys.getswitchinterval())


def compute(n, out, i):
    total = 0
    for k in range(n):
        total += k * k % 7
    out[i] = total


def block_and_compute(out, i):
    time.sleep(0.01)
    compute(20000, out, i)


for interval in (0.0001, 0.05):
    sys.setswitchinterval(interval)
    out = [None] * 12
    threads = [threading.Thread(target=compute, args=(30000, out, i)) for i in range(8)]
    threads += [threading.Thread(target=block_and_compute, args=(out, i)) for i in range(8, 12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(interval, out)
sys.setswitchinterval(0.005)
