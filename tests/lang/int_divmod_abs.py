# divmod, abs, floor division and modulo sign rules.
for a in [7, -7]:
    for b in [2, -2, 3, -3]:
        print(a, b, divmod(a, b), a // b, a % b, (a // b) * b + a % b == a)
print(abs(-5), abs(5), abs(0), abs(-10 ** 20))
print(divmod(0, 5), divmod(10 ** 20, 3))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5 // 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5 % 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5 / 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
