# while loops with else, break and continue.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print('i =', i)
else:
    print('while finished normally')
n = 10
while n > 0:
    if n == 7:
        print('breaking at', n)
        break
    n -= 1
else:
    print('not printed')
count = 0
while False:
    count += 1
else:
    print('else after zero iterations', count)
a, b = 0, 1
fibs = []
while b < 100:
    fibs.append(b)
    a, b = b, a + b
print(fibs)
x = 100
while x:
    x //= 3
    print(x, end=' ')
print()
