# SyntaxError: invalid syntax at a stray token.
x = 1
y = x x
