# str.replace with counts and edge cases.
s = 'one two one two one'
print(s.replace('one', '1'))
print(s.replace('one', '1', 1), s.replace('one', '1', 2), s.replace('one', '1', 0))
print(s.replace('one', '1', -1))
print(s.replace('three', '3'), s.replace(' ', ''))
print('aaaa'.replace('aa', 'b'), 'aaa'.replace('a', 'aa'))
print('abc'.replace('', '-'), 'abc'.replace('', '-', 2))
print(''.replace('', 'x'), 'abc'.replace('b', ''))
print('héllo'.replace('é', 'e'), '日本日本'.replace('日', 'ni'))
print(s)
