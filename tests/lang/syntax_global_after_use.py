# SyntaxError: name used prior to global declaration.
def f():
    x = 1
    global x
