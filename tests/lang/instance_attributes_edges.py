# Instance attributes: __slots__ with __dict__, instances made during class creation, __dict__ identity and clear(), mangled names, class attributes shadowed and uncovered.
class S:
    __slots__ = ('a', '__dict__')
    def __init__(self):
        self.a = 1
        self.b = 2
s = S()
print(s.a, s.b, s.__dict__)
s.c = 3
print(vars(s))

class Base:
    def __init_subclass__(cls, **kw):
        inst = cls.__new__(cls)
        inst.probe = cls.__name__
        cls.first = inst
class Child(Base):
    def __init__(self):
        self.probe = "init"
print(Child.first.probe, Child().probe, vars(Child.first))

class P:
    def __init__(self):
        self.x = 1
p = P()
d1 = p.__dict__
d2 = p.__dict__
print(d1 is d2, d1)
p.__dict__.clear()
print(hasattr(p, "x"), p.__dict__)
p.x = 5
print(p.x, d1)

class Q:
    def __init__(self):
        self.__secret = 1
        self._prot = 2
q = Q()
print(vars(q))
print(q._Q__secret)

class R:
    def set(self, k, v):
        setattr(self, k, v)
    def __init__(self):
        self.a = [1]
r1, r2 = R(), R()
r1.a.append(2)
print(r1.a, r2.a)
r1.set("a", "x")
print(r1.a, r2.a, r1.__dict__ == {"a": "x"})
import sys
class T:
    def __init__(self):
        self.t = 1
t = T()
print(sys.getrefcount(t) > 0, type(t).__dict__.get("t", "no class attr"))
class U:
    t = "class"
    def __init__(self, set_it):
        if set_it:
            self.t = "inst"
print(U(False).t, U(True).t)
u = U(True)
del u.t
print(u.t)
try:
    del u.t
except AttributeError as e:
    print(e)
