# float() from strings and numbers.
for s in ['1.5', '  -2.25 ', '1e3', '1E-2', 'inf', '-Infinity', 'nan', 'NaN',
          '+0.0', '-0', '.5', '5.', '1_000.5', '0x10' if False else '10']:
    print(repr(s), float(s))
print(float(3), float(-7), float(True), float(), float(2 ** 70))
for bad in ['', 'abc', '1.2.3', '1e', 'one', '1__0']:
    try:
        float(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    float([])
except TypeError as e:
    print('TypeError:', e)
try:
    float(10 ** 400)
except OverflowError as e:
    print('OverflowError:', e)
print(float('1' * 30), float('0.' + '0' * 20 + '1'))
