# print(file=sys.stderr) and sys.stdout.write go to separate streams.
import sys
print('to stdout 1')
print('to stderr 1', file=sys.stderr)
sys.stdout.write('stdout via write\n')
n = sys.stderr.write('stderr via write\n')
print('write returned', n)
print('to stderr', 'with sep', sep='-', file=sys.stderr)
print('to stdout 2', file=sys.stdout)
print('to stdout 3', file=None)
