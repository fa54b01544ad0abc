# Augmented assignment on names, attributes and subscripts.
class Box:
    def __init__(self):
        self.n = 1
        self.items = [1]
b = Box()
b.n += 5
b.n *= 2
b.n -= 1
b.n //= 2
b.n **= 2
b.n %= 7
print(b.n)
b.items += [2]
b.items *= 2
print(b.items)
d = {'count': 0, 'text': 'a'}
d['count'] += 10
d['text'] *= 3
d['text'] += '!'
print(d)
m = [[1, 2], [3, 4]]
m[1][0] += 100
m[0] += [9]
print(m)
calls = []
def key():
    calls.append('key evaluated')
    return 'k'
dd = {'k': 1}
dd[key()] += 1
print(dd, calls)
s = 'x'
s += 'y'
t = (1,)
t += (2,)
f = 1.5
f /= 2
i = 7
i <<= 2
i >>= 1
i &= 0xF
i |= 0x10
i ^= 0x3
print(s, t, f, i)
