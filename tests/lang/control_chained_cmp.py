# Chained comparisons evaluate each operand at most once.
x = 3
print(1 < x < 5, 1 < x > 2, 5 > x > 4, 1 <= x <= 3, x == 3 == 3.0)
print(1 < 2 < 3 < 4 < 5, 1 < 2 < 3 > 4, 0 == 0 != 1)
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(3) < v(2) < v(1), calls)
calls.clear()
print(v(1) < v(5) > v(2), calls)
print('a' < 'b' < 'c', [1] < [2] < [3], 1 in [1, 2] in [[1, 2]])
print(x is not None is not False)
a = b = 4
print(a == b == 4, a is b is a)
