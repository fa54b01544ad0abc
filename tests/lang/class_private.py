# Name mangling of __private attributes.
class Account:
    def __init__(self, balance):
        self.__balance = balance
        self._protected = 'visible'
    def balance(self):
        return self.__balance
    def __secret(self):
        return 'secret'
    def reveal(self):
        return self.__secret()
a = Account(100)
print(a.balance(), a._protected, a.reveal())
try:
    a.__balance
except AttributeError as e:
    print('AttributeError:', e)
print(a._Account__balance, sorted(a.__dict__))
class Sub(Account):
    def __init__(self):
        super().__init__(5)
        self.__balance = 'sub own'
s = Sub()
print(s.balance(), sorted(s.__dict__))
print('__dunder__ not mangled:', hasattr(Account, '__init__'))
