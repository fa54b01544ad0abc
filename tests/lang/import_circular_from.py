# A from-import of a name from a module that is still executing (a circular
# import) names it a partially initialized module, as CPython does.
import mod_circ_a
import mod_circ_b

print(mod_circ_b.ERROR)
print(mod_circ_a.X)
try:
    __import__(5)
except TypeError as e:
    print("TypeError:", e)
