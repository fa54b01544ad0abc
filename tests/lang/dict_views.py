# keys/values/items views are live.
d = {'a': 1, 'b': 2, 'c': 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
d['d'] = 4
del d['a']
print(k, v, i, len(k))
print('b' in k, 2 in v, ('b', 2) in i, ('b', 3) in i)
print(k & {'b', 'x'}, sorted(k | {'z'}), sorted(k - {'b'}), sorted(k ^ {'b', 'q'}))
print(list(i)[0], sorted(v), max(k))
print(d.keys() == {'b', 'c', 'd'}, d.items() == {('b', 2), ('c', 3), ('d', 4)})
for key, val in d.items():
    print(key, val)
print(type(k).__name__, type(v).__name__, type(i).__name__)
print(list(reversed(d.keys())), list(reversed(d.values())))
