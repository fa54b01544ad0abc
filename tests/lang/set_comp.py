# Set comprehensions.
print({x % 5 for x in range(20)})
print(sorted({x * x for x in range(-3, 4)}))
print(sorted({w.lower() for w in 'The the THE cat Cat dog'.split()}))
print({(a, b) for a in range(2) for b in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
print(len({c for c in 'mississippi'}), sorted({c for c in 'mississippi'}))
print({n for n in range(30) if n % 3 == 0 and n % 2 == 0})
evens = {n for n in range(10) if not n & 1}
print(evens, type(evens).__name__)
