# Zero-argument super() in __init__ and ordinary methods.
class Base:
    def __init__(self, x):
        print('Base.__init__', x)
        self.x = x
    def hello(self):
        return 'Base.hello'
    @classmethod
    def make(cls):
        return 'Base.make for ' + cls.__name__
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        print('Child.__init__', y)
        self.y = y
    def hello(self):
        return 'Child+' + super().hello()
    @classmethod
    def make(cls):
        return 'Child.make / ' + super().make()
class GrandChild(Child):
    def hello(self):
        return 'Grand+' + super().hello()
g = GrandChild(1, 2)
print(g.x, g.y, g.hello())
print(GrandChild.make())
print(super(Child, g).hello())
class WithNew(Base):
    def __init__(self):
        super(WithNew, self).__init__('explicit')
WithNew()
