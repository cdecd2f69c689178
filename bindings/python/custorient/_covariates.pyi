from typing import Any, Sequence, TypeVar

import pandas as pd

from ._types import Array, ArrayLike, Mirrored, StrPath

_C = TypeVar("_C", bound="CovariateMixin")

# One row per customer: a DataFrame (its columns name the coefficients) or a 2-D array.
_Covariates = Any
_Key = tuple[str, str]  # (process, covariate)

class CoefficientsMixin:
    @property
    def coefficients_(self) -> pd.DataFrame: ...

class CovariateMixin(CoefficientsMixin):
    def fit(self: _C, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, *args: Any,
            purchase_covariates: _Covariates | None = ...,
            dropout_covariates: _Covariates | None = ...,
            equal_coefficients: Sequence[tuple[_Key, _Key]] | None = ...,
            **kwargs: Any) -> _C: ...
    @property
    def coefficients_(self) -> pd.DataFrame: ...
    def conditional_probability_alive(self, frequency: ArrayLike, recency: ArrayLike,
                                      T: ArrayLike, *args: Any,
                                      purchase_covariates: _Covariates | None = ...,
                                      dropout_covariates: _Covariates | None = ...,
                                      **kwargs: Any) -> Mirrored: ...
    def conditional_expected_number_of_purchases_up_to_time(
            self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
            *args: Any, purchase_covariates: _Covariates | None = ...,
            dropout_covariates: _Covariates | None = ..., **kwargs: Any) -> Mirrored: ...
    def conditional_probability_alive_band(
            self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, draws: int = ...,
            level: float = ..., seed: int = ..., threads: int = ...,
            purchase_covariates: _Covariates | None = ...,
            dropout_covariates: _Covariates | None = ...) -> tuple[Array, Array]: ...
    def conditional_expected_number_of_purchases_up_to_time_band(
            self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
            draws: int = ..., level: float = ..., seed: int = ..., threads: int = ...,
            purchase_covariates: _Covariates | None = ...,
            dropout_covariates: _Covariates | None = ...) -> tuple[Array, Array]: ...
    def predict(self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
                *args: Any, purchase_covariates: _Covariates | None = ...,
                dropout_covariates: _Covariates | None = ..., **kwargs: Any) -> Mirrored: ...
    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
                       *args: Any, purchase_covariates: _Covariates | None = ...,
                       dropout_covariates: _Covariates | None = ...,
                       **kwargs: Any) -> float: ...
