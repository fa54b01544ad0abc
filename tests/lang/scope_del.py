# del of names, list items, dict entries, slices and attributes.
a = 1
del a
try:
    a
except NameError as e:
    print('NameError:', e)
lst = [0, 1, 2, 3, 4, 5]
del lst[0]
del lst[-1]
del lst[1:3]
print(lst)
d = {'a': 1, 'b': 2, 'c': 3}
del d['b']
print(d)
class Obj:
    pass
o = Obj()
o.x = 1
o.y = 2
del o.x
print(vars(o))
x, y, z = 1, 2, 3
del x, y
print('x' in globals(), 'z' in globals())
def f():
    v = 'local'
    del v
    try:
        return v
    except UnboundLocalError as e:
        return 'UnboundLocalError: ' + str(e)
print(f())
nested = {'k': [1, {'inner': 'x'}]}
del nested['k'][1]['inner']
print(nested)
try:
    del lst[10]
except IndexError as e:
    print('IndexError:', e)
for i in range(2):
    pass
del i
print('i' in globals())
