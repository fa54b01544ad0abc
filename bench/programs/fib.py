"""fib: naive recursive Fibonacci -- measures Python-to-Python call overhead."""
import sys

EXPECTED = {1.0: '4501500', 0.1: '450150'}


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def bench(scale):
    # fib(25) makes ~240k calls; repeat it to reach the wanted size.
    reps = max(1, int(round(60 * scale)))
    total = 0
    for _ in range(reps):
        total += fib(25)
    return total


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
