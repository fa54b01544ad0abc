# Less common functions and constants from the math module.
import math
print(math.tau, math.inf, math.nan, -math.inf)
print(math.isfinite(1.0), math.isfinite(math.inf), math.isfinite(math.nan))
print(math.atan2(1, 1), math.atan(1) * 4, math.asin(1), math.acos(1))
print(math.degrees(math.pi), math.radians(180))
print(math.copysign(3, -0.0), math.copysign(-2.5, 1), math.fmod(7, 3), math.fmod(-7, 3))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1.0, 1.05, rel_tol=0.1))
print(math.modf(3.25), math.modf(-2.5), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.comb(10, 3), math.perm(5, 2), math.perm(5), math.isqrt(99), math.isqrt(10 ** 30))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod(range(1, 21)))
print(math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.log1p(0), math.expm1(0), math.sinh(0), math.cosh(0), math.tanh(0))
print(math.gcd(2 ** 100, 6 ** 50), math.lcm(4, 6), math.lcm(3, 5, 7))
print(math.floor(-0.5), math.ceil(-0.5), math.floor(10 ** 20 + 0.0) == 10 ** 20)
print(math.dist((0, 0), (3, 4)), math.dist((1, 1, 1), (1, 1, 1)))
try:
    math.isqrt(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    math.comb(3, -1)
except ValueError as e:
    print('ValueError:', e)
