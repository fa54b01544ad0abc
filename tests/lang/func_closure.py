# Closures capture variables, not values.
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2(), c1())
def make_multiplier(n):
    def mul(x):
        return x * n
    return mul
double, triple = make_multiplier(2), make_multiplier(3)
print(double(5), triple(5))
def outer():
    x = 'before'
    def show():
        return x
    x = 'after'
    return show
print(outer()())
def accumulators():
    total = []
    def add(v):
        total.append(v)
        return sum(total)
    def get():
        return list(total)
    return add, get
add, get = accumulators()
add(1); add(2); print(add(3), get())
print(double.__closure__ is not None, len(double.__closure__), double.__closure__[0].cell_contents)
print(make_counter.__closure__)
def fns():
    return [lambda: i for i in range(3)]
print([f() for f in fns()])
