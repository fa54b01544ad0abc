# String multiplication tables and text layout.
n = 9
width = len(str(n * n)) + 1
print(' ' * 3 + '|' + ''.join(str(j).rjust(width) for j in range(1, n + 1)))
print('-' * 3 + '+' + '-' * (width * n))
for i in range(1, n + 1):
    print(str(i).rjust(2) + ' |' + ''.join(str(i * j).rjust(width) for j in range(1, n + 1)))
print()
for i in range(1, 6):
    print(('*' * (2 * i - 1)).center(9, '.'))
print()
rows = [('Name', 'Qty', 'Price'), ('apple', 3, 0.5), ('watermelon', 1, 3.25), ('fig', 12, 0.2)]
widths = [max(len(str(r[c])) for r in rows) for c in range(3)]
for r in rows:
    print(' | '.join(str(v).ljust(w) if c == 0 else str(v).rjust(w) for c, (v, w) in enumerate(zip(r, widths))))
