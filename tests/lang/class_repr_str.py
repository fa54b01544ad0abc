# __repr__ and __str__ and where each is used.
class Both:
    def __repr__(self):
        return 'Both(repr)'
    def __str__(self):
        return 'Both(str)'
class ReprOnly:
    def __repr__(self):
        return 'ReprOnly()'
class StrOnly:
    def __str__(self):
        return 'StrOnly-str'
b, r, s = Both(), ReprOnly(), StrOnly()
print(b, r, s)
print(str(b), repr(b), str(r), repr(r))
print([b, r], (b,), {'k': b})
print('%s %r' % (b, b), '{} {!r}'.format(b, b), f'{b} {b!r}')
print(repr(s).startswith('<__main__.StrOnly object at 0x'))
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return 'Money(%d)' % self.cents
    def __str__(self):
        return '$%d.%02d' % divmod(self.cents, 100)
    def __format__(self, spec):
        return format(str(self), spec)
m = Money(12345)
print(m, repr(m), [m], f'[{m:>10}]', '{:<9}|'.format(m))
class BadRepr:
    def __repr__(self):
        return 42
try:
    repr(BadRepr())
except TypeError as e:
    print('TypeError:', e)
