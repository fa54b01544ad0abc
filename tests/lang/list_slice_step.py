# Slices with steps, negative indices and out-of-range bounds.
l = list(range(20))
print(l[::3], l[1::4], l[::-4], l[15:5:-3], l[-1:-6:-1], l[5:15:-1])
print(l[-100:3], l[18:100], l[::100], l[::-100])
print(l[3:-3:5], l[-3:3:-5])
s = l[:]
print(s == l, s is l)
r = l[::-1]
r[::2] = l[::2][::-1]
print(r)
print(l[slice(2, 8, 2)], l[slice(None, None, -7)])
