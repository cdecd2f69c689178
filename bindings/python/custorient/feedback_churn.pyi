from typing import Any

from ._types import Date

__all__ = ["feedback_churn"]

def feedback_churn(store: Any, as_of: Date, covariates: Any = ...) -> Any: ...
