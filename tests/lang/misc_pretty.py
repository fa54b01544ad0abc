# A JSON-like pretty printer written in Python.
def dump(value, indent=0):
    pad = '  ' * indent
    if isinstance(value, dict):
        if not value:
            return '{}'
        parts = []
        for k, v in value.items():
            parts.append(pad + '  ' + quote(str(k)) + ': ' + dump(v, indent + 1))
        return '{\n' + ',\n'.join(parts) + '\n' + pad + '}'
    if isinstance(value, (list, tuple)):
        if not value:
            return '[]'
        return '[\n' + ',\n'.join(pad + '  ' + dump(v, indent + 1) for v in value) + '\n' + pad + ']'
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return repr(value)
def quote(s):
    out = '"'
    for ch in s:
        if ch == '"':
            out += '\\"'
        elif ch == '\\':
            out += '\\\\'
        elif ch == '\n':
            out += '\\n'
        elif ord(ch) < 32 or ord(ch) > 126:
            out += '\\u%04x' % ord(ch) if ord(ch) < 0x10000 else ch
        else:
            out += ch
    return out + '"'
doc = {
    'name': 'weft',
    'version': [0, 1, 0],
    'stable': False,
    'license': None,
    'ratio': 0.75,
    'authors': [{'name': 'Ann "the dev"', 'langs': ('c', 'python')}, {'name': 'Bé', 'langs': []}],
    'notes': 'line1\nline2\\end',
    'empty': {},
}
print(dump(doc))
