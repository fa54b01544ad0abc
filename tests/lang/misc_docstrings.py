# Docstrings on modules, functions, classes and methods.
"""Module docstring for misc_docstrings."""
def func():
    """Function docstring."""
    return 1
class Klass:
    """Class docstring.

    With several lines.
    """
    def method(self):
        '''Method docstring in single quotes.'''
    def nodoc(self):
        x = 'not a docstring'
        return x
print(__doc__)
print(func.__doc__)
print(Klass.__doc__)
print(Klass.method.__doc__, Klass().method.__doc__)
print(Klass.nodoc.__doc__)
def late():
    x = 1
    """Not a docstring: not the first statement."""
    return x
print(late.__doc__)
def fdoc():
    f"""f-strings are not docstrings"""
print(fdoc.__doc__)
