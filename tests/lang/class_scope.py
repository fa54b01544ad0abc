# Class body scope is not visible inside methods.
x = 'global'
class C:
    x = 'class'
    y = x + ' derived'
    def method(self):
        return x
    def method2(self):
        return self.x, C.x
    doubled = [v * 2 for v in range(3)]
print(C.y, C().method(), C().method2())
print(C.doubled)
def make():
    local = 'enclosing'
    class Inner:
        attr = local
        def get(self):
            return local
    return Inner
I = make()
print(I.attr, I().get())
class Counter:
    n = 0
    for i in range(3):
        n += i
    del i
print(Counter.n, hasattr(Counter, 'i'))
