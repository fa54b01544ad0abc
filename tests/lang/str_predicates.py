# is* predicates.
tests = ['abc', 'ABC', 'Abc', '123', '12.5', 'abc123', '', ' \t\n', 'a b',
         '١٢٣', '½', '²', 'é', '_x1', '1x', 'Hello World', 'hello world', 'class']
for t in tests:
    print(repr(t), t.isalpha(), t.isdigit(), t.isalnum(), t.isspace(), t.isupper(),
          t.islower(), t.isnumeric(), t.isdecimal(), t.isidentifier(), t.istitle())
print('abc'.isascii(), 'é'.isascii(), ''.isascii())
print('abc\n'.isprintable(), 'abc'.isprintable())
