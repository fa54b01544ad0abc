# A comment at the top.
#!not a shebang here
x = 1  # trailing comment
# print('not printed')
print(x)  # another
s = "# not a comment"
print(s)
def f():
    # comment in body
    return 2
    # after return
print(f())
if True:
    pass
    # indented comment
# dedented comment
print('end')  #
