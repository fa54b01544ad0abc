# nonlocal rebinds a variable in an enclosing function scope.
def outer():
    x = 1
    def middle():
        x = 2
        def inner():
            nonlocal x
            x = 3
        inner()
        return x
    m = middle()
    return x, m
print(outer())
def counter():
    n = 0
    def step(by=1):
        nonlocal n
        n += by
        return n
    return step
s = counter()
print(s(), s(5), s())
def no_nonlocal():
    v = 'outer'
    def inner():
        v = 'inner'
        return v
    return inner(), v
print(no_nonlocal())
def swap_pair():
    a, b = 1, 2
    def swap():
        nonlocal a, b
        a, b = b, a
    swap()
    return a, b
print(swap_pair())
