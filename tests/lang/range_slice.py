# Slicing and reversing ranges.
r = range(0, 20, 2)
print(r[2:5], r[::-1], r[::3], r[-3:], r[5:1:-1], r[100:])
print(list(r[2:5]), list(r[::-1]))
print(list(reversed(range(5))), list(reversed(range(1, 10, 3))))
print(range(10)[::-2], list(range(10)[::-2]))
for i in range(3, 0, -1):
    print(i, end=' ')
print()
print(max(range(7)), min(range(3, 9)), sorted(range(3), reverse=True))
print(list(range(5))[1:4] == list(range(5)[1:4]))
