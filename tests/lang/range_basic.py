# range objects.
print(list(range(5)), list(range(2, 8)), list(range(0, 20, 5)), list(range(10, 0, -3)))
print(list(range(5, 2)), list(range(-3)), list(range(-5, -1)), list(range(3, -3, -2)))
r = range(3, 30, 4)
print(r, len(r), r[0], r[-1], r[2], 7 in r, 8 in r, r.index(11), r.count(15))
print(len(range(0)), len(range(10, 0, -1)), len(range(0, 10 ** 6, 3)))
print(range(0, 10 ** 20)[10 ** 19], 10 ** 19 in range(0, 10 ** 20, 2))
print(range(5) == range(0, 5), range(0) == range(5, 5), range(0, 3, 2) == range(0, 4, 2))
print(repr(range(1, 2, 1)), str(range(-1, -10, -2)))
try:
    range(1, 2, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    r[100]
except IndexError as e:
    print('IndexError:', e)
try:
    range(1.5)
except TypeError as e:
    print('TypeError:', e)
print(r.start, r.stop, r.step, sum(range(1, 101)), bool(range(0)), bool(range(1)))
