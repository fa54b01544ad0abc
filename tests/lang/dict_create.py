# Ways to create dicts.
print({}, dict(), {'a': 1, 'b': 2})
print(dict(a=1, b=2), dict([('x', 1), ('y', 2)]), dict({'k': 'v'}, extra=0))
print(dict(zip('abc', range(3))), dict([[1, 2], (3, 4), 'ab']))
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), dict.fromkeys([]))
shared = dict.fromkeys(['p', 'q'], [])
shared['p'].append(1)
print(shared)
print({1: 'int', 1.5: 'float', 'k': 'str', (1, 2): 'tuple', None: 'none', True: 'bool?'})
print({'dup': 1, 'dup': 2}, len({'a': 1, 'a': 2}))
try:
    dict([('a', 1, 2)])
except ValueError as e:
    print('ValueError:', e)
try:
    dict([1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    {[]: 1}
except TypeError as e:
    print('TypeError:', e)
