# Nested comprehensions and multiple for clauses.
print([(x, y) for x in range(3) for y in range(x)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([n for row in matrix for n in row])
print([[row[i] for row in matrix] for i in range(3)])
print([[x * y for x in range(1, 4)] for y in range(1, 4)])
print([c for word in ['ab', 'cd'] for c in word if c != 'c'])
print({k: {v for v in range(k)} for k in range(4)})
print([(a, b, c) for a in range(1, 20) for b in range(a, 20) for c in range(b, 20) if a * a + b * b == c * c])
print([[0] * n for n in range(4)])
