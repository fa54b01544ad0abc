# Instance attributes of plain classes: insertion order, deletion, __dict__
# reads and writes, names outside what the methods set, __class__
# assignment, subclasses, properties, __del__ order, threads.
import threading


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def move(self, dx):
        self.x += dx
        self.moved = True


p = Point(1, 2)
print(p.x, p.y, vars(p))
p.move(5)
print(p.x, p.moved, p.__dict__)

# order follows first assignment per instance, not the class's
q = Point.__new__(Point)
q.moved = 0
q.y = 1
q.x = 2
print(q.__dict__)
del q.y
q.y = 3
print(list(q.__dict__), q.y)

# deletion and missing attributes
r = Point(1, 2)
del r.x
print(hasattr(r, "x"), getattr(r, "x", "gone"), r.y)
try:
    r.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del r.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del r.never
except AttributeError as e:
    print("AttributeError:", e)
r.x = 10
print(r.__dict__)

# names nobody planned, dynamic and non-interned names
s = Point(1, 2)
s.extra = "e"
setattr(s, "dyn" + str(7), 7)
print(s.__dict__, getattr(s, "".join(["x"])), getattr(s, "dyn7"))
t = Point(3, 4)
name = "".join(["y"])
setattr(t, name, 40)
print(t.y, getattr(t, name), t.__dict__)
delattr(t, "".join(["x"]))
print(t.__dict__)


class Name(str):
    pass


u = Point(5, 6)
print(getattr(u, Name("x")), hasattr(u, Name("nope")))
setattr(u, Name("y"), 60)
print(u.y, sorted(u.__dict__.items()))

# writes through __dict__ are attributes, and the other way round
v = Point(1, 2)
d = v.__dict__
d["x"] = 100
d["z"] = 300
v.y = 200
print(v.x, v.y, v.z, d)
del d["x"]
print(hasattr(v, "x"), v.__dict__ is d)

# assigning __dict__ replaces every attribute
w = Point(1, 2)
w.__dict__ = {"a": 1}
print(hasattr(w, "x"), w.a, vars(w))
w.x = 9
print(w.__dict__)
try:
    w.__dict__ = [1]
except TypeError as e:
    print("TypeError:", e)
try:
    del w.__dict__
except TypeError as e:
    print("TypeError:", e)

# an instance attribute shadows a method
m = Point(0, 0)
print(m.move(1), m.x)
m.move = lambda dx: "shadowed %d" % dx
print(m.move(2), m.x)
del m.move
m.move(3)
print(m.x)


# subclasses add names; a base's methods see them
class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def norm1(self):
        return abs(self.x) + abs(self.y) + abs(self.z)


p3 = Point3(1, -2, 3)
p3.move(1)
print(p3.norm1(), vars(p3))


class Mixed(Point):
    __slots__ = ("s",)

    def __init__(self):
        super().__init__(7, 8)
        self.s = "slot"
        self.k = "k"


mx = Mixed()
print(mx.s, mx.k, mx.__dict__)


class WithProperty:
    def __init__(self, v):
        self.v = v
        self.w = v * 2

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        self._v = value * 10


wp = WithProperty(3)
print(wp.v, wp.w, wp.__dict__)


# __class__ assignment between classes that set different names
class A:
    def __init__(self):
        self.a = "a"
        self.b = "b"


class B:
    def __init__(self):
        self.c = "c"

    def show(self):
        return sorted(self.__dict__.items())


class Empty:
    pass


o = A()
o.__class__ = B
print(type(o).__name__, o.a, o.b, o.show())
o.c = "c2"
print(o.show())
o.__class__ = A
o.d = 1
print(o.__dict__)
e = Empty()
e.c = 5
e.__class__ = B
print(e.c, e.show())
f = B()
f.__class__ = Empty
print(f.c, vars(f))


# many attributes, more than any plan holds
class Wide:
    def __init__(self):
        for i in range(40):
            setattr(self, "f%d" % i, i)
        self.a0 = 0
        self.a1 = 1


wd = Wide()
print(len(vars(wd)), wd.f39, wd.a1, list(vars(wd))[:3], list(vars(wd))[-2:])


class Many:
    def __init__(self):
        self.a0 = 0; self.a1 = 1; self.a2 = 2; self.a3 = 3; self.a4 = 4; self.a5 = 5
        self.a6 = 6; self.a7 = 7; self.a8 = 8; self.a9 = 9; self.b0 = 10; self.b1 = 11
        self.b2 = 12; self.b3 = 13; self.b4 = 14; self.b5 = 15; self.b6 = 16; self.b7 = 17
        self.b8 = 18; self.b9 = 19; self.c0 = 20; self.c1 = 21; self.c2 = 22; self.c3 = 23
        self.c4 = 24; self.c5 = 25; self.c6 = 26; self.c7 = 27; self.c8 = 28; self.c9 = 29
        self.d0 = 30; self.d1 = 31; self.d2 = 32


mn = Many()
print(len(mn.__dict__), mn.a0 + mn.d2, list(mn.__dict__)[-3:])


# self captured by a closure, and a method that is not the first argument's
class Captured:
    def __init__(self):
        self.n = 1
        self.get = lambda: self.n

    @staticmethod
    def make(other):
        other.tag = "t"


cp = Captured()
Captured.make(cp)
print(cp.get(), cp.tag, sorted(vars(cp)))


# __getattr__ / __setattr__ hooks
class Hooked:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        return "missing " + name

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)


hk = Hooked()
hk.other = 5
print(hk.real, hk.other, hk.nothing, hk.__dict__)


# values are dropped when the object dies, in insertion order
class Noisy:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print("del", self.tag)


class Holder:
    def __init__(self):
        self.second = None
        self.first = Noisy("first")
        self.second = Noisy("second")


h = Holder()
h.third = Noisy("third")
del h
h2 = Holder()
del h2.first
print("after del first")
h2.first = Noisy("first again")
h2 = None
print("dropped")


# shared instances under threads: each thread sets its own names on one
# object and reads the others'; the result is the same in any interleaving
class Board:
    def __init__(self):
        self.t0 = 0
        self.t1 = 0
        self.t2 = 0
        self.t3 = 0


board = Board()


def work(i):
    name = "t%d" % i
    for k in range(2000):
        setattr(board, name, getattr(board, name) + 1)
        for j in range(4):
            getattr(board, "t%d" % j)


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for th in threads:
    th.start()
for th in threads:
    th.join()
print(board.t0, board.t1, board.t2, board.t3, list(vars(board)))

# deleting __dict__ drops every attribute
dd = Point(1, 2)
del dd.__dict__
print(hasattr(dd, "x"), vars(dd))
dd.x = 5
print(vars(dd))


# both bases' methods set attributes on one instance
class Left:
    def set_left(self):
        self.left = "L"


class Right:
    def __init__(self):
        self.right = "R"

    def set_both(self):
        self.left = "l"
        self.right = "r"


class Both(Left, Right):
    def __init__(self):
        super().__init__()
        self.own = "O"


bt = Both()
bt.set_left()
print(vars(bt))
bt.set_both()
print(bt.left, bt.right, bt.own, list(vars(bt)))


# classes made by type() and by a metaclass, methods without self
def init3(self, v):
    self.v = v


Dyn = type("Dyn", (), {"__init__": init3, "double": lambda self: self.v * 2})
dy = Dyn(21)
print(dy.double(), vars(dy))


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    def __init__(self):
        self.m = "meta"

    @staticmethod
    def helper():
        return 1

    @classmethod
    def make(cls):
        obj = cls()
        obj.made = True
        return obj


wm = WithMeta.make()
print(wm.m, wm.made, vars(wm), WithMeta.helper())


class ListSub(list):
    def __init__(self):
        super().__init__([1])
        self.extra = 1


class ErrSub(Exception):
    def __init__(self, msg):
        super().__init__(msg)
        self.code = 3


ls = ListSub()
er = ErrSub("boom")
print(ls, ls.extra, vars(ls), er, er.code, vars(er))
