# SyntaxError: unmatched ")".
x = 1 + 2)
