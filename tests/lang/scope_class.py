# Class-level names are not visible from methods without self/cls.
value = 'module value'
class Demo:
    value = 'class value'
    def get_plain(self):
        return value
    def get_self(self):
        return self.value
    @classmethod
    def get_cls(cls):
        return cls.value
    @staticmethod
    def get_static():
        return value
d = Demo()
print(d.get_plain(), '|', d.get_self(), '|', Demo.get_cls(), '|', Demo.get_static())
class Helper:
    def helper(self):
        return 'helper'
    def caller(self):
        try:
            return helper(self)
        except NameError as e:
            return 'NameError: ' + str(e)
print(Helper().caller())
def factory(n):
    class Local:
        size = n
        def get(self):
            return n * 2
    return Local
L = factory(21)
print(L.size, L().get())
