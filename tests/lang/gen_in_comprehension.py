# Generators used inside comprehensions and builtins.
def gen(n):
    for i in range(n):
        yield i
print([x * 2 for x in gen(4)])
print({x: list(gen(x)) for x in gen(4)})
print({x % 2 for x in gen(10)})
print([list(gen(i)) for i in gen(4)])
print(sum(sum(gen(i)) for i in gen(5)))
print(dict(zip(gen(3), 'abc')), list(enumerate(gen(3), 1)))
print(sorted(gen(5), reverse=True), list(reversed(list(gen(3)))))
print(max(gen(7)), min(gen(7), default=None), min(gen(0), default='empty'))
g = gen(3)
print([x for x in g], [x for x in g])
