# split and rsplit with and without separators.
print('a b  c\t d\n'.split())
print('  leading and trailing  '.split())
print('a,b,,c,'.split(','))
print('a,b,,c,'.split(',', 1), 'a,b,,c,'.split(',', 2))
print('a b c d'.split(None, 2), 'a b c d'.split(maxsplit=1))
print('a b c d'.rsplit(None, 2), 'a,b,c,d'.rsplit(',', 1))
print('a::b::c'.split('::'), 'abc'.split('abc'), ''.split(','), ''.split())
print('   '.split(), '   '.split(' '))
print('one'.split(','), 'x'.rsplit('x'))
print('1-2-3'.split('-', 0), '1-2-3'.split('-', -1))
print('  a  b  '.rsplit(None, 1))
try:
    'abc'.split('')
except ValueError as e:
    print('ValueError:', e)
print('a\x0bb\x0cc\x1cd'.split())
print('k=v=w'.partition('='), 'k=v=w'.split('=', 1))
