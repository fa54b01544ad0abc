# List operators: +, *, in, len, comparisons, +=, *=.
a = [1, 2]
b = [3]
print(a + b, a * 3, 3 * b, [] * 5, [0] * 0, [[]] * 2)
print(1 in a, 5 in a, 5 not in a, len(a + b))
c = a
c += [9]
print(a, c is a)
c = c + [10]
print(a, c, c is a)
d = [1]
d *= 3
print(d)
d += 'xy'
print(d)
try:
    d + 'xy'
except TypeError as e:
    print('TypeError:', e)
grid = [[0] * 3] * 2
grid[0][0] = 1
print(grid)
grid = [[0] * 3 for _ in range(2)]
grid[0][0] = 1
print(grid)
print(list(), list('abc'), list((1, 2)), list({'x': 1}), list(range(3)))
