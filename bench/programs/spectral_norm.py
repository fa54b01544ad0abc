"""spectral_norm: power iteration for the spectral norm of an infinite matrix -- float math and nested loops."""
import sys
import math

EXPECTED = {1.0: '300 1.274223986', 0.1: '94 1.274219176'}


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def eval_a_times_u(u):
    n = len(u)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(i, j) * u[j]
        out.append(s)
    return out


def eval_at_times_u(u):
    n = len(u)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(j, i) * u[j]
        out.append(s)
    return out


def eval_ata_times_u(u):
    return eval_at_times_u(eval_a_times_u(u))


def bench(scale):
    n = max(4, int(300 * math.sqrt(scale)))
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = eval_ata_times_u(u)
        u = eval_ata_times_u(v)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return "%d %.9f" % (n, math.sqrt(vbv / vv))


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
