# sys.stdout.write and sys.stderr.write.
import sys
n = sys.stdout.write('written without newline')
sys.stdout.write('\n')
print('write returned', n)
sys.stdout.write('héllo\n')
print('write len of non-ascii', sys.stdout.write('é€😀\n'))
sys.stderr.write('error stream line 1\n')
sys.stderr.write('error stream line 2\n')
sys.stdout.flush()
try:
    sys.stdout.write(42)
except TypeError as e:
    print('TypeError:', e)
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__)
old = sys.stdout
class Capture:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
    def flush(self):
        pass
cap = Capture()
sys.stdout = cap
print('captured', 1, 2)
sys.stdout = old
print(cap.parts)
