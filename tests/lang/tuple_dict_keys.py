# Tuples as dict keys and set members; hashing.
grid = {}
for x in range(3):
    for y in range(2):
        grid[(x, y)] = x * 10 + y
print(grid)
print(grid[(2, 1)], grid[2, 0], (1, 1) in grid, (5, 5) in grid)
print(hash((1, 2)) == hash((1, 2)), hash((1, 2)) == hash((2, 1)))
s = {(1, 2), (2, 1), (1, 2)}
print(len(s), sorted(s))
print({(1, (2, 3)): 'nested'}[1, (2, 3)])
try:
    {([1], 2): 'x'}
except TypeError as e:
    print('TypeError:', e)
try:
    hash((1, [2]))
except TypeError as e:
    print('TypeError:', e)
print(hash(()) == hash(()), hash((1,)) == hash((1.0,)))
counts = {}
for word_pair in [('a', 'b'), ('b', 'c'), ('a', 'b')]:
    counts[word_pair] = counts.get(word_pair, 0) + 1
print(counts)
