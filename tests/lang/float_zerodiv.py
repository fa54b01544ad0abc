# Division by zero with floats.
for a, b in [(1.0, 0), (1, 0.0), (0.0, 0.0), (-5.5, 0.0)]:
    try:
        print(a / b)
    except ZeroDivisionError as e:
        print('/', type(e).__name__, e)
    try:
        print(a // b)
    except ZeroDivisionError as e:
        print('//', type(e).__name__, e)
    try:
        print(a % b)
    except ZeroDivisionError as e:
        print('%', type(e).__name__, e)
try:
    divmod(1.0, 0.0)
except ZeroDivisionError as e:
    print('divmod', e)
try:
    0.0 ** -1
except ZeroDivisionError as e:
    print('pow', e)
