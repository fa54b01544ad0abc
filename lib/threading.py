"""Thread objects and synchronisation primitives, built on _thread.

weft's threading module: the API of CPython 3.11's threading, written small.
Threads run in parallel (weft has no global lock), so everything here that
more than one thread may touch is protected explicitly:

- _active (ident -> Thread) and _limbo (Thread -> Thread, started but not yet
  running) are only changed under _active_limbo_lock; plain reads of them
  (current_thread) rely on dict lookups being atomic.
- A Thread's "done" lock is taken by start() before the OS thread exists and
  released by that thread as the very last thing it does, after removing
  itself from _active. join() and is_alive() wait on / probe that lock.
- Condition keeps one private lock per waiter (acquired once on creation, so
  a second acquire blocks until notify() releases it), exactly the scheme of
  CPython: no busy waiting, and timeouts come from lock.acquire(timeout).
"""

import sys as _sys
import _thread
from time import monotonic as _time

__all__ = ['get_ident', 'get_native_id', 'active_count', 'Condition',
           'current_thread', 'enumerate', 'main_thread', 'TIMEOUT_MAX',
           'Event', 'Lock', 'RLock', 'Semaphore', 'BoundedSemaphore',
           'Thread', 'Barrier', 'BrokenBarrierError', 'Timer', 'ThreadError',
           'local', 'stack_size', 'excepthook', 'ExceptHookArgs']

_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
get_ident = _thread.get_ident
get_native_id = _thread.get_native_id
stack_size = _thread.stack_size
ThreadError = _thread.error
TIMEOUT_MAX = _thread.TIMEOUT_MAX
local = _thread._local
Lock = _allocate_lock

# A C RLock is used only if it offers the helpers Condition needs to release
# a recursively held lock completely while waiting.
_CRLock = getattr(_thread, 'RLock', None)
if _CRLock is not None and not (hasattr(_CRLock, '_release_save') and
                                hasattr(_CRLock, '_acquire_restore')):
    _CRLock = None


# ---------------------------------------------------------------- RLock

def RLock(*args, **kwargs):
    """Return a new reentrant lock: the thread that holds it may take it
    again; it is free once released as many times as it was acquired."""
    if _CRLock is None:
        return _PyRLock(*args, **kwargs)
    return _CRLock(*args, **kwargs)


class _PyRLock:
    """Reentrant lock in Python: a plain lock plus (owner, count).

    Only the owner writes _owner while holding _block, so the unlocked
    `self._owner == me` test in acquire() can only be true for the owner."""

    def __init__(self):
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0

    def __repr__(self):
        owner = self._owner
        return "<%s %s.%s object owner=%r count=%d at %s>" % (
            "locked" if self._block.locked() else "unlocked",
            self.__class__.__module__, self.__class__.__qualname__,
            owner, self._count, hex(id(self)))

    def acquire(self, blocking=True, timeout=-1):
        me = get_ident()
        if self._owner == me:
            self._count += 1
            return True
        if not self._block.acquire(blocking, timeout):
            return False
        self._owner = me
        self._count = 1
        return True

    __enter__ = acquire

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            self._owner = None
            self._block.release()

    def __exit__(self, t, v, tb):
        self.release()

    # Used by Condition.wait(): drop every level, then restore them.
    def _release_save(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _is_owned(self):
        return self._owner == get_ident()


# ------------------------------------------------------------ Condition

class Condition:
    """A lock plus a set of threads waiting to be notified."""

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        # Locks that know how to save/restore their state (RLock) do it
        # themselves; for a plain lock the methods below are used.
        for helper in ('_release_save', '_acquire_restore', '_is_owned'):
            method = getattr(lock, helper, None)
            if method is not None:
                setattr(self, helper, method)
        self._waiters = []  # one held lock per waiting thread, FIFO

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return "<Condition(%s, %d)>" % (self._lock, len(self._waiters))

    def _release_save(self):
        self._lock.release()

    def _acquire_restore(self, state):
        self._lock.acquire()

    def _is_owned(self):
        # A plain lock does not know its owner: if we can take it, nobody
        # (in particular not us) held it.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout=None):
        """Release the lock, block until notified or timed out, re-acquire.
        Returns False if the timeout expired, True otherwise."""
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        notified = False
        try:
            if timeout is None:
                waiter.acquire()
                notified = True
            elif timeout > 0:
                notified = waiter.acquire(True, timeout)
            else:
                notified = waiter.acquire(False)
            return notified
        finally:
            self._acquire_restore(saved)
            if not notified:
                # Timed out (or interrupted): take ourselves off the list
                # unless a notify() already did.
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        """Wait until predicate() is true or the timeout expires; return the
        last value of predicate()."""
        deadline = None
        remaining = timeout
        result = predicate()
        while not result:
            if remaining is not None:
                if deadline is None:
                    deadline = _time() + remaining
                else:
                    remaining = deadline - _time()
                    if remaining <= 0:
                        break
            self.wait(remaining)
            result = predicate()
        return result

    def notify(self, n=1):
        """Wake up at most n threads waiting on this condition."""
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters.pop(0)
            waiter.release()
            n -= 1

    def notify_all(self):
        """Wake up every thread waiting on this condition."""
        self.notify(len(self._waiters))


# ------------------------------------------------------------ Semaphore

class Semaphore:
    """A counter that acquire() decrements (blocking at zero) and release()
    increments."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        cls = self.__class__
        return "<%s.%s at %s: value=%s>" % (
            cls.__module__, cls.__qualname__, hex(id(self)), self._value)

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        deadline = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    return False
                if timeout is not None:
                    if deadline is None:
                        deadline = _time() + timeout
                    else:
                        timeout = deadline - _time()
                        if timeout <= 0:
                            return False
                self._cond.wait(timeout)
            self._value -= 1
            return True

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    """A Semaphore that refuses to go above its initial value."""

    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def __repr__(self):
        cls = self.__class__
        return "<%s.%s at %s: value=%s/%s>" % (
            cls.__module__, cls.__qualname__, hex(id(self)),
            self._value, self._initial_value)

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


# ---------------------------------------------------------------- Event

class Event:
    """A flag that threads can wait for."""

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        cls = self.__class__
        return "<%s.%s at %s: %s>" % (cls.__module__, cls.__qualname__,
                                      hex(id(self)),
                                      'set' if self._flag else 'unset')

    def is_set(self):
        return self._flag

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        """Block until the flag is true or the timeout expires; return the
        flag."""
        with self._cond:
            if self._flag:
                return True
            return self._cond.wait(timeout)


# -------------------------------------------------------------- Barrier

class BrokenBarrierError(RuntimeError):
    pass


# Barrier states.
_FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2


class Barrier:
    """Blocks `parties` threads until all of them have called wait().

    A cycle is: FILLING (threads arrive) -> DRAINING (the last arrival wakes
    everybody; newcomers wait until all have left) -> FILLING again. abort()
    or a timeout moves to BROKEN; reset() moves through RESETTING (waiters
    leave with BrokenBarrierError) back to FILLING."""

    def __init__(self, parties, action=None, timeout=None):
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = _FILLING
        self._count = 0  # threads inside wait()

    def __repr__(self):
        cls = self.__class__
        if self.broken:
            return "<%s.%s at %s: broken>" % (cls.__module__, cls.__qualname__,
                                              hex(id(self)))
        return "<%s.%s at %s: waiters=%d/%d>" % (
            cls.__module__, cls.__qualname__, hex(id(self)),
            self.n_waiting, self.parties)

    def wait(self, timeout=None):
        """Wait for all parties; return this thread's arrival index
        (0 .. parties-1). The last arrival runs the action, if any."""
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            while self._state in (_DRAINING, _RESETTING):
                self._cond.wait()
            if self._state == _BROKEN:
                raise BrokenBarrierError
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._trip()
                else:
                    self._wait_trip(timeout)
                return index
            finally:
                self._count -= 1
                if self._count == 0 and self._state in (_DRAINING, _RESETTING):
                    self._state = _FILLING
                    self._cond.notify_all()

    def _trip(self):
        try:
            if self._action:
                self._action()
        except BaseException:
            self._break()
            raise
        self._state = _DRAINING
        self._cond.notify_all()

    def _wait_trip(self, timeout):
        if not self._cond.wait_for(lambda: self._state != _FILLING, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError

    def reset(self):
        """Return to the initial state; current waiters get
        BrokenBarrierError."""
        with self._cond:
            if self._count > 0:
                if self._state in (_FILLING, _BROKEN):
                    self._state = _RESETTING
            else:
                self._state = _FILLING
            self._cond.notify_all()

    def abort(self):
        """Break the barrier: current and future waiters get
        BrokenBarrierError until reset()."""
        with self._cond:
            self._break()

    def _break(self):
        self._state = _BROKEN
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == _FILLING:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == _BROKEN


# -------------------------------------------------------------- threads

_active_limbo_lock = RLock()
_active = {}   # ident -> Thread, for threads that are running
_limbo = {}    # Thread -> Thread, for threads between start() and running

# Names "Thread-N" / "Dummy-N" share one counter, as in CPython.
_counter_lock = _allocate_lock()
_counter = 0


def _newname(template):
    global _counter
    with _counter_lock:
        _counter += 1
        return template % _counter


class Thread:
    """A thread of control: call start() to run run() (by default
    target(*args, **kwargs)) in a new OS thread."""

    _initialized = False

    def __init__(self, group=None, target=None, name=None,
                 args=(), kwargs=None, *, daemon=None):
        assert group is None, "group argument must be None for now"
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            name = _newname("Thread-%d")
            if target is not None:
                try:
                    name += " (%s)" % (target.__name__,)
                except AttributeError:
                    pass
        self._target = target
        self._name = name
        self._args = args
        self._kwargs = kwargs
        if daemon is None:
            daemon = current_thread().daemon
        self._daemonic = bool(daemon)
        self._ident = None
        self._native_id = None
        self._done_lock = None    # held from start() until the thread ends
        self._serial = None       # its thread state's serial, once it runs
        self._is_stopped = False
        self._started = Event()
        self._initialized = True
        # Kept so that the excepthook can still report if sys.stderr is None.
        self._stderr = _sys.stderr

    def __repr__(self):
        assert self._initialized, "Thread.__init__() was not called"
        status = "initial"
        if self._started.is_set():
            status = "started"
        self.is_alive()  # notices a finished thread
        if self._is_stopped:
            status = "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self._name, status)

    def start(self):
        """Start the thread; at most once per Thread object."""
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")
        done = _allocate_lock()
        done.acquire()
        with _active_limbo_lock:
            if self._started.is_set() or self in _limbo:
                raise RuntimeError("threads can only be started once")
            self._done_lock = done
            _limbo[self] = self
        try:
            _start_new_thread(self._bootstrap, ())
        except BaseException:
            with _active_limbo_lock:
                del _limbo[self]
                self._done_lock = None
            done.release()
            raise
        # Return only once ident/native_id are known and the thread is in
        # _active.
        self._started.wait()

    def run(self):
        """The thread's activity; subclasses may override it."""
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            # Do not keep the target and its arguments alive (they may refer
            # back to this thread).
            del self._target, self._args, self._kwargs

    def _bootstrap(self):
        # Two frames below run(), as CPython's threading: a thread's
        # tracebacks and recursion depth match (its _bootstrap also
        # silences errors of daemon threads at shutdown).
        self._bootstrap_inner()

    def _bootstrap_inner(self):
        done = self._done_lock
        try:
            self._ident = get_ident()
            self._native_id = get_native_id()
            self._serial = _thread._current_serial()
            with _active_limbo_lock:
                _active[self._ident] = self
                del _limbo[self]
            self._started.set()
            try:
                self.run()
            except BaseException as exc:
                _invoke_excepthook(self, exc)
        finally:
            with _active_limbo_lock:
                if _active.get(self._ident) is self:
                    del _active[self._ident]
            done.release()

    def _wait_for_done(self, blocking=True, timeout=-1):
        lock = self._done_lock
        if lock is None:
            return          # already known to be finished
        if lock.acquire(blocking, timeout):
            lock.release()
            # As CPython's join: done once the thread's state is gone too,
            # not only its Python code (the last of _bootstrap and its
            # teardown still run after `done` is released).
            serial = self._serial
            if serial is not None and not _thread._wait_thread_gone(serial, blocking):
                return
            self._is_stopped = True
            self._done_lock = None

    def join(self, timeout=None):
        """Wait until the thread ends, or until timeout seconds pass.
        Check is_alive() afterwards to know which."""
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if not self._started.is_set():
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if timeout is None:
            self._wait_for_done()
        else:
            self._wait_for_done(True, max(timeout, 0))

    def is_alive(self):
        """True from the end of start() until run() has returned."""
        assert self._initialized, "Thread.__init__() not called"
        if self._is_stopped or not self._started.is_set():
            return False
        self._wait_for_done(False)
        return not self._is_stopped

    @property
    def name(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._name

    @name.setter
    def name(self, name):
        assert self._initialized, "Thread.__init__() not called"
        self._name = str(name)

    @property
    def ident(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._ident

    @property
    def native_id(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._native_id

    @property
    def daemon(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = daemonic


class Timer(Thread):
    """Calls function(*args, **kwargs) after `interval` seconds unless
    cancel() is called first."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class _MainThread(Thread):
    """The thread that imported this module (the interpreter's main thread).
    Its done lock is released by _shutdown()."""

    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._done_lock = _allocate_lock()
        self._done_lock.acquire()
        self._ident = get_ident()
        self._native_id = get_native_id()
        self._started.set()
        with _active_limbo_lock:
            _active[self._ident] = self


class _DummyThread(Thread):
    """Stands for a thread not started by this module (e.g. by
    _thread.start_new_thread) once it calls current_thread(). It stays in
    _active and cannot be joined."""

    def __init__(self):
        Thread.__init__(self, name=_newname("Dummy-%d"), daemon=True)
        self._ident = get_ident()
        self._native_id = get_native_id()
        self._started.set()
        with _active_limbo_lock:
            _active[self._ident] = self

    def is_alive(self):
        assert not self._is_stopped and self._started.is_set()
        return True

    def join(self, timeout=None):
        assert False, "cannot join a dummy thread"


def current_thread():
    """The Thread object of the calling thread."""
    try:
        return _active[get_ident()]
    except KeyError:
        return _DummyThread()


def main_thread():
    """The main Thread object (the one the interpreter started with)."""
    return _main_thread


def active_count():
    """Number of Thread objects alive (same as len(enumerate()))."""
    with _active_limbo_lock:
        return len(_active) + len(_limbo)


def enumerate():
    """List of all Thread objects alive: started and not finished, plus the
    main thread and dummy threads."""
    with _active_limbo_lock:
        return list(_active.values()) + list(_limbo.values())


# ----------------------------------------------------------- excepthook

class ExceptHookArgs(tuple):
    """The argument of threading.excepthook: (exc_type, exc_value,
    exc_traceback, thread)."""

    def __new__(cls, args):
        args = tuple(args)
        if len(args) != 4:
            raise TypeError("ExceptHookArgs takes a 4-sequence (%d-sequence "
                            "given)" % len(args))
        return tuple.__new__(cls, args)

    exc_type = property(lambda self: self[0])
    exc_value = property(lambda self: self[1])
    exc_traceback = property(lambda self: self[2])
    thread = property(lambda self: self[3])

    def __repr__(self):
        return ("_thread._ExceptHookArgs(exc_type=%r, exc_value=%r, "
                "exc_traceback=%r, thread=%r)" % tuple(self))


def excepthook(args):
    """Default handler of an exception escaping Thread.run(): print
    "Exception in thread NAME:" and the traceback to sys.stderr. SystemExit
    is ignored."""
    if args.exc_type is SystemExit:
        return
    stderr = _sys.stderr
    if stderr is None:
        if args.thread is None:
            return
        stderr = args.thread._stderr
        if stderr is None:
            return
    if args.thread is not None:
        name = args.thread.name
    else:
        name = get_ident()
    print("Exception in thread %s:" % (name,), file=stderr, flush=True)
    _print_exception(args.exc_value, stderr)
    stderr.flush()


__excepthook__ = excepthook


def _invoke_excepthook(thread, exc):
    try:
        hook = excepthook
        if hook is None:
            hook = __excepthook__
        hook(ExceptHookArgs((type(exc), exc, exc.__traceback__, thread)))
    except Exception as hook_exc:
        hook_exc.__suppress_context__ = True
        stderr = _sys.stderr if _sys.stderr is not None else thread._stderr
        if stderr is None:
            return
        print("Exception in threading.excepthook:", file=stderr, flush=True)
        _print_exception(hook_exc, stderr)
        stderr.flush()


def _print_exception(exc, file):
    """Print exc with its traceback and chained exceptions, as the
    interpreter prints an uncaught exception."""
    # sys._print_exception (weft's own printer, with ^^^ markers) writes to
    # the process's stderr; for any other file (sys.stderr replaced) use the
    # formatter below.
    printer = getattr(_sys, '_print_exception', None)
    if printer is not None and file is getattr(_sys, '__stderr__', None):
        printer(exc)
        return
    for line in _format_exception(exc, set()):
        file.write(line)


# The formatter used when sys._print_exception cannot be: it follows
# CPython 3.11's layout but prints no ^^^ markers.

def _format_exception(exc, seen):
    seen.add(id(exc))
    lines = []
    cause = exc.__cause__
    context = exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += _format_exception(cause, seen)
        lines.append("\nThe above exception was the direct cause of the "
                     "following exception:\n\n")
    elif (context is not None and not exc.__suppress_context__
          and id(context) not in seen):
        lines += _format_exception(context, seen)
        lines.append("\nDuring handling of the above exception, another "
                     "exception occurred:\n\n")
    if exc.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += _format_traceback(exc.__traceback__)
    lines += _format_exception_only(exc)
    return lines


_REPEAT_CUTOFF = 3  # identical frames shown before "[Previous line repeated"


def _format_traceback(tb):
    lines = []
    last = None
    repeats = 0
    while tb is not None:
        code = tb.tb_frame.f_code
        where = (code.co_filename, tb.tb_lineno, code.co_name)
        if where == last:
            repeats += 1
        else:
            if repeats > _REPEAT_CUTOFF:
                lines.append(_repeated_line(repeats - _REPEAT_CUTOFF))
            last = where
            repeats = 1
        if repeats <= _REPEAT_CUTOFF:
            lines.append('  File "%s", line %s, in %s\n' % where)
            source = _source_line(where[0], where[1])
            if source:
                lines.append("    %s\n" % source)
        tb = tb.tb_next
    if repeats > _REPEAT_CUTOFF:
        lines.append(_repeated_line(repeats - _REPEAT_CUTOFF))
    return lines


def _repeated_line(count):
    return "  [Previous line repeated %d more time%s]\n" % (
        count, "s" if count > 1 else "")


def _source_line(filename, lineno):
    if not isinstance(lineno, int) or lineno < 1:
        return ""
    try:
        with open(filename) as f:
            n = 0
            for line in f:
                n += 1
                if n == lineno:
                    return line.strip()
    except Exception:
        pass
    return ""


def _format_exception_only(exc):
    etype = type(exc)
    name = etype.__qualname__
    module = etype.__module__
    if module not in ("__main__", "builtins") and isinstance(module, str):
        name = module + "." + name
    try:
        text = str(exc)
    except Exception:
        text = "<exception str() failed>"
    lines = [name + ": " + text + "\n" if text else name + "\n"]
    notes = getattr(exc, "__notes__", None)
    if notes is not None:
        for note in notes:
            lines.append("%s\n" % (note,))
    return lines


# ------------------------------------------------------------- shutdown

_main_thread = _MainThread()


def _shutdown():
    """Called by the interpreter when the main thread has finished: mark the
    main thread stopped, then wait for every non-daemon thread to end
    (including threads they start meanwhile). Daemon threads do not hold
    the process."""
    main = _main_thread
    if main._is_stopped:
        return
    lock = main._done_lock
    main._is_stopped = True
    main._done_lock = None
    if lock is not None:
        lock.release()
    me = get_ident()
    while True:
        with _active_limbo_lock:
            waiting = [t
                       for t in list(_active.values()) + list(_limbo.values())
                       if not t._daemonic and t is not main
                       and t._ident != me and t._done_lock is not None]
        if not waiting:
            return
        for t in waiting:
            t._wait_for_done()
