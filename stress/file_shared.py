# One file object shared by threads: readline() and iteration hand out every
# line exactly once overall; concurrent write()/print() to one file object
# (/dev/null) never crash and report the right counts; a file closed by one
# thread while others write to it and ask closed / fileno(): either works or
# raises "I/O operation on closed file." (TSan: closed was read unlocked).
# ITERATIONS = rounds over this file's lines.
# defaults: 200 4
# expect: ok file_shared readline
# expect: ok file_shared iterate
# expect: ok file_shared write
# expect: ok file_shared close
from _stresslib import Stress

S = Stress("file_shared", 200, 4)
N, M = S.threads, S.iters
with open(__file__) as f:
    LINES = sorted(f.readlines())


def reader(f, tid):
    got = []
    while True:
        line = f.readline()
        if line == "":
            return got
        got.append(line)


def iterator(f, tid):
    return [line for line in f]


for phase, fn in (("readline", reader), ("iterate", iterator)):
    for r in range(M):
        with open(__file__) as f:
            res = S.run([(fn, (f, t)) for t in range(N)])
        got = sorted(x for g in res for x in g)
        S.check(got == LINES, "%s round %d: %d lines for %d" % (phase, r, len(got), len(LINES)))
        S.bail()
    S.ok(phase)


def writer(f, tid):
    total = 0
    for i in range(M * 10):
        s = "%d:%d %s\n" % (tid, i, "x" * (i % 50))
        n = f.write(s)
        S.check(n == len(s), "write returned %r" % (n,))
        total += n
        print(tid, i, sep=",", file=f)
        if i % 100 == 0:
            f.flush()
    return total


with open("/dev/null", "w") as f:
    res = S.run([(writer, (f, t)) for t in range(N)])
want = sum(len("%d:%d %s\n" % (t, i, "x" * (i % 50))) for t in range(N) for i in range(M * 10))
S.check(sum(res) == want, "written %d, expected %d" % (sum(res), want))
S.ok("write")


def closer(f, tid):
    f.close()


def user(f, tid):
    for i in range(20):
        try:
            f.write("x")
            f.fileno()
        except ValueError as e:
            S.check(str(e) == "I/O operation on closed file.", "ValueError %r" % (e,))
            S.check(f.closed, "raised on a file not closed")


for i in range(M):
    f = open("/dev/null", "w")
    S.run([(closer, (f, 0))] + [(user, (f, t)) for t in range(1, max(2, N))])
    S.check(f.closed, "not closed")
S.ok("close")
