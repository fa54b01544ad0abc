# Uncaught exception class raised without arguments, from a method.
class Machine:
    def stop(self):
        raise NotImplementedError
m = Machine()
print('stopping machine')
m.stop()
