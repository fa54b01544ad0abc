# import ... as ... and module identity.
import mod_shapes as shapes
import mod_shapes as again
import mod_shapes
print(shapes is again, shapes is mod_shapes, shapes.__name__)
print(shapes.area(10))
import sys
print('mod_shapes' in sys.modules, sys.modules['mod_shapes'] is shapes)
print(sys.modules['__main__'].__name__)
import math as m, mod_counter as mc
print(m.sqrt(81), mc.value())
try:
    import mod_does_not_exist
except ImportError as e:
    print(type(e).__name__ + ':', e, e.name)
