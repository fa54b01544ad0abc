# Extended unpacking with starred targets.
a, *b, c = range(6)
print(a, b, c)
*init, last = 'hello'
print(init, last)
first, *rest = [1]
print(first, rest)
a, b, *c = 1, 2
print(a, b, c)
(x, *y), z = [1, 2, 3], 4
print(x, y, z)
[p, *q] = (9, 8, 7)
print(p, q, type(q).__name__)
for head, *tail in [(1, 2, 3), (4,), 'ab']:
    print(head, tail)
print([*range(3), *'ab'], (*[1, 2], 3), {*[1, 1, 2]})
print({**{'a': 1}, 'b': 2, **{'a': 3}})
try:
    a, *b, c = [1]
except ValueError as e:
    print('ValueError:', e)
m, *n = 'xyz'
print(m, n)
