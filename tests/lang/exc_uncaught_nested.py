# Multi-frame traceback from nested calls.
def level3(key):
    table = {'a': 1}
    print('level3 looking up', key)
    raise KeyError(key)
def level2(key):
    level3(key)
def level1(key):
    level2(key)
class Service:
    def run(self):
        level1('missing')
print('starting')
Service().run()
