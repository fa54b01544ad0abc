# A bytearray method whose argument's __index__ resizes the bytearray works
# on the bytearray as it is after the call (CPython GH-91153 for ba[i] = v).
# Left out: `in`, count, find and an in-range ba[i] = v, where CPython 3.11
# itself reads the old buffer (or corrupts its heap).
BA = bytearray()


class Shrink:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        BA[:] = b"ab"
        return self.value


def attempt(label, fn):
    BA[:] = b"x" * 4000
    try:
        print(label, repr(fn()), bytes(BA))
    except (IndexError, ValueError) as e:
        print(label, type(e).__name__, e, bytes(BA))


attempt("setitem", lambda: BA.__setitem__(3000, Shrink(65)))
attempt("pop", lambda: BA.pop(Shrink(3000)))
attempt("pop last", lambda: BA.pop(Shrink(-1)))
attempt("insert", lambda: BA.insert(Shrink(3000), 67))
attempt("insert value", lambda: BA.insert(3000, Shrink(67)))
attempt("remove", lambda: BA.remove(Shrink(97)))
attempt("append", lambda: BA.append(Shrink(100)))
