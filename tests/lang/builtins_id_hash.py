# id() comparisons and hash() of ints and tuples (never printed raw).
a = [1, 2]
b = a
c = [1, 2]
print(id(a) == id(b), id(a) == id(c), a is b, a is c, a == c)
print(type(id(a)).__name__, id(a) == id(a))
print(hash(1), hash(0), hash(-1) == hash(-2), hash(True), hash(2 ** 61 - 1), hash(2 ** 61))
print(hash(12345678901234567890) == hash(12345678901234567890 % (2 ** 61 - 1)))
print(hash(1.0) == hash(1), hash(0.5) == hash(0.5), hash(-0.0) == hash(0))
print(hash((1, 2)) == hash((1, 2)), hash((1, 2)) != hash((2, 1)))
print(hash(None) == hash(None), hash(frozenset({1})) == hash(frozenset([1])))
x = 'some text'
print(hash(x) == hash('some ' + 'text'))
class K:
    pass
k = K()
print(hash(k) == hash(k), k.__hash__() == hash(k))
class H:
    def __hash__(self):
        return 99
print(hash(H()), hash(H()) == 99)
class BigHash:
    def __hash__(self):
        return 2 ** 100
print(hash(BigHash()) == hash(2 ** 100))
