# print() with sep, end, flush and multiple argument types.
print()
print('a', 'b', 'c')
print('a', 'b', 'c', sep='')
print('a', 'b', 'c', sep=', ')
print('no newline', end='')
print(' <- continued')
print('x', 'y', sep='\n', end='\n---\n')
print(1, 2.5, None, True, [1], (2,), {'k': 3}, sep='|')
print('flushed', flush=True)
print(*range(5))
print(*[], sep='never')
print('', end='')
print('sep None', 'uses space', sep=None, end=None)
print('tab\tand\\backslash')
try:
    print('x', sep=1)
except TypeError as e:
    print('TypeError:', e)
try:
    print('x', bad=1)
except TypeError as e:
    print('TypeError:', e)
class S:
    def __str__(self):
        return 'S-object'
print(S(), [S.__name__])
