# **kwargs with non-str keys: str.format (a built-in that CPython hands the
# dict itself) looks names up and ignores other keys, while Python
# functions and most built-ins reject them.

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: "{a}".format(**{1: 2}))
show(lambda: "{a}".format(**{1: 2, "a": 3}))
show(lambda: "{0}-{a}".format(7, **{2.5: 0, "a": "x"}))
show(lambda: "{}".format(*[4], **{(1,): 1}))
bound = "{b}{c}".format
show(lambda: bound(**{None: 1, "b": 2, "c": 3}))
show(lambda: bound(**{None: 1}))

def f(**k):
    return k

show(lambda: f(**{1: 2}))
show(lambda: f(x=1, **{1: 2}))
show(lambda: f(**{"x": 1}, **{1: 2}))
show(lambda: sorted([2, 1], **{1: 2}))
show(lambda: print(**{1: 2}))
show(lambda: "{a}".format_map({1: 2}))
show(lambda: "{a}".format(**{"a": 1}))

# A key given twice is reported as a duplicate, whatever its type.
show(lambda: f(**{1: 2}, **{1: 3}))
show(lambda: f(**{(1,): 0}, **{(1,): 0}))
show(lambda: f(**{"x": 1}, **{"x": 2}))
show(lambda: "{a}".format(**{1: 2}, **{1: 3}))
