# N threads each sum a slice of a range into their own slot; the main thread
# joins them all and adds the slots up.
import threading

N = 8
SIZE = 20000
slots = [None] * N

def work(i):
    total = 0
    for x in range(i * SIZE, (i + 1) * SIZE):
        total += x * x
    slots[i] = total

threads = [threading.Thread(target=work, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print('slots filled:', all(s is not None for s in slots))
print('total:', sum(slots))
print('expected:', sum(x * x for x in range(N * SIZE)))
print('all finished:', [t.is_alive() for t in threads])
print('names:', [t.name for t in threads][:3])
print('idents are ints:', all(isinstance(t.ident, int) for t in threads))
print('native ids are ints:', all(isinstance(t.native_id, int) for t in threads))

# kwargs are passed through too.
out = {}
def kw(a, b=0, *, c=0):
    out['r'] = (a, b, c)
t = threading.Thread(target=kw, args=(1,), kwargs={'b': 2, 'c': 3})
t.start()
t.join()
print('kwargs:', out['r'])

# A Thread without a target does nothing.
t = threading.Thread()
t.start()
t.join()
print('no target:', t.is_alive())
