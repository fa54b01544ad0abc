# Functions made in every thread from the same code objects and module
# globals (per-thread counts, runtime/objects/thread_refs.c): lambdas,
# comprehensions, generator expressions and closures made, called and dropped
# in loops; closures made by producers and called and dropped by consumers
# after their maker has exited; f.__code__ replaced by codes of other shapes
# while other threads call f (a call must run one code whole, never a frame
# sized for one and bound for the other); functions made by exec() in
# globals whose __builtins__ dict another thread keeps replacing (the old
# dict dies unless a function made from it still holds it); f.__name__ and
# f.__qualname__ replaced while other threads read them in error messages
# and in the generators they make (a formal data race under TSan before).
# ITERATIONS = functions made per thread; THREADS = threads per phase.
# defaults: 5000 4
# expect: ok function_churn make
# expect: ok function_churn handoff
# expect: ok function_churn code_swap
# expect: ok function_churn builtins
# expect: ok function_churn rename
import queue
from _stresslib import Stress

S = Stress("function_churn", 5000, 4)
N = S.iters
W = max(2, S.threads)
SCALE = 3


def make_and_call(seed):
    total = 0
    for i in range(N):
        k = (seed * 7 + i) % 11
        total += (lambda x: x * SCALE + k)(i)
        total += sum([j * SCALE for j in range(k)])
        total += sum(j + 1 for j in range(k))
        total += len({j: j for j in range(k)})

        def inner(y, k=k):
            return y - k
        total += inner(i)
    return total


def expected_make(seed):
    total = 0
    for i in range(N):
        k = (seed * 7 + i) % 11
        total += i * SCALE + k
        total += SCALE * k * (k - 1) // 2
        total += k * (k + 1) // 2
        total += k
        total += i - k
    return total


res = S.run([(make_and_call, (t,)) for t in range(W)])
for t in range(W):
    S.check(res[t] == expected_make(t), "make: thread %d got %r, want %r" % (t, res[t], expected_make(t)))
S.ok("make")


# Producers make closures and exit; consumers call and drop them.
def producer(q, pid):
    for i in range(N):
        base = pid * 100000 + i

        def closure(base=base):
            return base * 2
        q.put((base, closure))


def consumer(q, count):
    total = 0
    for _ in range(count):
        base, fn = q.get()
        if not S.check(fn() == base * 2, "handoff: closure of %d returned %r" % (base, fn())):
            break
        total += base
        del fn
    return total


nprod = W // 2
ncons = W - nprod
items = nprod * N
per = [items // ncons + (1 if c < items % ncons else 0) for c in range(ncons)]
q = queue.Queue(maxsize=64)
res = S.run([(producer, (q, p)) for p in range(nprod)] + [(consumer, (q, per[c])) for c in range(ncons)])
want = sum(p * 100000 + i for p in range(nprod) for i in range(N))
got = sum(r for r in res[nprod:])
S.check(got == want, "handoff: consumers saw %d, want %d" % (got, want))
S.ok("handoff")


# Two codes of different shapes (locals, varargs) for one function.
def shape_small(x, *args, **kw):
    return x * 2


def shape_large(x, *args, **kw):
    a = b = c = d = e = f = g = h = x
    p = [a, b, c, d, e, f, g, h]
    return sum(p) + len(args) + len(kw) + 1


def target(x, *args, **kw):
    return x * 2


CODES = (shape_small.__code__, shape_large.__code__)


def swapper(rounds):
    for i in range(rounds):
        target.__code__ = CODES[i & 1]
    target.__code__ = CODES[0]


def caller(seed):
    for i in range(N):
        x = seed + i
        r = target(x)
        if not S.check(r == x * 2 or r == x * 8 + 1, "code_swap: target(%d) returned %r" % (x, r)):
            break
        r = target(x, 1, 2, k=3)
        if not S.check(r == x * 2 or r == x * 8 + 4, "code_swap: target(%d, 1, 2, k=3) returned %r" % (x, r)):
            break


S.run([(swapper, (N * 2,))] + [(caller, (t * 1000,)) for t in range(W - 1)])
S.check(target(5) == 10, "code_swap: last code not in place")
S.ok("code_swap")


EXEC_GLOBALS = {"__builtins__": {"len": len}}
EXEC_CODE = compile("f = lambda s: len(s) + 1", "<function_churn>", "exec")
MAKERS_DONE = []


def builtins_replacer():
    n = 0
    while len(MAKERS_DONE) < W - 1 and not S.errors:
        EXEC_GLOBALS["__builtins__"] = {"len": len, "n": n}   # the old dict may die here
        n += 1
    return n


def exec_maker(seed):
    for i in range(N // 4 + 1):
        ns = {}
        exec(EXEC_CODE, EXEC_GLOBALS, ns)
        r = ns["f"]("x" * (i % 5))
        if not S.check(r == i % 5 + 1, "builtins: f returned %r" % (r,)):
            break
    MAKERS_DONE.append(seed)


S.run([(builtins_replacer, ())] + [(exec_maker, (t,)) for t in range(W - 1)])
S.ok("builtins")


# Renaming while the names are read: a call with a missing argument formats
# __qualname__ into its TypeError, and a generator copies both names.
def target(a):
    return a


def gen_target():
    yield 1


QUALNAMES = ["target"] + ["renamed_%d" % k for k in range(4)]
NAMES = ["gen_target"] + ["gen_%d" % k for k in range(4)]
stop = []


def renamer(tid):
    for i in range(N):
        target.__qualname__ = QUALNAMES[i % 5]
        gen_target.__name__ = NAMES[i % 5]
        gen_target.__qualname__ = NAMES[(i + tid) % 5]
    stop.append(tid)


def name_reader(nr):
    while len(stop) < nr and not S.errors:
        try:
            target()
        except TypeError as e:
            qual = str(e).split("(")[0]
            S.check(qual in QUALNAMES, "message %r" % (e,))
        g = gen_target()
        S.check(g.__name__ in NAMES and g.__qualname__ in NAMES, "gen names")


S.run([(renamer, (t,)) for t in range(2)] + [(name_reader, (2,))] * max(1, S.threads - 2))
S.ok("rename")
