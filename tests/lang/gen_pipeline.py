# Chained generators forming a processing pipeline.
text = """alpha 1
beta 22
# comment
gamma 333

delta x
epsilon 5"""
def lines(t):
    for line in t.splitlines():
        yield line
def non_blank(src):
    for line in src:
        if line.strip() and not line.startswith('#'):
            yield line
def parse(src):
    for line in src:
        name, _, value = line.partition(' ')
        if value.isdigit():
            yield name, int(value)
        else:
            print('skipping bad line:', line)
def running_total(src):
    total = 0
    for name, value in src:
        total += value
        yield name, value, total
for row in running_total(parse(non_blank(lines(text)))):
    print(row)
squares = (x * x for x in range(10))
evens = (x for x in squares if x % 2 == 0)
print(list(evens))
print(list(zip(range(3), (c.upper() for c in 'abc'))))
