# sys.argv holds the script name (the runner passes no extra arguments).
import sys
print(sys.argv)
print(len(sys.argv), sys.argv[0], type(sys.argv).__name__)
print(sys.argv[1:])
args = sys.argv[1:] or ['default']
print(args)
