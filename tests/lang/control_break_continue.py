# break and continue in nested loops; loop variable after loop.
for i in range(4):
    for j in range(4):
        if j > i:
            break
        if (i + j) % 2:
            continue
        print((i, j), end=' ')
    print('| row', i)
for k in range(5):
    pass
print('k after loop:', k)
total = 0
for v in [1, -2, 3, -4, 5, 0, 6]:
    if v == 0:
        break
    if v < 0:
        continue
    total += v
print('total', total)
result = []
for word in ['keep', 'skip', 'keep2', 'stop', 'never']:
    if word == 'skip':
        continue
    if word == 'stop':
        break
    result.append(word)
print(result)
i = 0
while True:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print('odd', i)
