# An attribute lookup in an object's __dict__ whose stored key's __eq__
# replaces that __dict__: the lookup finishes in the dict it started with,
# which it holds until it is done.
class Key(str):
    def __hash__(self):
        return str.__hash__(self)

    def __eq__(self, other):
        global armed
        if armed:
            armed = False
            target.__dict__ = {"fresh": 1}
            junk = [[i] * 10 for i in range(100)]   # reuse the freed memory
        return str.__eq__(self, other)


armed = False


class Plain:
    pass


def func():
    pass


for kind in ("instance", "function", "exception"):
    for lookup in ("getattr", "hasattr", "attribute"):
        target = {"instance": Plain, "function": lambda: func,
                  "exception": lambda: ValueError("x")}[kind]()
        target.__dict__ = {Key("a"): 1, Key("b"): 2}
        armed = True
        if lookup == "getattr":
            result = getattr(target, "a", None)
        elif lookup == "hasattr":
            result = hasattr(target, "a")
        else:
            result = target.a
        print(kind, lookup, result, sorted(target.__dict__))
