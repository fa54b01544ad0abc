# Threads reading a list and dict another thread created (the first foreign
# touch marks them shared), unpacking lists, and mutating their own private
# containers; the results are deterministic.
import threading

PAIRS = [[i, i * i] for i in range(50)]
NAMES = {"n%d" % i: i for i in range(50)}
results = [None] * 4


def worker(t):
    private = []
    table = {}
    total = 0
    for rep in range(200):
        for pair in PAIRS:
            a, b = pair
            total += b - a * a + NAMES["n%d" % a]
        private.append(float(rep))
        table[rep % 7] = [rep, t]
        if len(private) > 10:
            del private[:5]
    x, y, z = [total, len(private), sorted(table)]
    results[t] = (x, y, z, table[3][0])


threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
for th in threads:
    th.start()
for th in threads:
    th.join()
for r in results:
    print(r)
try:
    p, q = PAIRS[0] + [1]
except ValueError as e:
    print("ValueError:", e)
