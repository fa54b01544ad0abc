# Triple-quoted strings keep newlines and quotes.
a = """first
second "quoted" line
third"""
print(a)
print(a.count('\n'))
b = '''it's
fine'''
print(b)
c = """\
no leading newline"""
print(repr(c))
d = """ends with quote\""""
print(d)
e = r"""raw \n stays"""
print(e)
f = """tab\there"""
print(f)
g = '''''' + """"""
print(repr(g))
