# SyntaxError: unterminated string literal.
name = 'hello
print(name)
