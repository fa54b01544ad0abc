# SyntaxError: print as a statement (Python 2 style).
print "hello"
