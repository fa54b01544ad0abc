# Membership, repetition, concatenation, comparison of strings.
print('ell' in 'hello', 'xyz' in 'hello', 'h' not in 'hello', '' in '')
print('ab' * 3, 3 * 'ab', 'x' * 0, 'x' * -2, repr('' * 5))
print('abc' + 'def', 'a' + '' + 'b')
print('abc' < 'abd', 'abc' < 'ab', 'B' < 'a', 'Z' < 'a', '' < 'a')
print('a' == 'a', 'a' != 'A', 'abc' >= 'abc', 'é' > 'z')
print(sorted(['banana', 'Apple', 'cherry', 'apple', 'Banana']))
print(max('hello'), min('hello'), sorted('hello'))
print(len(''), len('abc'), len('a\tb'))
s = 'x'
s += 'y'
s *= 3
print(s)
try:
    'a' + 1
except TypeError as e:
    print('TypeError:', e)
try:
    'a' * 'b'
except TypeError as e:
    print('TypeError:', e)
try:
    1 in 'abc'
except TypeError as e:
    print('TypeError:', e)
print(str(), str('x'), str(1.0), str([1, 'a']), str(None))
