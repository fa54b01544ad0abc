# Set operators on small ints (which iterate in sorted order).
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a <= b, {1, 2} <= a, {1, 2} < a, a < a, a <= a, a >= {1}, a > {1, 2, 3, 4})
print(a == {4, 3, 2, 1}, a != b, a.isdisjoint({7, 8}), a.isdisjoint(b))
print(a.union([9], (10,)), a.intersection(range(3)), a.difference({1}, {2}), a.symmetric_difference([1, 9]))
print(a.issubset(range(10)), a.issuperset([1, 2]), len(a | b))
c = set(a)
c |= {7}; print(sorted(c))
c &= {1, 2, 7, 8}; print(sorted(c))
c -= {1}; print(sorted(c))
c ^= {2, 3}; print(sorted(c))
try:
    a | [1]
except TypeError as e:
    print('TypeError:', e)
print(set(), set([]), {0}, set(range(5)), set('aaa'))
print(3 in a, 9 in a, 9 not in a)
