# An exception while importing a module propagates to the importer.
try:
    import mod_broken
except ValueError as e:
    print('ValueError:', e)
import sys
print('mod_broken' in sys.modules)
try:
    import mod_broken
except ValueError as e:
    print('second import runs the body again:', e)
