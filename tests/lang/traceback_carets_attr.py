# CPython 3.11 marks the failing attribute call.
class Greeter:
    def greet(self, name):
        return 'hello ' + name.upper()
g = Greeter()
print(g.greet('ann'))
message = g.greet(None) + '!'
