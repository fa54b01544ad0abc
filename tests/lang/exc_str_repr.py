# str() and repr() of built-in exceptions.
excs = [KeyError('a'), KeyError(1), KeyError('a', 'b'), KeyError(''), ValueError('bad value'),
        ValueError(), ValueError(''), TypeError('t', 1), IndexError('list index out of range'),
        ZeroDivisionError('division by zero'), AttributeError('x'), NameError('n'),
        RuntimeError(), StopIteration(), AssertionError('assert msg'), Exception('e', [1])]
for e in excs:
    print(str(e) + ' | ' + repr(e))
print(str(KeyError("it's")), repr(KeyError("it's")))
print([ValueError('in list')], (KeyError('k'),))
print('%s / %r' % (ValueError('v'), ValueError('v')))
