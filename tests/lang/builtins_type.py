# type() with one argument, and three-argument type() to build a class.
print(type(1), type('s'), type(1.0), type([]), type(()), type({}), type(set()), type(None), type(True))
print(type(type), type(len), type(lambda: 0), type(print), type(range(1)), type(b''))
def gen():
    yield
print(type(gen()))
class Base:
    def hello(self):
        return 'hello from ' + type(self).__name__
Dyn = type('Dyn', (Base,), {'x': 5, 'double': lambda self: self.x * 2})
d = Dyn()
print(Dyn, Dyn.__name__, d.x, d.double(), d.hello(), Dyn.__bases__)
print(type(d) is Dyn, isinstance(d, Base))
print(type.__name__, type(Dyn).__name__)
print(type(5).__name__ == 'int', int.__class__ is type, type(int) is type)
print(repr(type(1)), str(type('')))
print(type(Base()).__qualname__, type.mro(Dyn))
