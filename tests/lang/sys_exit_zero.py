# sys.exit() and sys.exit(0) exit successfully; SystemExit can be caught.
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print('caught SystemExit', e.code, e.args, repr(e))
try:
    sys.exit()
except SystemExit as e:
    print('no-arg exit code:', e.code)
try:
    raise SystemExit('text')
except SystemExit as e:
    print('code is the message:', e.code)
print(isinstance(SystemExit(), Exception), issubclass(SystemExit, BaseException))
try:
    sys.exit(1)
except Exception:
    print('not caught by Exception')
except BaseException:
    print('caught by BaseException')
print('exiting with 0 now')
sys.exit(0)
