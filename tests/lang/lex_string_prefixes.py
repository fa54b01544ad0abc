# String prefixes r, b, rb, br, f, fr, rf, u (case variations).
x = 42
print(r'a\nb', R"c\td")
print(b'abc', B"xyz")
print(rb'\x41', Rb'\n', bR'\t', BR"\\")
print(f'x={x}', F"{x + 1}")
print(fr'\n{x}', rf'{x}\t', Rf'{x}\\', fR'{x!r}')
print(u'unicode', U"also")
print(len(r'\n'), len('\n'))
print(r'\'', r"\"")
print(repr(r'a\b'))
print(type(b'').__name__, type(u'').__name__, type(f'').__name__)
