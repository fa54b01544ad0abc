# The other half of mod_circ_a's cycle.
try:
    from mod_circ_a import X
except ImportError as e:
    ERROR = "%s: %s" % (type(e).__name__, str(e).rsplit(" (", 1)[0])
