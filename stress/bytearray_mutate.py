# append/extend/slice-assign/del on a shared bytearray while readers index and
# slice it.  append and extend are atomic: each thread's 2-byte extends stay
# adjacent; a same-length slice assignment is seen whole or not at all.
# Prints "skip" when the interpreter has no bytearray yet.
# defaults: 100000 4
# expect: ok bytearray_mutate append_extend
# expect: ok bytearray_mutate slices
# expect: ok bytearray_mutate methods
# expect: ok bytearray_mutate arguments
# expect: ok bytearray_mutate index_resizes
import builtins
import sys
import time
from _stresslib import Stress

if not hasattr(builtins, "bytearray"):
    print("skip bytearray_mutate: no bytearray")
    sys.exit(0)

S = Stress("bytearray_mutate", 100000, 4)
N, M = min(S.threads, 32), S.iters
BA = bytearray()
stop = []


def writer(tid):
    pair = bytes([0x40 + 2 * tid, 0x41 + 2 * tid])
    for i in range(M):
        if i % 2:
            BA.append(tid)
        else:
            BA.extend(pair)
    stop.append(tid)


def reader(nw):
    last = 0
    while len(stop) < nw and not S.errors:
        n = len(BA)
        S.check(n >= last, "len went down %d -> %d" % (last, n))
        last = n
        if n:
            b = BA[n - 1]
            S.check(0 <= b < 0x40 + 2 * N, "byte %r" % (b,))
            s = BA[n // 2:n // 2 + 4]
            S.check(type(s) is bytearray, "slice type")


S.run([(writer, (t,)) for t in range(N)] + [(reader, (N,))] * 2)
counts = [0] * 256
i = 0
while i < len(BA):
    b = BA[i]
    if b >= 0x40:
        if not S.check(b % 2 == 0 and i + 1 < len(BA) and BA[i + 1] == b + 1, "torn extend at %d" % i):
            break
        i += 1
    counts[b] += 1
    i += 1
for t in range(N):
    S.check(counts[t] == M // 2, "thread %d appends: %d" % (t, counts[t]))
    S.check(counts[0x40 + 2 * t] == M - M // 2, "thread %d extends: %d" % (t, counts[0x40 + 2 * t]))
S.ok("append_extend")

PATTERNS = [bytes([65 + t]) * 8 for t in range(N)]
BA[:] = PATTERNS[0] * 4
stop = []


def slicer(tid):
    for i in range(M):
        k = (i % 4) * 8
        BA[k:k + 8] = PATTERNS[tid]
        if i % 16 == 0:
            BA.extend(b"tail")
            del BA[32:]
    stop.append(tid)


def slice_reader(nw):
    while len(stop) < nw and not S.errors:
        for k in range(0, 32, 8):
            s = bytes(BA[k:k + 8])
            S.check(s in PATTERNS, "slice %d: %r" % (k, s))
        n = len(BA)
        S.check(32 <= n <= 32 + 4 * nw and n % 4 == 0, "len %d" % n)


S.run([(slicer, (t,)) for t in range(N)] + [(slice_reader, (N,))] * 2)
S.check(len(BA) == 32 and all(bytes(BA[k:k + 8]) in PATTERNS for k in range(0, 32, 8)), "final")
S.ok("slices")

# The methods shared with bytes (upper, find, split, count...) read the buffer
# in the bytearray's critical section: a block write is never seen torn.
BA[:] = PATTERNS[0] * 4
stop = []


def method_reader(nw):
    while len(stop) < nw and not S.errors:
        u = BA.upper()
        for k in range(0, 32, 8):
            S.check(bytes(u[k:k + 8]) in PATTERNS, "upper() block %d: %r" % (k, bytes(u[k:k + 8])))
        parts = BA.split(b"tail")
        S.check(len(parts[0]) == 32 or len(parts[0]) % 8 == 0, "split() head %d" % len(parts[0]))
        c = BA.count(b"tail")
        S.check(0 <= c <= nw, "count() %d" % c)
        f = BA.find(b"tail")
        S.check(f == -1 or (f >= 32 and f % 4 == 0), "find() %d" % f)


S.run([(slicer, (t,)) for t in range(N)] + [(method_reader, (N,))] * 2)
S.check(len(BA) == 32, "final length")
S.ok("methods")

# A bytearray read as the ARGUMENT of another object's operation (bytes(ba),
# b"" + ba, b.find(ba), startswith((ba,)), join, %b, str(ba, enc), iteration)
# is copied in its own critical section first: the
# reader sees one state, never a block write torn or a shift half done.
BA[:] = PATTERNS[0] * 4
stop = []


def shifter(tid):
    # Whole-state changes: block writes (slicer's), and a shift of the whole
    # content by one block (del + append: a memmove in place).
    for i in range(M):
        k = (i % 4) * 8
        BA[k:k + 8] = PATTERNS[tid]
        if i % 8 == 0:
            BA.extend(PATTERNS[tid])
            del BA[:8]
    stop.append(tid)


def blocks_ok(s, what):
    # Between a shifter's extend and its del the array holds one more block.
    ok = 32 <= len(s) <= 32 + 8 * N and len(s) % 8 == 0 and \
        all(s[k:k + 8] in PATTERNS for k in range(0, len(s), 8))
    return S.check(ok, "%s: %r" % (what, s))


def argument_reader(nw):
    while len(stop) < nw and not S.errors:
        blocks_ok(bytes(BA), "bytes()")
        blocks_ok((b"" + BA), "concat")
        blocks_ok(b"".join([BA]), "join")
        blocks_ok(b"%b" % BA, "%b")
        blocks_ok(str(BA, "latin-1").encode("latin-1"), "str(ba, enc)")
        S.check(all(65 <= c < 65 + N for c in BA), "iteration")
        S.check(b"".join(PATTERNS).find(BA) in (-1, 0) or len(PATTERNS) > 4, "find")
        S.check(isinstance(b"x".startswith((BA, b"y")), bool), "startswith")


S.run([(shifter, (t,)) for t in range(N)] + [(argument_reader, (N,))] * 2)
S.check(len(BA) == 32, "final length")
blocks_ok(bytes(BA), "final")
S.ok("arguments")

# Methods whose arguments' __index__ blocks while another thread resizes the
# bytearray: the method's section is suspended meanwhile, so it must read
# the length and the buffer only after converting its arguments (before, it
# used the old length: ASan overflows in find, count, ba[i] = v, pop, insert
# and `in`, release segfaults in pop and insert).
class SlowIndex:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        time.sleep(0)
        return self.v


BA[:] = b"x" * 4000
stop = []


def resizer(tid):
    for i in range(max(1, M // 20)):
        BA[:] = b"ab"
        BA[:] = b"x" * 4000
    stop.append(tid)


def index_user(nw):
    k = 0
    while len(stop) < nw and not S.errors:
        k += 1
        op = k % 7
        try:
            if op == 0:
                S.check(BA.find(b"y", SlowIndex(0)) == -1, "find")
            elif op == 1:
                S.check(BA.count(b"y", SlowIndex(0)) == 0, "count")
            elif op == 2:
                BA[3000] = SlowIndex(120)
            elif op == 3:
                S.check(BA.pop(SlowIndex(3000)) in (120, 0x78), "pop")
                BA.append(0x78)
            elif op == 4:
                BA.insert(SlowIndex(3000), 0x78)
                del BA[-1]
            elif op == 5:
                S.check((SlowIndex(121) in BA) is False, "contains")
            else:
                S.check(BA.startswith(b"y", SlowIndex(1)) is False, "startswith")
        except (IndexError, ValueError):
            pass        # the bytearray was short at that moment


S.run([(resizer, (0,))] + [(index_user, (1,))] * 2)
S.ok("index_resizes")
