"""Dates as the library counts them: whole days since 1970-01-01."""

import datetime
import numbers

from . import capi as _capi
from ._arrays import as_int

_EPOCH = datetime.date(1970, 1, 1)
_ACCEPTED = ('a date is an ISO "YYYY-MM-DD" string, a datetime.date or a day number '
             '(an integer: days since 1970-01-01)')


def parse_date(value):
    """Day number of an ISO "YYYY-MM-DD" string, datetime.date or day number.

    A day number is any integer (int or a numpy integer such as np.int64),
    converted exactly as every integer argument is (a whole-valued float too;
    RangeError for a fraction or a value outside int64). A bool is not a day
    number and raises TypeError, as does any other type."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (value - _EPOCH).days
    if isinstance(value, bool):  # (a numpy bool is no number: the last TypeError)
        raise TypeError("%s, not a bool" % _ACCEPTED)
    if isinstance(value, numbers.Real):  # int, numpy integers, whole-valued floats
        return as_int(value, "int64", "day")
    if isinstance(value, (str, bytes)):
        return _capi.co_date_parse(value)
    raise TypeError("%s, not %s" % (_ACCEPTED, type(value).__name__))


def format_date(day):
    """ISO "YYYY-MM-DD" text of a day number."""
    return _capi.co_py_date_format(as_int(day, "int64", "day"))
