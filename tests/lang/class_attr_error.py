# AttributeError messages.
class A:
    x = 1
a = A()
tests = [
    lambda: a.missing,
    lambda: A.missing,
    lambda: (5).missing,
    lambda: 'str'.missing,
    lambda: [].missing,
    lambda: None.missing,
    lambda: {}.appendd,
    lambda: A.__dict__['nope'],
]
for t in tests:
    try:
        t()
    except AttributeError as e:
        print('AttributeError:', e, e.args)
    except KeyError as e:
        print('KeyError:', e)
try:
    (5).real = 3
except AttributeError as e:
    print('AttributeError:', e)
try:
    [].append = None
except AttributeError as e:
    print('AttributeError:', e)
try:
    object().attr = 1
except AttributeError as e:
    print('AttributeError:', e)
try:
    del a.x
except AttributeError as e:
    print('AttributeError:', e)
