# str.join iterates its argument once: __iter__ is called one time.
calls = []


class Words:
    def __iter__(self):
        calls.append(1)
        return iter(["a", "b"])


print(",".join(Words()), len(calls))
print(b"-".join(x.encode() for x in Words()), len(calls))
