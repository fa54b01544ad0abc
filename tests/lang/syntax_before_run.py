# Syntax errors are reported before any code runs.
print("this is never printed")
def ok():
    return 1
x = [1, 2 3]
