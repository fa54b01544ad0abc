# Helper module for the import_* tests (no .out: never run directly).
print('mod_shapes: module body running, __name__ =', __name__)
PI = 3.14159
_private = 'underscore'
count = 0
def area(r):
    return PI * r * r
class Circle:
    def __init__(self, r):
        self.r = r
    def area(self):
        return area(self.r)
    def __repr__(self):
        return 'Circle(%r)' % self.r
def bump():
    global count
    count += 1
    return count
if __name__ == '__main__':
    print('mod_shapes run as a script')
