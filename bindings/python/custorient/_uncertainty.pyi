from typing import Any

class UncertaintyMixin:
    @property
    def variance_matrix_(self) -> Any: ...  # pandas.DataFrame
    @property
    def standard_errors_(self) -> Any: ...  # pandas.Series
    @property
    def confidence_intervals_(self) -> Any: ...  # pandas.DataFrame
    @property
    def summary(self) -> Any: ...  # pandas.DataFrame
    @property
    def aic_(self) -> float: ...
    @property
    def bic_(self) -> float: ...
