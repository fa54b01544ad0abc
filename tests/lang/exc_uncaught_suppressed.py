# raise ... from None hides the context in the traceback.
def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise LookupError('no entry for ' + repr(k)) from None
print(lookup({'x': 1}, 'x'))
lookup({}, 'y')
