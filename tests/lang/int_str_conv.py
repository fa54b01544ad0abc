# int to str and back, repr, formatting with str().
for n in [0, 1, -1, 255, -255, 10 ** 18, -(10 ** 30)]:
    s = str(n)
    print(s, repr(n), int(s) == n, len(s))
print(str(True), str(False), repr(True))
print('%d items' % 3, 'n=' + str(42))
print(int(str(2 ** 64)) == 2 ** 64)
digits = [int(c) for c in str(9876543210)]
print(digits, sum(digits))
print(int(''.join(['1', '2', '3'])) * 2)
print(str(-0), str(+7))
print(format(1234567, ','), format(1234567, '_'))
print(str(12).zfill(5), str(-12).zfill(5))
