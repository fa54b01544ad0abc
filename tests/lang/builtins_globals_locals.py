# globals() and locals().
alpha = 1
beta = 'two'
def user_names(d):
    return sorted(k for k in d if not k.startswith('__'))
print(user_names(globals()))
def f(p, q=2):
    r = p + q
    print(sorted(locals().items()))
    return locals()
res = f(1)
print(sorted(res))
globals()['gamma'] = 'made via globals()'
print(gamma)
print(globals()['alpha'], 'beta' in globals(), 'p' in globals())
print(globals() is globals(), __name__, globals()['__name__'])
def g():
    x = 1
    def h():
        y = x
        return sorted(locals())
    return h()
print(g())
class C:
    a = 1
    b = 2
    names = sorted(k for k in locals() if not k.startswith('__'))
print(C.names)
