# hex, oct, bin and their formats.
for n in [0, 1, 10, 255, -255, 4096, 2 ** 70]:
    print(n, hex(n), oct(n), bin(n))
print(format(255, 'x'), format(255, 'X'), format(255, 'o'), format(255, 'b'))
print(format(255, '#x'), format(255, '#X'), format(255, '#o'), format(255, '#b'))
print(format(-255, '#x'), format(5, '08b'), format(5, '#010b'))
print('%x %X %o %#x %#o' % (255, 255, 8, 255, 8))
print(int(hex(12345), 16), int(bin(-9), 2), int(oct(64), 8))
