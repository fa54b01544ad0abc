# inf, nan and signed zero behaviour.
inf = float('inf')
nan = float('nan')
print(inf, -inf, nan, -nan)
print(inf > 1e308, -inf < -1e308, inf == inf, nan == nan, nan != nan)
print(nan is nan, [nan] == [nan], nan in [nan])
print(inf - inf, inf * 0, 0 * inf, inf / inf)
print(min(1.0, inf), max(-inf, 0))
print(-0.0, 0.0 == -0.0, str(-0.0), repr(-0.0))
print(1 / inf, -1 / inf)
print(sorted([3.0, -inf, inf, 0.0, -1.5]))
print(float('inf') == 10 ** 400, float('-inf') < -10 ** 400)
print(abs(-inf), abs(-0.0), -(0.0))
print(round(-0.4), round(-0.0), int(-0.0))
print(hash(inf) == hash(float('inf')), hash(1.0) == hash(1), hash(0.0) == hash(-0.0))
d = {0.0: 'zero'}
d[-0.0] = 'negzero'
print(d)
