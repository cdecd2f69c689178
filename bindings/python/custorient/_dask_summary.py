"""custorient.dask.summary_data_from_transaction_data: the pandas summary per customer,
computed per partition after Dask's shuffle has put each customer in one partition."""

import pandas as pd

from ._transactions import summary_frame, _stamp


def _meta(customer_id_col, id_dtype, money):
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if money else [])
    return pd.DataFrame({c: pd.Series([], dtype="float64") for c in columns},
                        index=pd.Index([], dtype=id_dtype, name=customer_id_col))


def _end(transactions, datetime_col, datetime_format, observation_period_end):
    """The observation end as a Timestamp: given, or the last transaction (one pass)."""
    import dask.dataframe as dd  # pylint: disable=import-outside-toplevel
    if observation_period_end is not None:
        return _stamp(observation_period_end, datetime_format)
    column = transactions[datetime_col]
    if not pd.api.types.is_datetime64_any_dtype(column.dtype):
        column = dd.to_datetime(column, format=datetime_format)
    end = column.max().compute()
    return pd.Timestamp(0) if pd.isna(end) else pd.Timestamp(end)


def by_customer(frame, customer_id_col, npartitions=None):
    """`frame` with each customer's rows in one partition: Dask's shuffle on the
    customer column, or `frame` itself when it has one partition and one is asked for
    (the shuffle would only copy every row through serialisation)."""
    if frame.npartitions == 1 and npartitions in (None, 1):
        return frame
    return frame.shuffle(on=customer_id_col, npartitions=npartitions)


def _summarize_partition(part, customer_id_col, datetime_col, monetary_value_col,
                         datetime_format, end, freq, freq_multiplier, include_first):
    out = summary_frame(part, customer_id_col, datetime_col, monetary_value_col,
                        datetime_format, end, freq, freq_multiplier, include_first)
    return out.astype("float64")


def summary(transactions, customer_id_col, datetime_col, monetary_value_col=None,
            datetime_format=None, observation_period_end=None, freq="D", freq_multiplier=1,
            include_first_transaction=False, npartitions=None):
    """See custorient.dask.summary_data_from_transaction_data."""
    end = _end(transactions, datetime_col, datetime_format, observation_period_end)
    columns = [customer_id_col, datetime_col] + \
        ([monetary_value_col] if monetary_value_col is not None else [])
    shuffled = by_customer(transactions[columns], customer_id_col, npartitions)
    meta = _meta(customer_id_col, transactions[customer_id_col].dtype,
                 monetary_value_col is not None)
    return shuffled.map_partitions(
        _summarize_partition, customer_id_col, datetime_col, monetary_value_col,
        datetime_format, end, freq, freq_multiplier, include_first_transaction, meta=meta,
        align_dataframes=False)
