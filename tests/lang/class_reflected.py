# Reflected operators (__radd__ etc.) and their lookup order.
class Num:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return 'Num(%r)' % self.v
    def __add__(self, other):
        print('Num.__add__', other)
        if isinstance(other, (int, Num)):
            return Num(self.v + (other.v if isinstance(other, Num) else other))
        return NotImplemented
    def __radd__(self, other):
        print('Num.__radd__', other)
        return Num(other + self.v)
    def __rsub__(self, other):
        return Num(other - self.v)
    def __rmul__(self, other):
        return Num(other * self.v)
n = Num(5)
print(n + 1)
print(1 + n)
print(10 - n, 3 * n)
print(sum([Num(1), Num(2), Num(3)]))
print(n + Num(2))
try:
    n + 'str'
except TypeError as e:
    print('TypeError:', e)
class Sub(Num):
    def __radd__(self, other):
        print('Sub.__radd__ wins')
        return Sub(0)
print(Num(1) + Sub(2))
