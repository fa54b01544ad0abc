# Conditional expressions.
for n in range(-2, 3):
    print(n, 'pos' if n > 0 else 'zero' if n == 0 else 'neg')
x = 5
y = 'big' if x > 3 else 'small'
print(y)
print([('even' if i % 2 == 0 else 'odd') for i in range(4)])
f = (lambda v: v * 2) if x else (lambda v: v)
print(f(10))
calls = []
def t(v):
    calls.append(v)
    return v
r = t('a') if t(True) else t('b')
print(r, calls)
calls.clear()
r = t('a') if t(0) else t('b')
print(r, calls)
print(1 if [] else 2, 'yes' if 'no' else 'no')
