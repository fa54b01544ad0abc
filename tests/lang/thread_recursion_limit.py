# sys.setrecursionlimit applies to every thread, also to threads already
# running: each keeps its depth under the new limit.
import sys
import threading

ready = threading.Event()
go = threading.Event()
results = []


def deep(n):
    try:
        return deep(n + 1)
    except RecursionError:
        return n


def worker():
    ready.set()
    go.wait()
    results.append(deep(0))          # under the limit main set meanwhile
    sys.setrecursionlimit(100)       # this thread's depth is small here
    results.append(deep(0))


t = threading.Thread(target=worker)
t.start()
ready.wait()
sys.setrecursionlimit(3000)
go.set()
t.join()
print(sys.getrecursionlimit(), 2900 < results[0] < 3000, 80 < results[1] < 100)
print(90 < deep(0) < 100)
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
sys.setrecursionlimit(1000)
print(990 < deep(0) < 1000)
