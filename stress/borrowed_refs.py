# Borrowed stack references (docs/containers-threads.md, rule 8): the eval loop
# may push the values it reads out of shared lists / dicts / globals without a
# count.  Such a value stays alive only because every removal from a shared
# container drops its reference one QSBR grace period later, and because each
# thread turns the borrowed references in its frames (locals, value stacks,
# suspended generators) into counted ones before it reports a quiescent state
# (eval-breaker checks, lock waits, sleeps, queue waits, joins).  Here readers
# keep values they read (container items, globals, instance attributes) while
# writers remove them with every removal path and
# drop the last reference at once; the readers' own use crosses those safe
# points.  Values are objects that really die: big ints, fresh strs, tuples,
# lists and instances whose __del__ is counted, so the last phase checks that
# every instance made was finalized exactly once (no leaked promotion, no
# double drop).  Before checking what it holds, a reader allocates fresh values
# of another kind, which take the memory of any value freed too early.  No
# reference cycles are made: weft may have no gc.
# Phases: hold_across_block (sleep, lock, queue; a borrowed operand on the
# value stack of a blocked call), hold_across_calls (calls, recursion,
# closures, private containers, keyword / star arguments, a frame object that
# outlives its frame; long loops), private_lend (values a thread's own
# containers lend because they are published; lent C-to-Python arguments and
# returns), generator_suspend, container_ops (every
# removal path), in_place (s += t, f += 1.0 on lent values), self_remove (the
# holder removes the value itself; also once left alone), finalizers.
# defaults: 1200 4
# expect: ok borrowed_refs hold_across_block
# expect: ok borrowed_refs hold_across_calls
# expect: ok borrowed_refs private_lend
# expect: ok borrowed_refs generator_suspend
# expect: ok borrowed_refs container_ops
# expect: ok borrowed_refs in_place
# expect: ok borrowed_refs self_remove
# expect: ok borrowed_refs finalizers
import _thread
import queue
import threading
import time
from _stresslib import Stress, Rng

S = Stress("borrowed_refs", 1200, 4)
N, M = S.threads, S.iters
NW = max(1, N // 2)                 # writers per phase
NR = max(1, N - NW)                 # readers per phase
# Iterations of each reader (or self-remover) per phase; writers run until the
# readers are done.
R_BLOCK = R_OPS = R_SELF = M
R_CALLS = max(1, M // 15)
R_GEN = max(1, M // 10)
R_INPLACE = 2 * M
R_FIN = max(1, M * 2 // 3)
K = 8
BIG = 10 ** 30                      # never a small (immortal) int
KEYS = ["k%d" % k for k in range(K)]
MADE = []                           # tags of every Fin made (list.append is atomic)
DELS = []                           # tags of every Fin finalized
done = []                           # readers that finished the phase
PROG = []                           # iterations done by each reader in the phase


class Fin:
    def __init__(self, k, tag):
        self.k = k
        self.tag = tag
        self.data = (k, tag)
        MADE.append(tag)

    def __del__(self):
        DELS.append(self.tag)


class Maker:
    """One per writer thread: makes fresh values of kind k, each a new object."""

    def __init__(self, wid):
        self.wid = wid
        self.n = 0

    def make(self, k):
        n = self.n
        self.n = n + 1
        r = n % 5
        if r == 0:
            return BIG + k + K * n
        if r == 1:
            return "v%d-%d" % (k, n)
        if r == 2:
            return (k, n, BIG + n)
        if r == 3:
            return [k, n, "%d" % n]
        return Fin(k, "%d.%d" % (self.wid, n))

    def row(self):
        return [self.make(k) for k in range(K)]

    def table(self):
        return {KEYS[k]: self.make(k) for k in range(K)}


def kind(v):
    """The k a value was made for, or -1 when it is not a valid value (a freed
    or reused object, a torn one)."""
    t = type(v)
    if t is int:
        return (v - BIG) % K if v >= BIG else -1
    if t is str:
        if len(v) < 4 or v[0] != "v" or v[2] != "-" or not v[3:].isdigit():
            return -1
        return int(v[1])
    if t is tuple:
        return v[0] if len(v) == 3 and v[2] == BIG + v[1] else -1
    if t is list:
        return v[0] if len(v) == 3 and v[2] == "%d" % v[1] else -1
    if t is Fin:
        d = v.data
        return v.k if type(d) is tuple and len(d) == 2 and d[0] == v.k and d[1] is v.tag else -1
    return -1


def chk(v, k, what):
    if kind(v) != k:
        S.fail("%s: %r is not a value of kind %d" % (what, v, k))
        return False
    return True


def chk_any(v, what):
    if kind(v) < 0:
        S.fail("%s: %r is not a valid value" % (what, v))
        return False
    return True


def scribble(mk, k):
    # Fresh objects of every type but of another kind, kept while the caller
    # checks what it holds: they take the memory of values just freed, so a
    # value read after it died shows up as another kind.
    k2 = (k + 1) % K
    return [mk.make(k2) for _ in range(10)]


def spin(n):
    # Pure bytecode: long enough (n in the thousands) that the eval breaker
    # makes the thread report a quiescent state in the middle.
    s = 0
    for j in range(n):
        s += j * j
    return s


def writing(i):
    # Writers keep going until every reader is done (and at least a little
    # while).  They yield now and then, so that under a GIL readers get a turn,
    # and never run far ahead of the readers (that bounds the garbage, and the
    # instances to account for, under slow builds).
    if i % 8 == 7:
        time.sleep(0)
        while i > 32 * (sum(PROG) // NR + 1) and len(done) < NR and not S.errors:
            time.sleep(0.0005)
    return (i < 64 or len(done) < NR) and not S.errors


# ---------------------------------------------------------------------------
# Shared tables the writers of phases 1-3 replace values in.
W0 = Maker(0)
TABLE = W0.table()                  # str keys: the lock-free (borrowing) dict path
LST = W0.row()
G = W0.make(0)                      # a global rebound all the time
GL = W0.row()                       # a global list replaced whole (the old one dies)
NEST = [W0.row()]                   # a list whose only item is replaced whole


class Holder:
    pass


OBJ = Holder()                      # instance attributes (its __dict__) replaced all the time
OBJ.a = W0.make(0)
OBJ.b = W0.make(1)


def writer(wid):
    global G, GL
    mk = Maker(wid)
    i = 0
    while writing(i):
        i += 1
        k = i % K
        key = KEYS[k]
        TABLE[key] = mk.make(k)
        LST[k] = mk.make(k)
        G = mk.make(k)
        NEST[0][k] = mk.make(k)
        OBJ.a = mk.make(0)
        OBJ.b = mk.make(1)
        if i % 16 == 0:
            NEST[0] = mk.row()
        if i % 32 == 5:
            GL = mk.row()
    return mk.n


def run_phase(wid0, reader):
    del done[:]
    PROG[:] = [0] * NR
    S.run([(writer, (wid0 + t,)) for t in range(NW)] + [(reader, (wid0 + 50 + r,)) for r in range(NR)])


# ---------------------------------------------------------------------------
# Phase 1: hold values across blocking (sleep, lock waits, queue) and keep
# borrowed values on the value stack of a frame while a call blocks.
SHARED_LOCK = threading.Lock()


def blocker(n):
    if n % 2:
        time.sleep(0)
    else:
        with SHARED_LOCK:
            time.sleep(0)
    return n


def hold_args(a, n, b, k):
    # a sat on the caller's value stack while blocker() blocked; b is held
    # here across a sleep.
    ok = chk(a, k, "argument held across a call that blocked")
    time.sleep(0)
    return chk(b, k, "argument held across sleep") and ok


def block_reader(rid):
    rng = Rng(rid)
    mk = Maker(rid)
    pl = threading.Lock()
    q = queue.Queue()
    n = 0
    while n < R_BLOCK and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        a = TABLE[key]
        b = LST[k]
        c = G
        d = GL[k]
        inner = NEST[0]
        e = NEST[0][k]
        o = OBJ
        f = o.a                         # the owner borrowed from a local
        h = OBJ.b
        how = n % 6
        if how == 0:
            time.sleep(0)
        elif how == 1:
            pl.acquire()
            pl.release()
            time.sleep(0)
        elif how == 2:
            with SHARED_LOCK:           # contended: readers hold it across a sleep
                time.sleep(0)
        elif how == 3:
            q.put(n)
            S.check(q.get() == n, "private queue")
        elif how == 4:
            hold_args(TABLE[key], blocker(n), LST[k], k)
        else:
            # Copies of locals read in place (LOAD_FAST_BORROW) sit on the
            # value stack while the call blocks: promoted with the locals.
            S.check((a is blocker(n)) is False and (b is blocker(n + 1)) is False,
                    "locals read in place across a call that blocked")
        junk = scribble(mk, k)
        chk(a, k, "TABLE[%r] held across a block" % key)
        chk(b, k, "LST[%d] held across a block" % k)
        chk_any(c, "G held across a block")
        chk(d, k, "GL[%d] held across a block" % k)
        chk(e, k, "NEST[0][%d] held across a block" % k)
        chk(inner[k], k, "item of a NEST[0] held across a block")
        chk(f, 0, "OBJ.a held across a block")
        chk(h, 1, "OBJ.b held across a block")
        junk = None
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


run_phase(100, block_reader)
S.ok("hold_across_block")


# ---------------------------------------------------------------------------
# Phase 2: pass borrowed values through Python calls, closures, containers,
# keyword / star arguments and frame objects that outlive their frame, while
# the thread runs long enough to report quiescent states.
def f3(x):
    return x


def f2(x, n):
    spin(n)
    return f3(x)


def f1(x, n):
    return f2(x, n)


def rec(x, d, n):
    if d == 0:
        spin(n)
        return x
    return rec(x, d - 1, n)


def make_closure(x):
    def g():
        return x
    return g


def kw(n, x=None, y=None):
    spin(n)
    return x, y


def star(n, *xs):
    spin(n)
    return xs


class Holder:
    def keep(self, x, n):
        self.x = x
        spin(n)
        return self.x


def thrower(key, k, n):
    v = TABLE[key]
    w = LST[k]
    spin(n)
    raise ValueError(k)


def frame_outlives(key, k, n):
    # thrower's frame ends while its frame object, held by the traceback,
    # keeps its locals: they must have been counted.
    f = None
    try:
        thrower(key, k, n)
    except ValueError as e:
        f = e.__traceback__.tb_next.tb_frame
    time.sleep(0)
    loc = f.f_locals
    f = None
    return loc["v"], loc["w"]


def calls_reader(rid):
    rng = Rng(rid)
    h = Holder()
    mk = Maker(rid)
    n = 0
    while n < R_CALLS and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        sp = 100 + rng.below(1500) if n % 8 else 4000 + rng.below(20000)
        chk(f1(TABLE[key], sp), k, "TABLE value through calls")
        chk(rec(LST[k], 5 + rng.below(20), sp), k, "LST value through recursion")
        g = make_closure(GL[k])
        spin(sp)
        junk = scribble(mk, k)
        chk(g(), k, "GL value in a closure cell")
        keep = [TABLE[key], LST[k], NEST[0][k]]
        dk = {"a": TABLE[key], "b": LST[k]}
        spin(sp)
        junk = scribble(mk, k)
        for x in keep:
            chk(x, k, "value stored into a private list")
        chk(dk["a"], k, "value stored into a private dict")
        chk(dk["b"], k, "value stored into a private dict")
        x, y = kw(sp, y=LST[k], x=TABLE[key])
        chk(x, k, "keyword argument")
        chk(y, k, "keyword argument")
        for x in star(sp, TABLE[key], *[LST[k], GL[k]]):
            chk(x, k, "star argument")
        chk(h.keep(NEST[0][k], sp), k, "value stored into an attribute")
        if n % 4 == 0:
            v, w = frame_outlives(key, k, sp)
            junk = scribble(mk, k)
            chk(v, k, "local of a frame object that outlived its frame")
            chk(w, k, "local of a frame object that outlived its frame")
        junk = None
        n += 1
        PROG[rid % 50] = n
    h.x = None
    done.append(rid)
    return n


run_phase(200, calls_reader)
S.ok("hold_across_calls")


# ---------------------------------------------------------------------------
# Phase 2b: values lent by a thread's PRIVATE containers. A value published by
# a shared table and kept in a thread's own instance attribute, dict or list
# is lent when read back (wf_container_lends: the value is published); the
# reader then drops the private reference itself (replace, del, pop, clear,
# the container dying) after writers replaced the table's, so that the
# private one is the last, and crosses quiescent states before it uses the
# value. The same for the items of a thread's own tuples (unpacked, indexed,
# iterated), dropped with the tuple. Also: a lent value returned from a
# function whose frame teardown drops its holder, and values that C passes
# lent to Python dunders and __init__.
class Box:
    def __init__(self, v, n=0):
        self.v = v
        if n:
            spin(n)                     # __init__ called by C, value lent

    def __eq__(self, other):            # called by C (==) with a lent argument
        spin(300)
        return kind(other) == kind(self.v)

    __hash__ = None


def take_attr(h):
    v = h.v                             # lent: h is private, the value published
    h.v = None                          # the private reference is retired
    return v                            # returned borrowed onto the caller's stack


def take_from_dying(key):
    b = Box(TABLE[key])
    return b.v                          # b dies in this frame's teardown


def private_reader(rid):
    rng = Rng(rid)
    mk = Maker(rid)
    n = 0
    while n < R_OPS and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        sp = 100 + rng.below(1500) if n % 8 else 4000 + rng.below(20000)
        h = Box(TABLE[key])
        d = {"a": LST[k], "b": NEST[0][k]}
        lst = [GL[k], TABLE[key], LST[k]]
        h2 = Box(LST[k])
        tp = (TABLE[key], LST[k])       # private tuples of published values
        tq = (NEST[0][k], GL[k])
        spin(sp)                        # the writers replace the shared references
        v1 = take_attr(h)
        v2 = d["a"]
        d["a"] = None
        v3 = d["b"]
        del d["b"]
        v4 = lst[0]
        lst[0] = None
        v5 = lst[1]
        lst.pop(1)
        v6 = lst[-1]
        lst.clear()
        v7 = take_from_dying(key)
        v8 = h2.v
        h2 = None                       # the container dies
        v9, v10 = tp                    # tuple items lent: they are published
        tp = None                       # the tuple dies: its items are retired
        v11 = tq[0]
        for v12 in tq:
            pass
        tq = None
        spin(sp)
        junk = scribble(mk, k)
        chk(v1, k, "attribute lent by a private instance, returned")
        chk(v2, k, "value lent by a private dict, replaced")
        chk(v3, k, "value lent by a private dict, deleted")
        chk(v4, k, "item lent by a private list, replaced")
        chk(v5, k, "item lent by a private list, popped")
        chk(v6, k, "item lent by a private list, cleared")
        chk(v7, k, "attribute of an instance that died in the callee")
        chk(v8, k, "attribute of an instance that died")
        chk(v9, k, "item of a private tuple that died, unpacked")
        chk(v10, k, "item of a private tuple that died, unpacked")
        chk(v11, k, "item of a private tuple that died, indexed")
        chk(v12, k, "item of a private tuple that died, iterated")
        b = Box(TABLE[key], sp)         # type_call -> __init__, argument lent
        S.check(b == LST[k], "__eq__ called by C with a lent argument")
        chk(b.v, k, "value stored by an __init__ that C called")
        junk = None
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


run_phase(800, private_reader)
S.ok("private_lend")


# ---------------------------------------------------------------------------
# Phase 3: generators that keep borrowed values in their frame across yields
# (resumed from other functions and other threads), that yield borrowed values,
# and that are created with borrowed arguments and started later.
POOL = []                           # half-consumed generators handed between threads


def gen_hold(key, k, n):
    v = TABLE[key]
    w = LST[k]
    for j in range(n):
        yield j
        if j % 8 == 7:
            spin(300)
    yield kind(v) == k and kind(w) == k


def gen_yield(key, k, n):
    for j in range(n):
        yield TABLE[key]
        yield LST[k]
        yield NEST[0][k]


def gen_arg(x, y, n):
    for j in range(n):
        yield j
    yield x
    yield y


def gen_hold_ret(key, k, n):
    v = TABLE[key]
    w = LST[k]
    for j in range(n):
        yield j
    return kind(v) == k and kind(w) == k


def gen_outer(key, k, n):
    v = GL[k]
    r = yield from gen_hold_ret(key, k, n)
    yield r is True and kind(v) == k


def pull(g):
    return next(g)


def finish(g, what):
    last = None
    for x in g:
        last = x
    S.check(last is True, "%s: held values invalid at the end (%r)" % (what, last))


def gen_reader(rid):
    rng = Rng(rid)
    mk = Maker(rid)
    n = 0
    while n < R_GEN and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        m = 4 + rng.below(24)
        g1 = gen_hold(key, k, m)
        g2 = gen_yield(key, k, m)
        g4 = gen_outer(key, k, m)
        # Created with borrowed arguments, started only later.
        args = [gen_arg(TABLE[KEYS[j]], LST[j], m) for j in range(K)]
        # Suspended right after reading: their frames hold borrowed values.
        holds = [gen_hold(KEYS[j], j, m) for j in range(K)]
        for h in holds:
            pull(h)
        S.check(pull(g1) == 0, "first item of gen_hold")
        pull(g4)
        for j in range(m):
            x = pull(g2)
            if j % 4 == 0:
                time.sleep(0)
            junk = scribble(mk, k)
            chk(x, k, "value yielded by gen_yield, held across a sleep")
            if j + 1 < m:
                S.check(pull(g1) == j + 1, "gen_hold sequence")
                S.check(pull(g4) == j + 1, "gen_outer sequence")
            if j % 8 == 3:
                spin(2000)
        time.sleep(0)
        junk = scribble(mk, k)
        for j in range(K):
            items = list(args[j])
            S.check(len(items) == m + 2, "gen_arg length")
            chk(items[m], j, "borrowed argument of a generator")
            chk(items[m + 1], j, "borrowed argument of a generator")
        for h in holds:
            finish(h, "gen_hold suspended after its reads")
        finish(g1, "gen_hold")
        finish(g4, "gen_outer")
        # A generator suspended here is finished by some other thread.
        g5 = gen_hold(key, k, m)
        pull(g5)
        POOL.append(g5)
        try:
            other = POOL.pop(0)
        except IndexError:
            other = None
        if other is not None:
            time.sleep(0)
            junk = scribble(mk, k)
            finish(other, "gen_hold finished by another thread")
        # One dropped unfinished, the other abandoned mid-way: their frames die.
        g6 = gen_arg(TABLE[key], LST[k], m)
        g7 = gen_hold(key, k, m)
        pull(g7)
        g6 = g7 = args = holds = junk = None
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


run_phase(300, gen_reader)
while POOL:
    finish(POOL.pop(), "gen_hold left in the pool")
S.ok("generator_suspend")


# ---------------------------------------------------------------------------
# Phase 4: every removal path on shared lists and dicts while readers index
# them (IndexError / KeyError expected; a value read is always valid).
W1 = Maker(1)
CL = W1.row()                       # shared list: indexes shift, any kind is fine
DK = W1.table()                     # shared dict: DK[KEYS[k]] is always of kind k
CN = [W1.row()]                     # nested list replaced / emptied whole
G2 = W1.make(0)                     # a global deleted and rebound


def ops_writer(wid):
    global CL, DK, G2
    mk = Maker(wid)
    rng = Rng(wid)
    i = 0
    while writing(i):
        i += 1
        k = rng.below(K)
        key = KEYS[k]
        op = i % 22
        try:
            if op == 0:
                CL[k] = mk.make(k)
            elif op == 1:
                del CL[k]
            elif op == 2:
                chk_any(CL.pop(), "CL.pop()")
            elif op == 3:
                chk_any(CL.pop(k), "CL.pop(k)")
            elif op == 4:
                CL.remove(CL[k])
            elif op == 5:
                CL.clear()
            elif op == 6:
                CL[1:5] = [mk.make(k), mk.make(k)]
            elif op == 7:
                del CL[2:6]
            elif op == 8:
                CL *= 0
            elif op == 9:
                CL.sort(key=kind)
                CL.reverse()
            elif op == 10:
                CL = mk.row()
            elif op == 11:
                CL[:] = mk.row()
            elif op == 12:
                DK[key] = mk.make(k)
            elif op == 13:
                del DK[key]
            elif op == 14:
                x = DK.pop(key, None)
                if x is not None:
                    chk(x, k, "DK.pop()")
            elif op == 15:
                kk, x = DK.popitem()
                chk(x, KEYS.index(kk), "DK.popitem()")
            elif op == 16:
                DK.clear()
            elif op == 17:
                DK.update({key: mk.make(k), KEYS[(k + 1) % K]: mk.make((k + 1) % K)})
            elif op == 18:
                DK = mk.table()
            elif op == 19:
                CN[0] = mk.row()
                CN[0][k] = mk.make(k)
            elif op == 20:
                del G2
            else:
                G2 = mk.make(k)
        except (IndexError, KeyError, ValueError, NameError):
            pass
        # Refill, so that readers mostly find something.
        if len(CL) < K:
            CL.extend(mk.row())
        elif len(CL) > 4 * K:
            del CL[K:]
        if i % 3 == 0:
            DK.setdefault(key, mk.make(k))      # may drop the fresh value at once
    return mk.n


def ops_reader(rid):
    rng = Rng(rid)
    mk = Maker(rid)
    n = 0
    while n < R_OPS and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        a = b = c = d = None
        try:
            a = CL[k]
        except IndexError:
            pass
        try:
            b = DK[key]
        except KeyError:
            pass
        try:
            c = CN[0][k]
        except IndexError:
            pass
        try:
            d = G2
        except NameError:
            pass
        if n % 3 == 0:
            time.sleep(0)
        elif n % 3 == 1:
            spin(200 + rng.below(3000))
        junk = scribble(mk, k)
        if a is not None:
            chk_any(a, "CL item held")
        if b is not None:
            chk(b, k, "DK[%r] held" % key)
        if c is not None:
            chk(c, k, "CN[0][%d] held" % k)
        if d is not None:
            chk_any(d, "G2 held")
        try:
            chk_any(CL[-1], "CL[-1]")
        except IndexError:
            pass
        junk = None
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


del done[:]
PROG[:] = [0] * NR
S.run([(ops_writer, (400 + t,)) for t in range(NW)] + [(ops_reader, (450 + r,)) for r in range(NR)])
for x in CL:
    chk_any(x, "final CL item")
for kk in DK:
    chk(DK[kk], KEYS.index(kk), "final DK[%r]" % kk)
S.ok("container_ops")


# ---------------------------------------------------------------------------
# Phase 5: a borrowed value is never modified in place (s += t on a str whose
# only counted reference is the container's, float / int results).
W2 = Maker(2)
STRS = {KEYS[k]: "v%d-%d" % (k, 0) for k in range(K)}
FLTS = [k + 0.5 for k in range(K)]
INTS = [BIG + k for k in range(K)]


def fkind(f):
    if type(f) is not float or f - int(f) != 0.5:
        return -1
    return int(f) % K


def inplace_writer(wid):
    i = 0
    while writing(i):
        i += 1
        k = i % K
        STRS[KEYS[k]] = "v%d-%d" % (k, i + 1)
        FLTS[k] = k + K * (i + 1) + 0.5
        INTS[k] = BIG + k + K * (i + 1)
    return i


def inplace_reader(rid):
    rng = Rng(rid)
    n = 0
    while n < R_INPLACE and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        s0 = STRS[key]
        s = s0
        s += "!"
        S.check(s[-1] == "!" and kind(s[:-1]) == k, "s += '!' gave %r" % s)
        s += "!"
        t = STRS[key]
        t = t + "?"
        S.check(t[-1] == "?" and kind(t[:-1]) == k, "s + '?' gave %r" % t)
        f0 = FLTS[k]
        f = f0
        f += 1.0
        S.check(fkind(f) == (k + 1) % K, "f += 1.0 gave %r" % f)
        g = FLTS[k] * 1.0 + 0.0
        S.check(fkind(g) == k, "f * 1.0 + 0.0 gave %r" % g)
        x0 = INTS[k]
        x = x0
        x += 1
        S.check(x > BIG and (x - 1 - BIG) % K == k, "x += 1 gave %r" % x)
        if n % 4 == 0:
            time.sleep(0)
        junk = ["v%d-%d" % ((k + 1) % K, j) for j in range(8)]
        junk.append([k + 1.5 + j for j in range(8)])
        # Nothing shared was changed by the in-place operators above.
        chk(s0, k, "str after s += t on a copy of it")
        S.check(fkind(f0) == k, "float %r after f += 1.0 on a copy of it" % (f0,))
        chk(x0, k, "int after x += 1 on a copy of it")
        chk(STRS[key], k, "STRS[%r] after s += t" % key)
        S.check(fkind(FLTS[k]) == k, "FLTS[%d] = %r after f += 1.0" % (k, FLTS[k]))
        chk(INTS[k], k, "INTS[%d] after x += 1" % k)
        junk = None
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


def in_place_alone():
    # The same with no other thread running (the containers stay marked).
    # In a function: module-level names live in a dict, not in frame slots.
    for k in range(K):
        key = KEYS[k]
        s = STRS[key]
        s += "!"
        f = FLTS[k]
        f += 1.0
        chk(STRS[key], k, "STRS[%r] after s += t, one thread" % key)
        S.check(fkind(FLTS[k]) == k, "FLTS[%d] = %r after f += 1.0, one thread" % (k, FLTS[k]))


in_place_alone()
S.ok("in_place")


# ---------------------------------------------------------------------------
# Phase 6: the thread that holds a borrowed value removes it from the container
# itself (its own retirement must not free what it still uses), with other
# threads doing the same and with no other thread at all.
W3 = Maker(3)
# Each thread replaces and deletes only its own keys / slots (so it never
# finds them missing), in containers all the threads share.
SKEYS = [["k%d.%d" % (k, t) for k in range(K)] for t in range(N)]
SR = {SKEYS[t][k]: W3.make(k) for t in range(N) for k in range(K)}
SL = [W3.make(k) for t in range(N) for k in range(K)]


def self_remover(t):
    mk = Maker(600 + t)
    keys = SKEYS[t]
    for i in range(R_SELF):
        k = (i + t) % K
        key = keys[k]
        v = SR[key]
        SR[key] = mk.make(k)
        w = SL[t * K + k]
        SL[t * K + k] = mk.make(k)
        u = SR[key]
        del SR[key]
        SR[key] = mk.make(k)
        if i % 4 == 0:
            time.sleep(0)
        elif i % 4 == 1:
            spin(1500)
        junk = scribble(mk, k)
        chk(v, k, "value this thread replaced, held")
        chk(w, k, "item this thread replaced, held")
        chk(u, k, "value this thread deleted, held")
    return mk.n


S.run([(self_remover, (t,)) for t in range(N)])


def remove_alone(mk):
    # In functions from here on: module-level names live in a dict, not in
    # frame slots, and are never borrowed.
    for i in range(max(1, M // 50)):
        k = i % K
        key = SKEYS[0][k]
        v = SR[key]
        SR[key] = mk.make(k)
        w = SL[k]
        SL[k] = mk.make(k)
        junk = scribble(mk, k)
        chk(v, k, "value replaced by the only thread")
        chk(w, k, "item replaced by the only thread")
        if i % 10 == 0:
            # A thread started while this one holds values it removed.
            t = threading.Thread(target=spin, args=(3000,))
            t.start()
            spin(3000)
            t.join()
            junk = scribble(mk, k)
        chk(v, k, "value replaced by the main thread, held across a join")
        chk(w, k, "item replaced by the main thread, held across a join")


def exit_when(gate):
    while not gate:
        time.sleep(0.0002)


def remove_left_alone(mk):
    # Borrowed while another thread runs, then removed once it has exited:
    # the remover is alone by then and may drop at once, so it must first
    # count what it still borrows.  No block between the reads and the
    # checks (a block would count the borrowed values anyway).
    for i in range(max(1, M // 150)):
        k = i % K
        key = SKEYS[0][k]
        gate = []
        t = threading.Thread(target=exit_when, args=(gate,))
        t.start()
        v = SR[key]
        w = SL[k]
        gate.append(1)
        while _thread._count():     # until the thread has quite gone
            pass
        SR[key] = mk.make(k)
        SL[k] = mk.make(k)
        junk = scribble(mk, k)
        chk(v, k, "value borrowed, removed by the thread left alone")
        chk(w, k, "item borrowed, removed by the thread left alone")
        t.join()


mk_main = Maker(4)
remove_alone(mk_main)
remove_left_alone(mk_main)
S.ok("self_remove")


# ---------------------------------------------------------------------------
# Phase 7: only instances with a counted __del__, held by readers across safe
# points, in generators left suspended and in frames; then everything is
# dropped and every instance made must be finalized exactly once.
FT = {KEYS[k]: Fin(k, "f.%d" % k) for k in range(K)}
FLS = [Fin(k, "g.%d" % k) for k in range(K)]


def fin_writer(wid):
    i = 0
    while writing(i):
        i += 1
        k = i % K
        FT[KEYS[k]] = Fin(k, "%d.%d.a" % (wid, i))
        FLS[k] = Fin(k, "%d.%d.b" % (wid, i))
        if i % 64 == 0:
            # Slice assignment: atomic, so readers never find the list short.
            FLS[K - 1:] = [Fin(K - 1, "%d.%d.c" % (wid, i))]
    return i


def fin_gen(x, n):
    for j in range(n):
        yield j
    yield x


def fin_reader(rid):
    rng = Rng(rid)
    n = 0
    while n < R_FIN and not S.errors:
        k = rng.below(K)
        key = KEYS[k]
        a = FT[key]
        b = FLS[k]
        g = fin_gen(FT[key], 3)
        h = fin_gen(FLS[k], 3)
        pull(h)
        if n % 2:
            time.sleep(0)
        else:
            spin(500 + rng.below(3000))
        junk = [Fin((k + 1) % K, "%d.%d.s%d" % (rid, n, j)) for j in range(4)]
        chk(a, k, "Fin from FT held")
        chk(b, k, "Fin from FLS held")
        chk(list(g)[-1], k, "Fin through a generator argument")
        h = junk = None             # suspended generator dropped: its Fin dies
        n += 1
        PROG[rid % 50] = n
    done.append(rid)
    return n


del done[:]
PROG[:] = [0] * NR
S.run([(fin_writer, (700 + t,)) for t in range(NW)] + [(fin_reader, (750 + r,)) for r in range(NR)])
for k in range(K):
    chk(FT[KEYS[k]], k, "final FT")
    chk(FLS[k], k, "final FLS")

# Drop every value of every phase.
for d in (TABLE, DK, STRS, SR, FT):
    d.clear()
for lst in (LST, GL, NEST, CL, CN, FLTS, INTS, SL, FLS):
    lst *= 0
G = G2 = x = d = lst = None
OBJ.a = OBJ.b = None
deadline = time.time() + 5
while len(DELS) < len(MADE) and time.time() < deadline:
    time.sleep(0.01)                # finalization may run at later safe points
made = len(MADE)
S.check(len(DELS) == made, "%d of %d instances finalized" % (len(DELS), made))
S.check(len(set(DELS)) == len(DELS), "an instance finalized twice")
S.check(set(DELS) == set(MADE), "finalized tags differ from made tags")
S.ok("finalizers")
