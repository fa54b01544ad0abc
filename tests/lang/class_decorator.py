# Class decorators written in Python.
registry = {}
def register(cls):
    registry[cls.__name__] = cls
    return cls
def add_repr(cls):
    def __repr__(self):
        fields = ', '.join('%s=%r' % kv for kv in self.__dict__.items())
        return '%s(%s)' % (cls.__name__, fields)
    cls.__repr__ = __repr__
    return cls
def tagged(tag):
    def deco(cls):
        cls.tag = tag
        return cls
    return deco
@register
@add_repr
@tagged('v1')
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
@register
class Other:
    pass
print(Point(1, 2), Point.tag, sorted(registry))
print(registry['Point'] is Point)
def replace_with_instance(cls):
    return cls()
@replace_with_instance
class Thing:
    def hello(self):
        return 'instance hello'
print(Thing.hello(), type(Thing).__name__)
