# sort and sorted with key and reverse.
l = [5, 2, 9, 1, 5, 6]
l.sort(); print(l)
l.sort(reverse=True); print(l)
words = ['banana', 'Apple', 'cherry', 'date', 'Elder', 'fig']
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted(words, key=lambda w: (len(w), w)))
pairs = [(1, 'b'), (0, 'z'), (1, 'a'), (0, 'a')]
print(sorted(pairs), sorted(pairs, key=lambda p: p[1]))
print(sorted([3.5, -1, 2, 0.0]), sorted('hello'), sorted((3, 1, 2)), sorted({'b': 1, 'a': 2}))
print(sorted([]), sorted([1]), sorted(range(5), reverse=True))
try:
    [1, 'a'].sort()
except TypeError as e:
    print('TypeError:', e)
print(l.sort() is None)
nums = [-5, 3, -1, 4, -2]
nums.sort(key=abs); print(nums)
