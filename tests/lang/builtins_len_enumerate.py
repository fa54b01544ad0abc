# len() and enumerate().
print(len([]), len([1, 2]), len('héllo'), len(b'ab'), len((1,)), len({'a': 1}), len({1, 2, 2}), len(range(10)))
print(list(enumerate('abc')))
print(list(enumerate('abc', 1)), list(enumerate('ab', start=-5)))
for i, (a, b) in enumerate([(1, 2), (3, 4)], start=10):
    print(i, a, b)
e = enumerate(['x', 'y'])
print(next(e), next(e), next(e, 'end'), type(e).__name__)
print(dict(enumerate('xyz')))
print(list(enumerate([])), list(enumerate(range(3), 2 ** 65)))
