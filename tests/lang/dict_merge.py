# Merging dicts: **, |, |=, update.
a = {'x': 1, 'y': 2}
b = {'y': 20, 'z': 30}
print({**a, **b}, {**b, **a}, {**a, 'y': 0, **{'w': -1}})
print(a | b, b | a, a)
c = dict(a)
c |= b
print(c)
c |= [('q', 9)]
print(c)
try:
    a | [('q', 9)]
except TypeError as e:
    print('TypeError:', e)
def f(**kw):
    return kw
print(f(**a, z=3), f(**a, **{'k': 'v'}))
try:
    f(**a, x=5)
except TypeError as e:
    print('TypeError:', e)
