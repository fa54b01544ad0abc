# __new__ overrides: singletons, immutable subclasses, init skipping.
class Singleton:
    _instance = None
    def __new__(cls):
        print('__new__ called')
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self):
        print('__init__ called')
a = Singleton()
b = Singleton()
print(a is b)
class Upper(str):
    def __new__(cls, value):
        return super().__new__(cls, value.upper())
u = Upper('hello')
print(u, type(u).__name__, isinstance(u, str), u + '!', len(u))
class PositiveInt(int):
    def __new__(cls, v):
        return super().__new__(cls, abs(v))
p = PositiveInt(-7)
print(p, p + 1, type(p + 1).__name__, type(p).__name__)
class Other:
    pass
class Weird:
    def __new__(cls):
        return Other()
    def __init__(self):
        print('never printed')
w = Weird()
print(type(w).__name__)
class WithArgs:
    def __new__(cls, *args, **kwargs):
        print('new args', args, kwargs)
        return super().__new__(cls)
    def __init__(self, x, y=0):
        print('init args', x, y)
WithArgs(1, y=2)
