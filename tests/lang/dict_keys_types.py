# Keys of different types; equal numbers collide.
d = {}
d[1] = 'int one'
d[1.0] = 'float one'
d[True] = 'true'
print(d)
d[2.5] = 'float'
d['2.5'] = 'string'
d[(2, 5)] = 'tuple'
d[None] = 'none'
d[frozenset([1])] = 'frozen'
d[b'k'] = 'bytes'
print(d)
print(d[1.0], d[2.5], d['2.5'], d[None], d[frozenset({1})], d[b'k'])
print(len(d), 0 in d, 1 in d, True in d)
d[-0.0] = 'negzero'
print(d[0], d[False])
big = {2 ** 100: 'big', -(2 ** 100): 'negbig'}
print(big[2 ** 100], big[-(2 ** 100)])
