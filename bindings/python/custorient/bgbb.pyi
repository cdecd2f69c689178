from typing import Any, Sequence, TypeVar

from ._types import ArrayLike, Array, Mirrored
from .btyd import _Fitter

__all__ = ["BetaGeoBetaBinomFitter"]

_B = TypeVar("_B", bound="BetaGeoBetaBinomFitter")

# Histories over discrete opportunities: frequency and recency in opportunities,
# n_periods the opportunities each customer had.
class BetaGeoBetaBinomFitter(_Fitter):
    def fit(self: _B, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike,
            weights: ArrayLike | None = ..., initial_params: Sequence[float] | None = ...,
            verbose: bool = ..., tol: float = ..., index: Any = ..., maxiter: int | None = ...,
            max_iter: int = ..., **kwargs: Any) -> _B: ...
    def conditional_probability_alive(self, m_periods_in_future: ArrayLike,
                                      frequency: ArrayLike, recency: ArrayLike,
                                      n_periods: ArrayLike) -> Mirrored: ...
    def conditional_expected_number_of_purchases_up_to_time(
            self, m_periods_in_future: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
            n_periods: ArrayLike) -> Mirrored: ...
    def conditional_probability_alive_band(
            self, m_periods_in_future: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
            n_periods: ArrayLike, draws: int = ..., level: float = ..., seed: int = ...,
            threads: int = ...) -> tuple[Array, Array]: ...
    def conditional_expected_number_of_purchases_up_to_time_band(
            self, m_periods_in_future: ArrayLike, frequency: ArrayLike, recency: ArrayLike,
            n_periods: ArrayLike, draws: int = ..., level: float = ..., seed: int = ...,
            threads: int = ...) -> tuple[Array, Array]: ...
    def expected_number_of_purchases_up_to_time(self, n_periods: ArrayLike) -> Mirrored: ...
    def probability_of_n_purchases_up_to_time(self, n_periods: ArrayLike,
                                              n: ArrayLike) -> Mirrored: ...
    def expected_number_of_transactions_in_first_n_periods(self, n: int) -> Any: ...
    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike,
                       n_periods: ArrayLike) -> float: ...
    def simulate(self, n_periods: ArrayLike, seed: int = ...) -> tuple[Array, Array]: ...
    def generate_new_data(self, size: int = ..., seed: int | None = ...) -> Any: ...  # DataFrame
