# list < list when an item's __eq__ changes the lists: the final ordering
# comparison uses the items at the first differing index as they are after
# __eq__ ran, or the sizes if either list ran out (as CPython).

class E:
    def __init__(self, v, lst=None):
        self.v = v
        self.lst = lst

    def __eq__(self, o):
        if self.lst:
            self.lst.pop()
        return self.v == o.v

    def __lt__(self, o):
        if self.lst:
            self.lst.pop()
        return self.v < o.v

L = []
L.extend([E(i, L) for i in range(5)])
print(L < [E(0), E(1), E(5)], len(L))

# __eq__ replaces the left list's items: the TypeError names the new item.
L2 = [[i] for i in range(3)]
class F:
    def __eq__(self, o):
        L2[:] = [0, 1, 2]
        return False
try:
    print(L2 < [F(), 1, 2])
except TypeError as e:
    print("TypeError:", e)

# __eq__ empties the right list: sizes decide, for every operator.
for op in ("<", "<=", ">", ">=", "==", "!="):
    R = []
    class G:
        def __eq__(self, o):
            R.clear()
            return False
    R.extend([G(), 1])
    print(op, eval("[1, 2] " + op + " R"), len(R))

# __eq__ shrinks the left list to the differing index.
S = [1, 2, 3]
class H:
    def __eq__(self, o):
        del S[1:]
        return False
print(S > [1, H(), 3], S)

# __eq__ returns False without mutating: the items decide as usual.
print([1, 2, 5] < [1, 2, 4], [1, 2, 3] < [1, 2, 4], ["a"] >= ["a"])
try:
    [1, "x"] < [1, 2]
except TypeError as e:
    print("TypeError:", e)
