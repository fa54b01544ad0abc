# raise ... from ... sets __cause__ and __suppress_context__.
class ConfigError(Exception):
    pass
def load(d, key):
    try:
        return d[key]
    except KeyError as e:
        raise ConfigError('missing ' + key) from e
try:
    load({}, 'port')
except ConfigError as e:
    print(e, '| cause:', repr(e.__cause__), '| context:', repr(e.__context__))
    print(e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError('replaced') from None
except ValueError as e:
    print(e, e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    raise RuntimeError('outer') from KeyError('explicit')
except RuntimeError as e:
    print(repr(e.__cause__), e.__context__)
e = ValueError('x')
print(e.__cause__, e.__context__, e.__suppress_context__, e.__traceback__)
