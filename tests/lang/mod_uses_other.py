# Helper module that itself imports another helper module.
import mod_counter
from mod_shapes import Circle
def make():
    return Circle(mod_counter.value())
name = __name__
