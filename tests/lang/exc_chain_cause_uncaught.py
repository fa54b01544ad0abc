# Uncaught exception with an explicit cause prints both tracebacks.
class ConfigError(Exception):
    pass
def parse(text):
    raise ValueError('bad number: ' + text)
def load(text):
    try:
        parse(text)
    except ValueError as e:
        raise ConfigError('could not load config') from e
print('loading')
load('12x')
