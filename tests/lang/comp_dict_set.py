# Dict and set comprehensions with filters and transformations.
words = ['apple', 'bob', 'kayak', 'level', 'zebra', 'noon']
print({w: w == w[::-1] for w in words})
print(sorted({w[0] for w in words}))
print({len(w) for w in words})
inv = {v: k for k, v in enumerate('abcd')}
print(inv)
counts = {c: 'mississippi'.count(c) for c in 'mississippi'}
print(counts)
print({k: v for k, v in counts.items() if v > 1})
print({i: i ** 3 for i in range(-2, 3) if i})
print({(a, b) for a in range(3) for b in range(3) if a + b == 2} == {(0, 2), (1, 1), (2, 0)})
