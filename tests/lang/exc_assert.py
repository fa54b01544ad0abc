# assert statements.
def check(x):
    assert x > 0, 'x must be positive, got %d' % x
    return x
print(check(5))
try:
    check(-1)
except AssertionError as e:
    print('AssertionError:', e, e.args)
try:
    assert False
except AssertionError as e:
    print('bare AssertionError:', repr(e), e.args)
try:
    assert 1 == 2, ['list', 'message']
except AssertionError as e:
    print('AssertionError:', e.args[0])
assert True, 'never raised'
assert [1], 'non-empty list is truthy'
evaluated = []
def msg():
    evaluated.append(1)
    return 'msg'
assert True, msg()
print('message evaluated:', evaluated)
try:
    assert (), msg()
except AssertionError as e:
    print(e, evaluated)
