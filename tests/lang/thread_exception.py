# An uncaught exception in a thread is reported by threading.excepthook
# ("Exception in thread NAME:" and the traceback, on sys.stderr) and the
# program goes on. The report is captured and printed without the frames
# of threading.py itself (their paths and line numbers are the library's).
import sys
import threading

class Capture:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
    def flush(self):
        pass

def show(text):
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('  File "'):
            path = line.split('"')[1]
            if path.endswith('threading.py'):
                i += 2
                continue
            line = line.replace(path, path.split('/')[-1])
        print('|', line)
        i += 1

def helper(n):
    raise ValueError('bad value %d' % n)

def worker():
    helper(7)

cap = Capture()
old = sys.stderr
sys.stderr = cap
t = threading.Thread(target=worker)
t.start()
t.join()
sys.stderr = old
show(''.join(cap.parts))
print('thread alive:', t.is_alive())

# A thread subclass overriding run(), with a chained exception.
class Failing(threading.Thread):
    def run(self):
        try:
            raise KeyError('key')
        except KeyError:
            raise RuntimeError('while handling')

cap = Capture()
sys.stderr = cap
t = Failing(name='failing')
t.start()
t.join()
sys.stderr = old
show(''.join(cap.parts))

# SystemExit in a thread is ignored silently.
cap = Capture()
sys.stderr = cap
t = threading.Thread(target=sys.exit, args=(3,))
t.start()
t.join()
sys.stderr = old
print('SystemExit output:', repr(''.join(cap.parts)))

# A custom hook receives (exc_type, exc_value, exc_traceback, thread).
def hook(args):
    print('hook:', args.exc_type.__name__, args.exc_value,
          args.exc_traceback is not None, args.thread.name)
threading.excepthook = hook
t = threading.Thread(target=worker, name='custom')
t.start()
t.join()
threading.excepthook = threading.__excepthook__
print('program continues')
