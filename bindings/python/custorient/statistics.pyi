from typing import Any

import pandas as pd

from ._types import ArrayLike

__all__ = ["StatisticalResult", "logrank_test"]

class StatisticalResult:
    p_value: Any  # a float, or an array for several tests
    test_statistic: Any
    test_name: str | None
    name: Any
    t_0: float
    null_distribution: str
    degrees_of_freedom: int
    def __init__(self, p_value: Any, test_statistic: Any, name: Any = ...,
                 test_name: str | None = ..., **kwargs: Any) -> None: ...
    @property
    def summary(self) -> pd.DataFrame: ...
    def to_ascii(self, decimals: int = ..., **kwargs: Any) -> str: ...
    def print_summary(self, decimals: int = ..., style: str | None = ...,
                      **kwargs: Any) -> None: ...

def logrank_test(durations_A: ArrayLike, durations_B: ArrayLike,
                 event_observed_A: ArrayLike | None = ..., event_observed_B: ArrayLike | None = ...,
                 t_0: float = ..., weights_A: ArrayLike | None = ...,
                 weights_B: ArrayLike | None = ..., weightings: str | None = ...,
                 **kwargs: Any) -> StatisticalResult: ...
