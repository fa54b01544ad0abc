# type(), __class__, __dict__, vars(), dir() filtered.
class Shape:
    sides = 0
    def __init__(self, name):
        self.name = name
    def area(self):
        return 0
class Square(Shape):
    sides = 4
    def __init__(self, side):
        super().__init__('square')
        self.side = side
    def area(self):
        return self.side ** 2
s = Square(3)
print(type(s).__name__, s.__class__.__name__, s.__class__.__bases__[0].__name__)
print(s.__dict__, vars(s))
print([n for n in dir(s) if not n.startswith('_')])
print([n for n in dir(Square) if not n.startswith('_')])
print(sorted(k for k in Square.__dict__ if not k.startswith('__')))
print(type(s)(5).area(), s.__class__(2).area())
print(type(type(s)).__name__, type(Square.area).__name__, type(s.area).__name__)
print('__init__' in dir(s), '__dict__' in dir(s), 'name' in dir(s))
vars(s)['extra'] = 'via vars'
print(s.extra)
print(type('') is str, type(int) is type, type(len).__name__)
