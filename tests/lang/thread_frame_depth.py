# A thread's target runs as many frames deep as in CPython (threading's
# _bootstrap, _bootstrap_inner and run below it), so its frame chain and the
# depth at which it hits RecursionError are the same.
import sys
import threading


def probe():
    n = 0
    f = sys._getframe()
    while f is not None:
        n += 1
        f = f.f_back
    print("frames", n)

    def recurse(k):
        try:
            return recurse(k + 1)
        except RecursionError:
            return k

    print("recursion depth", recurse(0))


t = threading.Thread(target=probe)
t.start()
t.join()
