# Types shared by the stubs; a stub only, nothing of it exists at run time.
import datetime
import os
from typing import Any, Union

import numpy as np
from numpy.typing import ArrayLike as ArrayLike

# A day: ISO "YYYY-MM-DD" text, a datetime.date or a day number (days since 1970-01-01).
Date = Union[str, datetime.date, int, np.integer[Any]]
# A file name, as open() takes it.
StrPath = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
# A result that mirrors its input: a float for scalars, a pandas Series (with the
# input's index) for a Series, else a numpy array (array.array without numpy).
Mirrored = Any
# A one-dimensional result: a numpy array (array.array without numpy).
Array = Any
