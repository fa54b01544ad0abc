# iter() and next() including the two-argument form of iter.
it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, 'done'))
print(iter(it) is it)
s = iter('ab')
print(list(s))
d = iter({'k1': 1, 'k2': 2})
print(next(d))
t = iter((1,))
print(next(t))
r = iter(range(2))
print(list(r), list(r))
values = [5, 4, 3, 0, 2]
pos = [0]
def producer():
    v = values[pos[0]]
    pos[0] += 1
    return v
print(list(iter(producer, 0)))
print(values[pos[0]:])
class Countdown:
    def __init__(self):
        self.n = 3
    def __call__(self):
        self.n -= 1
        return self.n
print(list(iter(Countdown(), -1)))
try:
    iter(5, 0)
except TypeError as e:
    print('TypeError:', e)
