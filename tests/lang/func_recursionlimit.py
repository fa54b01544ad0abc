# RecursionError is catchable; setrecursionlimit changes the depth.
import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print('RecursionError caught:', e)
old = sys.getrecursionlimit()
sys.setrecursionlimit(200)
print(sys.getrecursionlimit())
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
d = depth(0)
print(100 < d < 200)
sys.setrecursionlimit(old)
print(sys.getrecursionlimit() == old)
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(500))
print(issubclass(RecursionError, RuntimeError))
