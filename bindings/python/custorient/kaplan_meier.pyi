from typing import Any, Sequence, TypeVar

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ._types import ArrayLike

__all__ = ["KaplanMeierFitter", "StatisticalWarning"]

_K = TypeVar("_K", bound="KaplanMeierFitter")

class StatisticalWarning(RuntimeWarning): ...

class KaplanMeierFitter:
    alpha: float
    ci_type: str
    variance: str
    # set by fit(): frames indexed by the timeline, as lifelines
    survival_function_: pd.DataFrame
    cumulative_density_: pd.DataFrame
    confidence_interval_: pd.DataFrame
    confidence_interval_cumulative_density_: pd.DataFrame
    event_table: pd.DataFrame
    timeline: np.ndarray
    median_survival_time_: float
    median_confidence_interval_: tuple[float, float]
    standard_errors_: pd.Series
    durations: np.ndarray
    event_observed: np.ndarray
    entry: np.ndarray | None
    weights: np.ndarray
    def __init__(self, alpha: float = ..., label: str | None = ..., *, ci_type: str = ...,
                 variance: str = ...) -> None: ...
    def fit(self: _K, durations: ArrayLike, event_observed: ArrayLike | None = ...,
            timeline: ArrayLike | None = ..., entry: ArrayLike | None = ...,
            label: str | None = ..., alpha: float | None = ...,
            ci_labels: Sequence[str] | None = ..., weights: ArrayLike | None = ...,
            ci_type: str | None = ...) -> _K: ...
    def fit_right_censoring(self: _K, durations: ArrayLike,
                            event_observed: ArrayLike | None = ...,
                            timeline: ArrayLike | None = ..., entry: ArrayLike | None = ...,
                            label: str | None = ..., alpha: float | None = ...,
                            ci_labels: Sequence[str] | None = ...,
                            weights: ArrayLike | None = ..., ci_type: str | None = ...) -> _K: ...
    @property
    def label(self) -> str | None: ...
    @property
    def confidence_interval_survival_function_(self) -> pd.DataFrame: ...
    @property
    def conditional_time_to_event_(self) -> pd.DataFrame: ...
    def predict(self, times: ArrayLike, interpolate: bool = ...) -> Any: ...  # float or Series
    def survival_function_at_times(self, times: ArrayLike,
                                   label: str | None = ...) -> pd.Series: ...
    def cumulative_density_at_times(self, times: ArrayLike,
                                    label: str | None = ...) -> pd.Series: ...
    def percentile(self, p: float) -> float: ...
    def percentile_confidence_interval(self, p: float) -> tuple[float, float]: ...
    def plot_survival_function(self, **kwargs: Any) -> Axes: ...
    def plot_cumulative_density(self, **kwargs: Any) -> Axes: ...
    def plot(self, **kwargs: Any) -> Axes: ...
    def close(self) -> None: ...
    def __enter__(self: _K) -> _K: ...
    def __exit__(self, *exc: object) -> None: ...
    def __copy__(self: _K) -> _K: ...
    def __deepcopy__(self: _K, memo: object) -> _K: ...
