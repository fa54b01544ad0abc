# KeyError messages use the repr of the key.
d = {'a': 1, 2: 'two', (1, 2): 'tuple'}
for key in ['missing', 3, (3, 4), '', 'quote\'s', None, 1.5]:
    try:
        d[key]
    except KeyError as e:
        print('KeyError:', e, '|', repr(e), '|', e.args)
try:
    del d['nope']
except KeyError as e:
    print('del KeyError:', e)
try:
    d.pop('gone')
except KeyError as e:
    print('pop KeyError:', e)
try:
    d[[1]]
except TypeError as e:
    print('TypeError:', e)
print(isinstance(KeyError('x'), LookupError))
