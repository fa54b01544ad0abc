# At exit the main thread waits for non-daemon threads, including threads
# started by them. Their output comes after the main thread's last line.
import threading

main_finished = threading.Event()

def grandchild():
    print('grandchild done')

def child():
    main_finished.wait()
    print('child done')
    threading.Thread(target=grandchild).start()

threading.Thread(target=child).start()
print('main done')
main_finished.set()
