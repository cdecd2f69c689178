from typing import Any, Mapping, NamedTuple, Sequence

from ._types import ArrayLike, Array

__all__ = ["SEGMENTS", "DEFAULT_RULES", "RFMResult", "rfm_cuts", "rfm_score", "rfm_scores",
           "rfm_segments", "rfm_summary", "rfm"]

_Range = tuple[int, int]
_Rules = Mapping[str, tuple[_Range, _Range, _Range]]

SEGMENTS: tuple[str, ...]
DEFAULT_RULES: dict[str, tuple[_Range, _Range, _Range]]

class RFMResult(NamedTuple):
    recency_score: Array
    frequency_score: Array
    monetary_score: Array
    rfm_score: list[int]
    segment: list[str]

def rfm_cuts(values: ArrayLike, bins: int = ..., offset: float = ...) -> Array: ...
def rfm_score(values: ArrayLike, cuts: ArrayLike, reverse: bool = ...) -> Array: ...
def rfm_scores(recency: ArrayLike, frequency: ArrayLike, monetary: ArrayLike,
               bins: int | Sequence[int] = ..., offset: float = ...,
               recency_cuts: ArrayLike | None = ..., frequency_cuts: ArrayLike | None = ...,
               monetary_cuts: ArrayLike | None = ...) -> tuple[Array, Array, Array]: ...
def rfm_segments(recency_score: ArrayLike, frequency_score: ArrayLike,
                 monetary_score: ArrayLike, rules: _Rules | None = ...,
                 codes: bool = ...) -> Any: ...  # list of names, or an int32 array of codes
def rfm_summary(segments: Sequence[str], frequency: ArrayLike,
                monetary: ArrayLike) -> dict[str, dict[str, float]]: ...
def rfm(recency: ArrayLike, frequency: ArrayLike, monetary: ArrayLike,
        bins: int | Sequence[int] = ..., offset: float = ...,
        rules: _Rules | None = ..., **cuts: ArrayLike | None) -> RFMResult: ...
