# isinstance and issubclass, including tuples of types.
class A: pass
class B(A): pass
class C: pass
b = B()
print(isinstance(b, B), isinstance(b, A), isinstance(b, C), isinstance(b, object))
print(isinstance(b, (C, A)), isinstance(b, (C, int)), isinstance(b, ()))
print(issubclass(B, A), issubclass(A, B), issubclass(B, (C, A)), issubclass(B, B))
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance(1, (float, str)))
print(isinstance('s', str), isinstance([], list), isinstance((), tuple), isinstance({}, dict))
print(isinstance(None, type(None)), isinstance(int, type), isinstance(A, type), isinstance(print, object))
print(issubclass(bool, int), issubclass(int, object), issubclass(type, object), issubclass(KeyError, LookupError))
print(isinstance(b, (list, (tuple, (A,)))))
try:
    isinstance(b, 'A')
except TypeError as e:
    print('TypeError:', e)
try:
    issubclass(b, A)
except TypeError as e:
    print('TypeError:', e)
print(type(b) == B, type(b) == A, type(b).__name__, type(1).__name__, type(None).__name__)
