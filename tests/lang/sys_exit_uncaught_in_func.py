# SystemExit raised deep inside calls; with statements exit cleanly.
import sys
class CM:
    def __enter__(self):
        print('enter')
    def __exit__(self, *args):
        print('exit called with', args[0].__name__)
def inner():
    with CM():
        sys.exit(42)
def outer():
    inner()
outer()
