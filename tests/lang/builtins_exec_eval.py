# exec() and eval() with explicit globals and locals.
print(eval('1 + 2 * 3'), eval('[x * 2 for x in range(3)]'), eval("'abc'.upper()"))
g = {'a': 10, 'b': 5}
print(eval('a - b', g), eval('a * c', g, {'c': 3}))
code = '''
def square(n):
    return n * n
result = square(7)
'''
ns = {}
exec(code, ns)
print(ns['result'], ns['square'](4), sorted(k for k in ns if not k.startswith('__')))
exec('x = 42')
print(x)
loc = {}
exec('y = a + b', g, loc)
print(loc, 'y' in g)
print(exec('1 + 1'))
try:
    eval('1 +')
except SyntaxError as e:
    print('SyntaxError caught')
try:
    eval('undefined_var', {})
except NameError as e:
    print('NameError:', e)
print(eval('len("four")', {'len': len}))
src = compile('3 ** 4', '<expr>', 'eval')
print(eval(src))
counter = {'n': 0}
exec('for i in range(5):\n    n += i', counter)
print(counter['n'])
