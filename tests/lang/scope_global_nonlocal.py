# Interplay of global and nonlocal declarations.
level = 'module'
def outer():
    level = 'outer'
    def use_nonlocal():
        nonlocal level
        level = 'changed by nonlocal'
    def use_global():
        global level
        level = 'changed by global'
    use_nonlocal()
    after_nonlocal = level
    use_global()
    return after_nonlocal, level
print(outer(), level)
def make_acc():
    total = 0
    count = 0
    def add(v):
        nonlocal total, count
        total += v
        count += 1
        return total / count
    return add
avg = make_acc()
print(avg(10), avg(20), avg(60))
def gen_scope():
    n = 0
    def bump():
        nonlocal n
        n += 1
        yield n
    return [next(bump()) for _ in range(3)], n
print(gen_scope())
