# if / elif / else chains and truthiness of conditions.
def classify(n):
    if n < 0:
        return 'negative'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    elif n < 100:
        return 'medium'
    else:
        return 'large'
for n in [-5, 0, 7, 42, 1000]:
    print(n, classify(n))
for v in [0, 1, '', 'x', [], [0], None, 0.0, {}, {'k': 1}]:
    if v:
        print(repr(v), 'truthy')
    else:
        print(repr(v), 'falsy')
x = 5
if x > 3: print('one-line if')
if x > 10:
    pass
else:
    print('else branch')
if not x == 6 and (x != 4 or x == 4):
    print('compound')
