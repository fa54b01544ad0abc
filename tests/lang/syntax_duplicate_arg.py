# SyntaxError: duplicate argument in function definition.
def f(a, a):
    pass
