"""sort_keys: sort records with key functions, lambdas, tuples and strings; stable multi-pass sorts."""
import sys

EXPECTED = {1.0: '9000 867463888', 0.1: '900 507416244'}

FIRST = ["ada", "bob", "cyd", "dee", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lou",
         "max", "ned", "oli", "pam", "quinn", "rex", "sue", "tom", "uma", "val", "wes", "xia"]
CITIES = ["Oslo", "Lima", "Rome", "Kyiv", "Doha", "Bern", "Graz", "Nice", "Pisa", "Riga"]


class Person(object):
    __slots__ = ("name", "age", "city", "score")

    def __init__(self, name, age, city, score):
        self.name = name
        self.age = age
        self.city = city
        self.score = score

    def key(self):
        return (self.city, -self.score, self.name)


def make_people(n, seed):
    x = seed
    people = []
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        name = FIRST[x % len(FIRST)] + str(x % 997)
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        people.append(Person(name, 18 + x % 60, CITIES[(x >> 8) % len(CITIES)], (x >> 4) % 1000))
    return people


def digest(seq, attr_fn):
    h = 0
    for p in seq:
        h = (h * 31 + attr_fn(p)) % 1000000007
    return h


def bench(scale):
    n = max(200, int(9000 * scale))
    people = make_people(n, 42)
    h = 0
    for rnd in range(16):
        a = sorted(people, key=lambda p: p.age)
        h = (h + digest(a, lambda p: p.age * 1000 + p.score)) % 1000000007
        b = sorted(people, key=Person.key)
        h = (h + digest(b, lambda p: p.score)) % 1000000007
        c = sorted(people, key=lambda p: p.name, reverse=True)
        c.sort(key=lambda p: p.city)          # stable: city, then name descending
        h = (h + digest(c, lambda p: len(p.name) + p.age)) % 1000000007
        names = [p.name for p in people]
        names.sort(key=str.lower)
        words = sorted(names, key=len)
        h = (h + len(words[0]) * 7 + len(words[-1])) % 1000000007
        nums = [(p.score * 7919 + rnd) % 10007 for p in people]
        nums.sort()
        h = (h + nums[0] + nums[len(nums) // 2] * 3 + nums[-1] * 5) % 1000000007
        pairs = sorted(zip(nums, names))
        h = (h + pairs[0][0] + len(pairs[-1][1])) % 1000000007
        people = c
    return "%d %d" % (n, h)


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
