# C3 linearisation for multiple inheritance.
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
class E(C, B): pass
print([c.__name__ for c in D.__mro__])
print([c.__name__ for c in E.__mro__])
class X: pass
class Y: pass
class Z: pass
class K1(X, Y): pass
class K2(Y, Z): pass
class K3(X, Z): pass
class M(K1, K2, K3): pass
print([c.__name__ for c in M.__mro__])
print([c.__name__ for c in M.mro()])
try:
    class Bad(A, B): pass
except TypeError as e:
    print('TypeError:', e)
class O: pass
class F(O): pass
class G(O): pass
class H(F, G): pass
print([c.__name__ for c in H.__mro__], H.__bases__ == (F, G))
