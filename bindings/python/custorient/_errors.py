"""Exceptions raised for the library's status codes."""

__all__ = [
    "Error", "InvalidArgumentError", "RangeError", "OutOfMemoryError", "FileError",
    "ParseError", "CorruptError", "NotFoundError", "ExistsError", "ConvergenceError",
    "SizeOverflowError",
]


class Error(Exception):
    """Base class of every error raised by custorient.

    ``status`` is the library's negative status code and ``message`` the
    detail text (``co_errmsg()``). ``path``, ``line`` and ``column`` locate
    the failure in a file or named text (1-based, from ``co_errpath()``,
    ``co_errline()``, ``co_errcolumn()``); each is None when unknown, e.g. a
    file that cannot be opened has a path but no line.
    """

    status = None

    def __init__(self, message, status=None, path=None, line=None, column=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.path = path
        self.line = line or None
        self.column = column or None


class InvalidArgumentError(Error, ValueError):
    """An argument is invalid (CO_EINVAL)."""
    status = -1


class RangeError(Error, ValueError):
    """A value lies outside its allowed range, or an index past the end (CO_ERANGE)."""
    status = -2


class OutOfMemoryError(Error, MemoryError):
    """Memory could not be allocated (CO_ENOMEM)."""
    status = -3


class FileError(Error, OSError):
    """A file could not be opened, read or written (CO_EIO)."""
    status = -4


class ParseError(Error, ValueError):
    """Malformed input text (CO_EPARSE); ``path``, ``line`` and ``column``
    locate it when it came from a file or named text."""
    status = -5


class CorruptError(Error):
    """A binary file is truncated, damaged or of another version (CO_ECORRUPT)."""
    status = -6


class NotFoundError(Error, KeyError):
    """A looked-up key or name does not exist (CO_ENOTFOUND)."""
    status = -7

    def __str__(self):
        return self.message


class ExistsError(Error, KeyError):
    """An item with the same key already exists (CO_EEXIST)."""
    status = -8

    def __str__(self):
        return self.message


class ConvergenceError(Error, ArithmeticError, ValueError):
    """A numerical method did not converge (CO_ENOCONV). Also a ValueError, the
    exception lifetimes raises for a fit that does not converge."""
    status = -9


class SizeOverflowError(Error, OverflowError):
    """A count or size would overflow (CO_EOVERFLOW)."""
    status = -10


_BY_STATUS = {cls.status: cls for cls in (
    InvalidArgumentError, RangeError, OutOfMemoryError, FileError, ParseError,
    CorruptError, NotFoundError, ExistsError, ConvergenceError, SizeOverflowError)}


def _from_status(status, detail, path=None, line=0, column=0):
    """Build the exception for a status code and its location (called by the
    C extension; 0 for an unknown line or column)."""
    message = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else detail
    cls = _BY_STATUS.get(status, Error)
    return cls(message or "status %d" % status, status, path, line, column)
