# Decorators with arguments and decorator order of evaluation.
def repeat(n):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hi(name):
    return 'hi ' + name
print(hi('bo'))
order = []
def tag(label):
    order.append('make ' + label)
    def deco(fn):
        order.append('apply ' + label)
        def wrapper():
            return label + '(' + fn() + ')'
        return wrapper
    return deco
@tag('outer')
@tag('inner')
def core():
    return 'core'
print(order)
print(core())
def memo(fn):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper
@memo
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)
print(slow_fib(80), len(slow_fib.cache))
decorators = {'double': lambda f: lambda x: 2 * f(x)}
@decorators['double']
def one(x):
    return x + 1
print(one(4))
