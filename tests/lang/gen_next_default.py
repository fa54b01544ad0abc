# next() with a default, iter() on various objects.
it = iter([1, 2])
print(next(it, 'd'), next(it, 'd'), next(it, 'd'), next(it, None))
g = (c for c in 'x')
print(next(g, 0), next(g, 0))
e = iter([])
try:
    next(e)
except StopIteration as s:
    print('StopIteration', s.args)
try:
    next([1, 2])
except TypeError as err:
    print('TypeError:', err)
di = iter({'a': 1, 'b': 2})
print(next(di), next(di), next(di, 'end'))
si = iter('hé')
print(next(si), next(si), next(si, '<eof>'))
calls = [3, 2, 1, 0, 5]
sentinel_iter = iter(lambda: calls.pop(0), 0)
print(list(sentinel_iter), calls)
