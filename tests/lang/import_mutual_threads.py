# Two threads import two modules that import each other, each thread
# holding one module's import lock while it waits for the other's: the
# second to wait would close a cycle, so it gets the partial module (as
# CPython does) and both imports finish.
import threading
import mod_mutual_sync

results = []


def importer(name):
    m = __import__(name)
    results.append((name, m.DONE))


threads = [threading.Thread(target=importer, args=(n,)) for n in ("mod_mutual_a", "mod_mutual_b")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
import mod_mutual_a, mod_mutual_b
print(mod_mutual_a.DONE, mod_mutual_b.DONE)
