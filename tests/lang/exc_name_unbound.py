# NameError and UnboundLocalError messages.
try:
    print(not_defined_anywhere)
except NameError as e:
    print('NameError:', e, '|', type(e).__name__)
x = 10
def f():
    print(x)
    x = 5
try:
    f()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
    print(isinstance(e, NameError))
def g():
    y = 1
    del y
    return y
try:
    g()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def h():
    def inner():
        return z
    try:
        return inner()
    except NameError as e:
        return 'NameError: ' + str(e)
    z = 1
print(h())
def cond(flag):
    if flag:
        val = 'set'
    return val
print(cond(True))
try:
    cond(False)
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
try:
    del never_bound
except NameError as e:
    print('NameError:', e)
