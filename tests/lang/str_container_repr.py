# str() and repr() of nested containers.
data = [1, 'two', 3.0, None, True, [4, [5, 'six']], (7,), (), {'k': 'v', 2: [8]}, {9}, set()]
print(data)
print(str(data) == repr(data))
print(repr('a'), str('a'), [str('a')], ('a',), (('a', 'b'),))
t = (1, 'x', (2, ('y',)))
print(t, str(t))
d = {'nested': {'inner': [1, 2, {'deep': (3,)}]}, 'q': "it's"}
print(d)
print([[]], [{}], [()], {(): []}, [[[]]])
print(frozenset(), frozenset([1]), [frozenset([2, 3])])
print([1.5, -0.0, 1e100], ['é', '中', '\n'])
print(range(3), [range(1, 5, 2)], slice(1, 2))
print([b'bytes', b'x\x00y'])
print(repr([None, ...]), str(Ellipsis), [NotImplemented])
class A:
    def __repr__(self):
        return 'A()'
    def __str__(self):
        return 'an A'
print(A(), [A()], str(A()), (A(), A()), {'a': A()}, f'{A()} {A()!r}')
