# Operators returning NotImplemented fall back to the other operand.
class Meters:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print('Meters.__eq__')
        if isinstance(other, Meters):
            return self.v == other.v
        return NotImplemented
    def __lt__(self, other):
        print('Meters.__lt__')
        if isinstance(other, Meters):
            return self.v < other.v
        return NotImplemented
    def __add__(self, other):
        if isinstance(other, Meters):
            return Meters(self.v + other.v)
        return NotImplemented
class Feet:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print('Feet.__eq__')
        return abs(self.v * 0.3048 - other.v) < 1e-9
    def __gt__(self, other):
        print('Feet.__gt__')
        return self.v * 0.3048 > other.v
    def __radd__(self, other):
        return Meters(other.v + self.v * 0.3048)
m, f = Meters(3.048), Feet(10)
print(m == f)
print(m < Feet(20))
print((m + f).v)
print(m == 'x')
try:
    m < 5
except TypeError as e:
    print('TypeError:', e)
try:
    m + 5
except TypeError as e:
    print('TypeError:', e)
print(NotImplemented, type(NotImplemented).__name__)
