# {**x} needs a mapping (keys() and []): a sequence of pairs, accepted by
# dict.update, is "not a mapping" here.

def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: {**[1]})
show(lambda: {**[(1, 2)]})
show(lambda: {"a": 1, **5})
show(lambda: {**None})
show(lambda: {**"ab"})
show(lambda: {**{1: 2}, **((3, 4),)})

class M:
    def keys(self):
        return ["a", "b"]
    def __getitem__(self, k):
        return k * 2

show(lambda: {**M(), "c": 1})

class K:
    def keys(self):
        raise AttributeError("inner")

show(lambda: {**K()})

class DS(dict):
    def keys(self):
        return ["z"]
    def __getitem__(self, k):
        return 0

show(lambda: {**DS(a=1)})
d = {}
d.update([(1, 2)])
print(d)
