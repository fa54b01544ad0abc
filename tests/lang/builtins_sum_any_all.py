# sum(), any(), all(), abs().
print(sum([]), sum([1, 2, 3]), sum([1, 2], 10), sum(range(101)), sum([0.5, 0.25]))
print(sum([[1], [2, 3]], []), sum(((1,), (2,)), ()), sum([True, True, False]))
print(sum([1, 2.5]), sum([], 7), sum(x * x for x in range(4)), sum([1, 2], start=100))
try:
    sum(['a', 'b'], '')
except TypeError as e:
    print('TypeError:', e)
try:
    sum(['a'])
except TypeError as e:
    print('TypeError:', e)
print(any([]), any([0, '', None]), any([0, 1]), any(x > 2 for x in range(5)), any('a'))
print(all([]), all([1, 'a', [0]]), all([1, 0]), all(x < 5 for x in range(5)))
checked = []
def pred(v):
    checked.append(v)
    return v > 1
print(any(pred(v) for v in [0, 1, 2, 3, 4]), checked)
print(abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-10 ** 30))
try:
    abs('x')
except TypeError as e:
    print('TypeError:', e)
