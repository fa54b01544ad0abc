# Sieve of Eratosthenes.
def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for n in range(2, int(limit ** 0.5) + 1):
        if is_prime[n]:
            for m in range(n * n, limit + 1, n):
                is_prime[m] = False
    return [i for i, p in enumerate(is_prime) if p]
primes = sieve(200)
print(primes)
print(len(sieve(10000)), sum(sieve(10000)))
twins = [(p, p + 2) for p in primes if p + 2 in primes]
print(twins)
gaps = {}
for a, b in zip(primes, primes[1:]):
    gaps[b - a] = gaps.get(b - a, 0) + 1
print(sorted(gaps.items()))
