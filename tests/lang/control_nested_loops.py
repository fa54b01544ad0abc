# Nested loops over different iterables; multiplication table.
for i in range(1, 6):
    print(' '.join('%3d' % (i * j) for j in range(1, 6)))
pairs = []
for a in 'xy':
    for b in (1, 2):
        for c in [True]:
            pairs.append((a, b, c))
print(pairs)
matrix = [[1, 2, 3], [4, 5, 6]]
total = 0
for row in matrix:
    for val in row:
        total += val
print('sum', total)
found = None
for i in range(10):
    for j in range(10):
        if i * j == 42:
            found = (i, j)
            break
    if found:
        break
print('found', found)
