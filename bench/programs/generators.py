"""generators: a pipeline of generators, generator expressions and yield from -- frame suspension and resumption."""
import sys

EXPECTED = {1.0: '3256704433 81250 52812175000 13203043750', 0.1: '325364412 8125 528092500 132023125'}


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def lcg_stream(source):
    x = 1
    for i in source:
        x = (x * 1103515245 + 12345 + i) & 0x7FFFFFFF
        yield x


def only(pred, source):
    for v in source:
        if pred(v):
            yield v


def windows(source, size):
    buf = []
    for v in source:
        buf.append(v)
        if len(buf) == size:
            yield tuple(buf)
            buf = []


def flatten(source):
    for chunk in source:
        yield from chunk


def chained(n):
    yield from numbers(n // 2)
    yield from (i * 3 for i in numbers(n // 2))


def pipeline(n):
    stream = lcg_stream(numbers(n))
    odd = only(lambda v: v & 1, stream)
    small = (v % 10007 for v in odd)
    win = windows(small, 8)
    sums = (sum(w) for w in win)
    total = 0
    count = 0
    for s in sums:
        total += s
        count += 1
    flat = 0
    for v in flatten(windows(chained(n // 4), 4)):
        flat += v
    return total, count, flat


def accumulate_send():
    # A coroutine-style generator driven by send().
    total = 0
    while True:
        v = yield total
        if v is None:
            return
        total += v


def bench(scale):
    n = max(1000, int(1300000 * scale))
    total, count, flat = pipeline(n)
    acc = accumulate_send()
    next(acc)
    last = 0
    for i in range(n // 8):
        last = acc.send(i)
    acc.close()
    return "%d %d %d %d" % (total, count, flat, last)


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
