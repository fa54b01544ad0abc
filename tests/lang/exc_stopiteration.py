# StopIteration semantics in iterators and generators (PEP 479).
it = iter([1])
print(next(it))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', repr(e))
def leaky():
    yield 1
    next(iter([]))
    yield 2
g = leaky()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print('RuntimeError:', e, '| cause:', repr(e.__cause__))
def stops_early():
    yield 1
    return 'early'
print(list(stops_early()))
class Manual:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration('custom')
print(list(Manual()), [x for x in Manual()])
def uses_next(items):
    it = iter(items)
    while True:
        try:
            v = next(it)
        except StopIteration:
            return 'drained'
        print('item', v)
print(uses_next('ab'))
