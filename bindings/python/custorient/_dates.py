"""Dates as the library counts them: whole days since 1970-01-01."""

import datetime

from . import capi as _capi
from ._arrays import as_int

_EPOCH = datetime.date(1970, 1, 1)


def parse_date(value):
    """Day number of an ISO "YYYY-MM-DD" string, datetime.date or day number."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (value - _EPOCH).days
    if isinstance(value, int):
        return value
    return _capi.co_date_parse(value)


def format_date(day):
    """ISO "YYYY-MM-DD" text of a day number."""
    return _capi.co_py_date_format(as_int(day, "int64", "day"))
