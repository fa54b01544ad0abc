# from module import names.
from mod_shapes import area, Circle, PI
from mod_shapes import count as shape_count, bump
print(area(1), Circle(2), PI, shape_count)
print(bump(), bump(), shape_count)
import mod_shapes
print(mod_shapes.count, mod_shapes.area is area)
try:
    from mod_shapes import does_not_exist
except ImportError as e:
    print('ImportError:', str(e).startswith("cannot import name 'does_not_exist' from 'mod_shapes'"))
from mod_shapes import *
print(sorted(n for n in dir() if not n.startswith('__')))
