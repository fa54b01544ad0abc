# Imported by import_thread_in_module: its body starts a thread that imports
# another module, and waits for it.
import threading

RESULT = []


def _worker():
    import mod_thread_inner
    RESULT.append(mod_thread_inner.VALUE)


_t = threading.Thread(target=_worker)
_t.start()
_t.join()
