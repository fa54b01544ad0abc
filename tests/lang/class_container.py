# Container protocol: __len__, __getitem__, __setitem__, __delitem__, __contains__.
class Registry:
    def __init__(self):
        self._data = {}
    def __len__(self):
        return len(self._data)
    def __getitem__(self, key):
        print('get', repr(key))
        return self._data[key]
    def __setitem__(self, key, value):
        print('set', repr(key), repr(value))
        self._data[key] = value
    def __delitem__(self, key):
        print('del', repr(key))
        del self._data[key]
    def __contains__(self, key):
        return key in self._data
r = Registry()
r['a'] = 1
r['b'] = [2]
print(len(r), r['a'], 'a' in r, 'z' in r, 'z' not in r)
r['b'].append(3)
r['a'] += 10
print(r._data)
del r['a']
print(len(r), bool(r))
try:
    r['missing']
except KeyError as e:
    print('KeyError:', e)
class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i
print(list(Squares()), 9 in Squares(), 10 in Squares())
for v in Squares():
    print(v, end=' ')
print()
