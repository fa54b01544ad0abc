# float <-> int conversions, is_integer, as_integer_ratio.
for v in [3.7, -3.7, 0.9999, -0.5, 1e20, 2.0 ** 70]:
    print(v, int(v))
print((2.0).is_integer(), (2.5).is_integer(), (-0.0).is_integer())
print((0.5).as_integer_ratio(), (0.75).as_integer_ratio(), (3.0).as_integer_ratio())
try:
    int(float('inf'))
except OverflowError as e:
    print('OverflowError:', e)
try:
    int(float('nan'))
except ValueError as e:
    print('ValueError:', e)
print(float(7) / 2, int(7 / 2), 7 // 2)
print(int('12') + float('0.5'))
print((1.5).real, (1.5).imag, (1.5).conjugate())
