# find, rfind, index, rindex.
s = 'hello world, hello there'
print(s.find('hello'), s.rfind('hello'), s.find('xyz'), s.rfind('xyz'))
print(s.find('o'), s.find('o', 5), s.find('o', 5, 7), s.rfind('o', 0, 10))
print(s.find(''), s.rfind(''), s.find('', 100), s.find('h', -5))
print(s.index('world'), s.rindex('e'), s.index('l', 3))
try:
    s.index('xyz')
except ValueError as e:
    print('ValueError:', e)
try:
    s.rindex('q')
except ValueError as e:
    print('ValueError:', e)
print('héllo wörld'.find('ö'), 'aaa'.find('aa'), 'aaa'.rfind('aa'))
print('abc'.find('c', -1), 'abc'.find('a', -1))
print('world' in s, 'World' in s, '' in s)
