# threading.local: each thread sees its own attributes.
import threading

data = threading.local()
data.x = 'main'
seen = {}
lock = threading.Lock()

def worker(i):
    had = hasattr(data, 'x')
    data.x = i
    for _ in range(1000):
        data.x = data.x + 0
    with lock:
        seen[i] = (had, data.x)

threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('seen:', [seen[i] for i in range(6)])
print('main still has:', data.x)

# A subclass of local runs __init__ once per thread, with the same args.
class Config(threading.local):
    def __init__(self, start):
        self.value = start
        self.calls = 1
    def bump(self):
        self.value += 1
        return self.value

cfg = Config(10)
cfg.bump()
res = {}
def use(i):
    for _ in range(i):
        cfg.bump()
    res[i] = (cfg.value, cfg.calls)
threads = [threading.Thread(target=use, args=(i,)) for i in range(1, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('subclass:', sorted(res.items()), 'main:', cfg.value)

try:
    data.missing
except AttributeError:
    print('AttributeError for a missing attribute')
del data.x
print('after del:', hasattr(data, 'x'))
