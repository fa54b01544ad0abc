# A tiny tokenizer + shunting-yard + stack-based evaluator.
def tokenize(s):
    tokens, i = [], 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == '.'):
                j += 1
            tokens.append(float(s[i:j]) if '.' in s[i:j] else int(s[i:j]))
            i = j
        elif c in '+-*/()^':
            tokens.append(c)
            i += 1
        else:
            raise SyntaxError('bad character %r' % c)
    return tokens
PREC = {'+': 1, '-': 1, '*': 2, '/': 2, '^': 3}
def to_rpn(tokens):
    out, ops = [], []
    for t in tokens:
        if isinstance(t, (int, float)):
            out.append(t)
        elif t == '(':
            ops.append(t)
        elif t == ')':
            while ops[-1] != '(':
                out.append(ops.pop())
            ops.pop()
        else:
            while ops and ops[-1] != '(' and (PREC[ops[-1]] > PREC[t] or (PREC[ops[-1]] == PREC[t] and t != '^')):
                out.append(ops.pop())
            ops.append(t)
    return out + ops[::-1]
def evaluate(rpn):
    stack = []
    for t in rpn:
        if isinstance(t, (int, float)):
            stack.append(t)
        else:
            b, a = stack.pop(), stack.pop()
            ops = {'+': lambda: a + b, '-': lambda: a - b, '*': lambda: a * b,
                   '/': lambda: a / b, '^': lambda: a ** b}
            stack.append(ops[t]())
    return stack[0]
for expr in ['1 + 2 * 3', '(1 + 2) * 3', '2 ^ 3 ^ 2', '10 / 4 - 1', '2 * (3 + 4) * 5 - 6 / 3', '1.5 * 4', '7 - 2 - 1']:
    rpn = to_rpn(tokenize(expr))
    print('%-26s -> %-30s = %r' % (expr, ' '.join(map(str, rpn)), evaluate(rpn)))
for bad in ['1 / 0', '2 $ 3']:
    try:
        print(evaluate(to_rpn(tokenize(bad))))
    except (ZeroDivisionError, SyntaxError) as e:
        print(type(e).__name__, e)
