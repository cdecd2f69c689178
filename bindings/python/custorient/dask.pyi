from typing import Any, Hashable, Sequence, TypeVar

import dask.dataframe as dd
from dask.distributed import Client

__all__ = ["summary_data_from_transaction_data", "fit_partitioned", "report", "read_data",
           "main"]

_F = TypeVar("_F")

def summary_data_from_transaction_data(
        transactions: dd.DataFrame, customer_id_col: Hashable, datetime_col: Hashable,
        monetary_value_col: Hashable | None = ..., datetime_format: str | None = ...,
        observation_period_end: Any = ..., freq: str = ..., freq_multiplier: float = ...,
        include_first_transaction: bool = ..., npartitions: int | None = ...) -> dd.DataFrame: ...
def fit_partitioned(fitter: _F, *columns: dd.Series, weights: dd.Series | None = ...,
                    client: Client | None = ..., **options: Any) -> _F: ...
def report(client: Client | None, transactions: dd.DataFrame, feedback: dd.DataFrame | None = ...,
           as_of: Any = ..., customer_id_col: Hashable = ..., datetime_col: Hashable = ...,
           monetary_value_col: Hashable = ...) -> dict[str, Any]: ...
def read_data(directory: str, blocksize: str | int = ...
              ) -> tuple[dd.DataFrame, dd.DataFrame | None]: ...
def main(argv: Sequence[str] | None = ...) -> int: ...
