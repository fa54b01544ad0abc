# printf-style % formatting.
print('%s|%r|%d|%i' % ('s', 's', 42, -7))
print('%5.2f|%-5s|%5s|%x|%X|%o|%e|%%' % (3.14159, 'ab', 'cd', 255, 255, 8, 1234.5))
print('%05d|%-5d|%+d|% d|%+.1f' % (42, 42, 42, 42, 2.25))
print('%s' % 'single', '%s' % (1,), '%s' % [1, 2], '%s' % ((1, 2),))
print('%(name)s is %(age)d' % {'name': 'Bob', 'age': 7})
print('%c%c' % (72, 'i'), '%#x %#o' % (255, 8))
print('%.3s|%10.2s|' % ('abcdef', 'xyz'))
print('%*d|%-*d|%.*f' % (5, 1, 5, 2, 2, 3.14159))
print('%d %d' % (3.99, -3.99), '%s %s' % (None, True), '%r' % 'q"t')
print('%g %G %.2g' % (0.0001, 1e20, 123.0))
print('%5s|%-6r|' % ('é', 'é'))
print('100%% sure', '%s%%' % 50)
try:
    '%d' % 'x'
except TypeError as e:
    print('TypeError:', e)
try:
    '%s %s' % ('a',)
except TypeError as e:
    print('TypeError:', e)
try:
    '%s' % ('a', 'b')
except TypeError as e:
    print('TypeError:', e)
try:
    '%(k)s' % {'j': 1}
except KeyError as e:
    print('KeyError:', e)
