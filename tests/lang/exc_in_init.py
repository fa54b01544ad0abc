# Exceptions raised from __init__ and from methods called there.
class Resource:
    created = 0
    def __init__(self, name):
        Resource.created += 1
        if not name:
            raise ValueError('name required')
        self.name = name
        self.check()
    def check(self):
        if self.name == 'bad':
            raise RuntimeError('check failed for ' + self.name)
for n in ['ok', '', 'bad']:
    try:
        r = Resource(n)
        print('created', r.name)
    except (ValueError, RuntimeError) as e:
        print(type(e).__name__, e)
print(Resource.created)
class Partial:
    def __init__(self):
        self.a = 1
        raise KeyError('half-built')
try:
    p = Partial()
except KeyError as e:
    print('KeyError', e, 'p' in globals())
