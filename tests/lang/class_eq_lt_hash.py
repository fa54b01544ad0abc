# Rich comparisons and hashing.
class Version:
    def __init__(self, *parts):
        self.parts = parts
    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __le__(self, other):
        return self.parts <= other.parts
    def __hash__(self):
        return hash(self.parts)
    def __repr__(self):
        return 'v' + '.'.join(map(str, self.parts))
a, b, c = Version(1, 2), Version(1, 10), Version(1, 2)
print(a == c, a != b, a is c, a < b, b > a, a <= c, b >= a)
print(sorted([b, a, Version(0, 9)]), max(a, b), min([b, a]))
print(len({a, b, c}), {a: 'x'}[c])
print(a == (1, 2), a != 'str')
try:
    a < 5
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
class Plain:
    pass
p, q = Plain(), Plain()
print(p == p, p == q, p != q, hash(p) == hash(p))
