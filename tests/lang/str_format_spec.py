# Format spec mini-language: width, fill, alignment, sign.
print('[{:10}]'.format('left'), '[{:10}]'.format(42), '[{:<10}]'.format(42))
print('[{:>10}]'.format('r'), '[{:^10}]'.format('mid'), '[{:^9}]'.format('mid'))
print('[{:*<8}]'.format('a'), '[{:->8}]'.format('b'), '[{:.^9}]'.format('c'))
print('[{:=+8}]'.format(42), '[{:=8}]'.format(-42), '[{:0=8}]'.format(-42), '[{:08}]'.format(-42))
print('[{:+}]'.format(5), '[{:+}]'.format(-5), '[{: }]'.format(5), '[{:-}]'.format(5))
print('[{:.3}]'.format('abcdef'), '[{:8.3}]'.format('abcdef'), '[{:>8.2}]'.format('xyz'))
print('[{:2}]'.format('toolong'), '[{:0}]'.format(7))
w, p = 12, 3
print('[{:{w}.{p}f}]'.format(3.14159, w=w, p=p), '[{:{}}]'.format('x', 5))
print('[{:{fill}{align}{width}}]'.format('z', fill='#', align='^', width=7))
print('[{:c}]'.format(65), '[{:5c}]'.format(0x4e2d))
print(format(True, 'd'), format(True, ''), format(False, '>6'))
try:
    '{:d}'.format('a')
except ValueError as e:
    print('ValueError:', e)
try:
    '{:s}'.format(1)
except ValueError as e:
    print('ValueError:', e)
try:
    '{:=}'.format('a')
except ValueError as e:
    print('ValueError:', e)
