"""Ownership of one C handle by one Python object."""


class Owned:
    """Owner of one C handle, freed by close(), a with-block or collection.

    Subclasses set ``_free`` (a staticmethod taking the handle) and ``_what``
    (the name used in the "closed" error), and store the handle with
    ``_own(handle)``.
    """

    _ptr = None
    _what = "object"

    def _own(self, handle):
        self._ptr = handle

    @property
    def _handle(self):
        if self._ptr is None:
            raise ValueError("the %s is closed" % self._what)
        return self._ptr

    def close(self):
        """Free the C object now (also done when this object is collected)."""
        handle, self._ptr = self._ptr, None
        if handle is not None:
            self._free(handle)

    def __del__(self):
        try:
            self.close()
        except (AttributeError, TypeError):  # the C module may already be gone at exit
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
