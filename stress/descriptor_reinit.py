# Objects that C code reads without a lock, re-initialised while other threads
# use them: a property's accessors (property.__init__ again, __set_name__,
# .getter()), a staticmethod's and a classmethod's function, and the fields
# of shared exceptions (OSError, UnicodeDecodeError, SyntaxError,
# StopIteration: __init__ again and member stores) while others format them.
# Thread 0 re-initialises, the others read and check that each value is one
# the writer stored, whole (never a mix of two stores, never freed memory).
# Before the fix, property.__init__ dropped the old getter while a reader was
# calling it (segfault in 3 runs of 3 at 20000 iterations).
# defaults: 20000 4
# expect: ok descriptor_reinit descriptors
# expect: ok descriptor_reinit exceptions
from _stresslib import Stress

S = Stress("descriptor_reinit", 20000, 4)
N, M = S.threads, S.iters


def getter_returning(v):
    # A new function each time: the old one is dropped when replaced.
    return lambda self: v


def setter_recording(v):
    def fset(self, value):
        self.last = (v, value)
    return fset


PROP = property(getter_returning(("g", 0)), setter_recording(0), None, "doc 0")
SM = staticmethod(getter_returning(("s", 0)))
CM = classmethod(getter_returning(("c", 0)))


class Host:
    pp = PROP
    sp = SM
    cp = CM


def descriptor_writer():
    for i in range(1, M + 1):
        PROP.__init__(getter_returning(("g", i)), setter_recording(i), None, "doc %d" % i)
        PROP.__set_name__(Host, "pp%d" % i)
        SM.__init__(getter_returning(("s", i)))
        CM.__init__(getter_returning(("c", i)))


def number_after(text, prefix, suffix=""):
    """Whether text is prefix + a number + suffix (no regular expressions in weft)."""
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return False
    middle = text[len(prefix):len(text) - len(suffix)]
    return middle.isdigit()


def pair_ok(v, tag):
    return type(v) is tuple and len(v) == 2 and v[0] == tag and 0 <= v[1] <= M


def descriptor_reader(tid):
    h = Host()
    for i in range(M):
        S.check(pair_ok(h.pp, "g"), "property getter returned %r" % (h.pp,))
        h.pp = i
        S.check(h.last[1] == i and 0 <= h.last[0] <= M, "property setter stored %r" % (h.last,))
        S.check(pair_ok(Host.sp(h), "s"), "staticmethod returned %r" % (Host.sp(h),))
        S.check(pair_ok(h.cp(), "c"), "classmethod returned %r" % (h.cp(),))
        doc = PROP.__doc__
        S.check(number_after(doc, "doc "), "property doc %r" % (doc,))
        copy = PROP.getter(getter_returning(("copy", i)))
        S.check(copy.fget(h) == ("copy", i), "getter() copy")
        S.check(repr(SM).startswith("<staticmethod(<function"), "staticmethod repr %r" % repr(SM))
        try:
            del h.pp
        except AttributeError as e:
            text = str(e)   # the name __set_name__ gave last: pp, pp1, pp2, ...
            S.check(number_after(text.replace("'pp'", "'pp0'"), "property 'pp",
                                 "' of 'Host' object has no deleter"), "deleter message %r" % text)


class SubclassError(OSError):
    def __init__(self, *args):   # an __init__ of its own: OSError parses there
        super().__init__(*args)


OS = SubclassError(2, "e0", "f0")
UD = UnicodeDecodeError("utf-8", b"\xff\xfe", 0, 1, "r0")
SE = SyntaxError("m0", ("f0.py", 1, 2, "t0"))
SI = StopIteration(0)


def exception_writer():
    for i in range(1, M + 1):
        OS.__init__(2, "e%d" % i, "f%d" % i)
        OS.filename = "g%d" % i
        OS.strerror = "e%d" % i
        UD.__init__("utf-%d" % (i % 64), bytes([255, i % 256]), 0, 1, "r%d" % i)
        UD.start = i % 3
        SE.__init__("m%d" % i, ("f%d.py" % i, i, 1, "t%d" % i))
        SI.__init__(i)


def os_str_ok(text):
    # "[Errno 2] e<i>: 'f<j>'" or 'g<j>': each field whole
    head, sep, name = text.partition(": ")
    return (sep and number_after(head, "[Errno 2] e") and
            (number_after(name, "'f", "'") or number_after(name, "'g", "'")))


def unicode_str_ok(text):
    # "'utf-<k>' codec can't decode byte 0x<hh> in position <p>: r<i>", or
    # "... decode bytes in position <p>-<q>: r<i>"
    head, sep, reason = text.rpartition(": ")
    if not (sep and number_after(reason, "r") and head.startswith("'utf-")):
        return False
    codec, sep, rest = head[1:].partition("' codec can't decode ")
    if not (sep and number_after(codec, "utf-")):
        return False
    if rest.startswith("byte 0x"):
        hexdigits, sep, pos = rest[len("byte 0x"):].partition(" in position ")
        return sep and len(hexdigits) == 2 and pos.isdigit()
    start, sep, end = rest.partition("-")
    return sep and number_after(start, "bytes in position ") and end.isdigit()


def syntax_str_ok(text):
    # "m<i> (f<i>.py, line <i>)"
    msg, sep, rest = text.partition(" (")
    file, sep2, line = rest.partition(", line ")
    return (sep and sep2 and number_after(msg, "m") and number_after(file, "f", ".py") and
            number_after(line, "", ")"))


def exception_reader(tid):
    for i in range(M):
        text = str(OS)
        S.check(os_str_ok(text), "OSError str %r" % text)
        text = str(UD)
        S.check(unicode_str_ok(text), "UnicodeDecodeError str %r" % text)
        text = str(SE)
        S.check(syntax_str_ok(text), "SyntaxError str %r" % text)
        v = SI.value
        S.check(type(v) is int and 0 <= v <= M, "StopIteration value %r" % (v,))
        S.check(OS.errno == 2 and type(OS.strerror) is str, "OSError fields")


S.run([(descriptor_writer, ())] + [(descriptor_reader, (t,)) for t in range(1, N)])
S.check(Host().pp == ("g", M) and Host.sp(0) == ("s", M), "final accessors")
S.ok("descriptors")

S.run([(exception_writer, ())] + [(exception_reader, (t,)) for t in range(1, N)])
S.check(str(OS) == "[Errno 2] e%d: 'g%d'" % (M, M) and SI.value == M, "final exception fields")
S.ok("exceptions")
