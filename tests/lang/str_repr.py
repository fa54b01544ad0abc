# repr of strings with quotes, escapes and unicode.
tests = ["plain", "it's", 'say "hi"', 'both \' and "', 'back\\slash', 'tab\there',
         'new\nline', 'cr\r', 'nul\x00', 'bell\x07', 'del\x7f', 'é', '中文', '😀',
         '\u200b', '\x9f', '\xa0', '\u0301', '\ud7ff', '\U000e0001', '']
for t in tests:
    print(repr(t))
print(str(tests[:4]))
print(ascii('héllo 😀'), ascii('plain'))
print(repr(repr('a')))
print('%r' % "it's", '{!r}'.format('x"y'))
