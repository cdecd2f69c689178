"""File names handed to the C layer.

Every function of the package that takes a file or directory name goes
through fspath(): str, bytes and os.PathLike are accepted, as open() does;
anything else (None, a number) is TypeError instead of becoming a file named
"None". The C boundary (core.i) encodes the name like os.fsencode() and
refuses a NUL byte with ValueError, which would otherwise cut the name short.
"""

import os


def fspath(path, name="path"):
    """`path` (str, bytes or os.PathLike) as str, decoded like os.fsdecode()."""
    try:
        return os.fsdecode(os.fspath(path))
    except TypeError:
        raise TypeError("%s must be str, bytes or os.PathLike, not %s"
                        % (name, type(path).__name__)) from None
