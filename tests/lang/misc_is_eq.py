# Identity (is) versus equality (==).
a = [1, 2]
b = [1, 2]
c = a
print(a == b, a is b, a is c, a is not b)
print(None is None, None == None, type(None) is type(None))
e1, e2 = [], []
print(True is True, (1 == 1) is True, e1 == e2, e1 is e2)
x = None
print(x is None, x == None, x is not None)
class AlwaysEqual:
    def __eq__(self, other):
        return True
ae = AlwaysEqual()
print(ae == 1, ae == None, ae is None, None == ae)
one, onef = 1, 1.0
print(one == onef, one is onef, 'abc' == 'ab' + 'c')
t1 = (1, [2])
t2 = t1
print(t1 is t2, t1 == (1, [2]))
s = 'hello'
print(s is s, s == 'hel' + 'lo')
