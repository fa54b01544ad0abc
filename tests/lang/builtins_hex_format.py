# hex, oct, bin and format() builtins.
print(hex(255), hex(-1), hex(0), oct(8), oct(-8), bin(5), bin(-5), bin(0))
print(format(255, 'x'), format(255, '#o'), format(255, 'b'), format(3.14159, '.2f'), format('s', '>3'))
print(format(12), format(1.5), format('abc'), format([1]), format(None, ''))
print(format(1234567, ',d'), format(0.25, '%'), format(-42, '+d'), format(42, '^7'))
class Idx:
    def __index__(self):
        return 10
print(hex(Idx()), bin(Idx()), oct(Idx()), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11][Idx()])
try:
    hex(1.5)
except TypeError as e:
    print('TypeError:', e)
try:
    format(1, 'q')
except ValueError as e:
    print('ValueError:', e)
try:
    format([], 'd')
except TypeError as e:
    print('TypeError:', e)
