"""raytrace: a small recursive ray tracer -- Vector classes with operator overloading, many short-lived objects."""
import sys
import math

EXPECTED = {1.0: '170x127 972711584', 0.1: '53x39 1551574021'}

EPSILON = 0.00001


class Vector(object):
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other):
        return Vector(self.y * other.z - self.z * other.y,
                      self.z * other.x - self.x * other.z,
                      self.x * other.y - self.y * other.x)

    def magnitude(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.magnitude())

    def reflect_through(self, normal):
        return self - normal * (2.0 * self.dot(normal))


class Color(Vector):
    __slots__ = ()

    def __add__(self, other):
        return Color(self.x + other.x, self.y + other.y, self.z + other.z)

    def __mul__(self, k):
        if isinstance(k, Color):
            return Color(self.x * k.x, self.y * k.y, self.z * k.z)
        return Color(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def to_bytes(self):
        return (clamp(self.x), clamp(self.y), clamp(self.z))


def clamp(c):
    v = int(c * 255.0)
    if v < 0:
        return 0
    if v > 255:
        return 255
    return v


BLACK = Color(0.0, 0.0, 0.0)
WHITE = Color(1.0, 1.0, 1.0)


class Ray(object):
    __slots__ = ("origin", "direction")

    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def point_at(self, t):
        return self.origin + self.direction * t


class Material(object):
    def __init__(self, color, diffuse, specular, reflect):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.reflect = reflect

    def color_at(self, point):
        return self.color


class Checker(Material):
    def color_at(self, point):
        if (int(math.floor(point.x)) + int(math.floor(point.z))) % 2 == 0:
            return self.color
        return Color(0.1, 0.1, 0.1)


class Shape(object):
    def __init__(self, material):
        self.material = material


class Sphere(Shape):
    def __init__(self, centre, radius, material):
        Shape.__init__(self, material)
        self.centre = centre
        self.radius = radius

    def intersect(self, ray):
        cp = self.centre - ray.origin
        v = cp.dot(ray.direction)
        discriminant = self.radius * self.radius - (cp.dot(cp) - v * v)
        if discriminant < 0:
            return None
        t = v - math.sqrt(discriminant)
        if t < EPSILON:
            return None
        return t

    def normal_at(self, p):
        return (p - self.centre).normalized()


class Plane(Shape):
    def __init__(self, point, normal, material):
        Shape.__init__(self, material)
        self.point = point
        self.normal = normal.normalized()

    def intersect(self, ray):
        d = ray.direction.dot(self.normal)
        if abs(d) < EPSILON:
            return None
        t = (self.point - ray.origin).dot(self.normal) / d
        if t < EPSILON:
            return None
        return t

    def normal_at(self, p):
        return self.normal


class Scene(object):
    def __init__(self):
        self.shapes = []
        self.lights = []
        self.ambient = 0.15
        self.max_depth = 3

    def nearest(self, ray):
        best_t = None
        best = None
        for s in self.shapes:
            t = s.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = s
        return best, best_t

    def visible(self, point, light):
        to_light = light - point
        dist = to_light.magnitude()
        ray = Ray(point, to_light)
        for s in self.shapes:
            t = s.intersect(ray)
            if t is not None and t < dist:
                return False
        return True

    def trace(self, ray, depth):
        shape, t = self.nearest(ray)
        if shape is None:
            return BLACK
        p = ray.point_at(t)
        n = shape.normal_at(p)
        m = shape.material
        base = m.color_at(p)
        c = base * self.ambient
        for light in self.lights:
            if not self.visible(p, light):
                continue
            to_light = (light - p).normalized()
            lambert = to_light.dot(n)
            if lambert > 0:
                c = c + base * (lambert * m.diffuse)
                half = (to_light - ray.direction).normalized()
                spec = half.dot(n)
                if spec > 0:
                    c = c + WHITE * (m.specular * spec ** 16)
        if m.reflect > 0 and depth < self.max_depth:
            r = Ray(p, ray.direction.reflect_through(n))
            c = c + self.trace(r, depth + 1) * m.reflect
        return c


def build_scene():
    scene = Scene()
    scene.shapes.append(Plane(Vector(0.0, 0.0, 0.0), Vector(0.0, 1.0, 0.0),
                              Checker(Color(0.9, 0.9, 0.9), 0.8, 0.1, 0.25)))
    scene.shapes.append(Sphere(Vector(0.0, 1.0, 5.0), 1.0, Material(Color(0.9, 0.2, 0.2), 0.7, 0.4, 0.3)))
    scene.shapes.append(Sphere(Vector(-2.2, 0.8, 6.5), 0.8, Material(Color(0.2, 0.8, 0.3), 0.8, 0.2, 0.1)))
    scene.shapes.append(Sphere(Vector(2.0, 0.6, 4.2), 0.6, Material(Color(0.2, 0.3, 0.9), 0.6, 0.6, 0.5)))
    scene.shapes.append(Sphere(Vector(0.7, 0.3, 3.0), 0.3, Material(Color(0.9, 0.9, 0.2), 0.9, 0.3, 0.0)))
    scene.lights.append(Vector(-5.0, 8.0, -2.0))
    scene.lights.append(Vector(4.0, 6.0, 1.0))
    return scene


def render(scene, width, height):
    eye = Vector(0.0, 1.6, -1.0)
    forward = (Vector(0.0, 0.9, 5.0) - eye).normalized()
    right = Vector(0.0, 1.0, 0.0).cross(forward).normalized()
    up = forward.cross(right)
    aspect = width / height
    checksum = 0
    for y in range(height):
        for x in range(width):
            sx = (2.0 * (x + 0.5) / width - 1.0) * aspect * 0.6
            sy = (1.0 - 2.0 * (y + 0.5) / height) * 0.6
            ray = Ray(eye, forward + right * sx + up * sy)
            r, g, b = scene.trace(ray, 0).to_bytes()
            checksum = (checksum * 131 + r * 65536 + g * 256 + b) % 2147483647
    return checksum


def bench(scale):
    width = max(8, int(170 * math.sqrt(scale)))
    height = width * 3 // 4
    scene = build_scene()
    return "%dx%d %d" % (width, height, render(scene, width, height))


def main():
    nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    if nthreads < 1 or scale <= 0:
        sys.stderr.write("usage: %s [THREADS [SCALE]]\n" % sys.argv[0])
        sys.exit(2)
    if nthreads == 1:
        results = [bench(scale)]
    else:
        import threading
        results = [None] * nthreads

        def worker(i):
            results[i] = bench(scale)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(nthreads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    first = results[0]
    for r in results:
        if r != first:
            sys.stderr.write("threads disagree: %r\n" % (results,))
            sys.exit(1)
    print("RESULT", first)
    want = EXPECTED.get(scale)
    if want is not None and str(first) != want:
        sys.stderr.write("wrong result: got %s, expected %s\n" % (first, want))
        sys.exit(1)


if __name__ == "__main__":
    main()
