# CPython 3.11 marks the failing binary operation with ~ and ^ under the line.
def ratio(total, count):
    print('computing ratio of', total, 'and', count)
    result = total / count + 1
    return result
print(ratio(10, 4))
print(ratio(1, 0))
