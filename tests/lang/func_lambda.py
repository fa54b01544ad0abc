# Lambdas.
sq = lambda x: x * x
print(sq(7), (lambda: 'no args')(), (lambda a, b=2: a * b)(3))
print(sq.__name__, (lambda: 0).__name__)
print(list(map(lambda s: s.upper(), ['a', 'b'])))
adders = [lambda x, n=n: x + n for n in range(3)]
print([a(10) for a in adders])
late = [lambda x: x + n for n in range(3)]
print([a(10) for a in late])
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5))
print((lambda *a, **k: (a, k))(1, 2, x=3))
print(sorted(['bb', 'a', 'ccc'], key=lambda s: -len(s)))
pick = {'add': lambda a, b: a + b, 'sub': lambda a, b: a - b}
print(pick['add'](5, 3), pick['sub'](5, 3))
print((lambda x: (lambda y: x + y))(1)(2))
