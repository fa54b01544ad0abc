# More computing daemon threads than cores are still running when the main
# thread ends: the program exits at once, with its output, and status 0.
import threading

started = threading.Semaphore(0)
counts = [0] * 6


def hog(i):
    started.release()
    while True:
        counts[i] += 1
        sum(range(50))


for i in range(6):
    threading.Thread(target=hog, args=(i,), daemon=True).start()
for i in range(6):
    started.acquire()


def busy_main():
    total = 0
    for k in range(200000):
        total += k % 3
    return total


print("main computed", busy_main())
print("daemons alive:", sum(t.daemon and t.is_alive() for t in threading.enumerate()))
