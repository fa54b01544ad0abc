# count, startswith, endswith (with tuples and ranges).
s = 'banana bandana'
print(s.count('a'), s.count('an'), s.count('ana'), s.count(''), s.count('x'))
print(s.count('a', 7), s.count('a', 0, 6))
print(s.startswith('ban'), s.startswith('nan'), s.startswith('nan', 2))
print(s.endswith('ana'), s.endswith('band', 0, 11), s.endswith(''))
print(s.startswith(('x', 'b')), s.endswith(('x', 'y')), s.startswith(()))
print('file.py'.endswith(('.py', '.txt')), 'file.c'.endswith(('.py', '.txt')))
try:
    s.startswith(['b'])
except TypeError as e:
    print('TypeError:', e)
print('aaaa'.count('aa'), ''.count(''), 'abc'.count('', 1))
