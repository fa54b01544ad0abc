# f-strings: expressions, conversions, = specifier, quoting.
x, y = 3, 4
name = 'World'
print(f'Hello, {name}!', f'{x + y}', f'{x * y = }', f'{x=}', f'{name=}')
print(f'{name!r} {name!s} {"é"!a}', f'{x!r:>4}|')
print(f'{[i * i for i in range(4)]}', f'{ {"a": 1}["a"] }', f'{(lambda v: v + 1)(1)}')
print(f"{'single' + 'quotes'}", f'{"double"}', f'''{'triple'}''', f"""{"tq"}""")
print(f'{{braces}} {{{x}}}', f'{x}{y}', f'{x:}' + f'')
d = {'k': 'v'}
print(f"{d['k']}", f'{d!r}')
print(f'{x if x > 2 else y}', f'{"yes" if y else "no"}')
print(f'{3.14159:.2f}', f'{255:#x}', f'{1234567:,}', f'{"c":^5}|')
def f(a, b=2):
    return a * b
print(f'{f(5)} {f(5, b=3)} {f(x)!r}')
nested = f'outer {f"inner {x}"} done'
print(nested)
print(f'{x = :5d}|', f'{name = !r}', f'{x+1=}')
print(f'{len(name)}', f'{name.upper()}', f'{name[::-1]}')
print(f'{None} {True} {1.0} {[1, "a"]}')
print(f'{x:{y}}|', f'{"multi"}' f'{"part"}', 'plain' f'{x}')
