# sys.exit(3) exits with status 3; finally blocks still run.
import sys
print('before exit')
try:
    sys.exit(3)
finally:
    print('finally runs during exit')
print('never printed')
