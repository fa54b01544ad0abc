# list.index(x, start, stop) converts both bounds before it adjusts a
# negative one against the list's size: a bound's __index__ may resize it.
L = list(range(10))


class Grow:
    def __index__(self):
        L.extend(range(10, 20))
        return 100


def show(f):
    try:
        print(f())
    except ValueError as e:
        print("ValueError", e)


show(lambda: L.index(9, -2, Grow()))
del L[10:]
show(lambda: L.index(19, -2, Grow()))
print(len(L))
