# return value of a generator arrives in StopIteration.value.
def gen():
    yield 1
    return 'result'
g = gen()
print(next(g))
try:
    next(g)
except StopIteration as e:
    print('value:', e.value, 'args:', e.args)
def empty_return():
    return
    yield
try:
    next(empty_return())
except StopIteration as e:
    print('value:', e.value, 'args:', e.args)
print(list(gen()))
def returns_tuple():
    yield 0
    return (1, 2)
it = returns_tuple()
next(it)
try:
    next(it)
except StopIteration as e:
    print(e.value, repr(e))
