# SyntaxError: invalid syntax with a missing comma in a call.
print("a" "b" 1)
