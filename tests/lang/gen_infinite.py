# Infinite generators consumed with break and manual limits.
def naturals():
    n = 0
    while True:
        yield n
        n += 1
for n in naturals():
    if n * n > 50:
        break
print('first square over 50 from', n)
def take(k, it):
    out = []
    for x in it:
        if len(out) == k:
            break
        out.append(x)
    return out
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
print(take(15, fib()))
def primes():
    found = []
    for c in naturals():
        if c < 2:
            continue
        if all(c % p for p in found):
            found.append(c)
            yield c
print(take(12, primes()))
def cycle(seq):
    while True:
        for s in seq:
            yield s
print(take(7, cycle('abc')))
