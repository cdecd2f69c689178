from typing import Any, Hashable

import pandas as pd
from matplotlib.axes import Axes

__all__ = ["plot_period_transactions", "plot_calibration_purchases_vs_holdout_purchases",
           "plot_frequency_recency_matrix", "plot_probability_alive_matrix",
           "plot_expected_repeat_purchases", "plot_history_alive",
           "plot_cumulative_transactions", "plot_incremental_transactions",
           "plot_transaction_rate_heterogeneity", "plot_dropout_rate_heterogeneity"]

# `model` is a fitted purchase model (the fitters each plot's docstring names); every
# function returns the Axes it drew on: `ax`, else the current one.

def plot_period_transactions(model: Any, max_frequency: int = ..., title: str = ...,
                             xlabel: str = ..., ylabel: str = ..., ax: Axes | None = ...,
                             **kwargs: Any) -> Axes: ...
def plot_calibration_purchases_vs_holdout_purchases(
        model: Any, calibration_holdout_matrix: pd.DataFrame, kind: str = ..., n: int = ...,
        ax: Axes | None = ..., title: str | None = ..., xlabel: str | None = ...,
        ylabel: str | None = ..., **kwargs: Any) -> Axes: ...
def plot_frequency_recency_matrix(model: Any, T: float = ..., max_frequency: int | None = ...,
                                  max_recency: int | None = ..., title: str | None = ...,
                                  xlabel: str = ..., ylabel: str = ..., ax: Axes | None = ...,
                                  **kwargs: Any) -> Axes: ...
def plot_probability_alive_matrix(model: Any, max_frequency: int | None = ...,
                                  max_recency: int | None = ..., title: str = ...,
                                  xlabel: str = ..., ylabel: str = ..., ax: Axes | None = ...,
                                  **kwargs: Any) -> Axes: ...
def plot_expected_repeat_purchases(model: Any, title: str = ..., xlabel: str = ...,
                                   ax: Axes | None = ..., label: str | None = ...,
                                   **kwargs: Any) -> Axes: ...
def plot_history_alive(model: Any, t: int, transactions: pd.DataFrame, datetime_col: Hashable,
                       freq: str = ..., start_date: Any = ..., ax: Axes | None = ...,
                       **kwargs: Any) -> Axes: ...
def plot_cumulative_transactions(
        model: Any, transactions: pd.DataFrame, datetime_col: Hashable,
        customer_id_col: Hashable, t: int, t_cal: int, datetime_format: str | None = ...,
        freq: str = ..., set_index_date: bool = ..., title: str = ..., xlabel: str = ...,
        ylabel: str = ..., ax: Axes | None = ..., freq_multiplier: float = ...,
        **kwargs: Any) -> Axes: ...
def plot_incremental_transactions(
        model: Any, transactions: pd.DataFrame, datetime_col: Hashable,
        customer_id_col: Hashable, t: int, t_cal: int, datetime_format: str | None = ...,
        freq: str = ..., set_index_date: bool = ..., title: str = ..., xlabel: str = ...,
        ylabel: str = ..., ax: Axes | None = ..., freq_multiplier: float = ...,
        **kwargs: Any) -> Axes: ...
def plot_transaction_rate_heterogeneity(model: Any, suptitle: str = ..., xlabel: str = ...,
                                        ylabel: str = ..., suptitle_fontsize: float = ...,
                                        ax: Axes | None = ..., **kwargs: Any) -> Axes: ...
def plot_dropout_rate_heterogeneity(model: Any, suptitle: str | None = ...,
                                    xlabel: str | None = ..., ylabel: str = ...,
                                    suptitle_fontsize: float = ..., ax: Axes | None = ...,
                                    **kwargs: Any) -> Axes: ...
