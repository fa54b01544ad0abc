# Calling with * and ** unpacking, several of each.
def f(a, b, c, d=0, **rest):
    return [a, b, c, d, rest]
args = [1, 2]
print(f(*args, 3), f(*[1], *(2, 3)), f(*'xyz'))
print(f(1, **{'b': 2, 'c': 3}), f(**{'a': 1}, **{'b': 2}, c=3, e=5))
print(f(*range(3), **{'d': 9, 'z': 0}))
print(*[1, 2, 3], sep='-')
print(*'abc', *[1], sep='')
def g(*args):
    return len(args)
print(g(*[]), g(*[], *()), g(*range(100)))
try:
    f(*[1, 2, 3, 4, 5])
except TypeError as e:
    print('TypeError:', e)
try:
    f(**{1: 2})
except TypeError as e:
    print('TypeError:', e)
try:
    f(*5)
except TypeError as e:
    print('TypeError:', e)
try:
    f(**[1])
except TypeError as e:
    print('TypeError:', e)
