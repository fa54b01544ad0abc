# bytes literals, indexing and slicing.
b = b'hello'
print(b, len(b), b[0], b[-1], type(b[0]).__name__)
print(b[1:3], b[::-1], b[::2], b[10:], type(b[1:2]).__name__)
print(list(b), [c for c in b'AB'])
print(b'\x00\x01\xfe\xff', b'\n\t\r\\\'', b"'", b'"', b'\'"')
print(b'a' b'b', rb'\n', len(rb'\n'))
print(b'' == bytes(), bool(b''), bool(b'\x00'))
print(65 in b'ABC', b'BC' in b'ABC', b'' in b'x')
try:
    b[10]
except IndexError as e:
    print('IndexError:', e)
try:
    b[0] = 1
except TypeError as e:
    print('TypeError:', e)
for byte in b'hi!':
    print(byte, chr(byte))
