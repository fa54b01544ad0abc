# Basic class definition, instances and methods.
class Point:
    """A 2D point."""
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)
p = Point(3, 4)
print(p.x, p.y, p.norm2(), p.dims, Point.dims)
q = p.moved(1, -1)
print(q.x, q.y, type(q).__name__, isinstance(q, Point))
print(Point.__name__, Point.__doc__, Point.__qualname__, Point.__module__)
print(Point.norm2(p), Point.norm2 is Point.__dict__['norm2'])
m = p.norm2
print(m(), m.__self__ is p, m.__func__ is Point.norm2, m.__name__)
p.z = 5
print(p.__dict__)
print(type(Point).__name__, type(p) is Point, p.__class__ is Point)
class Empty:
    pass
e = Empty()
e.anything = 1
print(e.anything, Empty.__bases__[0].__name__)
