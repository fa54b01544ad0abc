# An uncaught exception prints a traceback to stderr and exits with status 1.
print('before the error')
data = {'a': 1}
print('value', data['a'])
raise ValueError('something went wrong')
print('never printed')
