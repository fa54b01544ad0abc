# Backslash continuation and implicit joining inside brackets.
total = 1 + \
        2 + \
        3
print(total)
lst = [
    1,
    2,   # comment inside
    3,
]
print(lst)
d = {
    'a': 1,
    'b': (2,
          3),
}
print(d)
def f(a,
      b,
      c=3):
    return a + b + c
print(f(1,
        2))
if 1 < 2 and \
   2 < 3:
    print('both')
y = (10
     - 4
     * 2)
print(y)
