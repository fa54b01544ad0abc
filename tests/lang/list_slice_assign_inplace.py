# Slice assignment growing, shrinking and replacing in place: many items
# removed at once, growth past the capacity, shrinking below half of it,
# the list assigned into itself, and __del__ of removed items (run after
# the assignment, last removed first) that looks at and changes the list.
l = list(range(20))
l[2:15] = ['x']; print(l)
l[1:2] = list(range(100, 140)); print(len(l), l[:5], l[-5:])
l[0:40] = []; print(l)
l[:] = l; print(l)
l[1:3] = l; print(l)
l[len(l):] = l[:2]; print(l)
l[:0] = l[-3:]; print(l)
del l[:]; print(l)

# A pseudo-random sequence of slice assignments, checked against a rebuild.
x = 12345
a = []
for step in range(3000):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    n = len(a)
    i = x % (n + 1)
    j = i + (x >> 8) % (n - i + 1)
    k = (x >> 16) % 13
    new = [step * 100 + t for t in range(k)]
    b = a[:i] + new + a[j:]
    a[i:j] = new
    if a != b:
        print('mismatch at step', step)
        break
print(len(a), sum(a) % 1000003)


class Noisy:
    def __init__(self, name, target=None):
        self.name = name
        self.target = target

    def __del__(self):
        if self.target is not None:
            print('del', self.name, 'sees', len(self.target), 'items')
            self.target.append('from ' + self.name)
        else:
            print('del', self.name)


t = []
t.extend([Noisy('a', t), Noisy('b'), Noisy('c', t), 1, 2])
t[0:3] = ['new']
print([v if isinstance(v, (int, str)) else v.name for v in t])
many = [Noisy('m%d' % i) for i in range(12)]
holder = list(many)
del many
holder[2:11] = [0]
print([v if isinstance(v, int) else v.name for v in holder])
del holder
print('end')

# The value a temporary or a local that nothing else holds (taken without a
# copy), the target itself, and a local assigned while it is also the target.
def f():
    a = [1, 2, 3, 4, 5]
    b = [9, 8]
    a[1:2] = b
    b.append(7)
    print(a, b)
    a[:2] = a[::-1]
    print(a)
    a[2:] = a
    print(a)
    c = [0]
    c[:] = c + c
    print(c)
f()
