# Tuple methods, operators and comparisons.
t = (3, 1, 4, 1, 5, 9, 2, 6)
print(t.count(1), t.index(4), t.index(1, 2), len(t), t[2:5], t[::-1])
print(t + (0,), (0,) * 3, 2 * (1, 2), 5 in t, 7 not in t)
print(min(t), max(t), sum(t), sorted(t))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), () < (0,), (1, 'a') == (1, 'a'))
print((1, 2) == [1, 2], tuple([1, 2]) == (1, 2))
try:
    t.index(100)
except ValueError as e:
    print('ValueError:', e)
try:
    t[0] = 5
except TypeError as e:
    print('TypeError:', e)
try:
    t[20]
except IndexError as e:
    print('IndexError:', e)
try:
    (1, 2) + [3]
except TypeError as e:
    print('TypeError:', e)
u = t
u += (7,)
print(t is u, len(t), len(u))
nested = ([1], 2)
nested[0].append(3)
print(nested)
try:
    nested[0] += [4]
except TypeError as e:
    print('TypeError:', e)
print(nested)
