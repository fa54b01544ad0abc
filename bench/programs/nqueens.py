"""nqueens: count all solutions of the N-queens puzzle by backtracking with sets and recursion."""
import sys

EXPECTED = {1.0: '15840 670899650', 0.1: '1408 887873697'}


def solve(n, row, cols, diag1, diag2, placed, out):
    if row == n:
        out.append(tuple(placed))
        return
    for c in range(n):
        if c in cols or (row + c) in diag1 or (row - c) in diag2:
            continue
        cols.add(c)
        diag1.add(row + c)
        diag2.add(row - c)
        placed.append(c)
        solve(n, row + 1, cols, diag1, diag2, placed, out)
        placed.pop()
        cols.remove(c)
        diag1.remove(row + c)
        diag2.remove(row - c)


def queens(n):
    out = []
    solve(n, 0, set(), set(), set(), [], out)
    return out


def bench(scale):
    reps = max(1, int(round(45 * scale)))
    total = 0
    check = 0
    for _ in range(reps):
        sols = queens(9)
        total += len(sols)
        for s in sols:
            check = (check * 31 + sum(i * v for i, v in enumerate(s))) % 1000000007
    return "%d %d" % (total, check)


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
