# SyntaxError: invalid character in identifier.
x = 1 € 2
