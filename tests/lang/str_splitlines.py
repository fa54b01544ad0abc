# splitlines with various line endings.
s = 'one\ntwo\r\nthree\rfour\n\nfive'
print(s.splitlines())
print(s.splitlines(True))
print(s.splitlines(keepends=True)[:2])
print('trailing\n'.splitlines(), ''.splitlines(), '\n'.splitlines(), '\n\n'.splitlines())
print('a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i'.splitlines())
print('x\ny\n'.split('\n'))
text = """first line
second line
third"""
for i, line in enumerate(text.splitlines(), 1):
    print(i, line)
