from typing import NamedTuple

from ._types import ArrayLike, Array

__all__ = ["RatingSummary", "csat", "ces", "normalize_scale"]

class RatingSummary(NamedTuple):
    score: float
    n: int
    in_box: int
    share_interval: tuple[float, float]
    mean: float
    sd: float
    mean_interval: tuple[float, float]

def csat(ratings: ArrayLike, scale: tuple[int, int] | None = ...,
         box: tuple[int, int] | None = ..., level: float = ...) -> RatingSummary: ...
def ces(ratings: ArrayLike, scale: tuple[int, int] | None = ...,
        box: tuple[int, int] | None = ..., level: float = ...) -> RatingSummary: ...
def normalize_scale(values: ArrayLike, low: float, high: float) -> Array: ...
