# User-defined exception classes.
class AppError(Exception):
    pass
class ValidationError(AppError):
    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message
    def __str__(self):
        return '%s: %s' % (self.field, self.message)
class Plain(AppError):
    pass
try:
    raise ValidationError('age', 'must be positive')
except AppError as e:
    print(type(e).__name__, '|', e, '|', e.args, '|', e.field)
    print(repr(e))
try:
    raise Plain('one', 2)
except AppError as e:
    print(e, repr(e), e.args)
try:
    raise Plain
except Plain as e:
    print(repr(str(e)), repr(e), e.args)
class WithDefault(Exception):
    def __init__(self, msg='default message'):
        super().__init__(msg)
print(str(WithDefault()), repr(WithDefault('x')))
class NoSuper(Exception):
    def __init__(self, code):
        self.code = code
e = NoSuper(404)
print(e.code, e.args, str(e), repr(e))
print(isinstance(ValidationError('a', 'b'), Exception))
