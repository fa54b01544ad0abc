# Timer runs its function once after the interval, unless cancelled.
import threading

fired = []
t = threading.Timer(0.01, fired.append, args=['first'])
t.start()
t.join()
print('fired:', fired)

c = threading.Timer(30, fired.append, args=['never'])
c.start()
c.cancel()
c.join()
print('after cancel:', fired, c.finished.is_set(), c.is_alive())

got = {}
def f(a, b=0):
    got['call'] = (a, b, threading.current_thread().name)
k = threading.Timer(0, f, args=(1,), kwargs={'b': 2})
print('timer name:', k.name)
k.start()
k.join()
print('kwargs:', got)
print('is a Thread:', isinstance(k, threading.Thread))
