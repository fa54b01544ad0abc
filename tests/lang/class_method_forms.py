# Calling functions, classmethods and staticmethods through a class (LOAD_ATTR method form on a type), metaclass attributes first where they are data descriptors.
class A:
    @classmethod
    def c(cls, x): return (cls.__name__, x)
    @staticmethod
    def s(x): return ('s', x)
    def f(self, x): return ('f', x)
    class_attr = 5
class B(A): pass
print(A.c(1), B.c(2), A.s(3), B.s(4), A.f(None, 5), B.f(1, 6))
print(B().c(7), B().s(8))
m = A.c; print(m(9))
print(type.__name__, A.__name__, A.mro(), B.mro())
class Meta(type):
    def c(cls, x): return ('meta', x)
    @property
    def p(cls): return 'meta-prop'
class C(metaclass=Meta):
    @classmethod
    def c(cls, x): return ('C', x)
    def p(self): return 'func'
print(C.c(1), C.p)
try:
    A.nosuch()
except AttributeError as e:
    print(e)
print(int.from_bytes(b'\x01', 'big'), dict.fromkeys([1]), str.upper('a'))
class D:
    @classmethod
    @property
    def cp(cls): return 'cp'
try:
    print(D.cp)
except Exception as e:
    print(type(e).__name__)
