# Bare raise re-raises the active exception.
def inner():
    raise ValueError('original')
def middle():
    try:
        inner()
    except ValueError:
        print('middle saw it, re-raising')
        raise
try:
    middle()
except ValueError as e:
    print('outer caught', e)
def reraise_other():
    try:
        raise KeyError('k')
    except KeyError as e:
        err = e
    raise err
try:
    reraise_other()
except KeyError as e:
    print('re-raised saved exception', e)
try:
    raise
except RuntimeError as e:
    print('RuntimeError:', e)
def conditional(n):
    try:
        1 / n
    except ZeroDivisionError:
        if n == 0:
            raise
        return 'handled'
    return 'fine'
print(conditional(1))
try:
    conditional(0)
except ZeroDivisionError as e:
    print('propagated', e)
