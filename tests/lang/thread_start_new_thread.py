# _thread.start_new_thread: the low-level API; a lock signals completion.
import _thread
import threading

done = _thread.allocate_lock()
done.acquire()
out = []

def worker(a, b, c=0):
    out.append(a + b + c)
    cur = threading.current_thread()
    out.append((cur.name, cur.daemon, type(cur).__name__,
                cur is threading.current_thread()))
    done.release()

ident = _thread.start_new_thread(worker, (1, 2), {'c': 3})
done.acquire()
print(out)
print('ident is int:', isinstance(ident, int))
print('LockType:', type(done) is _thread.LockType)
print('error is RuntimeError:', _thread.error is RuntimeError)
try:
    _thread.start_new_thread(worker, [1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    _thread.start_new_thread(42, ())
except TypeError as e:
    print('TypeError:', e)
print('dummy in enumerate:', sorted(t.name for t in threading.enumerate()))
