# close() raises GeneratorExit inside the generator; finally runs.
def worker():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print('got GeneratorExit')
        raise
    finally:
        print('cleanup')
w = worker()
print(next(w))
w.close()
print('closed')
w.close()
try:
    next(w)
except StopIteration:
    print('closed generator is exhausted')
unstarted = worker()
unstarted.close()
print('closing unstarted prints nothing')
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 'refuse'
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print('RuntimeError:', e)
def done_gen():
    yield 1
d = done_gen()
print(list(d))
d.close()
print('close after exhaustion ok')
