# del statement on various targets and its effect on iteration.
items = list(range(10))
del items[::2]
print(items)
del items[:]
print(items)
d = dict.fromkeys('abcdef', 0)
for k in 'bdf':
    del d[k]
print(d)
a, b = 1, 2
del a, b
print('a' in dir(), 'b' in dir())
class C:
    attr = 'class attr'
c = C()
c.attr = 'instance attr'
print(c.attr)
del c.attr
print(c.attr)
del C.attr
print(hasattr(c, 'attr'))
lst = [[1, 2], [3, 4]]
del lst[0][1], lst[1]
print(lst)
try:
    del c.attr
except AttributeError as e:
    print('AttributeError:', e)
x = [1, 2, 3]
y = x
del x
print(y)
