# Descriptors made by __new__ alone, and re-initialised ones.
sm = staticmethod.__new__(staticmethod)
cm = classmethod.__new__(classmethod)
print(repr(sm), sm.__isabstractmethod__)


class A:
    s = sm
    c = cm


for get in (lambda: A.s, lambda: A().s, lambda: A.c, lambda: A().c):
    try:
        get()
    except RuntimeError as e:
        print("RuntimeError:", e)
sm.__init__(len)
print(A.s("abc"), A().s([1]))
cm.__init__(lambda cls, x: (cls.__name__, x))
print(A.c(1), A().c(2))
p = property.__new__(property)
print(p.fget, p.fset, p.fdel, p.__doc__)
A.p = p
try:
    A().p
except AttributeError as e:
    print("AttributeError:", e)
p.__init__(lambda self: "got", None, None, "the doc")
print(A().p, p.__doc__)
p.__set_name__(A, "renamed")
try:
    A().p = 1
except AttributeError as e:
    print("AttributeError:", e)
q = p.setter(lambda self, v: print("set", v))
A.q = q
A().q = 5
print(q.__doc__, A().q)
e = OSError(2, "No such file", "f.txt")
print(e, e.errno, e.strerror, e.filename)
e.filename = "g.txt"
e.strerror = "Changed"
print(e)
u = UnicodeDecodeError("utf-8", b"\xff\xfe", 0, 1, "invalid start byte")
print(u)
u.start = 1
u.end = 2
print(u, u.start, u.end)
u.reason = "other"
print(u)
s = SyntaxError("bad", ("f.py", 3, 4, "text"))
print(s, s.lineno, s.offset)
s.__init__("worse", ("g.py", 5, 6, "more"))
print(s, s.filename)
si = StopIteration(7)
si.__init__(8)
print(si.value, SystemExit(3).code)
