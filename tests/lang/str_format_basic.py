# str.format: positional, named, indexing, attributes, conversions.
print('{} and {}'.format('a', 'b'), '{1} then {0}'.format('x', 'y'), '{0}{0}'.format('ha'))
print('{name} is {age}'.format(name='Ann', age=30))
print('{0[1]} {0[0]}'.format(['first', 'second']), '{d[key]}'.format(d={'key': 'val'}))
print('{0[0][1]}'.format([[1, 2]]), '{t[2]}'.format(t=(7, 8, 9)))
class P:
    def __init__(self):
        self.x = 3
        self.y = [4, 5]
p = P()
print('{0.x} {0.y[1]} {p.x}'.format(p, p=p))
print('{!r} {!s} {!a}'.format('hi', 'hi', 'hé'))
print('{0!r:>8}|'.format('a'))
print('{{literal}} {}'.format(1), '{{}}'.format())
args = ['A', 'B']
kw = {'k': 'K'}
print('{} {} {k}'.format(*args, **kw))
print('{:d} {:s}'.format(5, 'str'), 'x{}y'.format(None), '{}'.format([1, 'a']))
try:
    '{} {}'.format(1)
except IndexError as e:
    print('IndexError:', e)
try:
    '{x}'.format(y=1)
except KeyError as e:
    print('KeyError:', e)
try:
    '{0} {}'.format(1, 2)
except ValueError as e:
    print('ValueError:', e)
print(format('abc'), format(12), format(None))
