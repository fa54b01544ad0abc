# __iter__ and __next__.
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(5)))
c = Countdown(2)
print(next(c), next(c), next(c, 'done'))
class Span:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
    def __iter__(self):
        for i in range(self.lo, self.hi):
            yield i
s = Span(3, 6)
print(list(s), list(s), sum(s), 4 in s, [x * 2 for x in s])
a, b, c = Span(0, 3)
print(a, b, c)
print(dict(zip(Span(0, 3), 'xyz')), sorted(Span(0, 4), reverse=True))
class NotIterable:
    pass
try:
    iter(NotIterable())
except TypeError as e:
    print('TypeError:', e)
try:
    for _ in 5:
        pass
except TypeError as e:
    print('TypeError:', e)
class BadIter:
    def __iter__(self):
        return 42
try:
    iter(BadIter())
except TypeError as e:
    print('TypeError:', e)
