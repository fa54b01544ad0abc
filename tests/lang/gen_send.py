# send() passes values into a running generator.
def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
acc = accumulator()
print(next(acc))
print(acc.send(10))
print(acc.send(5))
try:
    acc.send(None)
except StopIteration:
    print('stopped')
def echo():
    received = []
    while len(received) < 3:
        x = yield len(received)
        received.append(x)
    return received
e = echo()
print(e.send(None))
print(e.send('a'), e.send('b'))
try:
    e.send('c')
except StopIteration as stop:
    print('returned', stop.value)
fresh = echo()
try:
    fresh.send(1)
except TypeError as err:
    print('TypeError:', err)
