# center, ljust, rjust, zfill.
s = 'abc'
print('[' + s.center(9) + ']', '[' + s.center(8) + ']', '[' + s.center(2) + ']')
print('[' + s.ljust(6) + ']', '[' + s.rjust(6) + ']', '[' + s.ljust(6, '*') + ']')
print('[' + s.rjust(6, '0') + ']', '[' + s.center(10, '-') + ']')
print('[' + 'ab'.center(5) + ']', '[' + 'ab'.center(6, '.') + ']', '[' + 'a'.center(4) + ']')
print('42'.zfill(5), '-42'.zfill(5), '+42'.zfill(5), 'abc'.zfill(5), '12345'.zfill(3))
print('-'.zfill(3), ''.zfill(2))
print('é'.center(5, '·'), '日本'.rjust(4, '＿'))
try:
    s.center(5, 'ab')
except TypeError as e:
    print('TypeError:', e)
for w in ['a', 'bbb', 'ccccc']:
    print('|' + w.ljust(6) + '|' + w.rjust(6) + '|' + w.center(7) + '|')
