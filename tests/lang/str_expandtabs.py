# expandtabs and misc str methods.
print(repr('a\tb\tc'.expandtabs()), repr('a\tb'.expandtabs(4)), repr('ab\tc'.expandtabs(2)))
print(repr('\t'.expandtabs(0)), repr('x\ty\nab\tz'.expandtabs(3)))
print('abc'.maketrans('abc', 'xyz') == {97: 120, 98: 121, 99: 122})
print('hello'.translate(str.maketrans('el', 'ip')), 'hello'.translate({ord('l'): None}))
print('Hello'.ljust(3), 'a-b_c d'.replace('-', ' ').replace('_', ' ').split())
print('x'.join('123'), 'abc'.__len__(), 'abc'.__contains__('b'), 'ab'.__add__('c'))
print(str.upper('abc'), str.join(',', ['a', 'b']))
print('%s' % str.__name__, type('').__name__)
