# The unmarked -> marked transition of containers (runtime/objects/lockfree.h
# point 3) and the revocation of the owner's bias (threads/bias.h): a thread
# builds a private list, dict, set of ints, __slots__ instance and plain
# instance (attributes inline) full of unpublished objects and keeps replacing
# and resizing them (old items die at once while the containers are private);
# part-way through it hands them to
# reader threads through a shared slot WITHOUT stopping.  The readers' first
# touch marks each container and publishes its items; from then on every
# item a reader meets must be live and valid, and the owner's drops must wait
# for the readers. Containers built by literals and comprehensions are
# handed over before their owner biased them in a quarter of the rounds.
# defaults: 400 4
# expect: ok container_mark_handoff rounds
from _stresslib import Stress, Rng

S = Stress("container_mark_handoff", 400, 4)
N, ROUNDS = S.threads, S.iters
K = 16
BIG = 10 ** 30                  # never a small (immortal) int
SLOT = [None]                   # the hand-over: (round, list, dict, box, set) or None
DONE = []                       # rounds the owner has finished, in order
FINISHED = []                   # set once, after the last round


class Box:
    __slots__ = ("a", "b")


class Plain:                     # attributes kept inline (inline_attrs.c), stored biased
    def __init__(self, a, b):
        self.a = a
        self.b = b


def fresh(k, i):
    return BIG + k + K * i       # a new int object each call


KEYS = ["k%d" % k for k in range(K)]


def valid(v, k):
    return type(v) is int and v >= BIG and (v - BIG) % K == k


def owner():
    rng = Rng(1)
    for r in range(ROUNDS):
        lst = [fresh(k, 0) for k in range(K)]
        dct = {"k%d" % k: fresh(k, 0) for k in range(K)}
        box = Box()
        box.a = fresh(0, 0)
        box.b = fresh(1, 0)
        pl = Plain(fresh(0, 0), fresh(1, 0))
        st = set(range(K))                   # 0..K-1 stay; one big int comes and goes
        prev = fresh(0, 0)
        st.add(prev)
        # Every fourth round hands over before the owner's first biased
        # operation, so that operation races with the readers' marking
        # (WF_OBJ_FLAG_BIASED, threads/bias.h).
        hand_at = 1 if r % 4 == 0 else 50 + rng.below(200)
        for i in range(1, 400):
            if i == hand_at:
                SLOT[0] = (r, lst, dct, box, st, pl)
            k = i % K
            lst[k] = fresh(k, i)             # the old item dies here
            dct[KEYS[k]] = fresh(k, i)
            box.a = fresh(0, i)
            box.b = fresh(1, i)
            pl.a = fresh(0, i)
            pl.b = fresh(1, i)
            lst.append(fresh(k, i))          # biased leaf operations (threads/bias.h)
            lst.pop()
            big = fresh(k, i)
            st.add(big)                      # set add / discard / in: biased too
            st.discard(prev)
            prev = big
            if k not in st or big not in st:
                S.fail("owner: set lost %d or %r" % (k, big))
            a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15 = lst
            if not valid(a15, 15):
                S.fail("unpacked %r" % (a15,))
            if i % 5 == 0:                   # slice assignment: in place while private
                lst[2:4] = [fresh(2, i), fresh(3, i)]
            if i % 7 == 0:                   # resize: arrays and tables retired
                lst.extend([fresh(k, i)] * 8)
                del lst[K:]
                dct["x%d" % i] = fresh(k, i)
                del dct["x%d" % i]
                for j in range(8):
                    st.add(-1 - j)
                for j in range(8):
                    st.discard(-1 - j)
        DONE.append(r)
        SLOT[0] = None
    FINISHED.append(True)


def reader():
    seen = 0
    while not S.errors:
        h = SLOT[0]
        if h is None:
            if FINISHED:
                break
            continue
        r, lst, dct, box, st, pl = h
        while not S.errors and len(DONE) <= r:
            for k in range(K):
                v = lst[k]
                if not valid(v, k):
                    S.fail("lst[%d] = %r" % (k, v))
                v = dct.get(KEYS[k])
                if not valid(v, k):
                    S.fail("dct[k%d] = %r" % (k, v))
            for x in lst:
                if type(x) is not int or x < BIG:
                    S.fail("iterated %r" % (x,))
            for k in range(K):
                if k not in st:
                    S.fail("set lost %d" % k)
            st.add(-100)
            st.discard(-100)
            a, b = box.a, box.b
            if not (valid(a, 0) and valid(b, 1)):
                S.fail("box = %r %r" % (a, b))
            a, b = pl.a, pl.b
            if not (valid(a, 0) and valid(b, 1)):
                S.fail("plain = %r %r" % (a, b))
            seen += 1
    return seen


res = S.run([(owner, ())] + [(reader, ())] * max(1, N - 1))
S.check(FINISHED and DONE == list(range(ROUNDS)), "owner finished every round")
S.ok("rounds")
