# Ways to construct bytes.
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes(b'copy'))
print(bytes('héllo', 'utf-8'), 'héllo'.encode(), bytes())
print(bytes((0, 255)), bytes([]), bytes(0))
try:
    bytes([256])
except ValueError as e:
    print('ValueError:', e)
try:
    bytes([-1])
except ValueError as e:
    print('ValueError:', e)
try:
    bytes('abc')
except TypeError as e:
    print('TypeError:', e)
try:
    bytes(-1)
except ValueError as e:
    print('ValueError:', e)
print(b'ab' * 3, b'ab' + b'cd', 2 * b'x')
try:
    b'a' + 'b'
except TypeError as e:
    print('TypeError:', e)
print(list(bytes(b'\x01\x02')), tuple(b'AB'), bytes(list(b'round')))
