# e.args for built-in exceptions with various arguments.
for exc in [ValueError(), ValueError('one'), ValueError('a', 2), KeyError('k'),
            KeyError(), OSError(2, 'No such file'), Exception(None), Exception([1, 2]),
            StopIteration(5), IndexError(0)]:
    print(type(exc).__name__, exc.args, repr(str(exc)), repr(exc))
e = ValueError('msg')
e.args = ('changed', 1)
print(e, repr(e))
try:
    raise ValueError('with', 'many', 'args')
except ValueError as err:
    print(err.args[1], len(err.args))
o = OSError(2, 'No such file or directory')
print(o.errno, o.strerror, type(o).__name__)
