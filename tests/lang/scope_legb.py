# LEGB name resolution: local, enclosing, global, builtin.
x = 'global'
def outer():
    x = 'enclosing'
    def inner():
        x = 'local'
        return x
    def inner2():
        return x
    return inner(), inner2()
print(outer(), x)
def uses_builtin():
    return len('abc')
print(uses_builtin())
len = lambda s: 'shadowed len'
print(uses_builtin(), len('abc'))
del len
print(len('abc'))
def shadow_param(print=None):
    return print
print(shadow_param('param wins'))
def deep():
    a = 1
    def l1():
        b = 2
        def l2():
            c = 3
            def l3():
                return a + b + c
            return l3()
        return l2()
    return l1()
print(deep())
