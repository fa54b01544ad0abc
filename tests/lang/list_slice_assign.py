# Slice assignment and deletion.
l = list(range(10))
l[2:5] = ['a', 'b']; print(l)
l[:0] = [-1]; print(l)
l[len(l):] = [99, 100]; print(l)
l[1:3] = []; print(l)
l[::2] = [0] * len(l[::2]); print(l)
del l[::3]; print(l)
del l[1:3]; print(l)
del l[0]; print(l)
del l[-1]; print(l)
m = [1, 2, 3]
m[1:2] = 'xyz'; print(m)
m[:] = (7, 8); print(m)
try:
    m[::2] = [1, 2, 3]
except ValueError as e:
    print('ValueError:', e)
n = [1, 2, 3, 4]
n[3:1] = ['ins']; print(n)
n[-1:] = []; print(n)
try:
    del n[10]
except IndexError as e:
    print('IndexError:', e)
try:
    n[10] = 1
except IndexError as e:
    print('IndexError:', e)
