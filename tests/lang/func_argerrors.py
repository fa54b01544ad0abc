# TypeError messages for bad calls.
def f(a, b):
    return a + b
def g(a, b=1, *, c):
    return a
def h():
    return 0
class K:
    def m(self, x):
        return x
five, text, nothing = 5, 'abc', None
calls = [
    lambda: f(1),
    lambda: f(),
    lambda: f(1, 2, 3),
    lambda: f(1, 2, z=3),
    lambda: f(1, a=2),
    lambda: g(1),
    lambda: g(1, 2, 3, c=4),
    lambda: g(),
    lambda: h(1),
    lambda: h(x=1),
    lambda: K().m(),
    lambda: K().m(1, 2),
    lambda: K.m(1),
    lambda: (lambda x: x)(),
    lambda: len(1, 2),
    lambda: len(),
    lambda: abs(x=1),
    lambda: five(),
    lambda: text(),
    lambda: nothing(1),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print(e)
