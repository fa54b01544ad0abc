# min() and max() with keys, defaults and multiple arguments.
print(min(3, 1, 2), max(3, 1, 2), min([5, 4]), max('hello'), min('b', 'a', 'c'))
print(max(['aa', 'b', 'cccc'], key=len), min(['aa', 'b', 'cccc'], key=len))
print(max([], default='empty'), min([], default=None), max([7], default=0))
print(max([(1, 'b'), (1, 'a')]), min({'x': 3, 'y': 1}, key=lambda k: {'x': 3, 'y': 1}[k]))
print(max(1, 2.5), min(-1, -1.0), max(True, 0), max([1, 3, 3], key=lambda v: v))
print(max([('a', 2), ('b', 2), ('c', 1)], key=lambda p: p[1]))
print(min([('a', 2), ('b', 1), ('c', 1)], key=lambda p: p[1]))
print(max(range(10), key=lambda v: v % 4))
try:
    max([])
except ValueError as e:
    print('ValueError:', e)
try:
    min()
except TypeError as e:
    print('TypeError:', e)
try:
    max(1)
except TypeError as e:
    print('TypeError:', e)
try:
    max(1, 'a')
except TypeError as e:
    print('TypeError:', e)
