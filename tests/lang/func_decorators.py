# User-written decorators, stacked.
def shout(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs).upper() + '!'
    wrapper.__name__ = fn.__name__
    return wrapper
def exclaim(fn):
    def wrapper(*args):
        return fn(*args) + '?'
    return wrapper
@shout
def greet(name):
    return 'hello ' + name
print(greet('ann'), greet.__name__)
@exclaim
@shout
def stacked():
    return 'stack'
print(stacked())
@shout
@exclaim
def stacked2():
    return 'stack'
print(stacked2())
calls = []
def trace(fn):
    def wrapper(*args):
        calls.append((fn.__name__, args))
        return fn(*args)
    return wrapper
@trace
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(4), len(calls), calls[:4])
def register(fn):
    registry.append(fn.__name__)
    return fn
registry = []
@register
def a(): pass
@register
def b(): pass
print(registry, a.__name__)
