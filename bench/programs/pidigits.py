"""pidigits: digits of pi with Gibbons' unbounded spigot algorithm -- arbitrary-precision integer arithmetic."""
import sys
import math

EXPECTED = {1.0: '3600 16476 52833163550764791853', 0.1: '1138 5114 95950829533116861727'}


def pi_digits(n):
    # Gibbons 2006, the streaming algorithm used by the benchmarks game.
    digits = []
    q, r, t, k, d, m = 1, 0, 1, 1, 3, 3
    while len(digits) < n:
        if 4 * q + r - t < m * t:
            digits.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m = q * k, (2 * q + r) * (2 * k + 1), t * (2 * k + 1), k + 1, (q * (7 * k + 2) + r * (2 * k + 1)) // (t * (2 * k + 1))
    return digits


def bench(scale):
    n = max(50, int(3600 * math.sqrt(scale)))
    digits = pi_digits(n)
    if digits[:10] != [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]:
        return "bad prefix " + "".join([str(d) for d in digits[:10]])
    return "%d %d %s" % (n, sum(digits), "".join([str(d) for d in digits[-20:]]))


def main():
    nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    if nthreads < 1 or scale <= 0:
        sys.stderr.write("usage: %s [THREADS [SCALE]]\n" % sys.argv[0])
        sys.exit(2)
    if nthreads == 1:
        results = [bench(scale)]
    else:
        import threading
        results = [None] * nthreads

        def worker(i):
            results[i] = bench(scale)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(nthreads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    first = results[0]
    for r in results:
        if r != first:
            sys.stderr.write("threads disagree: %r\n" % (results,))
            sys.exit(1)
    print("RESULT", first)
    want = EXPECTED.get(scale)
    if want is not None and str(first) != want:
        sys.stderr.write("wrong result: got %s, expected %s\n" % (first, want))
        sys.exit(1)


if __name__ == "__main__":
    main()
