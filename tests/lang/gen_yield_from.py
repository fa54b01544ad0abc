# yield from delegates and returns the subgenerator's value.
def inner():
    x = yield 'inner-1'
    print('inner got', x)
    yield 'inner-2'
    return 'inner-result'
def outer():
    r = yield from inner()
    print('outer got', r)
    yield 'outer-end'
g = outer()
print(next(g))
print(g.send('sent'))
print(next(g))
try:
    next(g)
except StopIteration:
    print('outer done')
def chain(*iterables):
    for it in iterables:
        yield from it
print(list(chain([1, 2], 'ab', range(3), (x * x for x in range(3)))))
def tree(node):
    if isinstance(node, list):
        for child in node:
            yield from tree(child)
    else:
        yield node
print(list(tree([1, [2, [3, 4], 5], [[6]]])))
def relay():
    total = yield from (i for i in range(3))
    yield total
print(list(relay()))
