# *args and **kwargs.
def f(*args, **kwargs):
    return args, kwargs
print(f(), f(1, 2), f(a=1), f(1, b=2, c=3))
def total(first, *rest):
    return first + sum(rest)
print(total(1), total(1, 2, 3))
def describe(name, **info):
    parts = [name]
    for k, v in info.items():
        parts.append(k + '=' + repr(v))
    return ' '.join(parts)
print(describe('x', size=3, color='red', tags=['a']))
def passthrough(*a, **k):
    return f(*a, **k)
print(passthrough(1, 2, z=0))
print(type(f(1)[0]).__name__, type(f(a=1)[1]).__name__)
def kw_order(**kw):
    return list(kw)
print(kw_order(z=1, a=2, m=3))
