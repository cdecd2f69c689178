from typing import Iterable, NamedTuple

import pandas

from ._types import Date, StrPath
from .nps import NPS
from .satisfaction import RatingSummary

__all__ = ["summarize_csv", "FeedbackTally", "feedback_scores_csv"]

def summarize_csv(paths: StrPath | Iterable[StrPath], as_of: Date | None = ...,
                  freq: str = ..., extra_columns: bool = ...) -> pandas.DataFrame: ...

class FeedbackTally(NamedTuple):
    rows: int
    as_of: str | None
    nps: NPS
    csat: RatingSummary | None
    ces: RatingSummary | None

def feedback_scores_csv(paths: StrPath | Iterable[StrPath],
                        as_of: Date | None = ...) -> FeedbackTally: ...
