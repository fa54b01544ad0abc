# Nested unpacking in assignments and loops.
data = [(1, ('a', 'b')), (2, ('c', 'd'))]
for n, (x, y) in data:
    print(n, x, y)
((a, b), (c, d)), e = ((1, 2), (3, 4)), 5
print(a, b, c, d, e)
[a, [b, [c]]] = [1, [2, [3]]]
print(a, b, c)
points = {'p': (0, 1), 'q': (2, 3)}
for name, (px, py) in points.items():
    print(name, px + py)
i, (j, *k) = 0, 'xyz'
print(i, j, k)
matrix = [[1, 2], [3, 4]]
[[m00, m01], [m10, m11]] = matrix
print(m00 * m11 - m01 * m10)
obj = {'x': 0}
obj['x'], lst = 10, [0, 0]
lst[0], lst[1] = lst[1] + 1, obj['x']
print(obj, lst)
