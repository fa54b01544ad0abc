# frozenset: immutable, hashable.
f = frozenset([3, 1, 2, 3])
print(f, len(f), 2 in f, type(f).__name__)
print(f | {9}, type(f | {9}).__name__, type({9} | f).__name__)
print(f & frozenset([1, 5]), f - {1}, f ^ {1, 4})
d = {f: 'value', frozenset(): 'empty'}
print(d[frozenset({1, 2, 3})], d[frozenset()])
s = {frozenset([1, 2]), frozenset([2, 1]), frozenset([3])}
print(len(s))
print(frozenset([1, 2]) == {1, 2}, frozenset() == set())
try:
    f.add(4)
except AttributeError as e:
    print('AttributeError:', e)
print(hash(frozenset([1, 2])) == hash(frozenset([2, 1])))
try:
    hash({1})
except TypeError as e:
    print('TypeError:', e)
print(frozenset('ab') <= frozenset('abc'), frozenset(range(3)))
