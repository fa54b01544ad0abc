# SyntaxError: unterminated triple-quoted string.
x = 1
s = """begin
never closed
