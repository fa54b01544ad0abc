# Generator functions: lazy execution and iteration protocol.
def count_up(n):
    print('start')
    i = 0
    while i < n:
        print('yielding', i)
        yield i
        i += 1
    print('done')
g = count_up(3)
print(type(g).__name__)
print(next(g))
print(next(g))
for v in g:
    print('loop got', v)
try:
    next(g)
except StopIteration:
    print('exhausted')
def letters():
    yield 'a'
    yield 'b'
    return
    yield 'never'
print(list(letters()), list(letters()))
print(sum(x for x in count_up(0)))
def gen_with_locals():
    total = 0
    for i in range(4):
        total += i
        yield total
print(list(gen_with_locals()))
g2 = gen_with_locals()
print(iter(g2) is g2)
