"""weft demo: a few CPU-bound workloads, each timed.

Run:  weft examples/demo.py      (scripts/demo runs it beside python3)
"""
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def primes_below(limit):
    sieve = [True] * limit
    sieve[0] = sieve[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = [False] * len(range(i * i, limit, i))
    return [i for i, is_prime in enumerate(sieve) if is_prime]


def queens(n):
    def place(row, cols, diag1, diag2):
        if row == n:
            return 1
        count = 0
        for col in range(n):
            if col not in cols and row + col not in diag1 and row - col not in diag2:
                count += place(row + 1, cols | {col}, diag1 | {row + col}, diag2 | {row - col})
        return count
    return place(0, frozenset(), frozenset(), frozenset())


class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return f"Vector({self.x:.2f}, {self.y:.2f})"


def word_counts(words, rounds):
    counts = {}
    for _ in range(rounds):
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def timed(label, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {str(result):<40} {elapsed * 1000:8.1f} ms")


if __name__ == "__main__":
    text = "the quick brown fox jumps over the lazy dog the end".split()
    timed("fib(25)", fib, 25)
    timed("primes below 200000", lambda n: len(primes_below(n)), 200000)
    timed("8 queens solutions", queens, 8)
    timed("sum of 100000 vectors", lambda: sum((Vector(i, 1.5) for i in range(100000)), Vector(0, 0)))
    timed("top words (20000 rounds)", word_counts, text, 20000)
    timed("squares in a generator", lambda: sum(x * x for x in range(300000)))
