# Uncaught user-defined exception with a custom __str__ and no message.
class InsufficientFunds(Exception):
    def __init__(self, needed):
        super().__init__(needed)
        self.needed = needed
    def __str__(self):
        return 'need %d more' % self.needed
class Silent(Exception):
    pass
try:
    raise Silent
except Silent as e:
    print('caught Silent:', repr(str(e)))
def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds(amount - balance)
    return balance - amount
print(withdraw(100, 30))
withdraw(10, 25)
