# Dict comprehensions.
print({x: x ** 2 for x in range(6)})
print({k: v for k, v in [('a', 1), ('b', 2), ('a', 3)]})
print({w: len(w) for w in 'one three five'.split() if len(w) > 3})
print({v: k for k, v in {'x': 1, 'y': 2}.items()})
print({(i, j): i * j for i in range(3) for j in range(3) if i <= j})
print({k: [c for c in k] for k in ('ab', 'c')})
print({n % 3: n for n in range(10)})
print({str(i): {j: None for j in range(i)} for i in range(3)})
