# Events shared by mod_mutual_a and mod_mutual_b (import_mutual_threads).
import threading

a_started = threading.Event()
b_started = threading.Event()
