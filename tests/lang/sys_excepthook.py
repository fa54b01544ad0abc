# sys.excepthook: the built-in (also sys.__excepthook__) prints like an
# uncaught exception; a hook the program sets is called for the uncaught
# exception, and when the hook itself fails both are printed.
import sys

print(sys.excepthook is sys.__excepthook__)
try:
    sys.excepthook(ValueError, ValueError("two"))
except TypeError as e:
    print("TypeError:", e)
sys.stdout.flush()
sys.excepthook(None, 1, None)
sys.excepthook(ValueError, ValueError("printed by the built-in hook"), None)


def hook(exc_type, value, tb):
    print("hook got", exc_type.__name__, value, type(tb).__name__)
    sys.stdout.flush()
    raise KeyError("raised in the hook")


sys.excepthook = hook


def fail():
    raise ValueError("uncaught")


fail()
