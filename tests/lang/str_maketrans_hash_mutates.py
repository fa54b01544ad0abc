# str.maketrans(m) holds each key and value while it stores them: a key's
# __hash__ that clears m does not free what is being stored.
armed = False


class IntKey(int):
    def __hash__(self):
        if armed:
            m.clear()
        return int.__hash__(self)


m = {IntKey(65): object(), IntKey(66): object()}
armed = True
t = str.maketrans(m)
print(len(t), sorted(type(v).__name__ for v in t.values()), len(m))
print(str.maketrans({"a": "b", 99: None}))
try:
    str.maketrans({"ab": 1})
except ValueError as e:
    print("ValueError", e)
try:
    str.maketrans({1.5: 1})
except TypeError as e:
    print("TypeError", e)
