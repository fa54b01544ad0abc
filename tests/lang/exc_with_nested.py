# Nested and multi-item with statements exit in reverse order.
class CM:
    def __init__(self, name, log):
        self.name, self.log = name, log
    def __enter__(self):
        self.log.append('enter ' + self.name)
        return self
    def __exit__(self, *exc):
        self.log.append('exit ' + self.name + (' with ' + exc[0].__name__ if exc[0] else ''))
        return False
log = []
with CM('a', log) as a, CM('b', log) as b:
    log.append('body %s %s' % (a.name, b.name))
print(log)
log = []
try:
    with CM('outer', log):
        with CM('inner', log):
            raise ZeroDivisionError
except ZeroDivisionError:
    log.append('handled')
print(log)
log = []
class FailEnter(CM):
    def __enter__(self):
        raise RuntimeError('enter failed')
try:
    with CM('first', log), FailEnter('second', log):
        log.append('never')
except RuntimeError as e:
    log.append(str(e))
print(log)
log = []
with (CM('p1', log),
      CM('p2', log)):
    pass
print(log)
