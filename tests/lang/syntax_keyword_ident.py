# SyntaxError: keyword used as an identifier.
class = 5
