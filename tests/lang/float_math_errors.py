# Overflow and domain behaviour of float operations.
import math
try:
    print(math.exp(1000))
except OverflowError as e:
    print('OverflowError:', e)
print(math.exp(-1000))
try:
    print(10 ** 400 * 1.0)
except OverflowError as e:
    print('OverflowError:', e)
try:
    print(10 ** 400 / 3)
except OverflowError as e:
    print('OverflowError:', e)
print((10 ** 400) // 3 > 0)
print(1e308 + 1e308, -1e308 - 1e308)
print(1e308 * 10 == float('inf'))
try:
    math.acos(2)
except ValueError as e:
    print('ValueError:', e)
try:
    math.pow(0.0, -1)
except ValueError as e:
    print('ValueError:', e)
print(math.floor(1e300) == 10 ** 300, math.floor(1e15) == 10 ** 15)
print(int(1e300) % 1000)
print(math.sqrt(float('inf')), math.isnan(math.sqrt(float('nan'))))
