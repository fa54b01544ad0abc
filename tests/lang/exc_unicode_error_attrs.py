# UnicodeError start/end take only an int (CPython's PyLong_AsSsize_t: no
# __index__); the other attributes take any object.

class I:
    def __index__(self):
        return 1

def attempt(e, name, v):
    try:
        setattr(e, name, v)
        print(name, "=", repr(getattr(e, name)))
    except Exception as x:
        print(name, type(x).__name__, x)

for e in (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
          UnicodeEncodeError("ascii", "\xff", 0, 1, "bad"),
          UnicodeTranslateError("\xff", 0, 1, "bad")):
    print(type(e).__name__)
    for name in ("start", "end"):
        for v in (None, "1", 1.5, I(), 3, True, 2**70, -5):
            attempt(e, name, v)
    for name in ("reason", "object"):
        for v in (None, 5, "x"):
            attempt(e, name, v)
    try:
        del e.start
    except TypeError as x:
        print("del TypeError", x)
