# raise SystemExit(None) and exit codes that are not ints.
import sys
print('exit with a list code')
sys.exit([1, 2])
