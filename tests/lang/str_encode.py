# str.encode and bytes.decode round trips.
for s in ['hello', 'héllo', '日本語', '😀', '']:
    b = s.encode('utf-8')
    print(repr(s), b, len(s), len(b), b.decode('utf-8') == s)
print('abc'.encode(), 'abc'.encode('ascii'), 'é'.encode('latin-1'))
print(b'\xc3\xa9'.decode(), b'\xe9'.decode('latin-1'))
try:
    'é'.encode('ascii')
except UnicodeEncodeError as e:
    print('UnicodeEncodeError:', e)
try:
    b'\xff'.decode('utf-8')
except UnicodeDecodeError as e:
    print('UnicodeDecodeError:', e)
print(b'\xff'.decode('utf-8', 'replace'), b'a\xffb'.decode('utf-8', 'ignore'))
print('é'.encode('ascii', 'replace'), 'é'.encode('ascii', 'ignore'))
print(str(b'abc', 'ascii'), str(b'abc'))
