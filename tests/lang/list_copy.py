# Shallow copies and identity.
a = [1, [2, 3]]
b = a.copy()
c = a[:]
d = list(a)
e = a
print(b == a, b is a, c is a, d is a, e is a)
b[0] = 'b0'
b[1].append(4)
print(a, b, c, d)
a.clear()
print(a, e, c)
x = [0] * 3
y = x
x = x + [1]
print(x, y)
def modify(lst):
    lst.append('m')
    lst = ['new']
    lst.append('n')
    return lst
orig = [1]
ret = modify(orig)
print(orig, ret)
