# throw() raises an exception at the paused yield.
def g():
    while True:
        try:
            yield 'waiting'
        except ValueError as e:
            print('handled ValueError:', e)
            yield 'recovered'
gen = g()
print(next(gen))
print(gen.throw(ValueError('boom')))
print(next(gen))
try:
    gen.throw(KeyError('k'))
except KeyError as e:
    print('propagated KeyError:', e)
try:
    next(gen)
except StopIteration:
    print('generator finished after unhandled throw')
def h():
    yield 1
fresh = h()
try:
    fresh.throw(TypeError('early'))
except TypeError as e:
    print('thrown into unstarted:', e)
def with_finally():
    try:
        yield 1
    finally:
        print('finally runs on throw')
wf = with_finally()
next(wf)
try:
    wf.throw(RuntimeError('stop'))
except RuntimeError as e:
    print('RuntimeError:', e)
