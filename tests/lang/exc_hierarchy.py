# Catching by base class; the first matching handler wins.
def trigger(kind):
    if kind == 'key':
        {}['k']
    elif kind == 'index':
        [][0]
    elif kind == 'zero':
        1 // 0
    elif kind == 'type':
        len(5)
    elif kind == 'value':
        int('x')
    elif kind == 'attr':
        None.x
    elif kind == 'name':
        undefined_name
    elif kind == 'unicode':
        b'\xff'.decode()
for kind in ['key', 'index', 'zero', 'type', 'value', 'attr', 'name', 'unicode']:
    try:
        trigger(kind)
    except LookupError as e:
        print(kind, 'LookupError', type(e).__name__)
    except ArithmeticError as e:
        print(kind, 'ArithmeticError', type(e).__name__)
    except ValueError as e:
        print(kind, 'ValueError', type(e).__name__)
    except Exception as e:
        print(kind, 'Exception', type(e).__name__)
def mro(cls):
    return [c.__name__ for c in cls.__mro__]
print(mro(KeyError), mro(ZeroDivisionError), mro(UnicodeDecodeError))
print(mro(StopIteration), mro(KeyboardInterrupt), mro(NotImplementedError))
print(mro(FileNotFoundError), mro(RecursionError), mro(UnboundLocalError))
print(issubclass(Exception, BaseException), issubclass(SystemExit, Exception), issubclass(GeneratorExit, Exception))
