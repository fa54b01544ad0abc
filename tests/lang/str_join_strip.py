# join and strip family.
print(','.join(['a', 'b', 'c']), ''.join(['x', 'y']), '-'.join('abc'), ', '.join([]))
print(' '.join(str(i) for i in range(5)))
print('|'.join(('1',)), '::'.join({'k': 1, 'j': 2}))
try:
    ','.join(['a', 1])
except TypeError as e:
    print('TypeError:', e)
s = '  \t hello world \n '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print('xxhixx'.strip('x'), 'xyhiyx'.strip('xy'), 'abcHIcba'.lstrip('abc'), 'abcHIcba'.rstrip('cba'))
print(repr('...'.strip('.')), repr(''.strip()), 'hello'.strip(''))
print('www.example.com'.strip('cmowz.'))
print('0012300'.lstrip('0'), '0012300'.rstrip('0'))
print('abc'.removeprefix('ab'), 'abc'.removesuffix('bc'), 'abc'.removeprefix('x'))
