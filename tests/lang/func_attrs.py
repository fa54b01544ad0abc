# Function attributes.
def documented(a, b=1):
    """Adds things.

    More text."""
    return a + b
print(documented.__name__, documented.__qualname__)
print(documented.__doc__)
def nodoc():
    pass
print(nodoc.__doc__)
class C:
    def method(self):
        "Method doc."
        def inner():
            pass
        return inner
    class Nested:
        def deep(self):
            pass
print(C.method.__name__, C.method.__qualname__, C.method.__doc__)
print(C().method().__qualname__, C.Nested.deep.__qualname__, C.Nested.__qualname__)
def outer():
    def local():
        pass
    return local
print(outer().__qualname__, (lambda: 0).__qualname__)
documented.custom = 'attr'
print(documented.custom, documented.__dict__)
print(documented.__module__, documented.__defaults__, documented.__code__.co_argcount)
print(documented.__code__.co_name, documented.__code__.co_varnames)
documented.__name__ = 'renamed'
print(documented.__name__, callable(documented), type(documented).__name__)
