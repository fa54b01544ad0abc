# partition and rpartition.
print('key=value'.partition('='))
print('key=value=x'.partition('='), 'key=value=x'.rpartition('='))
print('novalue'.partition('='), 'novalue'.rpartition('='))
print('a::b::c'.partition('::'), 'a::b::c'.rpartition('::'))
print(''.partition('x'), '='.partition('='))
try:
    'abc'.partition('')
except ValueError as e:
    print('ValueError:', e)
head, sep, tail = 'user@example.com'.partition('@')
print(head, sep, tail)
