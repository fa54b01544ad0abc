# Nested lists and aliasing.
m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(m[1][2], m[-1][-1], [row[0] for row in m])
print([[m[j][i] for j in range(3)] for i in range(3)])
m[0].append(10)
print(m)
alias = m[0]
alias[0] = 'changed'
print(m[0])
deep = [1, [2, [3, [4, [5]]]]]
print(deep[1][1][1][1][0], len(deep))
def flatten(x):
    out = []
    for item in x:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out
print(flatten(deep), flatten(m))
r = [1, 2]
r.append(r)
print(r)
print(r[2][2][0])
