# Functions from the math module.
import math
print(math.pi, math.e)
print(math.sqrt(16), math.sqrt(2), math.floor(-2.5), math.ceil(-2.5), math.floor(2.5), math.ceil(2.1))
print(type(math.floor(2.5)).__name__, math.trunc(-3.9), math.trunc(3.9))
print(math.sin(0), math.cos(0), math.sin(math.pi / 2), round(math.cos(math.pi), 12))
print(math.log(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.exp(0), math.exp(1), math.pow(2, 10), math.fabs(-3), math.fabs(2.5))
print(math.isnan(float('nan')), math.isnan(1.0), math.isinf(float('-inf')), math.isinf(1e308))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-12, 18), math.factorial(10), math.factorial(0))
print(math.hypot(3, 4), math.hypot(5, 12), math.tan(0), round(math.tan(math.pi / 4), 12))
try:
    math.sqrt(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    math.log(0)
except ValueError as e:
    print('ValueError:', e)
try:
    math.factorial(-1)
except ValueError as e:
    print('ValueError:', e)
