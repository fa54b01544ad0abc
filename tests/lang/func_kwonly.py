# Keyword-only and positional-only parameters.
def kwo(a, *, b, c=3):
    return a, b, c
print(kwo(1, b=2), kwo(a=1, b=2, c=4))
try:
    kwo(1, 2)
except TypeError as e:
    print('TypeError:', e)
try:
    kwo(1)
except TypeError as e:
    print('TypeError:', e)
def po(a, b, /, c, *, d):
    return a, b, c, d
print(po(1, 2, 3, d=4), po(1, 2, c=3, d=4))
try:
    po(1, b=2, c=3, d=4)
except TypeError as e:
    print('TypeError:', e)
def po_kw(a, /, **kw):
    return a, kw
print(po_kw(1, a=2))
def only_pos(x, y=5, /):
    return x + y
print(only_pos(1), only_pos(1, 2))
try:
    only_pos(x=1)
except TypeError as e:
    print('TypeError:', e)
