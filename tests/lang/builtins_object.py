# object() and the default methods every object has.
o = object()
print(type(o).__name__, o == o, o != object(), isinstance(o, object))
try:
    o.attr = 1
except AttributeError as e:
    print('AttributeError:', e)
class A:
    pass
a = A()
print(a.__eq__(a), a.__eq__(1), a.__ne__(a), str(a) == repr(a))
print(object.__name__, object.__bases__, A.__bases__, A.__mro__[-1] is object)
print(issubclass(int, object), issubclass(type, object), isinstance(type, object), isinstance(object, type))
sentinel = object()
def lookup(d, k, default=sentinel):
    if k in d:
        return d[k]
    if default is sentinel:
        return 'no default given'
    return default
print(lookup({}, 'k'), lookup({}, 'k', None), lookup({'k': 0}, 'k'))
print(repr(a).startswith('<__main__.A object at '), str(o).startswith('<object object at '))
print(type(None)(), type(None).__name__)
