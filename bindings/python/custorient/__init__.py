"""custorient: customer analytics from the libcustorient C library.

Feedback scores (NPS, CSAT, CES, sentiment), customer records, churn and
lifetime-value models. Errors raise subclasses of :class:`custorient.Error`.
"""

from . import capi as _capi
from ._errors import (Error, InvalidArgumentError, RangeError, OutOfMemoryError, FileError,
                      ParseError, CorruptError, NotFoundError, ExistsError, ConvergenceError,
                      SizeOverflowError)
from ._dates import parse_date, format_date
from .rfm import (SEGMENTS, DEFAULT_RULES, RFMResult, rfm_cuts, rfm_score, rfm_scores,
                  rfm_segments, rfm_summary, rfm)

__version__ = _capi.co_version()

__all__ = [
    "__version__", "Error", "InvalidArgumentError", "RangeError", "OutOfMemoryError",
    "FileError", "ParseError", "CorruptError", "NotFoundError", "ExistsError",
    "ConvergenceError", "SizeOverflowError", "parse_date", "format_date",
    "SEGMENTS", "DEFAULT_RULES", "RFMResult", "rfm_cuts", "rfm_score", "rfm_scores",
    "rfm_segments", "rfm_summary", "rfm",
]
