# return/break inside finally overrides exceptions and earlier returns.
def override():
    try:
        return 'try'
    finally:
        return 'finally'
print(override())
def swallow():
    try:
        raise ValueError('lost')
    finally:
        return 'swallowed'
print(swallow())
def side_effect():
    log = []
    try:
        log.append('try')
        return log
    finally:
        log.append('finally ran')
print(side_effect())
def value_captured():
    x = 1
    try:
        return x
    finally:
        x = 2
print(value_captured())
def loop():
    for i in range(3):
        try:
            if i == 1:
                raise RuntimeError(i)
        finally:
            if i == 1:
                break
    return i
print(loop())
def cont():
    out = []
    for i in range(3):
        try:
            if i == 0:
                continue
            out.append(i)
        finally:
            out.append('f%d' % i)
    return out
print(cont())
