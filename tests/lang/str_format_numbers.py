# Numeric presentation types and grouping.
n = 1234567
print('{:,}'.format(n), '{:_}'.format(n), '{:,}'.format(-n), '{:,}'.format(123))
print('{:x} {:X} {:o} {:b}'.format(255, 255, 255, 5))
print('{:#x} {:#X} {:#o} {:#b}'.format(255, 255, 255, 5))
print('{:_x} {:_b} {:#_b}'.format(0xdeadbeef, 255, 255))
print('{:08.3f} {:+08.2f} {:e} {:E}'.format(3.14159, 2.5, 12345.678, 0.000123))
print('{:g} {:g} {:g} {:G}'.format(0.00001234, 123456789, 100.0, 1.5e-10))
print('{:.0%} {:.1%} {:%}'.format(0.5, 0.125, 1))
print('{:,.3f} {:>15,.2f}|'.format(1234567.8912, 9876543.21))
print('{:d}'.format(-0))
print('{:10,d}|{:<10,}|{:^10_}|'.format(1234567, 1234, 5678))
print('{:.2f}'.format(1), '{:e}'.format(5), '{:%}'.format(2))
print('{:#.0f} {:#g} {:.3e}'.format(3.0, 2.0, 0))
print('{:x}'.format(-255), '{:#010x}'.format(255), '{:#10b}|'.format(5))
print(format(2 ** 64, ','), format(-(2 ** 70), '_x'))
try:
    '{:,x}'.format(10)
except ValueError as e:
    print('ValueError:', e)
try:
    '{:.2d}'.format(10)
except ValueError as e:
    print('ValueError:', e)
