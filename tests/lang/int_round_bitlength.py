# round() on ints, bit_length, and a few int methods.
print(round(12345, -1), round(12345, -2), round(12355, -1), round(12345, -10))
print(round(15, -1), round(25, -1), round(-15, -1), round(7), round(7, 2))
print(type(round(7)).__name__, type(round(7, 1)).__name__)
for n in [0, 1, 2, 3, 255, 256, -256, 2 ** 100, -(2 ** 100)]:
    print(n, n.bit_length())
print((10).real, (10).imag, (10).numerator, (10).denominator)
print((12).conjugate(), int.__name__)
print((-5).__abs__(), (3).__neg__(), (7).__mod__(3))
print(int.__name__, (5).__index__(), (255).bit_length() == len(bin(255)) - 2)
