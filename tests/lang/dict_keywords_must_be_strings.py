# dict(**kw) and d.update(**kw) accept only str keys, as CPython; the
# positional argument may have any keys.
def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


show(lambda: dict(**{1: 2}))
show(lambda: dict(a=1, **{"b": 2}))
d = {}
show(lambda: d.update(**{1: 2}))
show(lambda: d.update({1: 2}, **{"x": 3}) or d)
show(lambda: dict({1: 2}, **{"x": 3}))


class D(dict):
    pass


show(lambda: D(**{(1,): 2}))
show(lambda: D(**{"k": 2}))
