# CPython 3.11 marks the failing subscript expression.
def get_port(config):
    value = config['server']['port'] * 2
    return value
settings = {'server': {'host': 'localhost'}}
print('looking up port')
print(get_port(settings))
