# __setattr__ and __delattr__ overrides.
class Logged:
    def __init__(self):
        self.a = 1
    def __setattr__(self, name, value):
        print('setattr', name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print('delattr', name)
        object.__delattr__(self, name)
l = Logged()
l.b = 2
l.a += 5
print(l.__dict__)
del l.b
print(l.__dict__)
class ReadOnly:
    def __init__(self, v):
        object.__setattr__(self, 'v', v)
    def __setattr__(self, name, value):
        raise AttributeError('read-only: ' + name)
r = ReadOnly(10)
print(r.v)
try:
    r.v = 11
except AttributeError as e:
    print('AttributeError:', e)
setattr(l, 'c', 3)
print(l.c)
try:
    del l.nonexistent
except AttributeError as e:
    print('AttributeError:', e)
