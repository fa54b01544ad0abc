# Case conversion methods.
s = 'hello WORLD, it is 3pm. o\'neil'
print(s.upper())
print(s.lower())
print(s.capitalize())
print(s.title())
print(s.swapcase())
print('ÉCOLE straße'.lower(), 'straße'.upper(), 'ǆ'.title() == 'ǅ')
print('ß'.casefold(), 'HeLLo'.casefold())
print('123abc'.capitalize(), ''.upper(), 'a'.title())
print('hello_world-foo bar'.title())
print('ΑΒΓ'.lower(), 'αβγ'.upper())
