# repr of bytes values: printable ASCII, escapes and quote choice.
print(repr(bytes(range(0, 16))))
print(repr(bytes(range(28, 40))))
print(repr(bytes(range(120, 135))))
print(repr(bytes(range(250, 256))))
print(repr(b"it's"), repr(b'say "hi"'), repr(b'both \' "'), repr(b'\\'))
print(str(b'abc'), [b'x'], (b'',))
print(b'\x7f', b'\x80', b'~')
print(repr(b'\t\n\r\x0b\x0c'))
