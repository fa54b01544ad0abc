# Truthiness via __bool__ and __len__.
class AlwaysFalse:
    def __bool__(self):
        return False
class Sized:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
class Both:
    def __bool__(self):
        print('__bool__ used')
        return True
    def __len__(self):
        print('__len__ used')
        return 0
class Neither:
    pass
print(bool(AlwaysFalse()), bool(Sized(0)), bool(Sized(3)), bool(Both()), bool(Neither()))
if not Sized(0):
    print('empty sized is falsy')
print(len(Sized(7)), 'yes' if Sized(1) else 'no', Sized(0) or 'fallback')
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print('TypeError:', e)
class NegLen:
    def __len__(self):
        return -1
try:
    len(NegLen())
except ValueError as e:
    print('ValueError:', e)
try:
    len(Neither())
except TypeError as e:
    print('TypeError:', e)
