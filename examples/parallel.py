"""weft's main job: the same CPU-bound work in 1, 2 and 4 threads at once.

Each thread runs its own copy of the work (no shared mutable state), so an
interpreter without a global lock does N times the work in about the same
time on N cores. Prints throughput (work items per second) and the speed-up
over one thread.

Run:  weft examples/parallel.py [ROUNDS]   (scripts/demo runs it beside python3)
"""
import sys
import threading
import time


def work(rounds):
    """A mix of calls, arithmetic, lists and dicts: one work item."""
    total = 0
    table = {}
    for i in range(rounds):
        key = i % 97
        table[key] = table.get(key, 0) + i * i % 1013
        total += sum([j * 3 for j in range(20)]) + fib(12)
    return total + len(table)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def run(nthreads, rounds):
    results = [None] * nthreads

    def worker(slot):
        results[slot] = work(rounds)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(nthreads)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    assert len(set(results)) == 1, "threads disagree"
    return elapsed, results[0]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    base = None
    print(f"{'threads':>7} {'seconds':>8} {'items/s':>9} {'speed-up':>8}")
    for n in (1, 2, 4):
        elapsed, _ = run(n, rounds)
        throughput = n / elapsed
        base = base or throughput
        print(f"{n:>7} {elapsed:>8.2f} {throughput:>9.2f} {throughput / base:>7.2f}x")


if __name__ == "__main__":
    main()
