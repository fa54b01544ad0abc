# slice objects and indices().
s = slice(1, 5, 2)
print(s, repr(s), s.start, s.stop, s.step)
print(slice(3), slice(None, None, -1), slice('a', 'b'))
l = list(range(10))
print(l[s], l[slice(None, 3)], l[slice(-3, None)], 'abcdefgh'[s])
print(s.indices(10), s.indices(3), slice(None, None, -1).indices(5))
print(slice(-100, 100).indices(10), slice(-3, -1, 1).indices(10))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
class Rec:
    def __getitem__(self, key):
        return key
r = Rec()
print(r[1:2], r[::3], r[1:2, 3], r[...], r[:, 1])
try:
    slice(1, 2, 0).indices(5)
except ValueError as e:
    print('ValueError:', e)
