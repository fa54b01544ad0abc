# f-string format specs with nested replacement fields.
width, prec = 10, 3
val = 3.14159265
print(f'[{val:{width}.{prec}f}]')
print(f'[{val:<{width}.{prec}}]')
for w in range(3, 8, 2):
    print(f'[{"ab":>{w}}] [{w:0{w}d}]')
fill, align = '*', '^'
print(f'[{"mid":{fill}{align}{width}}]')
fmt = '.2e'
print(f'{val:{fmt}}', f'{12345:{","}}')
items = [('apple', 1.5, 3), ('banana', 0.25, 12), ('kiwi', 12.0, 1)]
for n, price, qty in items:
    print(f'{n:<8}|{price:>7.2f}|{qty:>4}|{price * qty:>8.3f}')
print(f'{"":-<30}')
print(f'{-42:+05d} {42:=+6} {0.5:.0%} {1e-7:g}')
print(f'{"%":>3}', f'{"{":^3}', f'{ "}":<3}|')
