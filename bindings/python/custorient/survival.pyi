from typing import Any, Sequence, TypeVar

from ._types import ArrayLike, Array, Date, Mirrored
from .kaplan_meier import KaplanMeierFitter as KaplanMeierFitter
from ._covariates import CoefficientsMixin
from ._model_file import SavableModel
from ._uncertainty import UncertaintyMixin

__all__ = ["KaplanMeierFitter", "ShiftedBetaGeoFitter", "retention_rate", "cohort_retention",
           "CohortMatrix", "at_risk_ranking", "at_risk_backtest"]

_S = TypeVar("_S", bound="ShiftedBetaGeoFitter")

class ShiftedBetaGeoFitter(CoefficientsMixin, UncertaintyMixin, SavableModel):
    params_: dict[str, float] | None
    log_likelihood_: float | None
    iterations_: int | None
    penalizer_coef: float
    def __init__(self, penalizer_coef: float = ...) -> None: ...
    def fit(self: _S, survivors: ArrayLike | Sequence[ArrayLike], max_iterations: int = ...,
            tolerance: float | None = ..., covariates: Any = ...,
            equal_coefficients: Sequence[tuple[tuple[str, str], tuple[str, str]]] | None = ...
            ) -> _S: ...
    def fit_customers(self: _S, periods: ArrayLike, churned: ArrayLike, covariates: Any = ...,
                      weights: ArrayLike | None = ..., max_iterations: int = ...,
                      tolerance: float = ...,
                      equal_coefficients: Sequence[tuple[tuple[str, str], tuple[str, str]]]
                      | None = ...) -> _S: ...
    @classmethod
    def from_params(cls: type[_S], alpha: float, beta: float) -> _S: ...
    def log_likelihood(self, survivors: ArrayLike | Sequence[ArrayLike],
                       covariates: Any = ...) -> float: ...
    def survival_function(self, t: ArrayLike, covariates: Any = ...) -> Mirrored: ...
    def retention_rate(self, t: ArrayLike, covariates: Any = ...) -> Mirrored: ...
    def discounted_expected_residual_lifetime(self, discount_rate: float,
                                              renewals: ArrayLike = ...,
                                              covariates: Any = ...) -> Mirrored: ...

class CohortMatrix:
    months: list[str]
    sizes: Array
    active: Any  # numpy 2-D array, or a list of rows without numpy
    rates: Any
    def __init__(self, months: list[str], sizes: Array, active: Any, rates: Any) -> None: ...

def retention_rate(first_day: Any, order_customer: ArrayLike, order_day: Any, start: Date,
                   period_days: int) -> dict[str, float]: ...
def cohort_retention(first_day: Any, order_customer: ArrayLike, order_day: Any,
                     as_of: Date) -> CohortMatrix: ...
def at_risk_ranking(p_alive: ArrayLike, value: ArrayLike, top_n: int = ...,
                    days_since_detractor: ArrayLike | None = ...,
                    open_contacts: ArrayLike | None = ...) -> dict[str, Array]: ...
def at_risk_backtest(ranked_customers: ArrayLike, listed: ArrayLike, order_customer: ArrayLike,
                     order_day: Any, start: Date, days: int = ...) -> dict[str, float]: ...
