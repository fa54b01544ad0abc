# None as default, return value and comparisons.
def no_return():
    pass
def bare_return():
    return
print(no_return(), bare_return(), no_return() is None)
print(repr(None), str(None), bool(None), type(None).__name__)
print([None, None], {None: None}, (None,))
print(None == 0, None == False, None == '', None != None)
try:
    None < 1
except TypeError as e:
    print('TypeError:', e)
try:
    None + 1
except TypeError as e:
    print('TypeError:', e)
try:
    len(None)
except TypeError as e:
    print('TypeError:', e)
try:
    for _ in None:
        pass
except TypeError as e:
    print('TypeError:', e)
try:
    x = None
    x[0]
except TypeError as e:
    print('TypeError:', e)
values = [3, None, 1, None]
print([v for v in values if v is not None], sorted(v for v in values if v is not None))
print(sorted(values, key=lambda v: (v is None, v or 0)))
print({}.get('missing'), [].sort(), print('inner print'))
