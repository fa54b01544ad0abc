# Length, iteration and slicing over non-ASCII text.
s = 'añb€c😀d中'
print(len(s), list(s))
for i, c in enumerate(s):
    print(i, c, ord(c))
print(s[1], s[3], s[5], s[-1], s[::-1], s[2:6])
print(s.find('😀'), s.index('中'), s.count('c'))
print(s.upper(), s.encode('utf-8'))
print(len(s.encode('utf-8')))
t = 'Ünïcödé'
print(t.lower(), t.upper(), sorted(t))
print('😀' * 3, '—'.join(['a', 'b']))
print('x' + chr(0x1F601) + 'y', len('x' + chr(0x1F601) + 'y'))
print('straße'[4:], 'naïve'.center(9, '*'))
