# String indexing and slicing.
s = 'abcdefghij'
print(s[0], s[9], s[-1], s[-10])
print(s[2:5], s[:3], s[7:], s[:], s[-3:], s[:-3])
print(s[::2], s[1::2], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(repr(s[5:2]), repr(s[100:]), s[-100:3], s[3:100])
print(s[::3], s[::-3], s[2:9:3])
try:
    s[10]
except IndexError as e:
    print('IndexError:', e)
try:
    s[-11]
except IndexError as e:
    print('IndexError:', e)
try:
    s['a']
except TypeError as e:
    print('TypeError:', e)
try:
    s[0] = 'z'
except TypeError as e:
    print('TypeError:', e)
try:
    s[::0]
except ValueError as e:
    print('ValueError:', e)
u = 'héllo wörld'
print(u[1], u[7], u[::-1], u[1:8])
print(s[True], s[False:True])
