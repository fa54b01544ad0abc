# One generator shared by threads calling next(): a thread may get
# "ValueError: generator already executing" (counted, not an error), but every
# item is consumed exactly once overall; send()/close() races likewise, and
# gi_yieldfrom read while others resume the generator (TSan: it read the
# frame's stack as the runner changed it).
# Frames: one thread runs generators to the end while the others read their
# frame objects (gi_frame, f_lineno, f_code, f_back, repr): before the fix, a
# frame object made while the generator finished pointed at the cleared
# frame (segfault in 7 runs of 7).
# defaults: 100000 4
# expect: ok generator_shared next
# expect: ok generator_shared yield_from
# expect: ok generator_shared close
# expect: ok generator_shared frames
from _stresslib import Stress

S = Stress("generator_shared", 100000, 4)
N, M = S.threads, S.iters
RUNNING = "generator already executing"


def gen(n):
    for i in range(n):
        x = [i] * 3                 # a little work inside the frame
        yield x[0] + x[1] - x[2] + i - i


def outer(n):
    yield from gen(n // 2)
    yield from (n // 2 + i for i in range(n - n // 2))


def eat(g, tid):
    got = []
    busy = 0
    while True:
        try:
            got.append(next(g))
            if len(got) % 5 == tid % 5:
                yf = g.gi_yieldfrom   # a delegate another thread may be running
                S.check(yf is None or type(yf).__name__ in ("generator", "genexpr"),
                        "gi_yieldfrom %r" % (yf,))
        except ValueError as e:
            S.check(str(e) == RUNNING, "ValueError %r" % (e,))
            busy += 1
        except StopIteration:
            break
    # An exhausted generator stays exhausted.
    for _ in range(3):
        try:
            next(g)
            S.fail("next() after StopIteration returned")
        except StopIteration:
            pass
        except ValueError as e:
            S.check(str(e) == RUNNING, "ValueError %r" % (e,))
    return got


for phase, make in (("next", gen), ("yield_from", outer)):
    g = make(M)
    res = S.run([(eat, (g, t)) for t in range(N)])
    allv = sorted(x for r in res for x in r)
    S.check(allv == list(range(M)), "%s: %d items, expected %d once each" % (phase, len(allv), M))
    for r in res:
        S.check(r == sorted(r), "a thread saw items out of order")
    S.ok(phase)


def closer(g, tid):
    # One thread closes the generator while the others are pulling from it.
    if tid == 0:
        while True:
            try:
                g.close()
                return []
            except ValueError as e:
                S.check(str(e) == RUNNING, "close: %r" % (e,))
    return eat(g, tid)


for round_ in range(max(1, M // 5000)):
    g = gen(M)
    res = S.run([(closer, (g, t)) for t in range(max(2, N))])
    allv = sorted(x for r in res for x in r)
    S.check(allv == list(range(len(allv))), "items after close not a prefix")
    try:
        next(g)
        S.fail("next() after close returned")
    except StopIteration:
        pass
S.ok("close")


def stepper(n):
    a = 1
    yield a
    b = a + 1
    yield b
    yield a + b


CURRENT = [stepper(3)]
FIRST_LINE = stepper.__code__.co_firstlineno
done = []


def runner():
    for i in range(M // 4):
        g = stepper(3)
        CURRENT[0] = g
        for _ in g:
            pass
    done.append(1)


def peeker(tid):
    seen = 0
    while not done and not S.errors:
        g = CURRENT[0]
        f = g.gi_frame
        if f is None:
            continue
        line = f.f_lineno
        S.check(FIRST_LINE <= line <= FIRST_LINE + 6, "f_lineno %r" % (line,))
        S.check(f.f_code is stepper.__code__, "f_code")
        back = f.f_back   # None in weft while another thread runs it; CPython: its caller
        S.check(back is None or type(back) is type(f), "f_back %r" % (back,))
        S.check(repr(f).startswith("<frame at "), "repr %r" % repr(f))
        seen += 1
    return seen


S.run([(runner, ())] + [(peeker, (t,)) for t in range(1, max(2, N))])
S.ok("frames")
