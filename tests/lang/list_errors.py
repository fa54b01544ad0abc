# IndexError and TypeError messages for lists.
l = [10, 20, 30]
for i in [3, -4, 100]:
    try:
        l[i]
    except IndexError as e:
        print(i, 'IndexError:', e)
try:
    l[3] = 0
except IndexError as e:
    print('IndexError:', e)
try:
    l['0']
except TypeError as e:
    print('TypeError:', e)
try:
    l[1.0]
except TypeError as e:
    print('TypeError:', e)
try:
    l.insert('x', 1)
except TypeError as e:
    print('TypeError:', e)
try:
    l.sort(key=1)
except TypeError as e:
    print('TypeError:', e)
try:
    [1, 2, 3][0:2:0]
except ValueError as e:
    print('ValueError:', e)
try:
    l * 1.5
except TypeError as e:
    print('TypeError:', e)
try:
    hash(l)
except TypeError as e:
    print('TypeError:', e)
try:
    {l: 1}
except TypeError as e:
    print('TypeError:', e)
print(l[True], l[-True])
