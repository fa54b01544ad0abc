# Class attributes versus instance attributes.
class Counter:
    count = 0
    shared = []
    def __init__(self, name):
        self.name = name
        Counter.count += 1
        self.shared.append(name)
a = Counter('a')
b = Counter('b')
print(Counter.count, a.count, b.count, Counter.shared)
a.count = 100
print(Counter.count, a.count, b.count, 'count' in a.__dict__, 'count' in b.__dict__)
del a.count
print(a.count)
Counter.count = 7
print(a.count, b.count)
b.shared = ['own']
print(a.shared, b.shared, Counter.shared)
class Config:
    debug = False
    level = 1
print(sorted(k for k in vars(Config) if not k.startswith('_')))
Config.new_attr = 'added later'
c = Config()
print(c.new_attr, c.debug)
