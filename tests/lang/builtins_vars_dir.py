# vars() and dir() on modules, classes and instances.
class Pet:
    species = 'generic'
    def __init__(self, name, age):
        self.name = name
        self.age = age
    def speak(self):
        return '...'
p = Pet('rex', 3)
print(vars(p))
vars(p)['age'] = 4
print(p.age)
print([n for n in dir(p) if not n.startswith('_')])
print([n for n in dir(Pet) if not n.startswith('_')])
print(sorted(k for k in vars(Pet) if not k.startswith('_')))
print([n for n in dir([]) if not n.startswith('_')])
print([n for n in dir({}) if not n.startswith('_')])
print([n for n in dir('') if not n.startswith('_')][:12])
import math
print([n for n in dir(math) if n.startswith('is')])
try:
    vars(5)
except TypeError as e:
    print('TypeError:', e)
def f():
    local_a = 1
    return dir()
print(f())
