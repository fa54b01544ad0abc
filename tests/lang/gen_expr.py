# Generator expressions are lazy and single-use.
g = (x * x for x in range(5))
print(type(g).__name__)
print(next(g), next(g), list(g), list(g))
print(sum(x for x in range(101)), max(len(w) for w in ['a', 'abc', 'ab']))
print(list(x for x in 'abc' if x != 'b'))
print(tuple((i, j) for i in range(2) for j in range(2)))
log = []
def src():
    for i in range(3):
        log.append('produce %d' % i)
        yield i
lazy = (v * 10 for v in src())
print(log)
print(next(lazy), log)
print(list(lazy), log)
print(any(x > 3 for x in [1, 5, 2]), all(x > 0 for x in []))
print(', '.join(str(n) for n in range(4)))
print(sorted((c for c in 'hello'), reverse=True))
