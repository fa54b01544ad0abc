# Comprehension variables do not leak into the enclosing scope.
x = 'outer x'
lst = [x for x in range(3)]
print(x, lst)
i = 'outer i'
gen = list(i for i in 'ab')
print(i, gen)
d = {k: 0 for k in 'ab'}
try:
    print(k)
except NameError as e:
    print('NameError:', e)
y = 10
print([y * n for n in range(3)])
def f():
    z = 5
    return [z + n for n in range(3)]
print(f())
print([[n for n in range(m)] for m in range(3)])
n = 'still outer'
print([n for n in range(2)], n)
first = [v for v in range(5)][0]
print(first)
