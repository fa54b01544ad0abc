# and/or return operands and short-circuit.
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, '' or 'default', None or [] or 'last')
print([] and 'x', 'a' and 'b' and 'c', 'a' and '' and 'c', None or 0)
print(not [], not [1], not not 'x')
log = []
def t(name, value):
    log.append(name)
    return value
r = t('a', False) and t('b', True)
print(r, log)
log.clear()
r = t('a', True) or t('b', True)
print(r, log)
log.clear()
r = t('a', 0) or t('b', '') or t('c', 'found') or t('d', 1)
print(r, log)
log.clear()
r = t('a', 1) and t('b', 2) and t('c', 0) and t('d', 3)
print(r, log)
d = {}
name = d.get('name') or 'anon'
print(name)
print((1 or 0) + (0 and 1), True + (False or 2))
