# Implicit exception context when raising inside except/finally.
try:
    try:
        {}['a']
    except KeyError:
        raise ValueError('during handling')
except ValueError as e:
    print(repr(e), repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        raise TypeError('first')
    finally:
        raise IndexError('from finally')
except IndexError as e:
    print(repr(e), repr(e.__context__))
def handler():
    try:
        raise OSError('inner')
    except OSError:
        return helper()
def helper():
    try:
        raise KeyError('helper')
    except KeyError as e:
        return repr(e.__context__)
print(handler())
try:
    raise ValueError('no context')
except ValueError as e:
    print(e.__context__)
