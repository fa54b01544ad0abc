# Tuple packing, unpacking and swapping.
t = 1, 2, 3
print(t, type(t).__name__, len(t))
a, b, c = t
print(a, b, c)
a, b = b, a
print(a, b)
x, = [42]
print(x)
(p, q), r = (1, 2), 3
print(p, q, r)
single = (5,)
empty = ()
print(single, empty, (5), len(single), repr(()))
print(tuple(), tuple([1, 2]), tuple('ab'), tuple(range(3)))
for i, (k, v) in enumerate([('a', 1), ('b', 2)]):
    print(i, k, v)
try:
    a, b = 1, 2, 3
except ValueError as e:
    print('ValueError:', e)
try:
    a, b, c = 1, 2
except ValueError as e:
    print('ValueError:', e)
try:
    a, b = 5
except TypeError as e:
    print('TypeError:', e)
def pair():
    return 'left', 'right'
l, r = pair()
print(l, r, pair())
