# Bitwise operators and shifts, including negatives.
for a, b in [(12, 10), (-12, 10), (12, -10), (-12, -10), (0, 7)]:
    print(a, b, a & b, a | b, a ^ b, ~a)
print(1 << 0, 1 << 10, 5 << 3)
print(1024 >> 3, 1 >> 1, -1 >> 5, -8 >> 1, -9 >> 1)
print(-1 << 4, 255 >> 4)
try:
    1 << -1
except ValueError as e:
    print('ValueError:', e)
try:
    1 >> -1
except ValueError as e:
    print('ValueError:', e)
print(0b1010 & 0b0110, bin(0b1010 | 0b0110), bin(0b1010 ^ 0b0110))
print(True & False, True | False, True ^ True, type(True & True).__name__)
print(~True, ~0, ~-1)
n = 0b101101
count = 0
while n:
    count += n & 1
    n >>= 1
print(count)
