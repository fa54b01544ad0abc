# `in` falls back to __iter__, then to __getitem__.
class ByIter:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        print('__iter__ used')
        return iter(self.items)
class ByGetitem:
    def __getitem__(self, i):
        if i > 3:
            raise IndexError
        return i * 10
class ByContains(ByIter):
    def __contains__(self, x):
        print('__contains__ used')
        return x == 'magic'
print(2 in ByIter([1, 2, 3]), 5 in ByIter([1]))
print(20 in ByGetitem(), 25 in ByGetitem())
print('magic' in ByContains([]), 1 in ByContains([1]), 1 not in ByContains([1]))
class Nothing:
    pass
try:
    1 in Nothing()
except TypeError as e:
    print('TypeError:', e)
class ContainsTruthy:
    def __contains__(self, x):
        return 'non-empty string'
print(1 in ContainsTruthy(), 1 not in ContainsTruthy())
