# super() method calls: zero- and two-argument forms, classmethods, properties and plain attributes through super, __class__, errors.
class A:
    def __init__(self, x):
        self.x = x
    def m(self, y):
        return ('A.m', self.x, y)
    @classmethod
    def c(cls):
        return ('A.c', cls.__name__)
    @staticmethod
    def s(v):
        return ('A.s', v)
    @property
    def p(self):
        return ('A.p', self.x)
    attr = 'A.attr'
class B(A):
    def __init__(self, x):
        super().__init__(x * 10)
    def m(self, y):
        return ('B', super().m(y), super(B, self).m(y + 1))
    @classmethod
    def c(cls):
        return ('B.c', super().c())
    def all(self):
        return (super().s(1), super().p, super().attr, super().__class__.__name__)
class C(B):
    def m(self, y):
        return ('C', super().m(y))
    def missing(self):
        return super().nope()
c = C(2)
print(c.m(5))
print(C.c(), B.c())
print(c.all())
try:
    c.missing()
except AttributeError as e:
    print('AttributeError:', e)
sup = super(B, c)
print(sup.m(1), type(sup).__name__)
print(super(C, C).c())
def f():
    class D(A):
        def m(self, y):
            return super().m(y) + ('D',)
    return D(1).m(2)
print(f())
try:
    super(B, 1)
except TypeError as e:
    print('TypeError:', e)
