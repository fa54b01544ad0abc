# Order of execution through try/except/else/finally.
def run(mode):
    log = []
    try:
        log.append('try')
        if mode == 'raise':
            raise ValueError('v')
        if mode == 'return':
            return log + ['returned']
    except ValueError:
        log.append('except')
    else:
        log.append('else')
    finally:
        log.append('finally')
    log.append('after')
    return log
print(run('ok'))
print(run('raise'))
print(run('return'))
def nested():
    try:
        try:
            raise KeyError('inner')
        finally:
            print('inner finally')
    except KeyError as e:
        print('outer caught', e)
    finally:
        print('outer finally')
nested()
for i in range(3):
    try:
        if i == 1:
            continue
        print('body', i)
    finally:
        print('finally', i)
while True:
    try:
        break
    finally:
        print('finally on break')
