# Insertion order, deletion and reinsertion.
d = {}
for k in ['z', 'a', 'm', 'b']:
    d[k] = len(d)
print(d, list(d))
d['a'] = 'updated'
print(d)
del d['z']
d['z'] = 'back'
print(d)
print(list(d.keys()), list(d.values()), list(d.items()))
n = {i: i * i for i in range(10, 0, -1)}
print(n)
for k in list(n):
    if k % 2:
        del n[k]
print(n)
n[3] = 'three'
print(list(n))
print(list(reversed(d)), list(reversed(d.items())))
d.pop('m')
d['m'] = 'm2'
print(d)
