# Escape sequences in str and bytes literals.
s = 'a\nb\tc\\d\'e\"f'
print(s)
print(repr(s))
print('\x41\x42\x43', '\101\102\103', '\0' == '\x00')
print('\u00e9\u00e8', '\U0001F600', '\u4e2d\u6587')
print(len('\U0001F600'), ord('\U0001F600'))
print(repr('\a\b\f\v\r'))
print([ord(c) for c in '\a\b\f\n\r\t\v'])
print('line1\
continued')
print(b'\x00\xff\n\t\\', list(b'\x00\xff\n'))
print(repr('\7'), repr('\177'))
print(repr('\x7f\x80\x9f\xa0\xad'))
print(repr('\u2028\u200b\ufeff'))
