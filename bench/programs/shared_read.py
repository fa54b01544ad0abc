"""shared_read: every thread reads the same module-level dict and list and calls the same functions,
classes and methods on shared instances -- tests that read-only sharing scales (no refcount or
lock ping-pong on hot shared objects)."""
import sys

EXPECTED = {1.0: '1200000 922142', 0.1: '120000 692042'}
REQUIRES_THREADS = True

TABLE = {}
for _i in range(256):
    TABLE["key%03d" % _i] = (_i * 7919) % 1009
KEYS = list(TABLE)
LIMIT = 1000003


def weight(x):
    return x * 3 + 1


class Shape(object):
    SIDES = 0

    def __init__(self, size):
        self.size = size

    def area(self):
        return self.size * self.size

    def describe(self):
        return self.SIDES + self.area() % 7


class Square(Shape):
    SIDES = 4


class Triangle(Shape):
    SIDES = 3

    def area(self):
        return self.size * self.size // 2


class Circle(Shape):
    def area(self):
        return self.size * self.size * 355 // 113


SHAPES = [Square(3), Triangle(5), Circle(2), Square(7), Triangle(11), Circle(4), Square(1), Triangle(2)]


def scan(n):
    total = 0
    for i in range(n):
        total += TABLE[KEYS[i & 255]]
        s = SHAPES[i & 7]
        total += s.area() + s.describe()
        total += weight(i & 15)
        if isinstance(s, Circle):
            total -= 1
        if total > LIMIT:
            total -= LIMIT
    return total


def bench(scale):
    n = max(1000, int(1200000 * scale))
    return "%d %d" % (n, scan(n))


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
