# Values read out of module-level containers that several threads read
# (the eval loop borrows them without a count): they stay valid when held in
# locals, passed through calls, kept in suspended generators, stored into
# new containers and returned; and once the threads are gone, dropping them
# runs __del__ at once, as in CPython.
import threading

TABLE = {"k%d" % i: 10 ** 20 + i for i in range(32)}
KEYS = list(TABLE)
WORDS = ["w%d-%s" % (i, "x" * i) for i in range(32)]


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


ITEMS = [Tracked("a"), Tracked("b"), Tracked("c")]
SLOTS = {"first": Tracked("d"), "second": Tracked("e")}


def passthrough(v):
    return v


def keeper(key):
    v = TABLE[key]          # held in the generator's frame across yields
    for i in range(3):
        yield i
    yield v


def work(seed, out):
    total = 0
    kept = []
    gens = [keeper(KEYS[(seed + j) % 32]) for j in range(4)]
    for i in range(2000):
        k = KEYS[(i * 7 + seed) % 32]
        v = passthrough(TABLE[k])
        total += v - 10 ** 20
        w = WORDS[i % 32]
        if i % 500 == 0:
            kept.append((k, v, w))
    for g in gens:
        *_, last = g
        total += last - 10 ** 20
    names = [ITEMS[i % 3].name for i in range(6)] + [SLOTS["first"].name]
    longest = ""
    for _ in range(50):
        for w in WORDS:             # items of a shared list, borrowed by the loop
            if len(w) > len(longest):
                longest = passthrough(w)
    out[seed] = (total, kept, "".join(names) + " " + longest[:6] + str(len(longest)))


results = {}
threads = [threading.Thread(target=work, args=(s, results)) for s in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for s in sorted(results):
    total, kept, names = results[s]
    print(s, total, names, [(k, v - 10 ** 20, w[:3]) for k, v, w in kept])

ITEMS.pop()
print("after pop")
del SLOTS["first"]
print("after del")
ITEMS[0] = None
print("after store")
SLOTS.clear()
print("after clear")
ITEMS.clear()
print("end")
