# Cooperative super() calls through a diamond.
class Root:
    def __init__(self):
        print('Root init')
    def who(self):
        return ['Root']
class Left(Root):
    def __init__(self):
        print('Left init')
        super().__init__()
    def who(self):
        return ['Left'] + super().who()
class Right(Root):
    def __init__(self):
        print('Right init')
        super().__init__()
    def who(self):
        return ['Right'] + super().who()
class Bottom(Left, Right):
    def __init__(self):
        print('Bottom init')
        super().__init__()
    def who(self):
        return ['Bottom'] + super().who()
b = Bottom()
print(b.who())
print([c.__name__ for c in Bottom.__mro__])
class Mixin:
    def greet(self):
        return 'mixin greets ' + self.name()
class Named:
    def name(self):
        return 'named'
class Both(Mixin, Named):
    pass
print(Both().greet())
