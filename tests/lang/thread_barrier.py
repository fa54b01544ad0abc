# Barrier: four threads go through three phases in lock step.
import threading

PARTIES = 4
PHASES = 3
actions = []
barrier = threading.Barrier(PARTIES, action=lambda: actions.append('trip'))
cells = [[None] * PARTIES for _ in range(PHASES)]
complete = [[None] * PARTIES for _ in range(PHASES)]
indices = [[] for _ in range(PHASES)]
lock = threading.Lock()

def worker(i):
    for phase in range(PHASES):
        cells[phase][i] = phase * 10 + i
        idx = barrier.wait()
        with lock:
            indices[phase].append(idx)
        # Everyone wrote this phase's cell before anybody got past wait().
        complete[phase][i] = None not in cells[phase]
        barrier.wait()

threads = [threading.Thread(target=worker, args=(i,)) for i in range(PARTIES)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('cells:', cells)
print('complete:', complete)
print('indices:', [sorted(x) for x in indices])
print('actions:', len(actions))
print('parties:', barrier.parties, 'waiting:', barrier.n_waiting,
      'broken:', barrier.broken)

# A timed-out wait breaks the barrier for everyone.
b = threading.Barrier(2)
try:
    b.wait(0.01)
except threading.BrokenBarrierError as e:
    print('timeout ->', type(e).__name__, isinstance(e, RuntimeError))
print('broken:', b.broken)
try:
    b.wait()
except threading.BrokenBarrierError:
    print('wait on broken barrier raises')
b.reset()
print('after reset broken:', b.broken)

# abort() releases a waiting thread with BrokenBarrierError.
b = threading.Barrier(3)
got = []
def waiter():
    try:
        b.wait()
        got.append('passed')
    except threading.BrokenBarrierError:
        got.append('broken')
t = threading.Thread(target=waiter)
t.start()
while b.n_waiting < 1:
    threading.Event().wait(0.001)
print('n_waiting:', b.n_waiting)
b.abort()
t.join()
print('waiter got:', got, 'broken:', b.broken)

# An action that raises breaks the barrier and propagates in that thread.
def bad():
    raise ValueError('bad action')
b = threading.Barrier(1, action=bad)
try:
    b.wait()
except ValueError as e:
    print('action error:', e, 'broken:', b.broken)
b = threading.Barrier(1)
print('single party index:', b.wait(), b.wait())
