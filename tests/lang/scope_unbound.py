# Assignment anywhere in a function makes a name local to it.
total = 100
def add_wrong(n):
    total = total + n
    return total
try:
    add_wrong(1)
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def add_right(n):
    global total
    total = total + n
    return total
print(add_right(1))
def loop_local():
    for i in range(0):
        pass
    return i
try:
    loop_local()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def augmented():
    counter += 1
counter = 0
try:
    augmented()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def closure_unbound():
    def get():
        return later
    result = None
    try:
        result = get()
    except NameError as e:
        result = type(e).__name__ + ': ' + str(e)
    later = 'now bound'
    return result, get()
print(closure_unbound())
