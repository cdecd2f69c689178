"""Ownership of one C object by one Python object, safe under any threading.

The bindings release the GIL during C calls, so two Python threads can be
inside the library on the same object at once. The C rule (docs/conventions.md,
"Threads") is: any number of readers, or one writer alone. Every owner here
keeps that rule with a readers-writer lock of its own:

- a reading call (a query, a score, a summary, sizing an output and the call
  that fills it) holds the lock shared: readers run side by side;
- a writing call (an add, a set, a load into, a refit) holds it exclusively:
  writers wait for every reader and for each other, one at a time;
- close() is a writer: it waits until the calls in flight return, and every
  later call raises ValueError ("the store is closed").

The lock is reentrant for the thread holding it (a reader may read again, a
writer may read or write again). A thread holding it shared that asks for it
exclusively raises RuntimeError instead of waiting for itself. Neither side
can starve the other: a waiting writer goes before readers that come after
it, and readers left waiting by a writer go before the next writer.

Two owners of one C object would free it twice, so an owner is never copied
by sharing its handle: copy.copy, copy.deepcopy and pickle raise TypeError,
unless the class makes a whole, independent copy of its C object (a Store
through its snapshot; Lexicon and Topics for copy.copy and
copy.deepcopy) and hands it to _adopt().
"""

import threading


class RWLock:
    """A reentrant readers-writer lock, fair both ways: a waiting writer goes
    before readers that come after it, and the readers waiting when a writer
    finishes go before the next writer."""

    __slots__ = ("_mutex", "_cond", "_readers", "_writer", "_depth", "_writers_waiting",
                 "_readers_waiting", "_readers_turn")

    def __init__(self):
        self._mutex = threading.Lock()  # guards the fields; `with` on it costs no Python call
        self._cond = threading.Condition(self._mutex)
        self._readers = {}  # thread id -> depth of its shared holds
        self._writer = None  # thread id of the exclusive holder
        self._depth = 0  # its depth of holds (exclusive and nested shared)
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._readers_turn = False  # the readers left waiting by a writer go next

    def acquire_read(self):
        me = threading.get_ident()
        with self._mutex:
            if self._writer is None and not self._writers_waiting:  # the common case
                readers = self._readers
                readers[me] = readers.get(me, 0) + 1
                return
            if self._writer == me:
                self._depth += 1
                return
            if me in self._readers:
                self._readers[me] += 1
                return
            self._readers_waiting += 1
            try:
                while self._writer is not None or (self._writers_waiting and
                                                   not self._readers_turn):
                    self._cond.wait()
            finally:
                self._readers_waiting -= 1
                if not self._readers_waiting and self._readers_turn:
                    self._readers_turn = False
                    if self._writers_waiting:
                        self._cond.notify_all()
            self._readers[me] = 1

    def release_read(self):
        me = threading.get_ident()
        with self._mutex:
            if self._writer == me:
                self._depth -= 1
                return
            depth = self._readers[me] - 1
            if depth:
                self._readers[me] = depth
                return
            del self._readers[me]
            if not self._readers and self._writers_waiting:
                self._cond.notify_all()

    def acquire_write(self):
        me = threading.get_ident()
        with self._mutex:
            if self._writer == me:
                self._depth += 1
                return
            if me in self._readers:
                raise RuntimeError("cannot modify or close this object while reading it "
                                   "in the same thread")
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers or self._readers_turn:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
                if self._readers_waiting:
                    self._cond.notify_all()  # readers held back by this writer may go now
            self._writer, self._depth = me, 1

    def release_write(self):
        with self._mutex:
            self._depth -= 1
            if not self._depth:
                self._writer = None
                self._readers_turn = self._readers_waiting > 0
                if self._readers_waiting or self._writers_waiting:
                    self._cond.notify_all()


class _Access:
    """`with owner._reading() as handle:` / `with owner._writing() as handle:`;
    with need=False the hold does not require a handle and gives None."""

    __slots__ = ("_owner", "_write", "_need")

    def __init__(self, owner, write, need=True):
        self._owner, self._write, self._need = owner, write, need

    def __enter__(self):
        owner = self._owner
        lock = owner._lock
        if self._write:
            lock.acquire_write()
        else:
            lock.acquire_read()
        try:
            return owner._handle if self._need else None
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc):
        if self._write:
            self._owner._lock.release_write()
        else:
            self._owner._lock.release_read()


class Guarded:
    """An object whose C state is read and written under its own RWLock.

    Subclasses call ``_guard()`` first in ``__init__`` and define
    ``_handle`` (the C object passed to the library)."""

    _lock = None

    def _guard(self):
        self._lock = RWLock()

    def _reading(self):
        """Context manager holding the lock shared; gives the handle."""
        return _Access(self, False)

    def _writing(self):
        """Context manager holding the lock exclusively; gives the handle."""
        return _Access(self, True)

    def _exclusive(self):
        """Context manager holding the lock exclusively, handle or not (gives None)."""
        return _Access(self, True, False)

    def _shared(self):
        """Context manager holding the lock shared, handle or not (gives None)."""
        return _Access(self, False, False)

    def _read(self, fn, *args):
        """fn(handle, *args) with the lock held shared."""
        lock = self._lock
        lock.acquire_read()
        try:
            return fn(self._handle, *args)
        finally:
            lock.release_read()

    def _write(self, fn, *args):
        """fn(handle, *args) with the lock held exclusively."""
        lock = self._lock
        lock.acquire_write()
        try:
            return fn(self._handle, *args)
        finally:
            lock.release_write()


class Owned(Guarded):
    """Owner of one C handle, freed by close(), a with-block or collection.

    Subclasses set ``_free`` (a staticmethod taking the handle) and ``_what``
    (the name used in the "closed" error), and store the handle with
    ``_own(handle)``; every C call on it goes through ``_read()`` /
    ``_reading()`` or ``_write()`` / ``_writing()``.
    """

    _ptr = None
    _what = "object"

    def _own(self, handle):
        self._guard()
        self._ptr = handle

    @property
    def _handle(self):
        if self._ptr is None:
            raise ValueError("the %s is closed" % self._what)
        return self._ptr

    def _replace(self, handle):
        """Own `handle` instead of the current one, which is freed (hold _exclusive())."""
        old, self._ptr = self._ptr, handle
        if old is not None:
            self._free(old)

    def close(self):
        """Free the C object now (also done when this object is collected).
        Waits for calls on it in other threads to return; later calls raise
        ValueError."""
        if self._lock is None:  # __init__ failed before owning anything
            return
        with self._exclusive():
            self._replace(None)

    def __del__(self):
        # Unreachable, so no call is in flight: free without the lock.
        handle, self._ptr = self._ptr, None
        if handle is not None:
            try:
                self._free(handle)
            except (AttributeError, TypeError):  # the C module may already be gone at exit
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _adopt(self, handle):
        """A new object of this class owning `handle`, a copy of this one's C
        object made by the caller (for __copy__)."""
        clone = object.__new__(type(self))
        clone._own(handle)
        return clone

    def _refuse_copy(self, *args):
        raise TypeError("a %s cannot be copied or pickled (it owns a C object)%s"
                        % (type(self).__name__, self._copy_hint))

    _copy_hint = ""
    __copy__ = __deepcopy__ = __reduce_ex__ = __reduce__ = _refuse_copy
