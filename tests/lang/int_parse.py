# int() parsing with bases and whitespace.
print(int('42'), int('  -17  '), int('+8'), int('0'))
print(int('ff', 16), int('FF', 16), int('0xff', 16), int('0xff', 0))
print(int('777', 8), int('0o777', 0), int('101', 2), int('0b101', 0))
print(int('z', 36), int('10', 36), int('1_000'), int('1_0', 0))
print(int('\t12\n'))
print(int(3.99), int(-3.99), int(True), int())
print(int('123456789012345678901234567890'))
for bad in ['', '1.5', 'abc', '12a', ' ', '1__0', '0x']:
    try:
        int(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    int('9', 8)
except ValueError as e:
    print('ValueError:', e)
try:
    int('10', 1)
except ValueError as e:
    print('ValueError:', e)
try:
    int([1])
except TypeError as e:
    print('TypeError:', e)
try:
    int(None)
except TypeError as e:
    print('TypeError:', e)
