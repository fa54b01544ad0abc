# Defining __eq__ without __hash__ makes instances unhashable.
class EqOnly:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, EqOnly) and self.v == other.v
print(EqOnly.__hash__ is None, EqOnly(1) == EqOnly(1), EqOnly(1) != EqOnly(2))
try:
    hash(EqOnly(1))
except TypeError as e:
    print('TypeError:', e)
try:
    {EqOnly(1)}
except TypeError as e:
    print('TypeError:', e)
try:
    {EqOnly(1): 'x'}
except TypeError as e:
    print('TypeError:', e)
class EqAndHash(EqOnly):
    def __hash__(self):
        return hash(self.v)
print(len({EqAndHash(1), EqAndHash(1), EqAndHash(2)}))
class Explicit:
    __hash__ = None
try:
    hash(Explicit())
except TypeError as e:
    print('TypeError:', e)
class Inherits(EqAndHash):
    pass
print(hash(Inherits(5)) == hash(5))
for v in [[], {}, set()]:
    try:
        hash(v)
    except TypeError as e:
        print('TypeError:', e)
