# Dict equality and nested repr.
print({'a': 1, 'b': 2} == {'b': 2, 'a': 1}, {'a': 1} == {'a': 1.0}, {} == {})
print({'a': [1, 2]} == {'a': [1, 2]}, {'a': 1} != {'a': 2}, {1: 'x'} == {True: 'x'})
print({'a': 1} == [('a', 1)], dict(a=1) == {'a': 1})
try:
    {'a': 1} < {'a': 2}
except TypeError as e:
    print('TypeError:', e)
nested = {'level1': {'level2': {'level3': [1, {'x': None}]}}, 'list': [{}, {'k': ()}]}
print(nested)
print(nested['level1']['level2']['level3'][1]['x'])
r = {}
r['self'] = r
print(r)
print(str({'q': "it's", 'e': 'é'}), repr({'tab': '\t'}))
