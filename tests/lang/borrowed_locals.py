# Locals read without a count (LOAD_FAST_BORROW): values stay alive and
# finalizers run exactly when CPython runs them.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __add__(self, other):
        return Noisy(self.name + "+" + str(other))
    def __eq__(self, other):
        return isinstance(other, Noisy) and self.name == other.name
    __hash__ = object.__hash__
    def __getitem__(self, i):
        return self.name[i]


def rebind_after_read(a):
    r = a + 1          # a read borrowed, then rebound: the old object dies here
    a = Noisy("other")
    print("rebound", r.name, a.name)
    return r.name


print(rebind_after_read(Noisy("a")))


def walrus(x):
    return x == (x := Noisy("w2"))   # x rebound before the comparison reads it


print(walrus(Noisy("w1")))


def gen(x):
    y = x + (yield "first")          # suspended between reading x and adding
    yield y.name
    yield x[0]


g = gen(Noisy("g"))
print(next(g))
print(g.send(5))
print(next(g))
del g

g = gen(Noisy("t"))
next(g)
try:
    g.throw(KeyError("thrown"))      # raised at the yield, x still on the stack
except KeyError as e:
    print("caught", e)
del g

g = gen(Noisy("c"))
next(g)
g.close()
print("closed")
del g


def errors(d, k, s):
    try:
        return d[k]
    except KeyError as e:
        print("KeyError", e)
    try:
        return s + 1
    except TypeError as e:
        print("TypeError", e)
    return None


print(errors({}, "missing", "str"))


def concat(parts):
    s = ""
    for p in parts:
        s = s + p                    # in place: s stays counted
        s += "."
    return s


print(concat(["x", "y", "z"]))


def store(l, v, i):
    l[i] = v
    del v
    return l[i].name


print(store([None], Noisy("stored"), 0))


def compare_chain(a, b, c):
    return a < b < c, a < b > c


print(compare_chain(1, 2, 3), compare_chain(3, 2, 1))


class Holder:
    pass


def attrs(h, v):
    h.value = v
    v = None
    out = h.value.name
    del h.value
    return out


print(attrs(Holder(), Noisy("attr")))
print("end")


# Arguments passed as copies of the caller's locals.
def ident(x):
    return x


def ident2(x):
    y = x
    x = None
    return y


def caller():
    a = Noisy("ret")
    b = ident(a)             # the returned copy gets its own count
    c = ident2(a)
    a = None
    print("after rebinding a:", b.name, c.name)
    b = None
    print("b dropped")
    c = None
    print("c dropped")


caller()


def gen_args(x, y):
    yield x.name
    yield y.name


def make_gen():
    a = Noisy("ga")
    b = Noisy("gb")
    g = gen_args(a, b)       # the generator outlives the caller's locals
    a = b = None
    print("locals gone")
    return g


g = make_gen()
print(next(g), next(g))
del g


def capture(x):
    return lambda: x.name


def closures():
    a = Noisy("cl")
    f = capture(a)
    a = None
    print("captured", f())
    f = None


closures()


def packs(*args, **kwargs):
    return args, kwargs


def packing():
    a = Noisy("pk")
    t, d = packs(a, k=a)
    a = None
    print(t[0].name, d["k"].name)
    t = d = None


packing()


class Box:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
    def me(self):
        return self


def methods():
    box = Box(Noisy("m"))
    v = box.get()
    same = box.me()
    box = None
    print("method results:", v.name, same.v.name)
    same = None
    print("box gone")
    v = None


methods()


def raiser(x):
    raise ValueError(x)


def exceptions():
    a = Noisy("exc")
    try:
        raiser(a)
    except ValueError as e:
        a = None
        print("caught", e.args[0].name)
    print("handler done")


exceptions()


def rec(x, n):
    return x if n == 0 else rec(x, n - 1)


def recursion():
    a = Noisy("deep")
    r = rec(a, 50)
    a = None
    print("recursed", r.name)
    r = None


recursion()
print("end of calls")


# Unpacking, iterating and formatting read the local in place.
class Seq:
    def __init__(self, name):
        self.name = name
    def __iter__(self):
        return iter([self.name, "2"])
    def __format__(self, spec):
        return "<" + self.name + spec + ">"
    def __del__(self):
        print("del", self.name)


def unpack_iter_format():
    s = Seq("u")
    a, b = s
    print(a, b)
    for c in s:
        s = None                     # the iterator keeps what it needs
        print("item", c)
    t = Seq("f")
    text = f"{t}{t:x}"
    t = None
    print(text)
    g = (n * 2 for n in range(3))
    for v in g:
        g = None
        print("gen", v)


unpack_iter_format()
print("end of unpacking")


# `s = s + t` grows s in place only when nothing else holds it.
def append_to(s, t):
    s = s + t
    s += t
    return s


def concat_aliases():
    base = "".join(["ab", "cd"])     # not interned
    alias = base
    grown = append_to(base, "!")
    print(base, alias, grown)
    acc = "".join(["x", "y"])
    keep = acc
    for _ in range(3):
        acc = acc + "z"
    print(keep, acc)
    u = acc + "w"                     # the left read in place, the result elsewhere
    print(acc, u)


concat_aliases()
print("end of concatenation")
