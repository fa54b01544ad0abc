# Core list mutation methods.
l = [3, 1, 2]
l.append(4); print(l)
l.extend([5, 6]); print(l)
l.extend('ab'); print(l)
l.insert(0, 'first'); l.insert(100, 'last'); l.insert(-1, 'before-last'); print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove('a'); print(l)
print(l.index(2), l.index(5, 2), l.count(1), l.count('zz'))
l.reverse(); print(l)
l2 = l.copy(); l2.clear(); print(l, l2)
try:
    l.remove(99)
except ValueError as e:
    print('ValueError:', e)
try:
    l.index(99)
except ValueError as e:
    print('ValueError:', e)
try:
    [].pop()
except IndexError as e:
    print('IndexError:', e)
try:
    [1].pop(5)
except IndexError as e:
    print('IndexError:', e)
print(l.append(0), len(l))
