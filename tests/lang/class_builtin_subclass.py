# Subclassing built-in types.
class MyList(list):
    def sum(self):
        return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.sum(), len(ml), type(ml).__name__, isinstance(ml, list), ml[1:3], type(ml[1:3]).__name__)
class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = len(key)
        return self[key]
d = DefaultDict(a=1)
print(d['a'], d['hello'], d)
class CIStr(str):
    def __eq__(self, other):
        return self.lower() == other.lower()
    __hash__ = str.__hash__
print(CIStr('Hello') == 'hELLO', CIStr('x').upper(), type(CIStr('x').upper()).__name__)
class Celsius(float):
    def __str__(self):
        return '%.1f C' % self
c = Celsius(21.456)
print(c, c + 1, repr(c))
class Stack(list):
    push = list.append
    def peek(self):
        return self[-1]
s = Stack()
s.push(1); s.push(2)
print(s.peek(), s.pop(), s)
class MyError(Exception):
    pass
print(issubclass(MyError, Exception), MyError('m').args)
