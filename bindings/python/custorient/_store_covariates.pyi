from typing import Any, Sequence

import pandas as pd

from ._types import ArrayLike, Date
from .text import Lexicon, Topics

__all__ = ["FEATURES", "covariates"]

FEATURES: tuple[str, ...]

def covariates(store: Any, as_of: Date, features: str | Sequence[str] | None = ...,
               customers: ArrayLike | None = ..., text_window: int = ...,
               rating_window: int = ..., contact_window: int = ...,
               detractor_cap: float = ..., lexicon: Lexicon | None = ...,
               topics: Topics | None = ..., standardize: bool = ...,
               drop_reference: bool = ..., drop_constant: bool = ...) -> pd.DataFrame: ...
