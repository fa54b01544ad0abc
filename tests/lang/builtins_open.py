# open(): write a text file, read it back several ways.
import time
path = '/tmp/weft_lang_builtins_open_%d.txt' % time.time_ns()  # unique: runs may overlap
with open(path, 'w') as f:
    n = f.write('first line\n')
    f.write('second line\n')
    f.write('héllo wörld\n')
    print('write returned', n, 'closed inside:', f.closed)
print('closed after:', f.closed)
with open(path) as f:
    content = f.read()
print(repr(content))
with open(path, 'r') as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open(path) as f:
    print(f.readlines())
with open(path) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip('\n'))
with open(path, 'a') as f:
    f.write('appended\n')
with open(path) as f:
    print(f.read().splitlines())
f = open(path)
print(repr(f.read(5)), repr(f.read(6)))
f.close()
print(f.closed)
with open(path, 'w') as f:
    print('via print', 42, file=f)
    print('second', end='!', file=f)
with open(path) as f:
    print(repr(f.read()))
