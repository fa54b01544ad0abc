# Adjacent string literals are concatenated at compile time.
s = 'abc' "def" '''ghi'''
print(s)
t = ('one '
     'two '
     "three")
print(t)
b = b'ab' b'cd'
print(b)
x = 5
u = 'x=' f'{x}' ' and ' r'\n'
print(u)
print(len('a' 'b' 'c'))
print('con' 'cat'.upper())
