# f_locals of frames other threads run. A runner rebinds its locals to fresh
# objects (dropping the old ones) while peekers read its frame's f_locals
# (sys._getframe() published to them): before the fix a peeker counted a
# value the runner had just freed. Generators: one thread resumes them while
# others read gi_frame.f_locals. Cells: threads store into a closure's cell
# (nonlocal) while the cell's owner reads locals() and others its f_locals.
# defaults: 20000 4
# expect: ok frame_locals running
# expect: ok frame_locals generators
# expect: ok frame_locals cells
import sys

from _stresslib import Stress

S = Stress("frame_locals", 20000, 4)
N, M = S.threads, S.iters

SHARED = [None]
done = []


def check_snapshot(d, where):
    box = d.get("box")
    if box is not None:
        S.check(type(box) is list and len(box) == 2 and box[0] == box[1],
                "%s: box %r" % (where, box))
    k = d.get("k")
    S.check(k is None or type(k) is int, "%s: k %r" % (where, k))
    text = d.get("text")
    S.check(text is None or (type(text) is str and text.startswith("v")), "%s: text %r" % (where, text))


def churn(n):
    k = 0
    box = [0, 0]
    text = "v"
    SHARED[0] = sys._getframe()
    for i in range(n):
        k = i * 1000003 + 7            # a new int each time: the old one is freed
        box = [k, k]
        text = "v" + str(k)
    return k


def running_runner():
    for _ in range(max(1, M // 200)):
        churn(2000)
    done.append(1)


def peek(frame_of, where, check):
    # Reads f_locals of the frame another thread is running until it is done.
    seen = 0
    while not done and not S.errors:
        f = frame_of()
        if f is None:
            continue
        d = f.f_locals
        check_snapshot(d, where)
        check(d)
        seen += 1
    return seen


def running_frame():
    return SHARED[0]


def no_more_checks(d):
    pass


peekers = [(peek, (running_frame, "running", no_more_checks)) for t in range(1, max(2, N))]
S.run([(running_runner, ())] + peekers)
S.ok("running")


def stepper(n):
    k = 0
    box = [0, 0]
    for i in range(n):
        k = i * 7919 + 1
        box = [k, k]
        text = "v%d" % k
        yield text


CURRENT = [None]
done.clear()


def gen_runner():
    for _ in range(max(1, M // 10)):
        g = stepper(50)
        CURRENT[0] = g
        for _ in g:
            pass
    done.append(1)


def generator_frame():
    g = CURRENT[0]
    return None if g is None else g.gi_frame


def check_argument(d):
    S.check(d.get("n") == 50, "generator: n %r" % (d.get("n"),))


peekers = [(peek, (generator_frame, "generator", check_argument)) for t in range(1, max(2, N))]
S.run([(gen_runner, ())] + peekers)
S.ok("generators")


def owner(stores, frames):
    # x is a cell: the closures below store into it from other threads.
    box = [0, 0]
    x = [0, 0]

    def store(i):
        nonlocal x
        x = [i, i]

    stores.append(store)
    frames.append(sys._getframe())
    while not done and not S.errors:
        d = locals()
        v = d.get("x")
        S.check(type(v) is list and len(v) == 2 and v[0] == v[1], "cells: locals x %r" % (v,))
        check_snapshot(d, "cells")
    return box


def cell_writer(stores, tid):
    while not stores:
        pass
    store = stores[0]
    for i in range(M):
        store(i * 31 + tid)
    done.append(1)


def cell_reader(frames, tid):
    while not frames:
        pass
    f = frames[0]
    seen = 0
    while not done and not S.errors:
        v = f.f_locals.get("x")
        S.check(type(v) is list and len(v) == 2 and v[0] == v[1], "cells: f_locals x %r" % (v,))
        seen += 1
    return seen


done.clear()
stores, frames = [], []
writers = max(1, (N - 1) // 2)
S.run([(owner, (stores, frames))] + [(cell_writer, (stores, t)) for t in range(writers)] +
      [(cell_reader, (frames, t)) for t in range(max(1, N - 1 - writers))])
S.ok("cells")
