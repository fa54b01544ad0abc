"""nbody: the classic Jovian-planets n-body simulation -- float arithmetic on lists."""
import sys

EXPECTED = {1.0: '-0.169075164 -0.169014163', 0.1: '-0.169075164 -0.169022118'}

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def make_bodies():
    # [x, y, z], [vx, vy, vz], mass -- fresh lists per run so threads share nothing mutable.
    def body(pos, vel, mass):
        return ([pos[0], pos[1], pos[2]],
                [vel[0] * DAYS_PER_YEAR, vel[1] * DAYS_PER_YEAR, vel[2] * DAYS_PER_YEAR],
                mass * SOLAR_MASS)
    return [
        body((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0),
        body((4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01),
             (1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05),
             9.54791938424326609e-04),
        body((8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01),
             (-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05),
             2.85885980666130812e-04),
        body((1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01),
             (2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05),
             4.36624404335156298e-05),
        body((1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01),
             (2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05),
             5.15138902046611451e-05),
    ]


def pairs_of(bodies):
    result = []
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            result.append((bodies[i], bodies[j]))
    return result


def advance(dt, steps, bodies, pairs):
    for _ in range(steps):
        for (([x1, y1, z1], v1, m1), ([x2, y2, z2], v2, m2)) in pairs:
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            mag = dt * ((dx * dx + dy * dy + dz * dz) ** (-1.5))
            b1m = m1 * mag
            b2m = m2 * mag
            v1[0] -= dx * b2m
            v1[1] -= dy * b2m
            v1[2] -= dz * b2m
            v2[0] += dx * b1m
            v2[1] += dy * b1m
            v2[2] += dz * b1m
        for (r, [vx, vy, vz], m) in bodies:
            r[0] += dt * vx
            r[1] += dt * vy
            r[2] += dt * vz


def energy(bodies, pairs):
    e = 0.0
    for (((x1, y1, z1), v1, m1), ((x2, y2, z2), v2, m2)) in pairs:
        dx = x1 - x2
        dy = y1 - y2
        dz = z1 - z2
        e -= (m1 * m2) / ((dx * dx + dy * dy + dz * dz) ** 0.5)
    for (r, [vx, vy, vz], m) in bodies:
        e += m * (vx * vx + vy * vy + vz * vz) / 2.0
    return e


def offset_momentum(bodies):
    px = py = pz = 0.0
    for (r, [vx, vy, vz], m) in bodies:
        px -= vx * m
        py -= vy * m
        pz -= vz * m
    (r, v, m) = bodies[0]
    v[0] = px / m
    v[1] = py / m
    v[2] = pz / m


def bench(scale):
    steps = max(1, int(160000 * scale))
    bodies = make_bodies()
    pairs = pairs_of(bodies)
    offset_momentum(bodies)
    e0 = energy(bodies, pairs)
    advance(0.01, steps, bodies, pairs)
    e1 = energy(bodies, pairs)
    return "%.9f %.9f" % (e0, e1)


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
