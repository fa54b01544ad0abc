# sorted() and reversed().
print(sorted([3, 1, 2]), sorted('cab'), sorted((2, 1)), sorted({3: 'a', 1: 'b'}))
print(sorted([3, 1, 2], reverse=True), sorted(['b', 'A', 'c'], key=str.lower))
print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]), sorted([[2], [1, 5], [1]]))
print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed(range(4))), list(reversed((1, 2))))
print(''.join(reversed('stressed')))
r = reversed([1, 2])
print(next(r), list(r), list(r))
d = {'a': 1, 'b': 2}
print(list(reversed(d)), list(reversed(d.values())))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return 'item%d' % i
print(list(reversed(Seq())))
class Rev:
    def __reversed__(self):
        return iter(['custom', 'reversed'])
print(list(reversed(Rev())))
try:
    reversed({1, 2})
except TypeError as e:
    print('TypeError:', e)
try:
    sorted([1, 2], lambda x: x)
except TypeError as e:
    print('TypeError:', e)
