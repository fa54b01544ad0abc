# A simple class-based bank account simulation.
class InsufficientFunds(Exception):
    pass
class Account:
    interest = 0.02
    _next_id = 1
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
        self.id = Account._next_id
        Account._next_id += 1
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError('deposit must be positive')
        self.balance += amount
        self.history.append(('deposit', amount))
        return self
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds('%s cannot withdraw %d (balance %d)' % (self.owner, amount, self.balance))
        self.balance -= amount
        self.history.append(('withdraw', amount))
        return self
    def transfer(self, other, amount):
        self.withdraw(amount)
        other.deposit(amount)
    def __repr__(self):
        return 'Account(#%d %s: %d)' % (self.id, self.owner, self.balance)
class Savings(Account):
    interest = 0.05
    def add_interest(self):
        gained = round(self.balance * self.interest)
        self.deposit(gained)
        return gained
alice = Account('alice', 100)
bob = Savings('bob')
alice.deposit(50).withdraw(30)
alice.transfer(bob, 70)
print(alice, bob)
print(bob.add_interest(), bob)
for action in [lambda: alice.withdraw(1000), lambda: bob.deposit(-5)]:
    try:
        action()
    except (InsufficientFunds, ValueError) as e:
        print(type(e).__name__, '-', e)
print(alice.history)
print(bob.history)
print(sorted([alice, bob], key=lambda a: a.balance))
