"""Thread-safe queues: Queue (FIFO), LifoQueue, PriorityQueue, SimpleQueue.

Invariants:
- Every Queue field (the items and unfinished_tasks) is read and written
  only while holding self.mutex. The three Conditions share that one lock:
  not_empty is signalled after a put, not_full after a get, all_tasks_done
  when unfinished_tasks reaches zero.
- Subclasses change the storage discipline only through the four hooks
  _init / _qsize / _put / _get, which are always called with mutex held
  (the same hooks as CPython, so user subclasses keep working).
"""

import threading
from time import monotonic as _time

__all__ = ['Empty', 'Full', 'Queue', 'PriorityQueue', 'LifoQueue',
           'SimpleQueue']


# CPython defines these two in its C module _queue; naming the module the
# same way keeps reprs and uncaught-exception tracebacks identical.
class Empty(Exception):
    'Exception raised by Queue.get(block=0)/get_nowait().'
    __module__ = '_queue'


class Full(Exception):
    'Exception raised by Queue.put(block=0)/put_nowait().'


def _check_timeout(timeout):
    if timeout is not None and timeout < 0:
        raise ValueError("'timeout' must be a non-negative number")


class Queue:
    """First-in first-out queue holding at most maxsize items
    (maxsize <= 0: unbounded)."""

    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._init(maxsize)
        self.mutex = threading.Lock()
        self.not_empty = threading.Condition(self.mutex)
        self.not_full = threading.Condition(self.mutex)
        self.all_tasks_done = threading.Condition(self.mutex)
        self.unfinished_tasks = 0

    # -- task accounting

    def task_done(self):
        """Tell the queue that one item taken with get() has been processed;
        join() returns when every item put has been marked so."""
        with self.mutex:
            left = self.unfinished_tasks - 1
            if left < 0:
                raise ValueError('task_done() called too many times')
            self.unfinished_tasks = left
            if left == 0:
                self.all_tasks_done.notify_all()

    def join(self):
        """Block until every item put has been marked with task_done()."""
        with self.mutex:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    # -- size (snapshots: another thread may change them right after)

    def qsize(self):
        with self.mutex:
            return self._qsize()

    def empty(self):
        with self.mutex:
            return not self._qsize()

    def full(self):
        with self.mutex:
            return 0 < self.maxsize <= self._qsize()

    # -- put / get

    def put(self, item, block=True, timeout=None):
        """Add item. When the queue is full: wait if block (at most timeout
        seconds, then raise Full); raise Full at once otherwise."""
        with self.not_full:
            if self.maxsize > 0:
                if not block:
                    if self._qsize() >= self.maxsize:
                        raise Full
                else:
                    _check_timeout(timeout)
                    self._wait_until(self.not_full, self._has_room, timeout,
                                     Full)
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block=True, timeout=None):
        """Remove and return the next item. When the queue is empty: wait if
        block (at most timeout seconds, then raise Empty); raise Empty at
        once otherwise."""
        with self.not_empty:
            if not block:
                if not self._qsize():
                    raise Empty
            else:
                _check_timeout(timeout)
                self._wait_until(self.not_empty, self._qsize, timeout, Empty)
            item = self._get()
            self.not_full.notify()
            return item

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    def _has_room(self):
        return self._qsize() < self.maxsize

    @staticmethod
    def _wait_until(cond, ready, timeout, error):
        # Called with the mutex held; waits on cond until ready() is true.
        if timeout is None:
            while not ready():
                cond.wait()
            return
        deadline = _time() + timeout
        while not ready():
            remaining = deadline - _time()
            if remaining <= 0.0:
                raise error
            cond.wait(remaining)

    # -- storage hooks (FIFO)

    def _init(self, maxsize):
        self.queue = _Fifo()

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.popleft()


class _Fifo:
    """A first-in first-out sequence with O(1) amortised append/popleft
    (weft has no collections.deque): items are appended to _back; popleft
    takes from _front, which holds older items in reverse order and is
    refilled from _back when empty. Not thread-safe by itself: the queues
    call it under their lock."""

    def __init__(self, items=()):
        self._front = []
        self._back = list(items)

    def append(self, item):
        self._back.append(item)

    def popleft(self):
        if not self._front:
            if not self._back:
                raise IndexError("pop from an empty deque")
            # Swap the two lists rather than making a new one: a list that
            # another thread touches first is marked shared, which costs a
            # membarrier (runtime/objects/lockfree.c), so the queue keeps
            # the two it made.
            self._back.reverse()
            self._front, self._back = self._back, self._front
        return self._front.pop()

    def __len__(self):
        return len(self._front) + len(self._back)

    def __iter__(self):
        return iter(self._front[::-1] + self._back)

    def __repr__(self):
        return "deque(%r)" % (list(self),)


class LifoQueue(Queue):
    """Last-in first-out queue (a stack)."""

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


class PriorityQueue(Queue):
    """Queue that returns the smallest item first (items are compared with
    <; entries are typically (priority, data) tuples)."""

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        _heappush(self.queue, item)

    def _get(self):
        return _heappop(self.queue)


# A binary min-heap in a list: heap[k] <= heap[2k+1] and heap[k] <= heap[2k+2].
# The same algorithm as heapq (weft has none), so items that compare equal
# come out in the same order as in CPython.

def _heappush(heap, item):
    heap.append(item)
    _sift_toward_root(heap, 0, len(heap) - 1)


def _heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    smallest = heap[0]
    heap[0] = last
    _sift_toward_leaves(heap, 0)
    return smallest


def _sift_toward_root(heap, top, pos):
    # Move heap[pos] up while it is smaller than its parent (never above top).
    item = heap[pos]
    while pos > top:
        parent = (pos - 1) >> 1
        if item < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = item


def _sift_toward_leaves(heap, pos):
    # Move the hole at pos down to a leaf, always following the smaller child,
    # then put the displaced item there and let it rise to its place. This
    # does fewer comparisons than stopping early, as items from the end of
    # the heap usually belong near the bottom.
    end = len(heap)
    top = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_toward_root(heap, top, pos)


class SimpleQueue:
    """Unbounded FIFO queue without task tracking."""

    def __init__(self):
        self._items = _Fifo()
        self._ready = threading.Condition(threading.Lock())

    def put(self, item, block=True, timeout=None):
        """Add item; never blocks (block and timeout exist for
        compatibility with Queue.put)."""
        with self._ready:
            self._items.append(item)
            self._ready.notify()

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get(self, block=True, timeout=None):
        """Remove and return the oldest item, waiting as Queue.get does."""
        with self._ready:
            if not block:
                if not self._items:
                    raise Empty
            else:
                _check_timeout(timeout)
                Queue._wait_until(self._ready, self._items.__len__, timeout,
                                  Empty)
            return self._items.popleft()

    def get_nowait(self):
        return self.get(block=False)

    def empty(self):
        with self._ready:
            return not self._items

    def qsize(self):
        with self._ready:
            return len(self._items)
