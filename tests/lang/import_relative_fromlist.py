# Relative imports with a name (`from .sub_a import greet`), a fromlist that
# names a submodule not imported yet, `import *` through __all__, and an
# entry of None in sys.modules.
import sys

import mod_relpkg

print(mod_relpkg.greet(), "|", mod_relpkg.sub_b.VALUE)
print("sub_c" in dir(mod_relpkg))
from mod_relpkg import sub_c

print(sub_c.VALUE, "sub_c" in dir(mod_relpkg))
ns = {}
exec("from mod_relpkg import *", ns)
print(sorted(k for k in ns if not k.startswith("__")), ns["sub_d"].VALUE)
try:
    from mod_relpkg import no_such_name
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
sys.modules["mod_blocked"] = None
try:
    import mod_blocked
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    import math.sub
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
