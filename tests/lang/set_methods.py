# Mutating set methods.
s = set()
s.add(3); s.add(1); s.add(3)
print(s, len(s))
s.update([5, 2], (7,), {0})
print(s)
s.discard(100); s.discard(5)
print(s)
s.remove(7)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print('KeyError:', e)
n = {10}
print(n.pop(), n)
try:
    n.pop()
except KeyError as e:
    print('KeyError:', e)
t = s.copy()
t.clear()
print(s, t)
s.intersection_update({0, 1, 2, 9})
print(s)
s.difference_update([0])
print(s)
s.symmetric_difference_update({2, 4})
print(s)
print(s.add(8) is None, sorted(s))
try:
    s.add([1])
except TypeError as e:
    print('TypeError:', e)
