# Traceback through a generator frame.
def numbers():
    yield 1
    yield 2
    raise IndexError('generator ran dry')
def consume():
    for n in numbers():
        print('got', n)
consume()
