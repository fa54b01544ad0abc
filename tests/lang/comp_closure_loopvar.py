# Closures capturing loop variables (late binding) and fixes.
funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([f() for f in funcs])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
def make(i):
    return lambda: i * 10
funcs = [make(i) for i in range(3)]
print([f() for f in funcs])
gens = [(j for _ in range(1)) for j in range(3)]
print([next(g) for g in gens])
fs = {name: (lambda n=name: n.upper()) for name in ['a', 'b']}
print(fs['a'](), fs['b']())
