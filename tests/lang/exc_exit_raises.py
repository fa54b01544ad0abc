# An exception raised inside __exit__ replaces the original one.
class Bad:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        print('exiting with', exc_type.__name__ if exc_type else None)
        raise RuntimeError('from __exit__')
try:
    with Bad():
        raise ValueError('original')
except RuntimeError as e:
    print('caught', repr(e), 'context:', repr(e.__context__))
try:
    with Bad():
        pass
except RuntimeError as e:
    print('caught', repr(e), 'context:', repr(e.__context__))
class NoEnter:
    def __exit__(self, *a):
        pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)
