"""binary_trees: build and walk many short-lived binary trees -- allocation and deallocation heavy."""
import sys

EXPECTED = {1.0: '260096 261632 262016 262112 8191 2640573', 0.1: '63488 65024 65408 65504 2047 265566'}


class Node(object):
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


def make_tree(depth):
    if depth == 0:
        return Node(None, None)
    depth -= 1
    return Node(make_tree(depth), make_tree(depth))


def check_tree(node):
    if node.left is None:
        return 1
    return 1 + check_tree(node.left) + check_tree(node.right)


def make_tuple_tree(depth):
    # The same shape built from tuples, as the shootout's Python versions do.
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make_tuple_tree(depth), make_tuple_tree(depth))


def check_tuple_tree(t):
    left, right = t
    if left is None:
        return 1
    return 1 + check_tuple_tree(left) + check_tuple_tree(right)


def bench(scale):
    max_depth = 12 if scale >= 0.5 else 10
    min_depth = 4
    reps = max(1, int(round(2 * scale))) if scale >= 0.5 else 1
    out = []
    long_lived = make_tree(max_depth)
    for _ in range(reps):
        stretch = check_tree(make_tree(max_depth + 1))
        out.append(stretch)
        for depth in range(min_depth, max_depth + 1, 2):
            iterations = 2 ** (max_depth - depth + min_depth)
            check = 0
            for _ in range(iterations):
                check += check_tree(make_tree(depth))
                check += check_tuple_tree(make_tuple_tree(depth))
            out.append(check)
    out.append(check_tree(long_lived))
    return " ".join([str(x) for x in out[-5:]]) + " %d" % sum(out)


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
