# `from package import sub` where sub exists but its own import fails: the
# submodule's error propagates (with its .name); only a submodule that does
# not exist becomes "cannot import name" (its .name is the package's). None
# in sys.modules halts.
import sys

try:
    from mod_relpkg import sub_broken
except ImportError as e:
    print(type(e).__name__, e, "|", e.name)

try:
    from mod_relpkg import sub_missing
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0], "|", e.name, e.path.endswith("__init__.py"))

sys.modules["mod_relpkg.sub_d"] = None
try:
    from mod_relpkg import sub_d
except ImportError as e:
    print(type(e).__name__, e, "|", e.name)
