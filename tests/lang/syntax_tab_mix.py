# SyntaxError: unindent does not match / tab mix.
if True:
	x = 1
        y = 2
