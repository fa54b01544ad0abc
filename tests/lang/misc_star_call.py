# Star-args in calls: f(*a, *b, **k) and print(*list).
def show(*args, **kwargs):
    return 'args=%r kwargs=%r' % (args, kwargs)
a = [1, 2]
b = (3,)
k1 = {'x': 1}
k2 = {'y': 2}
print(show(*a, *b))
print(show(0, *a, 9, *b, **k1, **k2))
print(show(*a, z=0, **k1))
print(show(*'hi', *range(2), *{'d': 1}))
print(*a, *b)
print(*['one', 'two'], sep=' + ', end=' = ?\n')
print(*[x * x for x in range(5)])
print(*(), 'only this')
nums = [3, 1, 2]
print(max(*nums), min(*nums, 0), sorted([*nums, *nums]))
first, *rest = [*a, *b]
print(first, rest)
print([*'ab', *[1]], (*'cd',), {**k1, **k2, 'x': 0})
