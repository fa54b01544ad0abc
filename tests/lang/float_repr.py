# Shortest round-trip repr of floats.
vals = [0.1, 0.1 + 0.2, 1e16, 1e15, 123456789012345678.0, 1e-5, 1e-4, 0.0001234,
        1.5e300, 2.5, 100.0, 1e22, 1e23, 3.0e-10, 1 / 3, 2 / 3, 0.5, 1.0,
        float('inf'), float('-inf'), float('nan'), -0.0, 0.0, 5e-324,
        1.7976931348623157e308, 9007199254740993.0, 0.3, 4.35, 1e100]
for v in vals:
    print(repr(v), str(v))
print([0.1, -0.0, float('nan')])
print((1.1, 2.2))
print(1e16 == 10 ** 16, 0.1 + 0.2 == 0.3)
print(float.__repr__(2.0), str(-1e-7))
