# Arbitrary precision integers.
print(2 ** 200)
f = 1
for i in range(1, 51):
    f *= i
print(f)
print(len(str(f)))
print(2 ** 100 - 2 ** 99)
print(-(2 ** 130) // 7, -(2 ** 130) % 7)
print((2 ** 130) // -7, (2 ** 130) % -7)
big = 10 ** 40 + 12345
print(big // 10 ** 20, big % 10 ** 20)
print(big * big)
print(divmod(3 ** 100, 2 ** 64))
print(2 ** 64 - 1, -(2 ** 63))
print((1 << 100) >> 98, 1 << 70)
print(-(1 << 100) >> 99)
print((2 ** 80) & (2 ** 80 - 1), (2 ** 80) | 1, (2 ** 80) ^ (2 ** 80 + 5))
print(~(2 ** 70))
print(2 ** 64 == 18446744073709551616, 2 ** 64 > 2 ** 63)
print(int('9' * 30) + 1)
print(abs(-(10 ** 25)))
a, b = 0, 1
for _ in range(150):
    a, b = b, a + b
print(a)
print(12345678901234567890 * -98765432109876543210)
print(float(2 ** 100), 2 ** 100 / 2 ** 90)
