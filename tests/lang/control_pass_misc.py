# pass, empty bodies, semicolons and one-line compound statements.
def nothing():
    pass
class Empty:
    pass
print(nothing(), type(Empty()).__name__)
for i in range(3): pass
print(i)
while False: pass
if True: x = 1; y = 2; print(x + y)
def one(): return 'one-liner'
print(one())
def docs_only():
    """Only a docstring."""
print(docs_only())
try: raise ValueError('v')
except ValueError: print('caught inline')
with open('/dev/null') as fh: pass
print(fh.closed)
...
print(...)
