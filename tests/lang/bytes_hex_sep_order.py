# bytes.hex(sep, bytes_per_sep) converts bytes_per_sep first, then checks
# the separator as CPython does: its length, its type (str or bytes), ASCII.
sep = bytearray(b":")


class Per:
    def __index__(self):
        sep.extend(b"--")
        return 1


def show(f):
    try:
        print(f())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)


show(lambda: b"\x01\x02\x03".hex(sep, Per()))
show(lambda: b"\x01\x02".hex(bytearray(b":")))
show(lambda: b"\x01\x02".hex(b"\xff"))
show(lambda: b"\x01\x02".hex("\xe9"))
show(lambda: b"\x01\x02".hex([1]))
show(lambda: b"\x01\x02".hex(""))
show(lambda: b"\x01\x02\x03".hex(":", 2))
show(lambda: bytearray(b"\x01\x02\x03").hex(b"-", -1))
