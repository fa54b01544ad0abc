# In-place operators: __iadd__ and fallbacks to __add__.
class Bag:
    def __init__(self, items):
        self.items = list(items)
    def __iadd__(self, other):
        print('__iadd__')
        self.items.extend(other)
        return self
    def __add__(self, other):
        print('__add__')
        return Bag(self.items + list(other))
    def __repr__(self):
        return 'Bag(%r)' % self.items
b = Bag([1])
alias = b
b += [2, 3]
print(b, alias, b is alias)
c = b + [4]
print(c, c is b)
class OnlyAdd:
    def __init__(self, v):
        self.v = v
    def __add__(self, other):
        return OnlyAdd(self.v + other)
o = OnlyAdd(1)
before = o
o += 5
print(o.v, o is before)
class Mat:
    def __init__(self):
        self.log = []
    def __imul__(self, k):
        self.log.append('imul %d' % k)
        return self
    def __isub__(self, k):
        self.log.append('isub %d' % k)
        return self
    def __ior__(self, k):
        self.log.append('ior')
        return self
m = Mat()
m *= 2
m -= 1
m |= 0
print(m.log)
class ReturnsNone:
    def __iadd__(self, other):
        pass
r = ReturnsNone()
r += 1
print(r)
