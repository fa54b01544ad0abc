# Module code runs only once however many times it is imported.
import mod_counter
import mod_counter
from mod_counter import value
import mod_uses_other
print(mod_counter.value(), value(), mod_counter.runs)
print(mod_uses_other.make(), mod_uses_other.name, mod_uses_other.mod_counter is mod_counter)
def import_inside():
    import mod_counter
    return mod_counter.value()
print(import_inside())
print('mod_counter' in dir(), 'mod_shapes' in dir())
import sys
print(sorted(k for k in sys.modules if k.startswith('mod_')))
