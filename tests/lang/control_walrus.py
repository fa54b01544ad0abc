# Assignment expressions (walrus operator).
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print('long list', n)
print(n)
values = []
it = iter([1, 2, 3, 0, 5])
while (v := next(it)) != 0:
    values.append(v)
print(values)
print([y for x in range(6) if (y := x * x) > 5])
print(y)
total = 0
sums = [total := total + x for x in range(5)]
print(sums, total)
def f():
    if (m := 10) > 5:
        return m * 2
print(f())
print((z := 5), z + 1)
text = 'key=value'
if (idx := text.find('=')) != -1:
    print(text[:idx], text[idx + 1:])
