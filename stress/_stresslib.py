"""Helpers shared by the stress programs (the runner skips names starting with "_").

A program builds one Stress object, runs its phases with run() and prints one
deterministic "ok NAME PHASE" line per phase with ok().  Worker threads never
print: they record violated invariants with check()/fail(), and the main thread
reports them on stderr and exits with status 1 after the phase's threads are
joined (an exception escaping a worker is also printed at once, since the
threads waiting on it may then hang; readers poll `not S.errors` to stop
early).  Only the standard threading API is used, so every program also runs
under CPython (which validates the logic, not the races).
"""
import sys
import threading


class Stress:
    def __init__(self, name, iters, threads):
        self.name = name
        self.iters = int(sys.argv[1]) if len(sys.argv) > 1 else iters
        self.threads = int(sys.argv[2]) if len(sys.argv) > 2 else threads
        if self.iters < 1 or self.threads < 1:
            print("usage: %s [ITERATIONS>0] [THREADS>0]" % name, file=sys.stderr)
            sys.exit(2)
        self.errors = []

    def check(self, cond, msg):
        # list.append is atomic: workers may call this concurrently.
        if not cond:
            self.errors.append(msg)
        return cond

    def fail(self, msg):
        self.errors.append(msg)

    def run(self, targets):
        """Run [(function, args), ...], one thread each, released together by a
        barrier; join them all; return their return values in order.  An
        exception escaping a worker is a violation."""
        n = len(targets)
        barrier = threading.Barrier(n)
        results = [None] * n

        def wrap(i, fn, args):
            try:
                barrier.wait()
                results[i] = fn(*args)
            except BaseException as e:
                msg = "%s%r raised %s: %s" % (fn.__name__, args, type(e).__name__, e)
                self.errors.append(msg)
                # Said at once too: threads waiting on this one may hang.
                print("FAIL %s: %s" % (self.name, msg), file=sys.stderr)

        ts = [threading.Thread(target=wrap, args=(i, fn, args)) for i, (fn, args) in enumerate(targets)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for t in ts:
            self.check(not t.is_alive(), "thread alive after join")
        self.bail()
        return results

    def bail(self):
        if self.errors:
            for e in self.errors[:20]:
                print("FAIL %s: %s" % (self.name, e), file=sys.stderr)
            if len(self.errors) > 20:
                print("FAIL %s: ... %d violations in all" % (self.name, len(self.errors)), file=sys.stderr)
            sys.stdout.flush()
            sys.exit(1)

    def ok(self, phase):
        self.bail()
        print("ok %s %s" % (self.name, phase))


class Rng:
    """xorshift32: each thread owns one (there is no random module to rely on)."""

    def __init__(self, seed):
        self.x = ((seed + 1) * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF or 1

    def below(self, n):
        x = self.x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.x = x
        return x % n
