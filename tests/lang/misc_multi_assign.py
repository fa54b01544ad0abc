# Chained assignment, swaps and tuple assignment order.
a = b = c = []
a.append(1)
print(a, b, c, a is b is c)
x = y = 5
x += 1
print(x, y)
p, q = 1, 2
p, q = q, p
print(p, q)
i, j, k = 'ijk'
i, j, k = k, i, j
print(i, j, k)
lst = [0, 1, 2]
idx = 0
idx, lst[idx] = 2, 'set'
print(idx, lst)
first = second = [1, 2]
first, second[0] = 'new', 'changed'
print(first, second)
n = [1, 2, 3]
n[0], n[2] = n[2], n[0]
print(n)
d = {}
d['a'] = d['b'] = 0
print(d)
e = f = g = 'same'
print(e is f, f is g)
