# hasattr, getattr, setattr, delattr with defaults.
class Obj:
    cls_attr = 'class level'
    def method(self):
        return 'method called'
o = Obj()
print(hasattr(o, 'cls_attr'), hasattr(o, 'nope'), hasattr(o, 'method'))
print(getattr(o, 'cls_attr'), getattr(o, 'nope', 'default'), getattr(o, 'method')())
setattr(o, 'dynamic', 42)
print(o.dynamic, getattr(o, 'dynamic'))
setattr(o, 'with space', 'odd name')
print(getattr(o, 'with space'))
delattr(o, 'dynamic')
print(hasattr(o, 'dynamic'))
try:
    getattr(o, 'nope')
except AttributeError as e:
    print('AttributeError:', e)
try:
    delattr(o, 'cls_attr')
except AttributeError as e:
    print('AttributeError:', e)
try:
    getattr(o, 5)
except TypeError as e:
    print('TypeError:', e)
for name in ['upper', 'lower', 'title']:
    print(getattr('MiXed', name)())
setattr(Obj, 'added', lambda self: 'added method')
print(o.added())
print(getattr(Obj, '__name__'), getattr(o, '__class__') is Obj)
