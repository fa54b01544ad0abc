# SyntaxError: mismatched closing bracket.
x = [1, 2)
