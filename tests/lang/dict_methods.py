# dict methods: get, setdefault, pop, popitem, update, copy, clear.
d = {'a': 1, 'b': 2}
print(d.get('a'), d.get('z'), d.get('z', 0), d['b'])
print(d.setdefault('a', 100), d.setdefault('c', 3), d.setdefault('n'), d)
print(d.pop('n'), d.pop('zz', 'dflt'), d)
try:
    d.pop('zz')
except KeyError as e:
    print('KeyError:', e)
print(d.popitem(), d)
d.update({'x': 10}, y=20)
d.update([('a', -1)])
print(d)
c = d.copy()
c['new'] = 1
print(d, c)
c.clear()
print(c, len(c))
try:
    {}.popitem()
except KeyError as e:
    print('KeyError:', e)
d2 = {}
for w in 'the cat the hat the end'.split():
    d2.setdefault(len(w), []).append(w)
print(d2)
print(d.__len__(), d.__contains__('x'), d.__getitem__('x'))
