"""Exceptions raised for the library's status codes."""

import re

__all__ = [
    "Error", "InvalidArgumentError", "RangeError", "OutOfMemoryError", "FileError",
    "ParseError", "CorruptError", "NotFoundError", "ExistsError", "ConvergenceError",
    "SizeOverflowError",
]


class Error(Exception):
    """Base class of every error raised by custorient.

    ``status`` is the library's negative status code and ``message`` the
    detail text (``co_errmsg()``).
    """

    status = None

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class InvalidArgumentError(Error, ValueError):
    """An argument is invalid (CO_EINVAL)."""
    status = -1


class RangeError(Error, ValueError):
    """A value lies outside its allowed range (CO_ERANGE)."""
    status = -2


class OutOfMemoryError(Error, MemoryError):
    """Memory could not be allocated (CO_ENOMEM)."""
    status = -3


class FileError(Error, OSError):
    """A file could not be opened, read or written (CO_EIO)."""
    status = -4


_LOCATION = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?P<column>\d+): ")


class ParseError(Error, ValueError):
    """Malformed input text (CO_EPARSE).

    ``path``, ``line`` and ``column`` locate the problem when the library
    reported a location (1-based), else they are None.
    """
    status = -5

    def __init__(self, message, status=None):
        super().__init__(message, status)
        match = _LOCATION.match(message)
        self.path = match.group("path") if match else None
        self.line = int(match.group("line")) if match else None
        self.column = int(match.group("column")) if match else None


class CorruptError(Error):
    """A binary file is truncated, damaged or of another version (CO_ECORRUPT)."""
    status = -6


class NotFoundError(Error, KeyError):
    """A looked-up item does not exist (CO_ENOTFOUND)."""
    status = -7

    def __str__(self):
        return self.message


class ExistsError(Error, KeyError):
    """An item with the same key already exists (CO_EEXIST)."""
    status = -8

    def __str__(self):
        return self.message


class ConvergenceError(Error, ArithmeticError):
    """A numerical method did not converge (CO_ENOCONV)."""
    status = -9


class SizeOverflowError(Error, OverflowError):
    """A count or size would overflow (CO_EOVERFLOW)."""
    status = -10


_BY_STATUS = {cls.status: cls for cls in (
    InvalidArgumentError, RangeError, OutOfMemoryError, FileError, ParseError,
    CorruptError, NotFoundError, ExistsError, ConvergenceError, SizeOverflowError)}


def _from_status(status, detail):
    """Build the exception for a status code (called by the C extension)."""
    message = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else detail
    cls = _BY_STATUS.get(status, Error)
    return cls(message or "status %d" % status, status)
