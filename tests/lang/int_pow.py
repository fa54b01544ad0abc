# pow with two and three arguments.
print(pow(2, 10), pow(-2, 3), pow(2, -1))
print(pow(3, 4, 5), pow(2, 100, 1000000007), pow(7, 0, 13))
print(pow(-3, 3, 7), pow(3, 3, -7))
print(pow(2, 1000, 10 ** 9))
print(pow(38, -1, 97), 38 * pow(38, -1, 97) % 97)
print(0 ** 5, 5 ** 0, 1 ** 1000)
print(10 ** 20, 10 ** -2)
print((-1) ** 1001, (-1) ** 1000)
try:
    pow(2, 3, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print('ValueError:', e)
try:
    0 ** -1
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
