from typing import Any, Literal, Mapping, overload

from ._types import ArrayLike, Array, Date

__all__ = ["feedback_scores", "rank_by_feedback_score"]

@overload
def feedback_scores(customers: ArrayLike, days: Any, kinds: Any, values: ArrayLike,
                    as_of: Date, n_customers: int | None = ..., half_life: float = ...,
                    prior_weight: float = ..., prior_score: float = ...,
                    kind_weights: Mapping[str | int, float] | None = ...,
                    return_weights: Literal[False] = ...) -> Array: ...
@overload
def feedback_scores(customers: ArrayLike, days: Any, kinds: Any, values: ArrayLike,
                    as_of: Date, n_customers: int | None = ..., half_life: float = ...,
                    prior_weight: float = ..., prior_score: float = ...,
                    kind_weights: Mapping[str | int, float] | None = ...,
                    *, return_weights: Literal[True]) -> tuple[Array, Array]: ...
def rank_by_feedback_score(scores: ArrayLike) -> Array: ...
