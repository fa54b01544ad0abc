# bytes methods.
b = b'hello world hello'
print(b.decode(), b.upper(), b.title(), b.capitalize())
print(b.split(), b.split(b'o'), b.split(b' ', 1), b.rsplit(b' ', 1))
print(b' '.join([b'a', b'b', b'c']), b''.join([b'x', b'y']))
print(b.find(b'world'), b.find(b'xyz'), b.rfind(b'hello'), b.index(b'o'), b.count(b'l'))
print(b.replace(b'hello', b'bye'), b.replace(b'l', b'L', 2))
print(b.startswith(b'hell'), b.endswith(b'llo'), b.startswith((b'x', b'h')))
print(b'  pad  '.strip(), b'xxhixx'.strip(b'x'), b'abc'.lstrip(b'a'), b'abc'.rstrip(b'c'))
print(b'abc'.hex(), bytes.fromhex('414243'), b'\x00\xff'.hex())
print(b'a,b'.partition(b','), b'AbC'.lower(), b'AbC'.swapcase())
print(b'123'.isdigit(), b'abc'.isalpha(), b'ab1'.isalnum(), b' '.isspace())
print(b'abc'.center(7, b'*'), b'7'.zfill(3), b'line1\nline2'.splitlines())
print(b.find(111), b.count(108))
try:
    b.join(['str'])
except TypeError as e:
    print('TypeError:', e)
