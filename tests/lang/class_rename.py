# Setting a class's __name__ and __qualname__: reprs, messages and errors.
class Outer:
    class Inner:
        pass


c = Outer.Inner()
print(Outer.Inner.__name__, Outer.Inner.__qualname__)
Outer.Inner.__name__ = "Renamed"
print(Outer.Inner.__name__, Outer.Inner.__qualname__, Outer.Inner)
Outer.Inner.__qualname__ = "Other.Place"
print(Outer.Inner, Outer.Inner.__name__, type(c).__qualname__)
try:
    c.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    c + 1
except TypeError as e:
    print("TypeError:", e)
for value in (3, None, b"x"):
    try:
        Outer.__name__ = value
    except TypeError as e:
        print("TypeError:", e)
    try:
        Outer.__qualname__ = value
    except TypeError as e:
        print("TypeError:", e)
try:
    Outer.__name__ = "a\0b"
except ValueError as e:
    print("ValueError:", e)
Outer.__qualname__ = "with\0nul"
print(repr(Outer.__qualname__), Outer.__name__)
for attr in ("__name__", "__qualname__"):
    try:
        setattr(int, attr, "x")
    except TypeError as e:
        print("TypeError:", e)
    try:
        delattr(Outer, attr)
    except TypeError as e:
        print("TypeError:", e)
Outer.__name__ = "\u00e9t\u00e9"
print(Outer.__name__, Outer().__class__.__name__)
