# Inheritance and method overriding.
class Animal:
    kind = 'animal'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + ' makes a sound'
    def describe(self):
        return self.name + ' is a ' + self.kind + ': ' + self.speak()
class Dog(Animal):
    kind = 'dog'
    def speak(self):
        return self.name + ' barks'
class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + ' softly'
class Cat(Animal):
    pass
for a in [Animal('generic'), Dog('rex'), Puppy('bit'), Cat('tom')]:
    print(a.describe())
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), isinstance(Puppy('p'), Dog))
print(Puppy.__bases__[0].__name__, Puppy.__base__.__name__, Animal.__bases__[0].__name__)
print([c.__name__ for c in Puppy.__mro__])
print(Puppy.kind, Cat.kind, 'speak' in Cat.__dict__, 'speak' in Dog.__dict__)
