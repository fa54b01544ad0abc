# global statement.
count = 0
def increment():
    global count
    count += 1
def read_only():
    return count
increment(); increment()
print(count, read_only())
def create():
    global brand_new
    brand_new = 'created'
create()
print(brand_new)
x = 'global x'
def shadow():
    x = 'local x'
    return x
print(shadow(), x)
def nested():
    def inner():
        global x
        x = 'changed by inner'
    inner()
nested()
print(x)
def del_global():
    global brand_new
    del brand_new
del_global()
print('brand_new' in globals())
