# Comparison and hashing of bytes.
print(b'abc' == b'abc', b'abc' != b'abd', b'abc' < b'abd', b'ab' < b'abc', b'b' > b'abc')
print(b'a' == 'a', b'' < b'\x00', b'\xff' > b'\x7f')
print(sorted([b'pear', b'apple', b'Banana', b'\x00']))
print(max(b'hello'), min(b'hello'), sorted(b'cab'))
d = {b'key': 1}
print(d[b'key'], b'key' in d, 'key' in d)
try:
    b'a' < 'b'
except TypeError as e:
    print('TypeError:', e)
print(b'abc'.decode() == 'abc', 'abc'.encode() == b'abc')
