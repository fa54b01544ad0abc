# Comparisons between ints, floats and bools.
print(1 == 1.0, 1 < 1.5, 2 > 1.999, -1 <= -1.0)
print(2 ** 53 == 2.0 ** 53, 2 ** 53 + 1 == 2.0 ** 53)
print(2 ** 53 + 1 > 2.0 ** 53)
print(10 ** 400 > 1e308, -10 ** 400 < -1e308)
print(1 < float('inf'), -10 ** 400 > float('-inf'))
print(0 == -0.0, 0 == False, 1 == True)
print(float('nan') == 0, 0 < float('nan'), 0 > float('nan'))
print(sorted([3, 1.5, True, 0, -2.5, 2]))
print(max(1, 1.0), max(1.0, 1), min(0, False))
x = 3
print(x != 3.0, x is not None)
print(1 < 2 < 3 < 4, 1 < 3 < 2)
print([1, 2] < [1, 2, 0], (1, 2.5) > (1, 2))
try:
    1 < 'a'
except TypeError as e:
    print('TypeError:', e)
try:
    [] < ()
except TypeError as e:
    print('TypeError:', e)
print(1 == 'a', None == 0, [] == ())
