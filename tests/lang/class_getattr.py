# __getattr__ is a fallback; __getattribute__ is not needed.
class Proxy:
    def __init__(self, target):
        self._target = target
        self.local = 'local value'
    def __getattr__(self, name):
        print('__getattr__', name)
        if name.startswith('missing'):
            raise AttributeError('no ' + name)
        return getattr(self._target, name)
p = Proxy([3, 1, 2])
print(p.local)
p.append(0)
print(p._target, p.count(1))
try:
    p.missing_thing
except AttributeError as e:
    print('AttributeError:', e)
print(hasattr(p, 'missing_x'), hasattr(p, 'local'), getattr(p, 'missing_y', 'default'))
class Dyn:
    def __getattr__(self, name):
        return name.upper()
d = Dyn()
print(d.hello, d.abc, getattr(d, 'zz'))
d.hello = 'set'
print(d.hello)
