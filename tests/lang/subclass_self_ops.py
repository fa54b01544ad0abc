# Operations of container subclasses with themselves (L.extend(L) must not grow forever).
class ML(list): pass
class MD(dict): pass
class MS(set): pass
d = MD(a=1); d.update(d); print(d)
s = MS([1, 2]); s |= s; s.update(s); print(sorted(s)); s ^= s; print(s)
s = MS([1, 2]); s -= s; print(s); s = MS([1,2]); s &= s; print(sorted(s)); s.difference_update(s); print(s)
s = MS([1,2]); s.symmetric_difference_update(s); print(s); s = MS([1,2]); s.intersection_update(s); print(sorted(s))
l = [1, 2]; l += l; l.extend(l); print(l)
l = ML([1, 2]); l *= 2; print(l)
l = ML([1, 2]); l[1:1] = l; print(l); l[::-1] = l; print(l)
l = ML([1, 2, 3]); print(sorted(l, key=lambda x: -x)); print(list(reversed(l)))
l = [1,2,3]; l[1:] = ML([7]); print(l)
t = tuple(ML([1,2])); print(t)
print(ML([3,1,2]) + ML([0]), ML(range(3)) == [0,1,2])
L = ML([1, 2, 3])
L.extend(L); print(len(L), L)
L += L; print(len(L))
