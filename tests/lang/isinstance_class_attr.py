# isinstance consults a __class__ that differs from the real type (property,
# __getattribute__), but not one stored in the instance dict (data descriptor wins).
class A: pass
class B: pass
class Proxy:
    @property
    def __class__(self):
        return A
class G:
    def __getattribute__(self, name):
        if name == "__class__":
            return A
        return object.__getattribute__(self, name)
class D:
    pass
d = D()
d.__dict__["__class__"] = A
print(isinstance(Proxy(), A), isinstance(Proxy(), B), isinstance(Proxy(), Proxy))
print(isinstance(G(), A), isinstance(G(), G), isinstance(d, A), isinstance(d, D))
print(A.__instancecheck__(Proxy()), B.__instancecheck__(Proxy()), isinstance(3, (B, int)))
class M(type): pass
class C(metaclass=M): pass
print(isinstance(C(), C), isinstance(C, M), isinstance(C, type), isinstance(Proxy(), (B, A)))
