"""contended: every thread is both producer and consumer on one shared queue.Queue and updates one
shared dict under one threading.Lock -- measures lock and condition-variable contention.
Unlike the other programs it uses threading and queue even with one thread."""
import sys

EXPECTED = {1.0: '120000 475774090 3928796733', 0.1: '12000 47621576 396097234'}
REQUIRES_THREADS = True


def worker(q, lock, counts, n_items, seed, out, slot):
    x = seed
    local = 0
    for _ in range(n_items):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        q.put((x % 61, (x >> 8) & 0xFF))
        key, val = q.get()      # any thread's item: only the totals are deterministic
        h = key
        for _ in range(6):
            h = (h * 31 + val) % 65521
        with lock:
            counts[key] = counts.get(key, 0) + val
            counts["items"] = counts.get("items", 0) + 1
        local += h
        q.task_done()
    out[slot] = local


def main():
    nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    if nthreads < 1 or scale <= 0:
        sys.stderr.write("usage: %s [THREADS [SCALE]]\n" % sys.argv[0])
        sys.exit(2)
    import threading
    import queue
    n_items = max(100, int(120000 * scale))
    q = queue.Queue(maxsize=16)
    lock = threading.Lock()
    counts = {}
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(q, lock, counts, n_items, 12345, out, i))
               for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q.join()
    if None in out:
        sys.stderr.write("a worker thread failed\n")
        sys.exit(1)
    # Every thread produced the same items, so each total is nthreads times the one-thread value.
    local_sum = sum(out)
    key_sum = 0
    for k in range(61):
        key_sum += counts.get(k, 0) * (k + 1)
    items = counts["items"]
    for v in (local_sum, key_sum, items):
        if v % nthreads != 0:
            sys.stderr.write("lost updates: %r not divisible by %d\n" % (v, nthreads))
            sys.exit(1)
    result = "%d %d %d" % (items // nthreads, key_sum // nthreads, local_sum // nthreads)
    print("RESULT", result)
    want = EXPECTED.get(scale)
    if want is not None and result != want:
        sys.stderr.write("wrong result: got %s, expected %s\n" % (result, want))
        sys.exit(1)


if __name__ == "__main__":
    main()
