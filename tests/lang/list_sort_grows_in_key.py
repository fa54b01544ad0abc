# A key function that grows the list being sorted, once another thread has existed (the
# shared sort path): the sorted copy must be installed with the capacity it really has,
# or later appends write past its end (ASan: heap-buffer-overflow).
import threading
t = threading.Thread(target=lambda: None); t.start(); t.join()   # objects now "shared": not the private sort path
L = list(range(10))
def key(x):
    if x == 3:
        L.extend(range(200))
    return x
try:
    L.sort(key=key)
except ValueError as e:
    print("ValueError:", e)
for i in range(300):
    L.append(i)
print(len(L))
