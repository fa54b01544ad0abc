# with statement and a user context manager.
class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type.__name__ if exc_type else None, repr(exc), tb is not None)
        return self.suppress
with Manager('plain') as value:
    print('body got', value)
with Manager('suppressing', suppress=True):
    raise ValueError('hidden')
print('after suppressed')
try:
    with Manager('propagating'):
        raise KeyError('visible')
except KeyError as e:
    print('caught', repr(e))
def early_return():
    with Manager('ret'):
        return 'returned from with'
print(early_return())
for i in range(3):
    with Manager('loop%d' % i):
        if i == 1:
            break
with Manager('noas'):
    pass
