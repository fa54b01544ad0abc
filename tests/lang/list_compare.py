# Lexicographic comparison of lists.
print([1, 2, 3] == [1, 2, 3], [1, 2] == [2, 1], [] == [])
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 100], [] < [0])
print([1, [2, 3]] < [1, [2, 4]], ['a', 'b'] <= ['a', 'b'])
print([1.0, 2] == [1, 2.0], [True] == [1])
print(max([[1, 2], [1, 3], [0, 9]]), min([[3], [1, 2], [1]]))
nan = float('nan')
l = [nan]
print(l == l, [nan] == [nan], l[0] == l[0], [float('nan')] == [float('nan')])
try:
    [1] < ['a']
except TypeError as e:
    print('TypeError:', e)
print([1, 'a'] == [1, 'a'], [1, 'a'] != [1, 'b'])
