# One iterator (over a list, tuple, dict, set, range, str, or a map/enumerate
# chain) shared by threads calling next(): built-in iterators are atomic, so
# every item is produced exactly once overall.  A dict iterator whose dict
# changes size raises RuntimeError in every thread that uses it afterwards.
# Bytes and bytearray iterators too; and short iterators exhausted by several
# threads at once while they ask __length_hint__ (before the fix, a bytearray
# iterator cleared its sequence while another thread read it: ASan
# use-after-free; a str iterator's hint read a cleared string).
# defaults: 300000 4
# expect: ok iterator_shared list
# expect: ok iterator_shared tuple
# expect: ok iterator_shared dict
# expect: ok iterator_shared dict_items
# expect: ok iterator_shared set
# expect: ok iterator_shared range
# expect: ok iterator_shared str
# expect: ok iterator_shared reversed
# expect: ok iterator_shared bytes
# expect: ok iterator_shared bytearray
# expect: ok iterator_shared exhausted_together
# expect: ok iterator_shared dict_resized
import threading
from _stresslib import Stress

S = Stress("iterator_shared", 300000, 4)
N, M = S.threads, S.iters


def drain(it, tid):
    got = []
    for x in it:                    # several threads' for loops share `it`
        got.append(x)
        if len(got) % 7 == 0:
            try:
                got.append(next(it))
            except StopIteration:
                break
    return got


ITEMS = list(range(M))
CASES = (
    ("list", lambda: iter(list(ITEMS)), ITEMS),
    ("tuple", lambda: iter(tuple(ITEMS)), ITEMS),
    ("dict", lambda: iter(dict.fromkeys(ITEMS)), ITEMS),
    ("dict_items", lambda: iter({i: -i for i in ITEMS}.items()), [(i, -i) for i in ITEMS]),
    ("set", lambda: iter(set(ITEMS)), ITEMS),
    ("range", lambda: iter(range(M)), ITEMS),
    ("str", lambda: iter("".join(chr(0x4e00 + i % 20000) for i in ITEMS)), sorted(chr(0x4e00 + i % 20000) for i in ITEMS)),
    ("reversed", lambda: reversed(list(ITEMS)), ITEMS),
    ("bytes", lambda: iter(bytes(i % 256 for i in ITEMS)), sorted(i % 256 for i in ITEMS)),
    ("bytearray", lambda: iter(bytearray(i % 256 for i in ITEMS)), sorted(i % 256 for i in ITEMS)),
)

for name, make, want in CASES:
    it = make()
    res = S.run([(drain, (it, t)) for t in range(N)])
    allv = sorted(x for r in res for x in r)
    S.check(allv == want, "%s: %d items, expected %d once each" % (name, len(allv), len(want)))
    S.check(next(it, "end") == "end", "%s: iterator not exhausted" % name)
    S.ok(name)

SHORT = (lambda: iter(bytearray(b"ab" * 8)), lambda: iter(b"ab" * 8), lambda: iter("ab" * 8),
         lambda: iter("\u00e9" * 16), lambda: iter(list(range(16))))
ROUNDS = max(10, M // 300)
current = [None]
counts = [0] * N
together = threading.Barrier(N)


def short_user(tid):
    """Each round every thread takes up to 10 items of one 16-item iterator."""
    for r in range(ROUNDS):
        if tid == 0:
            current[0] = SHORT[r % len(SHORT)]()
        together.wait()
        it, n = current[0], 0
        for _ in range(10):
            hint = it.__length_hint__()
            S.check(type(hint) is int and 0 <= hint <= 16, "length hint %r" % (hint,))
            if next(it, None) is not None:
                n += 1
        counts[tid] = n
        together.wait()
        if tid == 0:
            S.check(sum(counts) == min(16, 10 * N), "round %d: %d items" % (r, sum(counts)))


S.run([(short_user, (t,)) for t in range(N)])
S.ok("exhausted_together")

D = {i: i for i in range(64)}
it = iter(D)
stop = []
CHANGED = ("dictionary changed size during iteration", "dictionary keys changed during iteration")


def resizer():
    for i in range(M):
        D[1000 + i % 100] = i
        if i % 2:
            del D[1000 + i % 100]
    stop.append(1)


def user(tid):
    errors = 0
    while (not stop or errors == 0) and not S.errors:
        try:
            x = next(it)
            S.check(type(x) is int, "item %r" % (x,))
        except RuntimeError as e:
            S.check(str(e) in CHANGED, "RuntimeError %r" % (e,))
            errors += 1
            if stop:
                break
        except StopIteration:
            if stop:
                break
    return errors


res = S.run([(resizer, ())] + [(user, (t,)) for t in range(N)])
S.ok("dict_resized")
