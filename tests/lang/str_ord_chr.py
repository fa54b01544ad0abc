# ord and chr across the Unicode range.
for c in ['A', 'a', '0', ' ', '\n', 'é', '€', '中', '😀', '\x00', '\U0010ffff']:
    print(repr(c), ord(c), hex(ord(c)), chr(ord(c)) == c)
print(chr(65), chr(97), chr(0x263a), chr(128512), repr(chr(0)))
print(''.join(chr(ord('a') + i) for i in range(26)))
print([ord(c) - ord('0') for c in '2024'])
try:
    chr(0x110000)
except ValueError as e:
    print('ValueError:', e)
try:
    chr(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    ord('ab')
except TypeError as e:
    print('TypeError:', e)
try:
    ord('')
except TypeError as e:
    print('TypeError:', e)
