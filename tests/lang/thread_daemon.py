# A daemon thread blocked forever does not keep the program alive; the
# main thread's exit does not wait for it.
import threading

never = threading.Lock()
never.acquire()
started = threading.Event()

def stuck():
    started.set()
    never.acquire()
    print('never printed')

t = threading.Thread(target=stuck, daemon=True)
print('daemon:', t.daemon)
t.start()
started.wait()
print('alive:', t.is_alive())

# daemon is inherited from the creating thread.
inherited = []
def spawner():
    inherited.append(threading.Thread(target=lambda: None).daemon)
s = threading.Thread(target=spawner, daemon=True)
s.start()
s.join()
print('inherited:', inherited, threading.Thread(target=spawner).daemon)

u = threading.Thread(target=lambda: None)
u.daemon = True
print('set before start:', u.daemon)
try:
    t.daemon = False
except RuntimeError as e:
    print('RuntimeError:', e)
print('main done')
