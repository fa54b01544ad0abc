# Functions as values.
def apply(fn, *args):
    return fn(*args)
print(apply(max, 3, 9, 2), apply(str.upper, 'x'), apply(len, [1, 2]))
def compose(*fns):
    def run(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return run
pipeline = compose(str, lambda x: x * 2, abs)
print(repr(pipeline(-21)))
def my_map(fn, items):
    return [fn(i) for i in items]
def my_filter(pred, items):
    return [i for i in items if pred(i)]
def my_reduce(fn, items, init):
    acc = init
    for i in items:
        acc = fn(acc, i)
    return acc
nums = list(range(1, 11))
print(my_map(lambda x: x ** 2, nums))
print(my_filter(lambda x: x % 3 == 0, nums))
print(my_reduce(lambda a, b: a * b, nums, 1))
ops = [abs, str, bool, float]
print([op(-2) for op in ops])
def curry(f):
    return lambda a: lambda b: f(a, b)
print(curry(pow)(2)(10))
print(sorted([(1, 'b'), (2, 'a')], key=lambda p: p[1]))
