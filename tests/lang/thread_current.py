# current_thread(), main_thread(), names, repr, enumerate and misuse errors.
import threading

main = threading.current_thread()
print('main:', main.name, main is threading.main_thread(), main.daemon)
print('main ident:', main.ident == threading.get_ident())
print('main alive:', main.is_alive())
print('main type:', type(main).__name__)

def f():
    pass

seen = {}
def record(key):
    cur = threading.current_thread()
    seen[key] = (cur.name, cur.ident == threading.get_ident(),
                 cur is threading.main_thread(), cur.is_alive())

t1 = threading.Thread(target=f)
t2 = threading.Thread(target=record, args=('t2',))
t3 = threading.Thread(target=record, args=('t3',), name='worker-3')
t4 = threading.Thread(target=record, args=('t4',), name=42)
print('names:', t1.name, '|', t2.name, '|', t3.name, '|', t4.name)
print('repr initial:', repr(t1))
print('ident before start:', t1.ident, t1.native_id, t1.is_alive())
for t in (t2, t3, t4):
    t.start()
    t.join()
print('seen:', seen)
print('repr stopped:', repr(t2).startswith('<Thread(Thread-2 (record), stopped '))
t1.name = 'renamed'
print('renamed:', t1.name)

class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.result = None
    def run(self):
        self.result = sum(range(self.n))
w = Worker(10)
print('subclass name:', w.name)
w.start()
w.join()
print('subclass result:', w.result)
print('subclass repr:', repr(w).startswith('<Worker(Thread-3, stopped '))

# enumerate / active_count while two threads are blocked.
gate = threading.Event()
ready = threading.Semaphore(0)
def wait_gate():
    ready.release()
    gate.wait()
ws = [threading.Thread(target=wait_gate, name='w%d' % i) for i in range(2)]
for t in ws:
    t.start()
ready.acquire()
ready.acquire()
print('active_count:', threading.active_count())
print('enumerate:', sorted(t.name for t in threading.enumerate()))
gate.set()
for t in ws:
    t.join()
print('after join:', threading.active_count(),
      [t.name for t in threading.enumerate()])

# Misuse.
try:
    t2.start()
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    threading.Thread(target=f).join()
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    main.join()
except RuntimeError as e:
    print('RuntimeError:', e)
errs = []
def join_self():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        errs.append(str(e))
t = threading.Thread(target=join_self)
t.start()
t.join()
print('join self:', errs)

class NoInit(threading.Thread):
    def __init__(self):
        pass
for call in (NoInit().start, NoInit().join):
    try:
        call()
    except RuntimeError as e:
        print('RuntimeError:', e)
print('get_native_id:', isinstance(threading.get_native_id(), int))
print('TIMEOUT_MAX positive:', threading.TIMEOUT_MAX > 0)
