from typing import Any, Callable, Sequence, TypeVar

from ._types import ArrayLike, Array, Mirrored
from ._covariates import CoefficientsMixin, CovariateMixin
from ._model_file import SavableModel
from ._uncertainty import UncertaintyMixin
from .btyd_rows import BTYDRows, RowsTotals

__all__ = ["BetaGeoFitter", "ParetoNBDFitter", "GammaGammaFitter"]

_F = TypeVar("_F", bound="_Fitter")
_P = TypeVar("_P", bound="_PurchaseFitter")
_G = TypeVar("_G", bound="GammaGammaFitter")

class _Fitter(UncertaintyMixin, SavableModel):
    penalizer_coef: float
    data: Any  # the fitted data, a pandas DataFrame; None before fit()
    params_: Any  # a pandas Series (a dict without pandas); None before fit()
    log_likelihood_: float | None
    fit_info_: dict[str, Any] | None
    def __init__(self, penalizer_coef: float = ...) -> None: ...
    @classmethod
    def from_params(cls: type[_F], **params: float) -> _F: ...
    def fit_rows(self: _F, rows: BTYDRows, initial_params: Sequence[float] | None = ...,
                 verbose: bool = ..., tol: float = ..., maxiter: int | None = ...,
                 max_iter: int = ..., threads: int = ...) -> _F: ...
    def fit_distributed(
            self: _F, totals: RowsTotals,
            loglik_sum: Callable[[tuple[float, ...]], tuple[float, Sequence[float]]],
            initial_params: Sequence[float] | None = ..., verbose: bool = ...,
            tol: float = ..., maxiter: int | None = ..., max_iter: int = ...) -> _F: ...

class _PurchaseFitter(_Fitter):
    def fit(self: _P, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
            weights: ArrayLike | None = ..., initial_params: Sequence[float] | None = ...,
            verbose: bool = ..., tol: float = ..., index: Any = ..., maxiter: int | None = ...,
            max_iter: int = ..., threads: int = ..., **kwargs: Any) -> _P: ...
    def conditional_probability_alive(self, frequency: ArrayLike, recency: ArrayLike,
                                      T: ArrayLike) -> Mirrored: ...
    def conditional_probability_alive_band(
            self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, draws: int = ...,
            level: float = ..., seed: int = ..., threads: int = ...) -> tuple[Array, Array]: ...
    def conditional_expected_number_of_purchases_up_to_time_band(
            self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
            draws: int = ..., level: float = ..., seed: int = ...,
            threads: int = ...) -> tuple[Array, Array]: ...
    def expected_number_of_purchases_up_to_time(self, t: ArrayLike) -> Mirrored: ...
    def conditional_expected_number_of_purchases_up_to_time(
            self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
            T: ArrayLike) -> Mirrored: ...
    def predict(self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
                T: ArrayLike) -> Mirrored: ...
    def probability_of_n_purchases_up_to_time(self, t: ArrayLike, n: ArrayLike) -> Mirrored: ...
    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> float: ...
    def simulate(self, T: ArrayLike, seed: int = ...) -> tuple[Array, Array]: ...
    def generate_new_data(self, size: int = ..., seed: int | None = ...) -> Any: ...  # DataFrame
    def conditional_probability_alive_matrix(self, max_frequency: int | None = ...,
                                             max_recency: int | None = ...) -> Any: ...  # 2-D

# CovariateMixin's methods take the plain model's arguments through *args/**kwargs.
class BetaGeoFitter(CovariateMixin, _PurchaseFitter): ...  # type: ignore[misc]

class ParetoNBDFitter(CovariateMixin, _PurchaseFitter):  # type: ignore[misc]
    # lifetimes' argument order: iterative_fitting comes fifth, unlike the other fitters
    def fit(  # type: ignore[override]
            self: _P, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike,
            weights: ArrayLike | None = ..., iterative_fitting: int = ...,
            initial_params: Sequence[float] | None = ..., verbose: bool = ..., tol: float = ...,
            index: Any = ..., fit_method: str = ..., maxiter: int | None = ...,
            max_iter: int = ..., **kwargs: Any) -> _P: ...
    def conditional_probability_of_n_purchases_up_to_time(
            self, n: ArrayLike, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
            T: ArrayLike) -> Array: ...

class GammaGammaFitter(CoefficientsMixin, _Fitter):
    def fit(self: _G, frequency: ArrayLike, monetary_value: ArrayLike,
            weights: ArrayLike | None = ..., initial_params: Sequence[float] | None = ...,
            verbose: bool = ..., tol: float = ..., index: Any = ..., q_constraint: bool = ...,
            maxiter: int | None = ..., max_iter: int = ..., spend_covariates: Any = ...,
            equal_coefficients: Sequence[tuple[tuple[str, str], tuple[str, str]]] | None = ...,
            **kwargs: Any) -> _G: ...
    def fit_rows(  # type: ignore[override]
            self: _G, rows: BTYDRows, initial_params: Sequence[float] | None = ...,
            verbose: bool = ..., tol: float = ..., maxiter: int | None = ...,
            max_iter: int = ..., threads: int = ..., q_constraint: bool = ...) -> _G: ...
    def fit_distributed(  # type: ignore[override]
            self: _G, totals: RowsTotals,
            loglik_sum: Callable[[tuple[float, ...]], tuple[float, Sequence[float]]],
            initial_params: Sequence[float] | None = ..., verbose: bool = ...,
            tol: float = ..., maxiter: int | None = ..., max_iter: int = ...,
            q_constraint: bool = ...) -> _G: ...
    def conditional_expected_average_profit(self, frequency: ArrayLike | None = ...,
                                            monetary_value: ArrayLike | None = ...,
                                            spend_covariates: Any = ...) -> Mirrored: ...
    def customer_lifetime_value(
            self, transaction_prediction_model: _PurchaseFitter, frequency: ArrayLike,
            recency: ArrayLike, T: ArrayLike, monetary_value: ArrayLike, time: float = ...,
            discount_rate: float = ..., freq: str = ..., purchase_covariates: Any = ...,
            dropout_covariates: Any = ..., spend_covariates: Any = ...) -> Any: ...
    def customer_lifetime_value_band(
            self, transaction_prediction_model: _PurchaseFitter, frequency: ArrayLike,
            recency: ArrayLike, T: ArrayLike, monetary_value: ArrayLike, time: float = ...,
            discount_rate: float = ..., freq: str = ..., draws: int = ..., level: float = ...,
            seed: int = ..., threads: int = ..., purchase_covariates: Any = ...,
            dropout_covariates: Any = ..., spend_covariates: Any = ...) -> tuple[Array, Array]: ...
