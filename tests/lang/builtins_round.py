# round() on ints and floats, with and without ndigits.
for v in [0.5, 1.5, 2.5, -0.5, -1.5, 0.49, 0.51, 1e10 + 0.5, 7, -7]:
    print(repr(v), round(v), round(v, 0), round(v, 1))
print(round(1.23456, 3), round(1.23456, 10), round(123.456, -1), round(123.456, -2), round(123.456, -3))
print(round(5, 1), round(55, -1), round(65, -1), round(-55, -1), round(12345, -3))
print(round(0.1 + 0.2, 2), round(2.5), round(3.5), round(-2.5))
class R:
    def __round__(self, n=None):
        return 'rounded with %r' % (n,)
print(round(R()), round(R(), 2))
try:
    round('1.5')
except TypeError as e:
    print('TypeError:', e)
