from typing import Any, Hashable, Sequence, Union

import numpy as np
import pandas as pd

from .btyd import BetaGeoFitter, ParetoNBDFitter, _PurchaseFitter
from .kaplan_meier import KaplanMeierFitter
from ._types import ArrayLike

__all__ = ["summary_data_from_transaction_data", "calibration_and_holdout_data",
           "expected_cumulative_transactions", "calculate_alive_path", "period_transactions",
           "calibration_vs_holdout", "holdout_metrics", "compare_models", "ModelComparison",
           "qth_survival_time", "qth_survival_times", "median_survival_times",
           "restricted_mean_survival_time", "survival_table_from_events",
           "datetimes_to_durations"]

def summary_data_from_transaction_data(
        transactions: pd.DataFrame, customer_id_col: Hashable, datetime_col: Hashable,
        monetary_value_col: Hashable | None = ..., datetime_format: str | None = ...,
        observation_period_end: Any = ..., freq: str = ..., freq_multiplier: float = ...,
        include_first_transaction: bool = ...) -> pd.DataFrame: ...
def calibration_and_holdout_data(
        transactions: pd.DataFrame, customer_id_col: Hashable, datetime_col: Hashable,
        calibration_period_end: Any, observation_period_end: Any = ..., freq: str = ...,
        freq_multiplier: float = ..., datetime_format: str | None = ...,
        monetary_value_col: Hashable | None = ...,
        include_first_transaction: bool = ...) -> pd.DataFrame: ...
def expected_cumulative_transactions(
        model: _PurchaseFitter, transactions: pd.DataFrame, datetime_col: Hashable,
        customer_id_col: Hashable, t: int, datetime_format: str | None = ..., freq: str = ...,
        freq_multiplier: float = ..., set_index_date: bool = ...) -> pd.DataFrame: ...
def calculate_alive_path(model: _PurchaseFitter, transactions: pd.DataFrame,
                         datetime_col: Hashable, t: int, freq: str = ...) -> pd.Series: ...
def period_transactions(model: _PurchaseFitter, frequency: ArrayLike, T: ArrayLike,
                        max_frequency: int = ...) -> pd.DataFrame: ...
def calibration_vs_holdout(model: _PurchaseFitter, calibration_holdout_summary: pd.DataFrame,
                           n: int = ...) -> pd.DataFrame: ...
def holdout_metrics(actual: ArrayLike, predicted: ArrayLike) -> dict[str, float]: ...
def compare_models(calibration_holdout_summary: pd.DataFrame, penalizer_coef: float = ...,
                   max_iter: int = ..., tol: float = ...) -> ModelComparison: ...

class ModelComparison:
    table: pd.DataFrame
    models: dict[str, BetaGeoFitter | ParetoNBDFitter | None]
    recommended: str | None
    reason: str
    beats_baseline: bool
    def __init__(self, table: pd.DataFrame, models: Any, recommended: str | None, reason: str,
                 beats_baseline: bool, _data: Any = ...) -> None: ...
    def bias_by_frequency(self, n: int = ...) -> pd.DataFrame: ...
    def summary(self) -> str: ...

# lifelines.utils' survival helpers: `model_or_survival_function` is a fitted
# KaplanMeierFitter, or survival curves as a Series or DataFrame indexed by time.
_Curves = Union[KaplanMeierFitter, pd.Series, pd.DataFrame]

def qth_survival_time(q: float, model_or_survival_function: _Curves) -> float: ...
def qth_survival_times(q: float | ArrayLike,
                       survival_functions: pd.Series | pd.DataFrame) -> Any: ...  # float or frame
def median_survival_times(model_or_survival_function: _Curves) -> Any: ...
def restricted_mean_survival_time(model_or_survival_function: _Curves, t: float = ...,
                                  return_variance: bool = ...) -> Any: ...  # mean, or (mean, var)
def survival_table_from_events(death_times: ArrayLike, event_observed: ArrayLike,
                               birth_times: ArrayLike | None = ...,
                               columns: Sequence[str] = ..., weights: ArrayLike | None = ...,
                               collapse: bool = ...,
                               intervals: ArrayLike | None = ...) -> pd.DataFrame: ...
def datetimes_to_durations(start_times: Any, end_times: Any, fill_date: Any = ...,
                           freq: str = ..., dayfirst: bool = ..., na_values: Any = ...,
                           format: str | None = ...) -> tuple[np.ndarray, np.ndarray]: ...
