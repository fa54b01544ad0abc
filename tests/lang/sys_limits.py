# sys.maxsize, recursion limit and other simple values.
import sys
print(sys.maxsize == 2 ** 63 - 1, sys.maxsize > 2 ** 31)
print(type(sys.getrecursionlimit()).__name__, sys.getrecursionlimit() >= 1000)
sys.setrecursionlimit(5000)
print(sys.getrecursionlimit())
print(sys.version_info >= (3, 0), sys.version_info[0] == sys.version_info.major)
print(type(sys.path).__name__, type(sys.modules).__name__, 'sys' in sys.modules)
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print('ValueError:', e)
