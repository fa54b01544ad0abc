# except (A, B) as e, and multiple handlers.
def risky(n):
    if n == 0:
        raise ValueError('zero')
    if n == 1:
        raise TypeError('one')
    if n == 2:
        raise KeyError('two')
    if n == 3:
        raise IndexError('three')
    return n
for n in range(5):
    try:
        print('result', risky(n))
    except (ValueError, TypeError) as e:
        print('VT', type(e).__name__, e)
    except (KeyError,) as e:
        print('K', repr(e))
    except Exception as e:
        print('other', type(e).__name__, e)
errors = (ZeroDivisionError, OverflowError)
try:
    1 / 0
except errors as e:
    print('tuple variable', type(e).__name__)
try:
    raise ValueError('x')
except ValueError as e:
    pass
try:
    print(e)
except NameError as err:
    print('NameError:', err)
try:
    [].pop()
except:
    print('bare except caught it')
