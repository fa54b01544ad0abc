# With sys.excepthook deleted, an uncaught exception is still printed, after
# a line saying the hook is missing.
import sys

del sys.excepthook
print(hasattr(sys, "excepthook"), sys.__excepthook__.__name__)
raise ValueError("no hook")
