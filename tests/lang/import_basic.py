# import a sibling module and use its attributes.
import mod_shapes
print('after import')
print(mod_shapes.PI, mod_shapes.area(2), mod_shapes.Circle(1), mod_shapes.Circle(3).area())
print(mod_shapes.__name__, type(mod_shapes).__name__, __name__)
print(mod_shapes._private, hasattr(mod_shapes, 'Circle'), hasattr(mod_shapes, 'nope'))
print(mod_shapes.bump(), mod_shapes.bump(), mod_shapes.count)
mod_shapes.new_attr = 'set from importer'
print(mod_shapes.new_attr)
print(sorted(n for n in dir(mod_shapes) if not n.startswith('__')))
try:
    mod_shapes.missing
except AttributeError as e:
    print('AttributeError:', e)
