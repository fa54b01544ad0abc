/* test_parser.c — the front end: tokenizer, parser, f-strings, AST dump and
 * SyntaxError messages/positions, compared with CPython 3.11's ast.dump and
 * SyntaxError attributes (expected values generated with python3), plus a
 * deterministic mutation fuzz (every input gives an AST or an exception).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/parser.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

/* ---- expected results (from python3: ast.dump / SyntaxError) ----------- */
static const struct { const char *src; int mode; const char *dump; } ok_cases[] = {
    {"x = 1 + 2*3", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=BinOp(left=Constant(value=2), op=Mult(), right=Constant(value=3))))], type_ignores=[])"},
    {"a, b = b, a", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Tuple(elts=[Name(id='b', ctx=Load()), Name(id='a', ctx=Load())], ctx=Load()))], type_ignores=[])"},
    {"def f(a, b=1, *args, c, d=2, **kw) -> int:\n    return a\n", WF_COMPILE_EXEC,
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], vararg=arg(arg='args'), kwonlyargs=[arg(arg='c'), arg(arg='d')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='kw'), defaults=[Constant(value=1)]), body=[Return(value=Name(id='a', ctx=Load()))], decorator_list=[], returns=Name(id='int', ctx=Load()))], type_ignores=[])"},
    {"def g(a, /, b, *, c): pass", WF_COMPILE_EXEC,
     "Module(body=[FunctionDef(name='g', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], kwonlyargs=[arg(arg='c')], kw_defaults=[None], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])"},
    {"class A(B, metaclass=M):\n    x = 1\n", WF_COMPILE_EXEC,
     "Module(body=[ClassDef(name='A', bases=[Name(id='B', ctx=Load())], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load()))], body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], decorator_list=[])], type_ignores=[])"},
    {"@dec\n@dec2(1)\ndef f(): pass", WF_COMPILE_EXEC,
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='dec', ctx=Load()), Call(func=Name(id='dec2', ctx=Load()), args=[Constant(value=1)], keywords=[])])], type_ignores=[])"},
    {"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass", WF_COMPILE_EXEC,
     "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[Pass()])])], type_ignores=[])"},
    {"for i, j in x:\n    break\nelse:\n    continue", WF_COMPILE_EXEC,
     "Module(body=[For(target=Tuple(elts=[Name(id='i', ctx=Store()), Name(id='j', ctx=Store())], ctx=Store()), iter=Name(id='x', ctx=Load()), body=[Break()], orelse=[Continue()])], type_ignores=[])"},
    {"while x:\n    pass", WF_COMPILE_EXEC,
     "Module(body=[While(test=Name(id='x', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])"},
    {"try:\n    pass\nexcept E as e:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass", WF_COMPILE_EXEC,
     "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()]), ExceptHandler(body=[Pass()])], orelse=[Pass()], finalbody=[Pass()])], type_ignores=[])"},
    {"with a as b, c as (d, e):\n    pass", WF_COMPILE_EXEC,
     "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Tuple(elts=[Name(id='d', ctx=Store()), Name(id='e', ctx=Store())], ctx=Store()))], body=[Pass()])], type_ignores=[])"},
    {"with (a as b, c):\n    pass", WF_COMPILE_EXEC,
     "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()))], body=[Pass()])], type_ignores=[])"},
    {"import a, b.c as d\nfrom . import x\nfrom ..a.b import (c, d as e,)\nfrom x import *", WF_COMPILE_EXEC,
     "Module(body=[Import(names=[alias(name='a'), alias(name='b.c', asname='d')]), ImportFrom(names=[alias(name='x')], level=1), ImportFrom(module='a.b', names=[alias(name='c'), alias(name='d', asname='e')], level=2), ImportFrom(module='x', names=[alias(name='*')], level=0)], type_ignores=[])"},
    {"global a, b\nnonlocal c\ndel a, b[1], c.d\nassert x, 'msg'", WF_COMPILE_EXEC,
     "Module(body=[Global(names=['a', 'b']), Nonlocal(names=['c']), Delete(targets=[Name(id='a', ctx=Del()), Subscript(value=Name(id='b', ctx=Load()), slice=Constant(value=1), ctx=Del()), Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Del())]), Assert(test=Name(id='x', ctx=Load()), msg=Constant(value='msg'))], type_ignores=[])"},
    {"raise\nraise X\nraise X from Y", WF_COMPILE_EXEC,
     "Module(body=[Raise(), Raise(exc=Name(id='X', ctx=Load())), Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='Y', ctx=Load()))], type_ignores=[])"},
    {"x += 1\nx //= 2\nx **= 3\nx @= y", WF_COMPILE_EXEC,
     "Module(body=[AugAssign(target=Name(id='x', ctx=Store()), op=Add(), value=Constant(value=1)), AugAssign(target=Name(id='x', ctx=Store()), op=FloorDiv(), value=Constant(value=2)), AugAssign(target=Name(id='x', ctx=Store()), op=Pow(), value=Constant(value=3)), AugAssign(target=Name(id='x', ctx=Store()), op=MatMult(), value=Name(id='y', ctx=Load()))], type_ignores=[])"},
    {"x: int\nx: int = 1\n(y): int = 1\na.b: int", WF_COMPILE_EXEC,
     "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=1), AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=1), AnnAssign(target=Name(id='y', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=0), AnnAssign(target=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0)], type_ignores=[])"},
    {"lambda: 0\nlambda x, y=1, *a, k, **kw: x", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0))), Expr(value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='x'), arg(arg='y')], vararg=arg(arg='a'), kwonlyargs=[arg(arg='k')], kw_defaults=[None], kwarg=arg(arg='kw'), defaults=[Constant(value=1)]), body=Name(id='x', ctx=Load())))], type_ignores=[])"},
    {"a or b and not c", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), BoolOp(op=And(), values=[Name(id='b', ctx=Load()), UnaryOp(op=Not(), operand=Name(id='c', ctx=Load()))])]))], type_ignores=[])"},
    {"a < b <= c == d != e is f is not g in h not in i", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), LtE(), Eq(), NotEq(), Is(), IsNot(), In(), NotIn()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load()), Name(id='f', ctx=Load()), Name(id='g', ctx=Load()), Name(id='h', ctx=Load()), Name(id='i', ctx=Load())]))], type_ignores=[])"},
    {"a | b ^ c & d << e >> f + g - h * i / j // k % l @ m ** -n ** ~o", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=BinOp(left=Name(id='a', ctx=Load()), op=BitOr(), right=BinOp(left=Name(id='b', ctx=Load()), op=BitXor(), right=BinOp(left=Name(id='c', ctx=Load()), op=BitAnd(), right=BinOp(left=BinOp(left=Name(id='d', ctx=Load()), op=LShift(), right=Name(id='e', ctx=Load())), op=RShift(), right=BinOp(left=BinOp(left=Name(id='f', ctx=Load()), op=Add(), right=Name(id='g', ctx=Load())), op=Sub(), right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id='h', ctx=Load()), op=Mult(), right=Name(id='i', ctx=Load())), op=Div(), right=Name(id='j', ctx=Load())), op=FloorDiv(), right=Name(id='k', ctx=Load())), op=Mod(), right=Name(id='l', ctx=Load())), op=MatMult(), right=BinOp(left=Name(id='m', ctx=Load()), op=Pow(), right=UnaryOp(op=USub(), operand=BinOp(left=Name(id='n', ctx=Load()), op=Pow(), right=UnaryOp(op=Invert(), operand=Name(id='o', ctx=Load()))))))))))))], type_ignores=[])"},
    {"f(a, b=1, *c, **d)\nf(x for x in y)", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Starred(value=Name(id='c', ctx=Load()), ctx=Load())], keywords=[keyword(arg='b', value=Constant(value=1)), keyword(value=Name(id='d', ctx=Load()))])), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])"},
    {"[x for x in y if x for z in w]\n{k: v for k, v in x}\n{x for x in y}\n(x for x in y)", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='x', ctx=Load())], is_async=0), comprehension(target=Name(id='z', ctx=Store()), iter=Name(id='w', ctx=Load()), ifs=[], is_async=0)])), Expr(value=DictComp(key=Name(id='k', ctx=Load()), value=Name(id='v', ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='k', ctx=Store()), Name(id='v', ctx=Store())], ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0)])), Expr(value=SetComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])), Expr(value=GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"},
    {"a[1:2, ::3, ...]\na[*b]", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3)), Constant(value=Ellipsis)], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])"},
    {"x = yield\ny = yield from g()", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield()), Assign(targets=[Name(id='y', ctx=Store())], value=YieldFrom(value=Call(func=Name(id='g', ctx=Load()), args=[], keywords=[])))], type_ignores=[])"},
    {"(x := 1)\n[y := 2, y]", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1))), Expr(value=List(elts=[NamedExpr(target=Name(id='y', ctx=Store()), value=Constant(value=2)), Name(id='y', ctx=Load())], ctx=Load()))], type_ignores=[])"},
    {"1_000\n0x_FF\n0o17\n0b101\n1.5e-3\n.5\n123456789012345678901234567890", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Constant(value=1000)), Expr(value=Constant(value=255)), Expr(value=Constant(value=15)), Expr(value=Constant(value=5)), Expr(value=Constant(value=0.0015)), Expr(value=Constant(value=0.5)), Expr(value=Constant(value=123456789012345678901234567890))], type_ignores=[])"},
    {"'a' 'b'\nb'\\x00\\xff'\nr'\\n'\nu'x'\n'\\xe9\\n\\101'", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Constant(value='ab')), Expr(value=Constant(value=b'\\x00\\xff')), Expr(value=Constant(value='\\\\n')), Expr(value=Constant(value='x', kind='u')), Expr(value=Constant(value='é\\nA'))], type_ignores=[])"},
    {"f'a{x}b{y!r}c{z:>10}d{w!s:{width}.{prec}}'", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='b'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114), Constant(value='c'), FormattedValue(value=Name(id='z', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>10')])), Constant(value='d'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=115, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='width', ctx=Load()), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='prec', ctx=Load()), conversion=-1)]))]))], type_ignores=[])"},
    {"f'{x=}' f'{y = :>3}'", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='y = '), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>3')]))]))], type_ignores=[])"},
    {"f'{{}}' 'plain' f'{a[\"b\"]}'", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=JoinedStr(values=[Constant(value='{}plain'), FormattedValue(value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value='b'), ctx=Load()), conversion=-1)]))], type_ignores=[])"},
    {"match = 1\ncase = 2", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='case', ctx=Store())], value=Constant(value=2))], type_ignores=[])"},
    {"x = 1; y = 2;\n", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], type_ignores=[])"},
    {"if True:\n\tpass\n", WF_COMPILE_EXEC,
     "Module(body=[If(test=Constant(value=True), body=[Pass()], orelse=[])], type_ignores=[])"},
    {"x = (1 +\n     2) + \\\n    3\n", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)), op=Add(), right=Constant(value=3)))], type_ignores=[])"},
    {"ñ = 'héllo'", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='ñ', ctx=Store())], value=Constant(value='héllo'))], type_ignores=[])"},
    {"x = 1\r\ny = 2\r\n", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], type_ignores=[])"},
    {"a + b", WF_COMPILE_EVAL,
     "Expression(body=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=Name(id='b', ctx=Load())))"},
    {"x = 1", WF_COMPILE_SINGLE,
     "Interactive(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])"},
    {"*a, b = c", WF_COMPILE_EXEC,
     "Module(body=[Assign(targets=[Tuple(elts=[Starred(value=Name(id='a', ctx=Store()), ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])"},
    {"del (a, b), [c]", WF_COMPILE_EXEC,
     "Module(body=[Delete(targets=[Tuple(elts=[Name(id='a', ctx=Del()), Name(id='b', ctx=Del())], ctx=Del()), List(elts=[Name(id='c', ctx=Del())], ctx=Del())])], type_ignores=[])"},
    {"print(*a if b else c)", WF_COMPILE_EXEC,
     "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Starred(value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=Name(id='c', ctx=Load())), ctx=Load())], keywords=[]))], type_ignores=[])"},
};
static const struct { const char *src; const char *type; const char *msg; int lineno, offset; } err_cases[] = {
    {"x = (1,\ny = 2\n", "SyntaxError", "'(' was never closed", 1, 5},
    {"x = )\n", "SyntaxError", "unmatched ')'", 1, 5},
    {"x = (]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 6},
    {"x = (\n]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1},
    {"x = \"abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5},
    {"x = \"\"\"abc\n\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 5},
    {"x = 1abc\n", "SyntaxError", "invalid decimal literal", 1, 5},
    {"x = 0777\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5},
    {"x = 0x\n", "SyntaxError", "invalid hexadecimal literal", 1, 6},
    {"x = 0b102\n", "SyntaxError", "invalid digit '2' in binary literal", 1, 9},
    {"x = 0o8\n", "SyntaxError", "invalid digit '8' in octal literal", 1, 7},
    {"x = 1__0\n", "SyntaxError", "invalid decimal literal", 1, 6},
    {"a $ b\n", "SyntaxError", "invalid syntax", 1, 3},
    {"x = \x01\n", "SyntaxError", "invalid non-printable character U+0001", 1, 5},
    {"x = €\n", "SyntaxError", "invalid character '€' (U+20AC)", 1, 5},
    {"f'{'\n", "SyntaxError", "f-string: expecting '}'", 1, 5},
    {"f'}'\n", "SyntaxError", "f-string: single '}' is not allowed", 1, 5},
    {"f'{}'\n", "SyntaxError", "f-string: empty expression not allowed", 1, 6},
    {"f'{a!x}'\n", "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 9},
    {"f'{a:{b:{c}}}'\n", "SyntaxError", "f-string: expressions nested too deeply", 1, 15},
    {"f'{\\n}'\n", "SyntaxError", "f-string expression part cannot include a backslash", 1, 8},
    {"f'{#}'\n", "SyntaxError", "f-string expression part cannot include '#'", 1, 7},
    {"x = 1 +", "SyntaxError", "invalid syntax", 1, 8},
    {"(", "SyntaxError", "'(' was never closed", 1, 1},
    {"def f(:", "SyntaxError", "invalid syntax", 1, 7},
    {"if x", "SyntaxError", "expected ':'", 1, 5},
    {"if x:", "IndentationError", "expected an indented block after 'if' statement on line 1", 1, 6},
    {"if x:\npass", "IndentationError", "expected an indented block after 'if' statement on line 1", 2, 1},
    {"print \"x\"", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1},
    {"f(**a, *b)", "SyntaxError", "iterable argument unpacking follows keyword argument unpacking", 1, 8},
    {"f(a=1, b)", "SyntaxError", "positional argument follows keyword argument", 1, 9},
    {"def f(a=1, b): pass", "SyntaxError", "non-default argument follows default argument", 1, 12},
    {"a + 1 = 2", "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1},
    {"f() = 1", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1},
    {"1 = x", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1},
    {"x = 1 = 2", "SyntaxError", "cannot assign to literal", 1, 5},
    {"if x = 1: pass", "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4},
    {"a b", "SyntaxError", "invalid syntax", 1, 3},
    {"del f()", "SyntaxError", "cannot delete function call", 1, 5},
    {"for 1 in x: pass", "SyntaxError", "cannot assign to literal", 1, 5},
    {"(a, b) += 1", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 1},
    {"x = yield = 1", "SyntaxError", "assignment to yield expression not possible", 1, 5},
    {"(1 2\nx = 3", "SyntaxError", "'(' was never closed", 1, 1},
    {"if x:\n    a\n  b", "IndentationError", "unindent does not match any outer indentation level", 3, 4},
    {"    x\n  y", "IndentationError", "unexpected indent", 1, 4},
    {"if 1:\n\ta\n        b", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1},
    {"x = 1\n y = 2", "IndentationError", "unexpected indent", 2, 1},
    {"f(x for x in y, 1)", "SyntaxError", "Generator expression must be parenthesized", 1, 3},
    {"x = [1 2]", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6},
    {"x = 1 if 2", "SyntaxError", "expected 'else' after 'if' expression", 1, 5},
    {"(x.y := 1)", "SyntaxError", "cannot use assignment expressions with attribute", 1, 2},
    {"def f(*): pass", "SyntaxError", "named arguments must follow bare *", 1, 7},
    {"def f(**k, a): pass", "SyntaxError", "arguments cannot follow var-keyword argument", 1, 12},
    {"from x import a,", "SyntaxError", "trailing comma not allowed without surrounding parentheses", 1, 17},
    {"try:\n  pass", "SyntaxError", "expected 'except' or 'finally' block", 2, 7},
    {"class A:\npass", "IndentationError", "expected an indented block after class definition on line 1", 2, 1},
    {"del *a", "SyntaxError", "cannot delete starred", 1, 5},
    {"x = {1: 2, 3}", "SyntaxError", "':' expected after dictionary key", 1, 12},
    {"x = {1: 2 3: 4}", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 9},
    {"def f(a, (b, c)): pass", "SyntaxError", "Function parameters cannot be parenthesized", 1, 10},
    {"try:\n  pass\nexcept E, F:\n  pass", "SyntaxError", "multiple exception types must be parenthesized", 3, 8},
    {"(a, b): int", "SyntaxError", "only single target (not tuple) can be annotated", 1, 1},
    {"f() += 1", "SyntaxError", "'function call' is an illegal expression for augmented assignment", 1, 1},
    {"while x = 1: pass", "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 7},
    {"b'ü'", "SyntaxError", "bytes can only contain ASCII literal characters", 1, 1},
    {"'a' b'b'", "SyntaxError", "cannot mix bytes and nonbytes literals", 1, 9},
    {"'\\xZ'", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", 1, 6},
    {"(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((", "SyntaxError", "too many nested parentheses", 1, 201},
    {"x = 5€", "SyntaxError", "invalid character '€' (U+20AC)", 1, 6},
    {"print(\"a\" \"b\" 1)", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 7},
    {"[x \"a\"]", "SyntaxError", "invalid syntax", 1, 4},
    {"x = 1j", "SyntaxError", "imaginary numbers are not supported by weft", 1, 5},
    {"async def f(): pass", "SyntaxError", "async/await is not supported by weft", 1, 1},
    {"match x:\n    case 1: pass", "SyntaxError", "match statements are not supported by weft", 1, 1},
};

/* ---- helpers ----------------------------------------------------------- */

/* The first 40 bytes of src on one line, for test names. */
static const char *desc(const char *src) {
    static char buf[64];  /* single-threaded test */
    size_t n = 0;
    for (const char *s = src; *s && n < 40; s++) {
        if (*s == '\n' || *s == '\r' || *s == '\t') {
            buf[n++] = '\\';
            buf[n++] = *s == '\n' ? 'n' : *s == '\r' ? 'r' : 't';
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
    return buf;
}

static char *dump_of(const char *src, int mode) {
    WfArena *arena = wf_arena_new();
    WfObject *filename = wf_str_from_cstr("<test>");
    WfMod *mod = wf_parse(arena, src, strlen(src), filename, mode);
    char *buf = NULL;
    size_t len = 0;
    if (mod != NULL) {
        FILE *f = open_memstream(&buf, &len);
        wf_ast_dump(mod, f);
        fclose(f);
    } else {
        WfObject *exc = wf_err_get_raised();
        WfObject *msg = exc ? wf_object_getattr_cstr(exc, "msg") : NULL;
        const char *m = msg && wf_str_check(msg) ? wf_str_as_utf8(msg) : "?";
        buf = malloc(strlen(m) + 16);
        sprintf(buf, "ERROR: %s", m);
        wf_xdecref(msg);
        wf_xdecref(exc);
        wf_err_clear();
    }
    wf_decref(filename);
    wf_arena_free(arena);
    return buf;
}

static long int_attr(WfObject *exc, const char *name) {
    WfObject *v = wf_object_getattr_cstr(exc, name);
    long r = (v && v != WF_NONE) ? wf_int_as_long(v) : -999;
    wf_xdecref(v);
    wf_err_clear();
    return r;
}

static const char *type_name_of(WfObject *exc) {
    if (WF_TYPE(exc) == (WfTypeObject *)wf_exc_TabError) return "TabError";
    if (WF_TYPE(exc) == (WfTypeObject *)wf_exc_IndentationError) return "IndentationError";
    if (WF_TYPE(exc) == (WfTypeObject *)wf_exc_SyntaxError) return "SyntaxError";
    return WF_TYPE(exc)->tp_name;
}

static void check_error(const char *src, const char *type, const char *msg, int lineno, int offset) {
    WfArena *arena = wf_arena_new();
    WfObject *filename = wf_str_from_cstr("<test>");
    WfMod *mod = wf_parse(arena, src, strlen(src), filename, WF_COMPILE_EXEC);
    WfObject *exc = mod ? NULL : wf_err_get_raised();
    if (exc == NULL) {
        ok(0, "error for %s (parsed without one)", desc(src));
        wf_err_clear();
        wf_decref(filename);
        wf_arena_free(arena);
        return;
    }
    WfObject *m = wf_object_getattr_cstr(exc, "msg");
    const char *got_msg = m && wf_str_check(m) ? wf_str_as_utf8(m) : "?";
    long got_line = int_attr(exc, "lineno"), got_off = int_attr(exc, "offset");
    int same = strcmp(type_name_of(exc), type) == 0 && strcmp(got_msg, msg) == 0 &&
               got_line == lineno && got_off == offset;
    if (!ok(same, "error for %s", desc(src)))
        diag("    got %s '%s' (%ld, %ld), expected %s '%s' (%d, %d)", type_name_of(exc), got_msg,
             got_line, got_off, type, msg, lineno, offset);
    wf_xdecref(m);
    wf_decref(exc);
    wf_err_clear();
    wf_decref(filename);
    wf_arena_free(arena);
}

/* ---- fuzz -------------------------------------------------------------- */

static const char fuzz_base[] =
    "import os, sys as system\n"
    "from . import (a, b,)\n"
    "@dec(arg=1)\n"
    "class Foo(Base, metaclass=Meta):\n"
    "    attr: int = 0x_ff + 0o17 + 1_000.5e-3\n"
    "    def m(self, a, /, b=2, *args, c, **kw) -> 'Foo':\n"
    "        x = [i ** 2 for i in range(10) if i % 2 if not i > 5]\n"
    "        y = {k: v for k, v in kw.items()}\n"
    "        if (n := len(x)) > 3 and a is not None or b not in x:\n"
    "            return f\"{self!r:>{n}} {x=} {y['k']:.{c}f}\" 'tail'\n"
    "        try:\n"
    "            raise ValueError('bad') from None\n"
    "        except (TypeError, ValueError) as e:\n"
    "            del e\n"
    "        finally:\n"
    "            print(*args, sep='', **kw)\n"
    "        with open(a) as f, open(b) as (g, h):\n"
    "            lambda q, *r, s=1, **t: q[1:2, ::3][...]\n"
    "        x[0] += 1; x.y -= 2\n"
    "        return (yield)\n";

static const char *const fuzz_tokens[] = {
    "(", ")", "[", "]", "{", "}", ":", ",", "'", "\"", "\"\"\"", "f'", "\\", "\n", "\t", "    ",
    "=", ":=", "*", "**", "lambda", "yield", "if", "else", "for", "in", "not", "0x", "1e", "_",
    ".", "\xff", "\xc3", "\xe2\x82\xac", "#", "@", "async", "match", "del", "!r", "\r", "\f",
    "f'{x=}'", "f'{", "b'",
};

static unsigned long long rng_state = 0x2545F4914F6CDD1DULL;
static unsigned rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state >> 11);
}

/* Mutates base into buf (capacity cap); returns the new length. */
static size_t mutate(char *buf, size_t cap) {
    size_t len = sizeof(fuzz_base) - 1;
    memcpy(buf, fuzz_base, len);
    int k = 1 + (int)(rng() % 6);
    for (int i = 0; i < k; i++) {
        size_t pos = len ? rng() % (len + 1) : 0;
        unsigned op = rng() % 10;
        if (op < 3 && len) {
            size_t n = 1 + rng() % 8;
            if (pos + n > len) n = len - pos;
            memmove(buf + pos, buf + pos + n, len - pos - n);
            len -= n;
        } else if (op < 6) {
            const char *t = fuzz_tokens[rng() % (sizeof(fuzz_tokens) / sizeof(fuzz_tokens[0]))];
            size_t n = strlen(t);
            if (len + n > cap) continue;
            memmove(buf + pos + n, buf + pos, len - pos);
            memcpy(buf + pos, t, n);
            len += n;
        } else if (op < 8 && len) {
            buf[pos < len ? pos : len - 1] = (char)(rng() & 0xFF);
        } else {
            len = pos;
        }
    }
    return len;
}

static void fuzz(int rounds) {
    char buf[4096];
    int bad = 0, parsed = 0;
    for (int i = 0; i < rounds; i++) {
        size_t len = mutate(buf, sizeof(buf));
        WfArena *arena = wf_arena_new();
        WfMod *mod = wf_parse(arena, buf, len, NULL, WF_COMPILE_EXEC);
        if (mod != NULL) {
            parsed++;
            if (wf_err_occurred())
                bad++;
        } else if (!wf_err_occurred()) {
            bad++;
        }
        wf_err_clear();
        wf_arena_free(arena);
    }
    is_int(bad, 0, "fuzz: %d mutations give an AST or an exception (%d parsed)", rounds, parsed);
}

/* Deep nesting never crashes: an error or a tree, never a stack overflow. */
static void deep_inputs(void) {
    static const char *const units[][2] = {
        {"(", ")"}, {"-", ""}, {"not ", ""}, {"[", "]"}, {"f(", ")"}, {"lambda: ", ""},
        {"1 if 2 else ", ""}, {"2**", ""}, {"a+", ""}, {"a.b", ""}, {"a[0]", ""},
    };
    int crashes = 0;
    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        int reps = 20000;
        size_t l1 = strlen(units[u][0]), l2 = strlen(units[u][1]);
        char *s = malloc((l1 + l2) * reps + 8);
        size_t n = 0;
        for (int i = 0; i < reps; i++) { memcpy(s + n, units[u][0], l1); n += l1; }
        s[n++] = 'x';
        for (int i = 0; i < reps; i++) { memcpy(s + n, units[u][1], l2); n += l2; }
        WfArena *arena = wf_arena_new();
        WfMod *mod = wf_parse(arena, s, n, NULL, WF_COMPILE_EXEC);
        if (mod == NULL && !wf_err_occurred())
            crashes++;
        if (mod != NULL) {  /* a tree that passed the depth check can be walked recursively */
            FILE *f = fopen("/dev/null", "w");
            wf_ast_dump(mod, f);
            fclose(f);
        }
        wf_err_clear();
        wf_arena_free(arena);
        free(s);
    }
    is_int(crashes, 0, "deeply nested inputs give an AST or an exception");
}

int main(void) {
    if (wf_runtime_init() < 0) {
        printf("Bail out! runtime init failed\n");
        return 1;
    }
    int n_ok = (int)(sizeof(ok_cases) / sizeof(ok_cases[0]));
    int n_err = (int)(sizeof(err_cases) / sizeof(err_cases[0]));
    plan(n_ok + n_err + 2);
    for (int i = 0; i < n_ok; i++) {
        char *got = dump_of(ok_cases[i].src, ok_cases[i].mode);
        is_str(got, ok_cases[i].dump, "ast.dump of %s", desc(ok_cases[i].src));
        free(got);
    }
    for (int i = 0; i < n_err; i++)
        check_error(err_cases[i].src, err_cases[i].type, err_cases[i].msg, err_cases[i].lineno,
                    err_cases[i].offset);
    fuzz(3000);
    deep_inputs();
    return done_testing();
}
