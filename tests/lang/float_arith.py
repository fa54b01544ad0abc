# Float arithmetic, mixed with ints.
print(1.5 + 2, 3 - 0.5, 2 * 0.25, 7 / 2.0, 1 / 8)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(2.0 ** 10, 2 ** 0.5, 4 ** -0.5, (-8.0) ** 2)
print(0.1 * 3, 0.1 + 0.1 + 0.1, 1.1 * 1.1)
print(1e308 * 10, -1e308 * 10, 1e-320 / 1e10)
inf = float('inf')
print(inf + 1, inf - inf, inf * 0, -inf * -1)
print(abs(-2.5), -(-2.5), +1.5)
x = 1.0
for _ in range(10):
    x += 0.1
print(x)
print(3 * 1.1 == 3.3, round(3 * 1.1, 10) == 3.3)
print(sum([0.1] * 10))
print(10 / 4, 10 // 4, 10 % 4, 10.0 // 4)
print(-0.0 + 0.0, -0.0 * 1, 0.0 * -1)
print(1e300 * 1e10 == inf)
