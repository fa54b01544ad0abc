# BaseException.__setstate__: each item of a dict state becomes an
# attribute; None is accepted; anything else is a TypeError.

e = ValueError(1)
print(e.__setstate__({"x": 5}), e.x, e.args)
print(e.__setstate__(None))
for bad in ([("y", 1)], 3, "s"):
    try:
        e.__setstate__(bad)
    except TypeError as x:
        print("TypeError", x)
try:
    e.__setstate__({1: 2})
except TypeError as x:
    print("TypeError", x)
e.__setstate__({"args": (7, 8), "__notes__": ["n"]})
print(e.args, e.__notes__)

class MyErr(Exception):
    @property
    def ro(self):
        return 1

try:
    MyErr().__setstate__({"ro": 2})
except AttributeError as x:
    print("AttributeError", x)

# setattr runs Python code that shrinks the state dict mid-way.
d = {"a": 1, "b": 2}
class G(Exception):
    def __setattr__(self, k, v):
        d.pop("b", None)
        object.__setattr__(self, k, v)

g = G()
g.__setstate__(d)
print(sorted(g.__dict__))
print("__setstate__" in BaseException.__dict__, hasattr(KeyError(), "__setstate__"))

# The round trip pickle makes: __reduce__, then __setstate__.
e = KeyError("k")
e.extra = [1]
cls, args, state = e.__reduce__()
e2 = cls(*args)
e2.__setstate__(state)
print(repr(e2), e2.extra)
