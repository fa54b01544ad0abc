# Uncaught exception raised while handling another prints the context chain.
def cleanup():
    raise RuntimeError('cleanup failed')
def work():
    try:
        raise KeyError('primary')
    except KeyError:
        cleanup()
print('working')
work()
